package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/internal/pseudonym"
)

// The flags that keep personal data in (--pseudonymize, --shared-output) and
// a run in bounds (--timeout); see docs/security.md.

// defaultTimeout bounds policy evaluation when --timeout is not given: far
// above what a large tenant needs, low enough that a runaway user policy
// does not hold a pipeline for hours.
const defaultTimeout = 10 * time.Minute

// pseudonymizeFlag is --pseudonymize.
func pseudonymizeFlag() cli.Flag {
	return &cli.BoolFlag{Name: "pseudonymize", Usage: "replace names, e-mail addresses and usernames in every output with keyed hashes (key: --pseudonym-key-file or $" + pseudonym.EnvKey + ")"}
}

// pseudonymKeyFlag is --pseudonym-key-file.
func pseudonymKeyFlag() cli.Flag {
	return &cli.StringFlag{Name: "pseudonym-key-file", Usage: "the file that holds the pseudonym key (at least 16 bytes); default: $" + pseudonym.EnvKey}
}

// sharedOutputFlag is --shared-output: files readable by everyone (0644)
// instead of the owner only (0600).
func sharedOutputFlag() cli.Flag {
	return &cli.BoolFlag{Name: "shared-output", Usage: "write files readable by everyone (0644) instead of the owner only (0600)"}
}

// timeoutFlag is --timeout, the time limit of policy evaluation.
func timeoutFlag() cli.Flag {
	return &cli.DurationFlag{Name: "timeout", Usage: "stop policy evaluation after this long (e.g. 30s, 5m; 0 = no limit)", Value: defaultTimeout}
}

// outputMode is the permission of the files a verb writes: --shared-output
// gives 0644, else 0600.
func outputMode(shared bool) os.FileMode {
	if shared {
		return atomicfile.Shared
	}
	return atomicfile.Mode
}

// pseudonymiserFor reads the key when pseudonymize is set and returns the
// pseudonymiser; nil when not asked. No key is a usage error (exit 2), found
// before anything is read or evaluated.
func pseudonymiserFor(pseudonymize bool, keyFile string) (*pseudonym.Pseudonymiser, error) {
	if !pseudonymize {
		if keyFile != "" {
			return nil, &syncaudit.UsageError{Msg: "--pseudonym-key-file is given without --pseudonymize: add --pseudonymize, or drop the key file"}
		}
		return nil, nil
	}
	if keyFile != "" {
		if err := expectFile("--pseudonym-key-file", keyFile, "the file that holds the pseudonym key"); err != nil {
			return nil, err
		}
	}
	key, err := pseudonym.LoadKey(keyFile, os.Getenv)
	if err != nil {
		return nil, &syncaudit.UsageError{Msg: err.Error()}
	}
	return pseudonym.New(key), nil
}

// pseudonymise replaces the personal data of snap and of every report made
// from it; nothing when p is nil. Call it after evaluation and before any
// writer runs.
func pseudonymise(p *pseudonym.Pseudonymiser, snap *syncaudit.Snapshot, reps ...*syncaudit.Report) {
	if p == nil {
		return
	}
	p.Snapshot(snap)
	for _, rep := range reps {
		if rep != nil {
			p.Report(rep)
		}
	}
}

// timeoutError says that policy evaluation ran out of its --timeout.
type timeoutError struct{ limit time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("policy evaluation took longer than %s (--timeout); nothing was written: raise --timeout, or look for a slow rule in the policies given with --policies", e.limit)
}

// withTimeout runs an evaluation with a time limit (none when limit is 0;
// a negative limit is a usage error).
// Running out of time is a timeoutError; a cancelled parent (Ctrl-C) stays
// context.Canceled.
func withTimeout(ctx context.Context, limit time.Duration, eval func(context.Context) (*syncaudit.Report, error)) (*syncaudit.Report, error) {
	if limit < 0 {
		return nil, &syncaudit.UsageError{Msg: fmt.Sprintf("--timeout %s: give a positive duration such as 30s or 5m, or 0 for no limit", limit)}
	}
	if limit == 0 {
		return eval(ctx)
	}
	tctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	rep, err := eval(tctx)
	if err != nil && ctx.Err() == nil && errors.Is(tctx.Err(), context.DeadlineExceeded) {
		return nil, &timeoutError{limit: limit}
	}
	return rep, err
}

// withholdValues returns err with the values of its input errors withheld
// when the run is pseudonymised: an input error names a file, a line and a
// column, and the value found there may be a name. The message still says
// where to look; the value is in the file, for whoever may read it.
func withholdValues(err error, pseudonymised bool) error {
	if !pseudonymised || err == nil {
		return err
	}
	withhold := func(e *syncaudit.InputError) *syncaudit.InputError {
		c := *e
		if c.Value != "" {
			c.Value = "withheld under --pseudonymize"
		}
		return &c
	}
	var ies syncaudit.InputErrors
	if errors.As(err, &ies) {
		out := make(syncaudit.InputErrors, len(ies))
		for i, e := range ies {
			out[i] = withhold(e)
		}
		return out
	}
	var ie *syncaudit.InputError
	if errors.As(err, &ie) {
		return withhold(ie)
	}
	return err
}
