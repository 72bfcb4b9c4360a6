package words

import (
	"encoding/json"
	"strings"
	"testing"
)

const sample = `
messages:
  T.days:
    message:
      en: "{name} has not logged in for {days|# day|# days}"
      nl: "{name} heeft zich {days|# dag|# dagen} niet aangemeld"
      sv: "{name} har inte loggat in på {days|# dag|# dagar}"
    fix:
      en: "Ask {name}."
      nl: "Vraag het {name}."
      sv: "Fråga {name}."
  T.list:
    message:
      en: "schools {schools}; why: {why}"
      nl: "scholen {schools}; waarom: {why}"
      sv: "skolenheter {schools}; varför: {why}"
  T.why:
    message:
      en: "not in the {source} export"
      nl: "staat niet in de export van {source}"
      sv: "finns inte i exporten från {source}"
  T.brace:
    message:
      en: "a {{literal}} brace"
rules:
  T1:
    title:
      nl: Een titel
seeds:
  001.txt: Verwijderde gebruikers
`

func parse(t *testing.T, text string) *Catalogue {
	t.Helper()
	c, err := Parse("test.messages.yaml", []byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestRender(t *testing.T) {
	c := parse(t, sample)
	why := map[string]any{"id": "T.why", "args": map[string]any{"source": "hr"}}
	tests := []struct {
		lang Lang
		id   string
		args map[string]any
		ev   map[string]string
		want string
	}{
		{English, "T.days", map[string]any{"name": "Jan", "days": json.Number("1")}, nil, "Jan has not logged in for 1 day"},
		{English, "T.days", map[string]any{"name": "Jan", "days": json.Number("1234")}, nil, "Jan has not logged in for 1,234 days"},
		{Dutch, "T.days", map[string]any{"name": "Jan", "days": json.Number("1")}, nil, "Jan heeft zich 1 dag niet aangemeld"},
		{Dutch, "T.days", map[string]any{"name": "Jan", "days": json.Number("1234")}, nil, "Jan heeft zich 1.234 dagen niet aangemeld"},
		{Swedish, "T.days", map[string]any{"name": "Jan", "days": json.Number("0")}, nil, "Jan har inte loggat in på 0 dagar"},
		{Swedish, "T.days", map[string]any{"name": "Jan", "days": json.Number("1234")}, nil, "Jan har inte loggat in på 1\u00a0234 dagar"},
		// Arguments not in args come from the evidence; a string stays as it is.
		{English, "T.days", map[string]any{"days": "1234"}, map[string]string{"name": "Piet"}, "Piet has not logged in for 1234 days"},
		// A missing argument shows as its placeholder.
		{English, "T.days", nil, nil, "{name} has not logged in for {days} days"},
		// Lists join with ", ", phrases with "; "; a phrase renders in the language.
		{English, "T.list", map[string]any{"schools": []any{"12AB", "34CD"}, "why": []any{why, why}}, nil, "schools 12AB, 34CD; why: not in the hr export; not in the hr export"},
		{Dutch, "T.list", map[string]any{"schools": []any{"12AB"}, "why": why}, nil, "scholen 12AB; waarom: staat niet in de export van hr"},
		// A language the entry lacks falls back to English.
		{Swedish, "T.brace", nil, nil, "a {literal} brace"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang)+" "+tt.id, func(t *testing.T) {
			got, ok := c.Message(tt.lang, tt.id, tt.args, tt.ev)
			if !ok || got != tt.want {
				t.Errorf("Message = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
	if fix, ok := c.Fix(Dutch, "T.days", map[string]any{"name": "Jan"}, nil); !ok || fix != "Vraag het Jan." {
		t.Errorf("Fix = %q, %v", fix, ok)
	}
	if _, ok := c.Fix(English, "T.list", nil, nil); ok {
		t.Errorf("Fix of a message without a fix: ok")
	}
	if _, ok := c.Message(English, "T.none", nil, nil); ok {
		t.Errorf("Message of an unknown id: ok")
	}
	if got := c.Phrase(Dutch, "T.none", nil); got != "T.none" {
		t.Errorf("Phrase of an unknown id = %q, want the id", got)
	}
}

func TestRenderStopsAPhraseLoop(t *testing.T) {
	c := parse(t, "messages:\n  L:\n    message:\n      en: \"[{x}]\"\n")
	got, _ := c.Message(English, "L", map[string]any{"x": map[string]any{"id": "L", "args": map[string]any{"x": map[string]any{"id": "L"}}}}, nil)
	if !strings.HasPrefix(got, "[[[") {
		t.Errorf("nested phrases = %q", got)
	}
	// A phrase whose argument is itself falls back to the outer arguments,
	// and the depth bound ends the recursion.
	got, _ = c.Message(English, "L", map[string]any{"x": map[string]any{"id": "L"}}, nil)
	if strings.Count(got, "[") != maxDepth+1 {
		t.Errorf("self-referring phrase = %q, want %d levels", got, maxDepth+1)
	}
}

func TestRulesAndSeeds(t *testing.T) {
	c := parse(t, sample)
	if got := c.RuleTitle(Dutch, "T1", "A title"); got != "Een titel" {
		t.Errorf("RuleTitle nl = %q", got)
	}
	if got := c.RuleTitle(Swedish, "T1", "A title"); got != "A title" {
		t.Errorf("RuleTitle sv = %q, want the fallback", got)
	}
	if got := c.SeedTitle("001.txt"); got != "Verwijderde gebruikers" {
		t.Errorf("SeedTitle = %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unknown key", "mesages: {}\n", "field mesages not found"},
		{"unknown language", "messages:\n  X:\n    message:\n      de: Hallo\n", `unknown language "de"`},
		{"no message", "messages:\n  X:\n    fix:\n      en: Do it\n", "has no message text"},
		{"open brace", "messages:\n  X:\n    message:\n      en: \"a {b\"\n", "a { without its }"},
		{"bad name", "messages:\n  X:\n    message:\n      en: \"a {Name}\"\n", "placeholder {Name}"},
		{"bad plural", "messages:\n  X:\n    message:\n      en: \"{n|one}\"\n", "{n|one|other}"},
		{"stray brace", "messages:\n  X:\n    message:\n      en: \"a } b\"\n", "a } without its {"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.messages.yaml", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "x.messages.yaml") {
				t.Errorf("Parse error = %v, want one naming the file and %q", err, tt.want)
			}
		})
	}
	if c, err := Parse("empty.messages.yaml", nil); err != nil || len(c.IDs()) != 0 {
		t.Errorf("empty file: %v, %v", c, err)
	}
}

func TestProblems(t *testing.T) {
	c := parse(t, `
messages:
  Good:
    message: {en: "{a} {n|x|y}", nl: "{n|x|y} {a}", sv: "{a}{n}"}
  Missing:
    message: {en: "a", nl: "b"}
  Differ:
    message: {en: "{a}", nl: "{b}", sv: "{a}"}
    fix: {en: "{a}", nl: "{a}", sv: "{a}"}
  FixMissing:
    message: {en: "a", nl: "b", sv: "c"}
    fix: {en: "x"}
`)
	var got []string
	for _, err := range c.Problems(Langs) {
		got = append(got, err.Error())
	}
	want := []string{
		"test.messages.yaml: message Differ: the message in en uses {a}, in nl {b}",
		"test.messages.yaml: message FixMissing has no fix in nl",
		"test.messages.yaml: message FixMissing has no fix in sv",
		"test.messages.yaml: message Missing has no message in sv",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMerge(t *testing.T) {
	a := parse(t, sample)
	b, err := Parse("other.messages.yaml", []byte("messages:\n  T.days:\n    message:\n      en: again\n"))
	if err != nil {
		t.Fatal(err)
	}
	var c Catalogue
	if err := c.Merge(a); err != nil {
		t.Fatal(err)
	}
	err = c.Merge(b)
	if err == nil || !strings.Contains(err.Error(), "test.messages.yaml") || !strings.Contains(err.Error(), "other.messages.yaml") {
		t.Errorf("Merge of a duplicate id: %v, want an error naming both files", err)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"nl": Dutch, " SV ": Swedish, "en": English, "de": English, "": English} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
}
