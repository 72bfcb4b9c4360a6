package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	opaversion "github.com/open-policy-agent/opa/v1/version"
	"github.com/urfave/cli/v2"
)

// revision is set at build time by the Makefile (-ldflags "-X
// main.revision=..."), for builds where Go records no VCS information
// (-buildvcs=false).
var revision = ""

// buildInfo is what syncaudit version prints: enough to say which build
// wrote a report, and what it was built from.
type buildInfo struct {
	Version  string // the Makefile's git describe, else the module version
	Module   string // module path
	Revision string // VCS revision, "" when the build did not record it
	Modified bool   // the working tree had changes the revision lacks
	Time     string // commit time of the revision
	OPA      string // the OPA library evaluating the rule book
	Go       string // Go toolchain and platform
}

// readBuildInfo collects buildInfo from the linker flags and the binary's
// embedded build information (which wins when Go recorded the VCS state).
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Module: "github.com/syncaudit/syncaudit", Revision: revision,
		OPA: opaversion.Version, Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if b.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		b.Version = info.Main.Version // go install github.com/syncaudit/syncaudit/cmd/syncaudit@v1.2.3
	}
	if info.Main.Path != "" {
		b.Module = info.Main.Path
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		case "vcs.time":
			b.Time = s.Value
		}
	}
	return b
}

// versionCommand is `syncaudit version` (also `syncaudit --version`).
func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, the VCS revision it was built from, and the OPA and Go versions",
		Action: func(c *cli.Context) error {
			b := readBuildInfo()
			w := c.App.Writer
			fmt.Fprintf(w, "syncaudit %s\n", b.Version)
			fmt.Fprintf(w, "module:   %s\n", b.Module)
			rev := b.Revision
			switch {
			case rev == "":
				rev = "unknown (built without VCS information)"
			case b.Modified:
				rev += " (with uncommitted changes)"
			}
			if b.Time != "" {
				rev += ", " + b.Time
			}
			fmt.Fprintf(w, "revision: %s\n", rev)
			fmt.Fprintf(w, "opa:      %s\n", b.OPA)
			_, err := fmt.Fprintf(w, "go:       %s\n", b.Go)
			return err
		},
	}
}
