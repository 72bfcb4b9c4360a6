// Command syncaudit checks school identity synchronisation against a Rego
// rule book, offline, and tells people what the next sync will do before it
// does it. See README.md and shared/spec/contract.md for the verbs.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// version is set at build time by the Makefile (-ldflags "-X main.version=...").
var version = "dev"

// tool names this program in every report it writes: the version, VCS
// revision and OPA version of this build (readBuildInfo).
func tool() syncaudit.Tool {
	b := readBuildInfo()
	rev := b.Revision
	if rev != "" && b.Modified {
		rev += "-modified"
	}
	return syncaudit.Tool{Name: "syncaudit", Version: b.Version, Revision: rev, OPA: b.OPA}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the process exit code: 0 clean,
// 1 a finding at or above --fail-on, 2 unusable input or command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	line, err := parseCommandLine(app, args)
	if err == nil {
		err = app.RunContext(ctx, line.args)
	}
	return exitCode(err, stderr, line)
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:    "syncaudit",
		Usage:   "check school identity sync against policy, and see what the next sync will do",
		Version: version,
		// syncaudit version and --version print more than the library's line.
		HideVersion: true,
		Writer:      stdout, ErrWriter: stderr,
		// Errors are printed and turned into exit codes by run, never by the library.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return &syncaudit.UsageError{Msg: err.Error()}
		},
		Commands: []*cli.Command{
			checkCommand(),
			applyCommand(),
			reviewCommand(),
			policyCommand(),
			genCommand(),
			indexCommand(),
			convertCommand(),
			diffCommand(),
			explainCommand(),
			versionCommand(),
		},
	}
	// parseCommandLine has checked the flags already; should the library still
	// find a fault, it is a usage error too, never a help dump.
	var quiet func([]*cli.Command)
	quiet = func(cmds []*cli.Command) {
		for _, c := range cmds {
			if c.OnUsageError == nil {
				c.OnUsageError = app.OnUsageError
			}
			quiet(c.Subcommands)
		}
	}
	quiet(app.Commands)
	return app
}

// findingsError is returned by check when a finding is at or above --fail-on:
// the reports are written, and the exit code is 1.
type findingsError struct{ worst syncaudit.Severity }

func (e *findingsError) Error() string {
	return fmt.Sprintf("the run has %s findings (see the report)", e.worst)
}

// exitCode prints err (a usage error with the line that says where the
// verb's help is) and returns the exit code it stands for.
func exitCode(err error, stderr io.Writer, line commandLine) int {
	if err == nil {
		return 0
	}
	var fe *findingsError
	if errors.As(err, &fe) {
		return 1
	}
	// An error that knows its exit code (failing policy tests: 1) says so.
	var coded interface{ ExitCode() int }
	if errors.As(err, &coded) {
		fmt.Fprintln(stderr, "syncaudit:", err)
		return coded.ExitCode()
	}
	var usage *syncaudit.UsageError
	if errors.As(err, &usage) {
		fmt.Fprintln(stderr, "syncaudit:", err)
		fmt.Fprintln(stderr, line.helpHint())
		return 2
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "syncaudit: interrupted; nothing was written")
		return 2
	}
	// An input error quotes the snapshot (a path, a header, a value): print
	// it, never let the terminal obey it.
	fmt.Fprintln(stderr, "syncaudit:", report.Printable(err.Error()))
	return 2
}
