package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
)

// generatedAtFlag is --generated-at: the moment the reports say they were
// made, for output that is the same bytes from run to run.
func generatedAtFlag() cli.Flag {
	return &cli.StringFlag{
		Name: "generated-at",
		Usage: "the time the reports say they were made (2026-11-23T06:00:00Z, or a date); " +
			"default: SOURCE_DATE_EPOCH (seconds since 1970) when set, else now. Pin it for reproducible reports; the run date stays separate",
		Action: func(_ *cli.Context, s string) error {
			_, err := parseGeneratedAt(s)
			return err
		},
	}
}

// generatedAt returns the generation time of this run, RFC 3339 in UTC:
// --generated-at, else SOURCE_DATE_EPOCH, else the clock.
func generatedAt(c *cli.Context) (string, error) {
	if s := c.String("generated-at"); s != "" {
		return parseGeneratedAt(s)
	}
	if s := strings.TrimSpace(os.Getenv("SOURCE_DATE_EPOCH")); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil || sec < 0 {
			return "", &syncaudit.UsageError{Msg: fmt.Sprintf("SOURCE_DATE_EPOCH %q is not a number of seconds since 1970-01-01: unset it or give, for example, 1795420800", s)}
		}
		return time.Unix(sec, 0).UTC().Format(time.RFC3339), nil
	}
	return time.Now().UTC().Truncate(time.Second).Format(time.RFC3339), nil
}

// parseGeneratedAt reads --generated-at: RFC 3339 (any offset, given in
// UTC) or a date (midnight UTC).
func parseGeneratedAt(s string) (string, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(time.RFC3339), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.UTC().Format(time.RFC3339), nil
	}
	return "", &syncaudit.UsageError{Msg: fmt.Sprintf("--generated-at: %q is not a time: write 2026-11-23T06:00:00Z (RFC 3339) or 2026-11-23", s)}
}
