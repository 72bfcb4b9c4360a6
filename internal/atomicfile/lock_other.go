//go:build !unix

package atomicfile

import "context"

// lockFile is a no-op where flock does not exist: two runs into one folder
// are not kept apart there.
func lockFile(ctx context.Context, path string) (func(), error) { return func() {}, nil }
