package main

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The Kubernetes objects of docs/k8s/, as far as the manifests use them.
// They are decoded strictly (yaml KnownFields): a misspelt or misplaced
// field is an error here, not a field the cluster ignores.
type (
	k8sMeta struct {
		Name         string `yaml:"name"`
		GenerateName string `yaml:"generateName"`
	}
	k8sCronJob struct {
		APIVersion string  `yaml:"apiVersion"`
		Kind       string  `yaml:"kind"`
		Metadata   k8sMeta `yaml:"metadata"`
		Spec       struct {
			Schedule                   string `yaml:"schedule"`
			TimeZone                   string `yaml:"timeZone"`
			ConcurrencyPolicy          string `yaml:"concurrencyPolicy"`
			StartingDeadlineSeconds    *int   `yaml:"startingDeadlineSeconds"`
			SuccessfulJobsHistoryLimit *int   `yaml:"successfulJobsHistoryLimit"`
			FailedJobsHistoryLimit     *int   `yaml:"failedJobsHistoryLimit"`
			JobTemplate                struct {
				Spec k8sJobSpec `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	k8sJob struct {
		APIVersion string     `yaml:"apiVersion"`
		Kind       string     `yaml:"kind"`
		Metadata   k8sMeta    `yaml:"metadata"`
		Spec       k8sJobSpec `yaml:"spec"`
	}
	k8sJobSpec struct {
		CompletionMode        string `yaml:"completionMode"`
		Completions           *int   `yaml:"completions"`
		Parallelism           *int   `yaml:"parallelism"`
		BackoffLimit          *int   `yaml:"backoffLimit"`
		BackoffLimitPerIndex  *int   `yaml:"backoffLimitPerIndex"`
		ActiveDeadlineSeconds *int   `yaml:"activeDeadlineSeconds"`
		PodFailurePolicy      *struct {
			Rules []struct {
				Action          string `yaml:"action"`
				OnPodConditions []struct {
					Type string `yaml:"type"`
				} `yaml:"onPodConditions"`
			} `yaml:"rules"`
		} `yaml:"podFailurePolicy"`
		Template struct {
			Spec k8sPodSpec `yaml:"spec"`
		} `yaml:"template"`
	}
	k8sPodSpec struct {
		RestartPolicy   string `yaml:"restartPolicy"`
		SecurityContext struct {
			RunAsNonRoot   bool `yaml:"runAsNonRoot"`
			RunAsUser      int  `yaml:"runAsUser"`
			RunAsGroup     int  `yaml:"runAsGroup"`
			FSGroup        int  `yaml:"fsGroup"`
			SeccompProfile struct {
				Type string `yaml:"type"`
			} `yaml:"seccompProfile"`
		} `yaml:"securityContext"`
		InitContainers []k8sContainer `yaml:"initContainers"`
		Containers     []k8sContainer `yaml:"containers"`
		Volumes        []struct {
			Name                  string `yaml:"name"`
			PersistentVolumeClaim *struct {
				ClaimName string `yaml:"claimName"`
				ReadOnly  bool   `yaml:"readOnly"`
			} `yaml:"persistentVolumeClaim"`
			EmptyDir *struct {
				SizeLimit string `yaml:"sizeLimit"`
			} `yaml:"emptyDir"`
		} `yaml:"volumes"`
	}
	k8sContainer struct {
		Name    string   `yaml:"name"`
		Image   string   `yaml:"image"`
		Command []string `yaml:"command"`
		Args    []string `yaml:"args"`
		Env     []struct {
			Name      string `yaml:"name"`
			Value     string `yaml:"value"`
			ValueFrom *struct {
				FieldRef struct {
					FieldPath string `yaml:"fieldPath"`
				} `yaml:"fieldRef"`
			} `yaml:"valueFrom"`
		} `yaml:"env"`
		Resources struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
		SecurityContext struct {
			AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
			ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
			Capabilities             struct {
				Drop []string `yaml:"drop"`
			} `yaml:"capabilities"`
		} `yaml:"securityContext"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
)

// decodeStrict decodes the one YAML document of path into v, refusing
// unknown fields.
func decodeStrict(tb testing.TB, path string, v any) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if err := dec.Decode(new(any)); err != io.EOF {
		tb.Fatalf("%s: more than one document (%v)", path, err)
	}
}

// fromFile returns the first match of re's group 1 in path, the single
// source of a value the manifests must agree with.
func fromFile(tb testing.TB, path, re string) string {
	tb.Helper()
	m := regexp.MustCompile(re).FindSubmatch(readFile(tb, path))
	if m == nil {
		tb.Fatalf("%s has no %s", path, re)
	}
	return string(m[1])
}

// quantity reads a Kubernetes memory quantity (2Gi, 2560Mi) or a GOMEMLIMIT
// (1800MiB) as bytes.
func quantity(tb testing.TB, s string) int64 {
	tb.Helper()
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"Gi", 1 << 30}, {"Mi", 1 << 20}, {"Ki", 1 << 10}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			if err != nil {
				tb.Fatalf("quantity %q: %v", s, err)
			}
			return v * u.mul
		}
	}
	tb.Fatalf("quantity %q: no binary unit", s)
	return 0
}

// checkContainer checks what every container of the manifests must hold:
// the image make image builds, run by its entrypoint; flags that the real
// command line has; limits above GOMEMLIMIT; no privileges; a /tmp to
// write to under a read-only root; mounts of declared volumes; $(VAR)
// references to declared variables only.
func checkContainer(t *testing.T, pod k8sPodSpec, c k8sContainer) {
	t.Helper()
	image := fromFile(t, "../../Makefile", `(?m)^IMAGE\s*\?=\s*(\S+)`)
	if !strings.HasPrefix(c.Image, image+":") && !strings.HasPrefix(c.Image, image+"@sha256:") {
		t.Errorf("%s: image %q is not make image's %s:TAG", c.Name, c.Image, image)
	}
	entrypoint := fromFile(t, "../../tools/image/main.go", `const BinaryPath = "([^"]+)"`)
	if c.Command != nil && !slices.Equal(c.Command, []string{entrypoint}) {
		t.Errorf("%s: command %q: leave it out (the image runs %s) or name that", c.Name, c.Command, entrypoint)
	}
	user := fromFile(t, "../../tools/image/main.go", `const User = "(\d+):`)
	if strconv.Itoa(pod.SecurityContext.RunAsUser) != user || !pod.SecurityContext.RunAsNonRoot {
		t.Errorf("%s: runs as %d, want the image's user %s and runAsNonRoot", c.Name, pod.SecurityContext.RunAsUser, user)
	}
	if len(c.Args) == 0 {
		t.Fatalf("%s: no args", c.Name)
	}
	// Every flag exists on the verb of the real command line.
	app := newApp(io.Discard, io.Discard)
	verb := app.Command(c.Args[0])
	if verb == nil {
		t.Fatalf("%s: syncaudit has no verb %q", c.Name, c.Args[0])
	}
	known := map[string]bool{}
	for _, f := range verb.Flags {
		for _, n := range f.Names() {
			known[n] = true
		}
	}
	_, help, _ := runCLI(t, c.Args[0], "--help")
	for _, a := range c.Args[1:] {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "--") || !known[name] {
			t.Errorf("%s: syncaudit %s has no flag %q (write flags as --name=value)", c.Name, c.Args[0], a)
		}
		if !regexp.MustCompile(`(?m)^\s+(-\w, )?--` + regexp.QuoteMeta(name) + `[ ,]`).MatchString(help) {
			t.Errorf("%s: syncaudit %s --help does not show --%s", c.Name, c.Args[0], name)
		}
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	for _, a := range c.Args {
		for _, m := range regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`).FindAllStringSubmatch(a, -1) {
			if _, ok := env[m[1]]; !ok {
				t.Errorf("%s: %q refers to $(%s), which the container does not declare: Kubernetes would pass it on literally", c.Name, a, m[1])
			}
		}
	}
	if lim, ok := env["GOMEMLIMIT"]; ok && quantity(t, lim) >= quantity(t, c.Resources.Limits["memory"]) {
		t.Errorf("%s: GOMEMLIMIT %s is not under the memory limit %s", c.Name, lim, c.Resources.Limits["memory"])
	}
	if req := c.Resources.Requests["memory"]; req == "" || quantity(t, req) > quantity(t, c.Resources.Limits["memory"]) {
		t.Errorf("%s: memory request %q missing or above the limit %q", c.Name, req, c.Resources.Limits["memory"])
	}
	if p, ok := env["GOMAXPROCS"]; ok && p != c.Resources.Requests["cpu"] {
		t.Errorf("%s: GOMAXPROCS %s, CPU request %s: keep them equal (the CPUs check --snapshots shares)", c.Name, p, c.Resources.Requests["cpu"])
	}
	sc := c.SecurityContext
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || !sc.ReadOnlyRootFilesystem || !slices.Equal(sc.Capabilities.Drop, []string{"ALL"}) {
		t.Errorf("%s: securityContext %+v: want no privilege escalation, a read-only root, every capability dropped", c.Name, sc)
	}
	volumes := map[string]bool{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v.EmptyDir != nil
	}
	tmp := false
	for _, m := range c.VolumeMounts {
		emptyDir, ok := volumes[m.Name]
		if !ok {
			t.Errorf("%s: mounts %q, which the pod does not declare", c.Name, m.Name)
		}
		tmp = tmp || m.MountPath == "/tmp" && emptyDir
	}
	if !tmp {
		t.Errorf("%s: no emptyDir at /tmp: under a read-only root, a large workbook has nowhere to spill", c.Name)
	}
}

// runContainer runs one container the way the kubelet would start it, here: the
// manifest's environment (fieldRefs answered from fields), $(VAR) expanded,
// and mount paths in the arguments mapped to local folders.
func runContainer(t *testing.T, c k8sContainer, fields map[string]string, mounts map[string]string) (int, string) {
	t.Helper()
	env := map[string]string{}
	for _, e := range c.Env {
		v := e.Value
		if e.ValueFrom != nil {
			var ok bool
			if v, ok = fields[e.ValueFrom.FieldRef.FieldPath]; !ok {
				t.Fatalf("%s: env %s: no value for fieldRef %q", c.Name, e.Name, e.ValueFrom.FieldRef.FieldPath)
			}
		}
		env[e.Name] = v
		t.Setenv(e.Name, v)
	}
	// Longer mount paths first, so /reports/x is not taken for /reports.
	paths := slices.Collect(maps.Keys(mounts))
	slices.SortFunc(paths, func(a, b string) int { return len(b) - len(a) })
	args := []string{"syncaudit"}
	for _, a := range c.Args {
		a = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`).ReplaceAllStringFunc(a, func(ref string) string {
			return env[ref[2:len(ref)-1]]
		})
		name, value, hasValue := strings.Cut(a, "=")
		for _, p := range paths {
			if value == p || strings.HasPrefix(value, p+"/") {
				value = mounts[p] + strings.TrimPrefix(value, p)
				break
			}
		}
		if hasValue {
			a = name + "=" + value
		}
		args = append(args, a)
	}
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr)
	return code, stderr.String()
}

// treeState lists every file under dir with its size and time, to show a
// read-only volume was not written.
func treeState(tb testing.TB, dir string) string {
	tb.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(path + " " + strconv.FormatInt(info.Size(), 10) + " " + info.ModTime().String() + "\n")
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// TestK8sManifests reads docs/k8s/, checks the objects are what the README
// says (a CronJob in a time zone, Forbid, history limits, around an
// Indexed Job whose shards match its completions; a rerun Job), then runs
// them: the nightly Job's container for every completion index, as the Job
// controller and the kubelet would (a failed index retried), over a
// snapshot root of eight tenants (the samples, generated ones, one broken); the last shard's
// index.json is compared, byte for byte, with one check --snapshots over
// the same root. Then the broken tenant is repaired and the rerun Job's two
// containers run, and the run's index equals check --snapshots again.
func TestK8sManifests(t *testing.T) {
	var cron k8sCronJob
	decodeStrict(t, "../../docs/k8s/cronjob.yaml", &cron)
	s := cron.Spec
	jobSpec := s.JobTemplate.Spec
	checks := []struct {
		what string
		ok   bool
	}{
		{"apiVersion batch/v1, kind CronJob", cron.APIVersion == "batch/v1" && cron.Kind == "CronJob"},
		{"a schedule of five fields", regexp.MustCompile(`^[0-9*/,-]+( [0-9*/,-]+){4}$`).MatchString(s.Schedule)},
		{"concurrencyPolicy Forbid", s.ConcurrencyPolicy == "Forbid"},
		{"history limits", s.SuccessfulJobsHistoryLimit != nil && *s.SuccessfulJobsHistoryLimit > 0 && s.FailedJobsHistoryLimit != nil && *s.FailedJobsHistoryLimit > 0},
		{"a starting deadline", s.StartingDeadlineSeconds != nil && *s.StartingDeadlineSeconds > 0},
		{"completionMode Indexed", jobSpec.CompletionMode == "Indexed"},
		{"completions ≥ 1", jobSpec.Completions != nil && *jobSpec.Completions >= 1},
		{"1 ≤ parallelism ≤ completions", jobSpec.Parallelism != nil && *jobSpec.Parallelism >= 1 && jobSpec.Completions != nil && *jobSpec.Parallelism <= *jobSpec.Completions},
		{"backoffLimitPerIndex", jobSpec.BackoffLimitPerIndex != nil && *jobSpec.BackoffLimitPerIndex >= 0},
		{"no backoffLimit beside backoffLimitPerIndex", jobSpec.BackoffLimit == nil},
		{"restartPolicy Never (backoffLimitPerIndex needs it)", jobSpec.Template.Spec.RestartPolicy == "Never"},
		{"an active deadline", jobSpec.ActiveDeadlineSeconds != nil},
		{"one container", len(jobSpec.Template.Spec.Containers) == 1 && len(jobSpec.Template.Spec.InitContainers) == 0},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("cronjob.yaml: want %s", c.what)
		}
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		t.Errorf("cronjob.yaml: timeZone %q: %v", s.TimeZone, err)
	}
	if t.Failed() {
		t.FailNow()
	}
	pod := jobSpec.Template.Spec
	check := pod.Containers[0]
	checkContainer(t, pod, check)
	tz := ""
	for _, e := range check.Env {
		if e.Name == "TZ" {
			tz = e.Value
		}
	}
	if tz != s.TimeZone {
		t.Errorf("TZ %q differs from the CronJob's timeZone %q: the run date would not be the schedule's day", tz, s.TimeZone)
	}
	if check.Args[0] != "check" || !slices.Contains(check.Args, "--shard-from-env=JOB_COMPLETION_INDEX/"+strconv.Itoa(*jobSpec.Completions)) {
		t.Errorf("args %q: want check ... --shard-from-env=JOB_COMPLETION_INDEX/%d (one shard per completion index)", check.Args, *jobSpec.Completions)
	}

	var rerun k8sJob
	decodeStrict(t, "../../docs/k8s/rerun-job.yaml", &rerun)
	rpod := rerun.Spec.Template.Spec
	if rerun.APIVersion != "batch/v1" || rerun.Kind != "Job" || rpod.RestartPolicy != "Never" || len(rpod.InitContainers) != 1 || len(rpod.Containers) != 1 {
		t.Fatalf("rerun-job.yaml: want a batch/v1 Job, restartPolicy Never, one init container and one container")
	}
	checkContainer(t, rpod, rpod.InitContainers[0])
	checkContainer(t, rpod, rpod.Containers[0])
	if t.Failed() {
		t.FailNow()
	}

	// The volumes, as local folders.
	snaps := shardTree(t)
	reports, tmp := filepath.Join(t.TempDir(), "reports"), t.TempDir()
	mounts := map[string]string{"/snapshots": snaps, "/reports": reports, "/tmp": tmp}
	before := treeState(t, snaps)
	const jobName = "syncaudit-nightly-29412345"
	run := filepath.Join(reports, jobName)

	// The Job controller starts every index (here in reverse order: the
	// order must not matter) and retries a failed one backoffLimitPerIndex times.
	completions := *jobSpec.Completions
	for i := completions - 1; i >= 0; i-- {
		fields := map[string]string{
			"metadata.labels['batch.kubernetes.io/job-name']":                  jobName,
			"metadata.annotations['batch.kubernetes.io/job-completion-index']": strconv.Itoa(i),
		}
		t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i)) // set by the Job controller in Indexed mode
		want := 0
		if i == brokenPosition%completions {
			want = 2
		}
		for attempt := 0; attempt <= *jobSpec.BackoffLimitPerIndex; attempt++ {
			code, stderr := runContainer(t, check, fields, mounts)
			if code != want {
				t.Fatalf("index %d, attempt %d: exit %d, want %d: %s", i, attempt, code, want, stderr)
			}
			if code == 0 {
				break
			}
		}
	}
	if got := treeState(t, snaps); got != before {
		t.Errorf("the read-only snapshots volume was written to")
	}
	whole := filepath.Join(t.TempDir(), "whole")
	runCLI(t, "check", "--snapshots", snaps, "--out", whole, "--fail-on", "never")
	for _, f := range []string{"index.json", "index.xlsx", "alpha/report.json", "epsilon/actions.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(run, f)), readFile(t, filepath.Join(whole, f))) {
			t.Errorf("%s of the nightly Job differs from check --snapshots", f)
		}
	}

	// Repair gamma, and rerun it with the rerun Job into the night's folder.
	if code, _, stderr := runCLI(t, "gen", "--accounts", "120", "--seed", "5", "--force", "--out", filepath.Join(snaps, "gamma")); code != 0 {
		t.Fatalf("gen gamma: %s", stderr)
	}
	os.Unsetenv("JOB_COMPLETION_INDEX")
	env := func(c k8sContainer, name, value string) k8sContainer {
		c.Env = slices.Clone(c.Env)
		for i := range c.Env {
			if c.Env[i].Name == name {
				c.Env[i].Value = value
			}
		}
		return c
	}
	for _, c := range []k8sContainer{rpod.InitContainers[0], rpod.Containers[0]} {
		c = env(env(c, "RUN", jobName), "TENANT", "gamma")
		if code, stderr := runContainer(t, c, nil, mounts); code != 0 {
			t.Fatalf("rerun-job.yaml %s: exit %d: %s", c.Name, code, stderr)
		}
	}
	whole = filepath.Join(t.TempDir(), "whole")
	runCLI(t, "check", "--snapshots", snaps, "--out", whole, "--fail-on", "never")
	if got, want := readFile(t, filepath.Join(run, "index.json")), readFile(t, filepath.Join(whole, "index.json")); !bytes.Equal(got, want) {
		t.Errorf("index.json after the rerun differs from check --snapshots:\n%s\nwant:\n%s", got, want)
	}
}
