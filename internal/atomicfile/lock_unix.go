//go:build unix

package atomicfile

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// lockFile takes an exclusive lock on the file at path (created when
// missing), waiting while another process holds it, until ctx is done. The
// returned function releases the lock and removes the file. A holder that
// removed the file between our open and our lock is noticed (the path no
// longer names the file we locked) and the lock is taken again, so two
// processes never both hold it.
func lockFile(ctx context.Context, path string) (func(), error) {
	const poll = 50 * time.Millisecond
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		for {
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
			if !errors.Is(err, syscall.EWOULDBLOCK) {
				break
			}
			select {
			case <-ctx.Done():
				f.Close()
				return nil, ctx.Err()
			case <-time.After(poll):
			}
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return func() {
				os.Remove(path)
				f.Close()
			}, nil
		}
		f.Close() // the holder before us removed it: lock the new one
	}
}
