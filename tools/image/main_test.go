package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func fakeBinary(tb testing.TB, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "syncaudit")
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestBuildReadBack builds a one-platform image into a layout and a
// tarball, reads both back, and checks what a cluster runs: the entrypoint,
// the user, the files and their modes, the platform and the labels.
func TestBuildReadBack(t *testing.T) {
	dir := t.TempDir()
	created := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	o := Options{
		Ref: "registry.example/syncaudit:v1", Created: created,
		Binaries: map[string]string{"linux/amd64": fakeBinary(t, "ELF amd64")},
		Labels:   map[string]string{"org.opencontainers.image.version": "v1"},
		Layout:   filepath.Join(dir, "oci"), Tarball: filepath.Join(dir, "image.tar"),
	}
	digest, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(o)
	if err != nil || again != digest {
		t.Errorf("second build: %v, %v; want the same digest %v", again, err, digest)
	}
	p, err := layout.FromPath(o.Layout)
	if err != nil {
		t.Fatal(err)
	}
	ii, err := p.ImageIndex()
	if err != nil {
		t.Fatal(err)
	}
	im, err := ii.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 || im.Manifests[0].Digest != digest || im.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != "v1" {
		t.Fatalf("layout index: %+v, want one image %v tagged v1", im.Manifests, digest)
	}
	fromLayout, err := ii.Image(digest)
	if err != nil {
		t.Fatal(err)
	}
	fromTarball, err := tarball.ImageFromPath(o.Tarball, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, img := range map[string]v1.Image{"layout": fromLayout, "tarball": fromTarball} {
		t.Run(name, func(t *testing.T) {
			checkImage(t, img, "linux", "amd64", "ELF amd64", created)
			if name == "tarball" {
				return
			}
			if d, _ := img.Digest(); d != digest {
				t.Errorf("digest %v, want %v", d, digest)
			}
		})
	}
}

func checkImage(t *testing.T, img v1.Image, os, arch, binary string, created time.Time) {
	t.Helper()
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	checks := []struct {
		what      string
		got, want any
	}{
		{"entrypoint", c.Entrypoint, []string{"/usr/local/bin/syncaudit"}},
		{"user", c.User, "65532:65532"},
		{"env", c.Env, []string{"PATH=/usr/local/bin", "TMPDIR=/tmp"}},
		{"os", cf.OS, os},
		{"architecture", cf.Architecture, arch},
		{"created", cf.Created.Time.UTC(), created},
	}
	for _, ch := range checks {
		if !equal(ch.got, ch.want) {
			t.Errorf("%s: got %v, want %v", ch.what, ch.got, ch.want)
		}
	}
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("layers: %d, %v; want 1", len(layers), err)
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	files := map[string]*tar.Header{}
	var names []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name], names = h, append(names, h.Name)
		if h.Name == "usr/local/bin/syncaudit" {
			b, _ := io.ReadAll(tr)
			if string(b) != binary {
				t.Errorf("the binary in the image is %q, want %q", b, binary)
			}
		}
		if !h.ModTime.Equal(created) {
			t.Errorf("%s: modified %v, want %v", h.Name, h.ModTime, created)
		}
	}
	want := []string{"etc/", "etc/group", "etc/passwd", "tmp/", "usr/", "usr/local/", "usr/local/bin/", "usr/local/bin/syncaudit"}
	if !slices.Equal(names, want) {
		t.Errorf("files: %v, want %v (no shell, nothing else)", names, want)
	}
	if h := files["usr/local/bin/syncaudit"]; h == nil || h.Mode != 0o755 {
		t.Errorf("the binary is not mode 0755: %+v", h)
	}
	if h := files["tmp/"]; h == nil || h.Mode != 0o1777 {
		t.Errorf("/tmp is not mode 1777: %+v", h)
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []string:
		return slices.Equal(a, b.([]string))
	case time.Time:
		return a.Equal(b.(time.Time))
	}
	return a == b
}

// TestBuildPlatforms: several platforms make an index with one image each,
// the right binary in each; a tarball of several is refused.
func TestBuildPlatforms(t *testing.T) {
	dir := t.TempDir()
	o := Options{Ref: "registry.example/syncaudit:v1", Layout: filepath.Join(dir, "oci"), Binaries: map[string]string{
		"linux/amd64": fakeBinary(t, "ELF amd64"), "linux/arm64": fakeBinary(t, "ELF arm64"),
	}}
	digest, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	ii, err := layout.ImageIndexFromPath(o.Layout)
	if err != nil {
		t.Fatal(err)
	}
	top, _ := ii.IndexManifest()
	if len(top.Manifests) != 1 || top.Manifests[0].Digest != digest {
		t.Fatalf("layout: %+v, want the index %v", top.Manifests, digest)
	}
	idx, err := ii.ImageIndex(digest)
	if err != nil {
		t.Fatal(err)
	}
	im, _ := idx.IndexManifest()
	if len(im.Manifests) != 2 {
		t.Fatalf("index: %d manifests, want 2", len(im.Manifests))
	}
	for _, d := range im.Manifests {
		img, err := idx.Image(d.Digest)
		if err != nil {
			t.Fatal(err)
		}
		checkImage(t, img, "linux", d.Platform.Architecture, "ELF "+d.Platform.Architecture, time.Unix(0, 0).UTC())
	}

	errs := []struct {
		name string
		o    Options
		want string
	}{
		{"tarball of two", Options{Ref: o.Ref, Binaries: o.Binaries, Tarball: filepath.Join(dir, "x.tar")}, "a tarball holds one platform"},
		{"bad ref", Options{Ref: "Registry Example", Binaries: o.Binaries, Layout: o.Layout}, "--ref"},
		{"no binary", Options{Ref: o.Ref, Layout: o.Layout}, "no --binary"},
		{"missing binary", Options{Ref: o.Ref, Layout: o.Layout, Binaries: map[string]string{"linux/amd64": filepath.Join(dir, "none")}}, "--binary linux/amd64"},
		{"no output", Options{Ref: o.Ref, Binaries: o.Binaries}, "give --layout, --tarball or both"},
	}
	for _, e := range errs {
		if _, err := Build(e.o); err == nil || !strings.Contains(err.Error(), e.want) {
			t.Errorf("%s: error %v, want %q", e.name, err, e.want)
		}
	}
	var out bytes.Buffer
	if err := run([]string{"--ref", o.Ref, "--binary", "linux/amd64=" + o.Binaries["linux/amd64"], "--layout", filepath.Join(dir, "cli"), "--created", "2026-12-02T10:00:00+01:00"}, &out); err != nil || !strings.HasPrefix(out.String(), o.Ref+"@sha256:") {
		t.Errorf("run: %q, %v; want the ref and digest", out.String(), err)
	}
}
