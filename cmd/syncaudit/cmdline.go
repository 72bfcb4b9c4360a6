package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
)

// The command line is read twice: first here, against the command tree, so
// that every mistake gets one line in the project's error form (with a "did
// you mean" where one is close) and no help dump; then by urfave/cli, which
// fills the flags. urfave/cli stops at the first plain argument
// ("check DIR --out OUT" would lose --out), so the line it is given has the
// flags first and the plain arguments after them.
//
// A verb says how many plain arguments it takes in its ArgsUsage: none when
// empty, one per word ("OLD NEW" is two, "[DIR]" at most one), any number
// when a word ends in "...". More than that is refused.

// A commandLine is a command line resolved against the command tree.
type commandLine struct {
	// path is the verb and subcommand named, e.g. [policy list]; empty for
	// the program itself.
	path []string
	// args is the command line to hand to urfave/cli: the program, the path,
	// the flags, then the plain arguments.
	args []string
}

// helpHint is the line printed under a usage error: where the verb's help is.
func (l commandLine) helpHint() string {
	return "see '" + strings.Join(append([]string{"syncaudit"}, l.path...), " ") + " --help'"
}

// parseCommandLine checks args (args[0] is the program) against app's
// command tree and returns it rewritten for urfave/cli. The error is a
// *syncaudit.UsageError that says what is wrong; the returned commandLine
// holds the path resolved so far, for the help hint.
func parseCommandLine(app *cli.App, args []string) (commandLine, error) {
	line := commandLine{}
	if len(args) == 0 {
		return line, &syncaudit.UsageError{Msg: "no program name"}
	}
	rest := args[1:]
	if len(rest) == 0 || isHelp(rest[0]) {
		line.args = args
		return line, nil
	}
	if rest[0] == "--version" || rest[0] == "-version" {
		if len(rest) > 1 {
			return line, &syncaudit.UsageError{Msg: fmt.Sprintf("unexpected argument %q after --version", rest[1])}
		}
		line.path = []string{"version"}
		line.args = []string{args[0], "version"}
		return line, nil
	}
	if strings.HasPrefix(rest[0], "-") {
		return line, &syncaudit.UsageError{Msg: fmt.Sprintf("unknown flag %s before the command: put flags after the command, e.g. syncaudit check --snapshot DIR --out OUT", rest[0])}
	}
	if rest[0] == "help" || rest[0] == "h" {
		return parseHelp(app, args)
	}

	commands := app.Commands
	var cmd *cli.Command
	for len(rest) > 0 {
		name := rest[0]
		next := findCommand(commands, name)
		if next == nil {
			return line, unknownCommand(line.path, name, commands)
		}
		cmd, rest = next, rest[1:]
		line.path = append(line.path, cmd.Name)
		if len(cmd.Subcommands) == 0 {
			break
		}
		commands = cmd.Subcommands
		if len(rest) == 0 {
			return line, &syncaudit.UsageError{Msg: fmt.Sprintf("%s needs a command: %s", strings.Join(line.path, " "), commandNames(commands))}
		}
		if isHelp(rest[0]) {
			line.args = args
			return line, nil
		}
		if strings.HasPrefix(rest[0], "-") {
			return line, &syncaudit.UsageError{Msg: fmt.Sprintf("%s needs a command before its flags (%s): %s", strings.Join(line.path, " "), rest[0], commandNames(commands))}
		}
	}

	flags, plain, help, err := splitFlags(line.path, cmd, rest)
	if err != nil {
		return line, err
	}
	line.args = append(append([]string{args[0]}, line.path...), flags...)
	if help {
		line.args = append(line.args, "--help")
		return line, nil
	}
	if limit := maxArgs(cmd); limit >= 0 && len(plain) > limit {
		return line, tooManyArgs(line.path, cmd, plain[limit])
	}
	if err := checkRequired(line.path, cmd, flags); err != nil {
		return line, err
	}
	for _, p := range plain {
		if strings.HasPrefix(p, "-") {
			line.args = append(line.args, "--")
			break
		}
	}
	line.args = append(line.args, plain...)
	return line, nil
}

// parseHelp checks "syncaudit help [VERB [SUBCOMMAND]]": an unknown topic is
// a usage error, not exit 3.
func parseHelp(app *cli.App, args []string) (commandLine, error) {
	line := commandLine{args: args}
	commands := app.Commands
	for _, name := range args[2:] {
		if strings.HasPrefix(name, "-") {
			continue
		}
		cmd := findCommand(commands, name)
		if cmd == nil {
			return line, unknownCommand(line.path, name, commands)
		}
		line.path = append(line.path, cmd.Name)
		commands = cmd.Subcommands
	}
	return line, nil
}

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }

// findCommand returns the command called name (or one of its aliases), or nil.
func findCommand(commands []*cli.Command, name string) *cli.Command {
	for _, c := range commands {
		if c.HasName(name) && !c.Hidden {
			return c
		}
	}
	return nil
}

// commandNames lists the commands for a message: "list or test".
func commandNames(commands []*cli.Command) string {
	var names []string
	for _, c := range commands {
		if !c.Hidden && c.Name != "help" {
			names = append(names, c.Name)
		}
	}
	return orList(names)
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func unknownCommand(path []string, name string, commands []*cli.Command) error {
	var names []string
	for _, c := range commands {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	where := "syncaudit"
	if len(path) > 0 {
		where = "syncaudit " + strings.Join(path, " ")
	}
	msg := fmt.Sprintf("%q is not a command of %s", name, where)
	if s := suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += ": use " + commandNames(commands)
	}
	return &syncaudit.UsageError{Msg: msg}
}

// splitFlags separates a verb's flags from its plain arguments and checks
// every flag: known to the verb, with a value when it takes one, and a value
// of the right kind. help is true when --help is among them.
func splitFlags(path []string, cmd *cli.Command, args []string) (flags, plain []string, help bool, err error) {
	verb := strings.Join(path, " ")
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			plain = append(plain, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			plain = append(plain, arg)
			continue
		}
		if isHelp(arg) {
			help = true
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		f := findFlag(cmd.Flags, name)
		if f == nil {
			return nil, nil, false, unknownFlag(verb, arg, name, cmd.Flags)
		}
		shown := "--" + name
		if len(name) == 1 {
			shown = "-" + name
		}
		if !takesValue(f) {
			if hasValue {
				if _, perr := strconv.ParseBool(value); perr != nil {
					return nil, nil, false, &syncaudit.UsageError{Msg: fmt.Sprintf("%s %s: %q is not true or false; %s takes no value", verb, shown, value, shown)}
				}
			}
			flags = append(flags, arg)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, nil, false, &syncaudit.UsageError{Msg: fmt.Sprintf("%s %s needs a value: %s", verb, shown, flagUsage(f))}
			}
			i++
			value = args[i]
		}
		if err := checkValue(verb, shown, f, value); err != nil {
			return nil, nil, false, err
		}
		flags = append(flags, shown, value)
	}
	return flags, plain, help, nil
}

// findFlag returns the flag called name (or one of its aliases), or nil.
func findFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// takesValue reports whether a flag needs a value (every flag but a bool).
func takesValue(f cli.Flag) bool {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.TakesValue()
	}
	return true
}

// flagUsage is a flag's help text, for messages.
func flagUsage(f cli.Flag) string {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.GetUsage()
	}
	return ""
}

func unknownFlag(verb, arg, name string, flags []cli.Flag) error {
	var names []string
	for _, f := range flags {
		for _, n := range f.Names() {
			if len(n) > 1 {
				names = append(names, n)
			}
		}
	}
	shown := arg
	if i := strings.IndexByte(shown, '='); i > 0 {
		shown = shown[:i]
	}
	msg := fmt.Sprintf("%s has no flag %s", verb, shown)
	if s := suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean --%s?", s)
	}
	return &syncaudit.UsageError{Msg: msg}
}

// checkValue checks a number or duration flag's value, so that "--timeout 5"
// gets an answer a person can act on instead of strconv's "parse error".
func checkValue(verb, shown string, f cli.Flag, value string) error {
	bad := func(format string, a ...any) error {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("%s %s %q: ", verb, shown, value) + fmt.Sprintf(format, a...)}
	}
	switch f.(type) {
	case *cli.DurationFlag:
		if _, err := time.ParseDuration(value); err != nil {
			if n, nerr := strconv.ParseFloat(value, 64); nerr == nil {
				return bad("a duration needs a unit: did you mean %ss? (also m, h: 30s, 5m, 1h30m; 0 for no limit)", strconv.FormatFloat(n, 'f', -1, 64))
			}
			return bad("not a duration: give a number with a unit, such as 30s, 5m or 1h30m")
		}
	case *cli.IntFlag, *cli.Int64Flag:
		if _, err := strconv.ParseInt(value, 0, 64); err != nil {
			return bad("not a whole number")
		}
	case *cli.UintFlag, *cli.Uint64Flag:
		if _, err := strconv.ParseUint(value, 0, 64); err != nil {
			return bad("not a whole number of zero or more")
		}
	case *cli.Float64Flag:
		if _, err := strconv.ParseFloat(value, 64); err != nil {
			return bad("not a number (use a dot for decimals: 0.05)")
		}
	}
	return nil
}

// maxArgs is how many plain arguments cmd takes, read from its ArgsUsage;
// -1 for any number.
func maxArgs(cmd *cli.Command) int {
	words := strings.Fields(cmd.ArgsUsage)
	for _, w := range words {
		if strings.HasSuffix(w, "...") || strings.HasSuffix(w, "...]") {
			return -1
		}
	}
	return len(words)
}

func tooManyArgs(path []string, cmd *cli.Command, first string) error {
	verb := strings.Join(path, " ")
	if cmd.ArgsUsage == "" {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("%s takes no arguments, only flags (got %q)", verb, first)}
	}
	return &syncaudit.UsageError{Msg: fmt.Sprintf("%s: unexpected argument %q: %s takes %s", verb, first, verb, cmd.ArgsUsage)}
}

// checkRequired refuses a command line without a flag the verb requires,
// before urfave/cli would print the verb's whole help.
func checkRequired(path []string, cmd *cli.Command, given []string) error {
	set := map[string]bool{}
	for _, g := range given {
		if strings.HasPrefix(g, "-") {
			name, _, _ := strings.Cut(strings.TrimLeft(g, "-"), "=")
			set[name] = true
		}
	}
	var missing []string
	for _, f := range cmd.Flags {
		r, ok := f.(cli.RequiredFlag)
		if !ok || !r.IsRequired() {
			continue
		}
		found := false
		for _, n := range f.Names() {
			found = found || set[n]
		}
		if !found {
			missing = append(missing, f.Names()[0])
		}
	}
	verb := strings.Join(path, " ")
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return &syncaudit.UsageError{Msg: fmt.Sprintf("%s needs --%s: %s", verb, missing[0], flagUsage(findFlag(cmd.Flags, missing[0])))}
	}
	return &syncaudit.UsageError{Msg: fmt.Sprintf("%s needs --%s and --%s", verb, strings.Join(missing[:len(missing)-1], ", --"), missing[len(missing)-1])}
}

// suggest returns the name closest to what was typed, when one is close
// enough to be a typing slip (or the only name typed is a prefix of), else
// "". urfave/cli's own suggestion always names something, however far.
func suggest(typed string, names []string) string {
	typed = strings.ToLower(typed)
	best, bestDist := "", len(typed)/3+1
	if bestDist > 3 {
		bestDist = 3
	}
	bestDist++ // distances below this count
	for _, n := range names {
		if d := editDistance(typed, strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best != "" {
		return best
	}
	var prefixed []string
	for _, n := range names {
		if len(typed) >= 2 && strings.HasPrefix(strings.ToLower(n), typed) {
			prefixed = append(prefixed, n)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
