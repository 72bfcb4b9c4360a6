package apply

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// JournalFile is the journal's name inside the new snapshot.
const JournalFile = "journal.jsonl"

// fileMode is the permission of every file written: the snapshot holds
// personal data, so it is readable by the owner only.
const fileMode os.FileMode = 0o600

// ReadPlan reads a plan (a check report, or a review plan in the same
// schema) and returns it with the SHA-256 of its bytes, read once.
func ReadPlan(path string) (*syncaudit.Report, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", &syncaudit.InputError{File: path, Problem: "the plan does not exist", Fix: "pass --plan the report.json that syncaudit check (or review import) wrote"}
		}
		return nil, "", fmt.Errorf("read plan: %w", err)
	}
	var plan syncaudit.Report
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, "", &syncaudit.InputError{File: path, Problem: "not a syncaudit plan: " + err.Error(), Fix: "pass the report.json that syncaudit check (or review import) wrote"}
	}
	if plan.Schema != syncaudit.ReportSchema {
		return nil, "", &syncaudit.InputError{File: path, Column: "schema", Value: plan.Schema, Problem: "not a syncaudit plan", Fix: "pass a report whose schema is " + syncaudit.ReportSchema}
	}
	sum := sha256.Sum256(data)
	return &plan, hex.EncodeToString(sum[:]), nil
}

// CheckOut refuses an output folder that apply must not write: one that
// exists and is not an empty folder (apply never overwrites), or the
// snapshot folder itself or a folder inside it.
func CheckOut(snapshotDir, out string) error {
	if strings.TrimSpace(out) == "" {
		return &syncaudit.UsageError{Msg: "--out is empty: name a new folder for the next snapshot"}
	}
	snapAbs, err := realPath(snapshotDir)
	if err != nil {
		return err
	}
	outAbs, err := realPath(out)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(snapAbs, outAbs); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		what := "is the snapshot itself"
		if rel != "." {
			what = "lies inside the snapshot " + snapshotDir
		}
		return &syncaudit.UsageError{Msg: fmt.Sprintf("--out %s %s: apply writes the next snapshot to a new folder and never changes the one it reads; choose a folder beside it", out, what)}
	}
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("check --out %s: %w", out, err)
	case !info.IsDir():
		return &syncaudit.UsageError{Msg: fmt.Sprintf("--out %s exists and is a file: apply never overwrites; choose a new folder", out)}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("check --out %s: %w", out, err)
	}
	if len(entries) > 0 {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("--out %s exists and is not empty (it holds %s): apply never overwrites; choose a new folder or empty this one", out, entries[0].Name())}
	}
	return nil
}

// realPath returns the absolute path of p with its symbolic links resolved,
// as far as p exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", p, err)
	}
	var rest []string
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}

// Write puts the next snapshot in out: the tenant file and the source
// exports copied byte for byte, the target tables of res in the format each
// was read in (a table the snapshot did not have takes the accounts table's
// format), and the journal. Everything goes into a temporary folder beside
// out, renamed to out only when complete, so a failure or a cancelled ctx
// leaves no half snapshot. A copied file that no longer matches the digest it
// was read with is refused: the snapshot changed while apply ran.
func Write(ctx context.Context, snap *syncaudit.Snapshot, res *Result, out string) error {
	return write(ctx, snap, res, out, fileMode)
}

// write is Write with the permission of the files.
func write(ctx context.Context, snap *syncaudit.Snapshot, res *Result, out string, mode os.FileMode) (err error) {
	if err := CheckOut(snap.Dir, out); err != nil {
		return err
	}
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(out))+".apply-*")
	if err != nil {
		return fmt.Errorf("create a temporary folder beside %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(staging)
		}
	}()
	if err := writeAll(ctx, snap, res, staging, mode); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	// An empty --out folder is replaced; CheckOut has made sure it is empty.
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		if err := os.Remove(out); err != nil {
			return fmt.Errorf("replace the empty folder %s: %w", out, err)
		}
	}
	if err := os.Rename(staging, out); err != nil {
		return fmt.Errorf("put the next snapshot in place at %s: %w", out, err)
	}
	return nil
}

// writeAll writes every file of the next snapshot into dir.
func writeAll(ctx context.Context, snap *syncaudit.Snapshot, res *Result, dir string, mode os.FileMode) error {
	var accountsFormat = ingest.CSV
	target := map[string]syncaudit.InputFile{} // table base name -> its input file
	for _, in := range snap.Inputs {
		if base, ok := strings.CutPrefix(in.File, "target/"); ok {
			base = strings.TrimSuffix(base, filepath.Ext(base))
			target[base] = in
			if base == "accounts" {
				accountsFormat = ingest.FormatOf(in)
			}
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := copyInput(snap.Dir, dir, in, mode); err != nil {
			return err
		}
	}
	tables := []struct {
		base  string
		rows  int
		write func(io.Writer, ingest.TableFormat) error
	}{
		{"accounts", len(res.Accounts), func(w io.Writer, f ingest.TableFormat) error { return ingest.WriteAccounts(w, res.Accounts, f) }},
		{"exceptions", len(res.Exceptions), func(w io.Writer, f ingest.TableFormat) error { return ingest.WriteExceptions(w, res.Exceptions, f) }},
		{"memberships", len(res.Memberships), func(w io.Writer, f ingest.TableFormat) error { return ingest.WriteMemberships(w, res.Memberships, f) }},
	}
	for _, t := range tables {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, read := target[t.base]
		if !read && t.rows == 0 && t.base != "accounts" {
			continue // an absent optional table stays absent
		}
		f, name := accountsFormat, "target/"+t.base+"."+accountsFormat.Ext()
		if read {
			f, name = ingest.FormatOf(in), in.File
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), mode, func(w io.Writer) error { return t.write(w, f) }); err != nil {
			return err
		}
	}
	return writeFile(filepath.Join(dir, JournalFile), mode, func(w io.Writer) error { return WriteJournal(w, res.Journal) })
}

// copyInput copies one input file byte for byte, checking it still has the
// digest it was read with.
func copyInput(from, to string, in syncaudit.InputFile, mode os.FileMode) error {
	data, err := os.ReadFile(filepath.Join(from, filepath.FromSlash(in.PathInSnapshot())))
	if err != nil {
		return fmt.Errorf("copy %s: %w", in.File, err)
	}
	sum := sha256.Sum256(data)
	if !strings.EqualFold(hex.EncodeToString(sum[:]), in.SHA256) {
		return &syncaudit.InputError{File: in.File, Problem: "the file changed while apply ran", Fix: "run check and apply again on a snapshot that nobody is writing to"}
	}
	return writeFile(filepath.Join(to, filepath.FromSlash(in.File)), mode, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// writeFile creates path (and its folder) with the permission mode and
// writes it through fn, keeping the Close error.
func writeFile(path string, mode os.FileMode, fn func(io.Writer) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil { // exactly mode, whatever the umask
		f.Close()
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write %s: %w", path, cerr)
		}
	}()
	if err := fn(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Apply reads the snapshot in snapshotDir and the plan in planPath, applies
// the plan (Plan) and writes the next snapshot to out (Write). out is checked
// first, so a refused output costs nothing. opts.PlanDigest and
// opts.PlanFile are filled in from the plan file.
func Apply(ctx context.Context, snapshotDir, planPath, out string, opts Options) (*Result, error) {
	if err := CheckOut(snapshotDir, out); err != nil {
		return nil, err
	}
	plan, digest, err := ReadPlan(planPath)
	if err != nil {
		return nil, err
	}
	// The snapshot is read at the run date the changes carry, the way check
	// read it for the plan.
	readAt := opts.RunDate
	if readAt.IsZero() {
		readAt = plan.Run.RunDate
	}
	snap, err := ingest.Read(ctx, snapshotDir, ingest.Options{Limits: ingest.DefaultLimits, RunDate: readAt})
	if err != nil {
		return nil, err
	}
	opts.PlanDigest, opts.PlanFile = digest, planPath
	res, err := Plan(ctx, snap, plan, opts)
	if err != nil {
		return nil, err
	}
	mode := opts.FileMode
	if mode == 0 {
		mode = fileMode
	}
	if err := write(ctx, snap, res, out, mode); err != nil {
		return nil, err
	}
	return res, nil
}
