// Package atomicfile writes output files so that a failed or interrupted run
// never leaves half a file: everything goes to a temporary file in the same
// folder and is renamed into place only when complete.
package atomicfile

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Mode is the permission of files written here: readable by the owner only,
// since reports hold personal data. Shared widens it to 0644.
const (
	Mode   os.FileMode = 0o600
	Shared os.FileMode = 0o644
)

// Write writes path through fn: into a temporary file beside it, renamed over
// path only when fn and Close succeed.
func Write(path string, mode os.FileMode, fn func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fn(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// A Set stages several output files and puts them all in place at once, so a
// run that fails half-way leaves none of them (an existing folder keeps its
// previous files). Files may be written from several goroutines at once.
//
// A set holds a lock on its folder from NewSet to Commit or Discard (the
// file .<folder>.lock beside it): a second run into the same folder waits
// for the first to put its files in place, so the folder never holds the
// report.json of one run beside the report.xlsx of the other.
type Set struct {
	dir     string
	mode    os.FileMode
	staging string
	unlock  func()
	once    sync.Once

	mu    sync.Mutex
	names []string
}

// NewSet starts a set of files that Commit will put in dir: NewSetContext
// without a deadline.
func NewSet(dir string, mode os.FileMode) (*Set, error) {
	return NewSetContext(context.Background(), dir, mode)
}

// NewSetContext starts a set of files that Commit will put in dir, once
// another set on dir (of this or another process) is committed or
// discarded; it gives up with ctx's error when ctx is done first.
func NewSetContext(ctx context.Context, dir string, mode os.FileMode) (*Set, error) {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	lock := filepath.Join(parent, "."+filepath.Base(filepath.Clean(dir))+".lock")
	unlock, err := lockFile(ctx, lock)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("wait for another run writing into %s (%s): %w", dir, lock, err)
		}
		return nil, fmt.Errorf("lock %s: %w", lock, err)
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".staging-*")
	if err != nil {
		unlock()
		return nil, fmt.Errorf("create output folder beside %s: %w", dir, err)
	}
	return &Set{dir: dir, mode: mode, staging: staging, unlock: unlock}, nil
}

// release drops the staging folder and the folder's lock, once.
func (s *Set) release() {
	s.once.Do(func() {
		os.RemoveAll(s.staging)
		s.unlock()
	})
}

// Write stages the file name (relative to the set's folder) through fn.
func (s *Set) Write(name string, fn func(io.Writer) error) error {
	if err := Write(filepath.Join(s.staging, name), s.mode, fn); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names = append(s.names, name)
	return nil
}

// Commit moves every staged file into the folder.
func (s *Set) Commit() error {
	defer s.release()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", s.dir, err)
	}
	for _, name := range s.names {
		dst := filepath.Join(s.dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(s.staging, name), dst); err != nil {
			return fmt.Errorf("put %s in place: %w", dst, err)
		}
	}
	return nil
}

// Discard drops every staged file; it is safe to call after Commit.
func (s *Set) Discard() { s.release() }
