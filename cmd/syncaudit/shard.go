package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/fleet"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/report"
)

// shardFlags split check --snapshots over many processes (the pods of a
// Kubernetes Indexed Job, docs/k8s/), each checking one share of the tenants
// without a shell to pick them.
func shardFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "shard", Usage: "with --snapshots: check only share I (from 0) of N of the tenants, in name order, e.g. 0/8; the index is written when every shard has run (docs/k8s/README.md)"},
		&cli.StringFlag{Name: "shard-from-env", Usage: "as --shard I/N, with I read from the environment variable VAR: VAR/N, e.g. JOB_COMPLETION_INDEX/8"},
	}
}

// shardOf reads --shard or --shard-from-env; nil when neither is given.
func shardOf(c *cli.Context) (*fleet.Shard, error) {
	spec, fromEnv := c.String("shard"), c.String("shard-from-env")
	switch {
	case spec == "" && fromEnv == "":
		return nil, nil
	case spec != "" && fromEnv != "":
		return nil, &syncaudit.UsageError{Msg: "check: give --shard or --shard-from-env, not both"}
	case c.String("snapshots") == "":
		return nil, &syncaudit.UsageError{Msg: "check: --shard and --shard-from-env split the tenants of --snapshots ROOT; give --snapshots"}
	case spec != "":
		s, err := fleet.ParseShard(spec)
		if err != nil {
			return nil, &syncaudit.UsageError{Msg: "--shard: " + err.Error()}
		}
		return &s, nil
	}
	name, count, ok := strings.Cut(fromEnv, "/")
	if !ok || name == "" {
		return nil, &syncaudit.UsageError{Msg: fmt.Sprintf("--shard-from-env: %q is not VAR/N: name the environment variable that holds the index and the number of shards, e.g. JOB_COMPLETION_INDEX/8", fromEnv)}
	}
	index, set := os.LookupEnv(name)
	if !set || index == "" {
		return nil, &syncaudit.UsageError{Msg: fmt.Sprintf("--shard-from-env: the environment variable %s is not set: a Kubernetes Job sets JOB_COMPLETION_INDEX with completionMode: Indexed; elsewhere use --shard I/N", name)}
	}
	s, err := fleet.ParseShard(index + "/" + count)
	if err != nil {
		return nil, &syncaudit.UsageError{Msg: fmt.Sprintf("--shard-from-env %s (%s=%q): %v", fromEnv, name, index, err)}
	}
	return &s, nil
}

// finishShard ends a shard's run: it writes the shard's record beside its
// tenants' report folders and, when every shard's record is there, the
// index of the whole run (OUT/index.json and index.xlsx), the same file a
// check --snapshots over every tenant writes. Shards that end at once may
// both write it, each whole and with the same content.
func finishShard(ctx context.Context, run tenantRun, all []string, idx *fleet.Index) error {
	rec := fleet.NewShardRecord(*run.shard, all, idx.Tenants)
	err := atomicfile.Write(filepath.Join(run.out, run.shard.File()), run.outputs.mode, func(w io.Writer) error {
		return fleet.WriteShardRecord(w, rec)
	})
	if err != nil {
		return err
	}
	m, err := fleet.MergeShards(run.out)
	if err != nil {
		return fmt.Errorf("merge the shards in %s: %w", run.out, err)
	}
	if !m.Complete() {
		return nil // a later shard writes the index
	}
	return writeIndex(ctx, filepath.Join(run.out, "index.json"), m.Index, run.outputs, report.ParseLang(run.lang))
}

// indexFile is where a run of check --snapshots sums up its tenants: the
// shard's record, or index.json.
func indexFile(s *fleet.Shard) string {
	if s != nil {
		return s.File()
	}
	return "index.json"
}

// indexOf is the index syncaudit index builds from dir: the merge of a
// sharded run's records when dir holds any, else the index of its report
// folders. A sharded run with shards missing gives the index with their
// tenants as not checked, and a note of which shards are missing.
func indexOf(dir string) (idx *fleet.Index, missing string, err error) {
	m, err := fleet.MergeShards(dir)
	if err == nil {
		if !m.Complete() {
			missing = fmt.Sprintf("shards %s of %d left no record (not run, or failed before the end)", joinInts(m.Missing), m.Shards)
		}
		return m.Index, missing, nil
	}
	if !errors.Is(err, fleet.ErrNoShards) {
		return nil, "", err
	}
	idx, err = fleet.ReadReports(dir)
	return idx, "", err
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}
