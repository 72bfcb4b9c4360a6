package words

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Text is one text in several languages, keyed by language code.
type Text map[Lang]string

// In returns the text in lang, or in English when lang has none, or in any
// language it has ("" when it has none).
func (t Text) In(lang Lang) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t[English]; s != "" {
		return s
	}
	for _, l := range Langs {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// An Entry is one message of the catalogue: the message of a finding, the
// reason of an action, or a phrase that another message embeds; for a
// finding, also its fix.
type Entry struct {
	Message Text `yaml:"message"`
	Fix     Text `yaml:"fix,omitempty"`

	file     string
	compiled map[Lang][2]template // [0] message, [1] fix
}

// A RuleText is a rule's title and description in the languages the
// catalogue gives; the rule's METADATA (in English) fills the rest.
type RuleText struct {
	Title       Text `yaml:"title"`
	Description Text `yaml:"description"`

	file string
}

// A Catalogue maps message ids to their texts, rule ids to their titles and
// descriptions, and seed files to their article titles. The zero value is
// empty; Parse reads one file and Merge joins several. A Catalogue is safe
// for concurrent reading once built.
type Catalogue struct {
	messages map[string]*Entry
	rules    map[string]*RuleText
	seeds    map[string]string
}

// file is the shape of a *.messages.yaml file.
type file struct {
	Messages map[string]*Entry    `yaml:"messages"`
	Rules    map[string]*RuleText `yaml:"rules"`
	Seeds    map[string]string    `yaml:"seeds"`
}

// Parse reads a catalogue file (name is for errors). Unknown keys and
// languages, and placeholders that do not parse, are errors naming the file
// and the message id.
func Parse(name string, data []byte) (*Catalogue, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &Catalogue{messages: map[string]*Entry{}, rules: map[string]*RuleText{}, seeds: map[string]string{}}
	for id, e := range f.Messages {
		if e == nil || len(e.Message) == 0 {
			return nil, fmt.Errorf("%s: message %s has no message text", name, id)
		}
		e.file = name
		e.compiled = map[Lang][2]template{}
		for _, part := range []struct {
			what string
			text Text
			i    int
		}{{"message", e.Message, 0}, {"fix", e.Fix, 1}} {
			for l, s := range part.text {
				if !known(l) {
					return nil, fmt.Errorf("%s: message %s: %s: unknown language %q (use en, nl or sv)", name, id, part.what, l)
				}
				t, err := compile(s)
				if err != nil {
					return nil, fmt.Errorf("%s: message %s: %s in %s: %w", name, id, part.what, l, err)
				}
				pair := e.compiled[l]
				pair[part.i] = t
				e.compiled[l] = pair
			}
		}
		c.messages[id] = e
	}
	for id, r := range f.Rules {
		if r == nil {
			continue
		}
		for _, t := range []Text{r.Title, r.Description} {
			for l := range t {
				if !known(l) {
					return nil, fmt.Errorf("%s: rule %s: unknown language %q (use en, nl or sv)", name, id, l)
				}
			}
		}
		r.file = name
		c.rules[id] = r
	}
	for seed, title := range f.Seeds {
		c.seeds[seed] = strings.TrimSpace(title)
	}
	return c, nil
}

// Merge adds the entries of o to c. A message id, rule or seed that both
// define is an error naming both files: one would hide the other.
func (c *Catalogue) Merge(o *Catalogue) error {
	if c.messages == nil {
		c.messages, c.rules, c.seeds = map[string]*Entry{}, map[string]*RuleText{}, map[string]string{}
	}
	for id, e := range o.messages {
		if old, ok := c.messages[id]; ok {
			return fmt.Errorf("message %s is defined in %s and in %s: rename one of them", id, old.file, e.file)
		}
		c.messages[id] = e
	}
	for id, r := range o.rules {
		if old, ok := c.rules[id]; ok {
			return fmt.Errorf("the texts of rule %s are defined in %s and in %s: keep one", id, old.file, r.file)
		}
		c.rules[id] = r
	}
	for seed, title := range o.seeds {
		if old, ok := c.seeds[seed]; ok && old != title {
			return fmt.Errorf("seed %s has two titles: %q and %q", seed, old, title)
		}
		c.seeds[seed] = title
	}
	return nil
}

// Has reports whether the catalogue defines message id.
func (c *Catalogue) Has(id string) bool {
	_, ok := c.messages[id]
	return ok
}

// IDs returns every message id, sorted.
func (c *Catalogue) IDs() []string {
	out := make([]string, 0, len(c.messages))
	for id := range c.messages {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Entry returns the texts of message id.
func (c *Catalogue) Entry(id string) (Entry, bool) {
	e, ok := c.messages[id]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

// RuleTitle returns rule id's title in lang, or fallback (the METADATA
// title) when the catalogue has none in lang.
func (c *Catalogue) RuleTitle(lang Lang, id, fallback string) string {
	if r, ok := c.rules[id]; ok {
		if s := r.Title[lang]; s != "" {
			return strings.TrimSpace(s)
		}
	}
	return fallback
}

// RuleDescription returns rule id's description in lang, or fallback.
func (c *Catalogue) RuleDescription(lang Lang, id, fallback string) string {
	if r, ok := c.rules[id]; ok {
		if s := r.Description[lang]; s != "" {
			return strings.TrimSpace(s)
		}
	}
	return fallback
}

// RuleIDs returns the ids of the rules the catalogue has texts for, sorted.
func (c *Catalogue) RuleIDs() []string {
	out := make([]string, 0, len(c.rules))
	for id := range c.rules {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Rule returns the texts of rule id.
func (c *Catalogue) Rule(id string) (RuleText, bool) {
	r, ok := c.rules[id]
	if !ok {
		return RuleText{}, false
	}
	return *r, true
}

// SeedTitle returns the title of the seed article in file seed ("" when the
// catalogue does not know it).
func (c *Catalogue) SeedTitle(seed string) string { return c.seeds[seed] }

// Problems checks the catalogue: every message has a text in each of langs
// (a fix too, when it has one in any language), and every language's text
// uses the same placeholders. Each problem names the file and the id.
func (c *Catalogue) Problems(langs []Lang) []error {
	var out []error
	for _, id := range c.IDs() {
		e := c.messages[id]
		for i, part := range []Text{e.Message, e.Fix} {
			what := [2]string{"message", "fix"}[i]
			if len(part) == 0 {
				continue
			}
			for _, l := range langs {
				if strings.TrimSpace(part[l]) == "" {
					out = append(out, fmt.Errorf("%s: message %s has no %s in %s", e.file, id, what, l))
				}
			}
			var first Lang
			var names string
			for _, l := range Langs {
				if _, ok := part[l]; !ok {
					continue
				}
				got := strings.Join(e.compiled[l][i].names(), ", ")
				if first == "" {
					first, names = l, got
					continue
				}
				if got != names {
					out = append(out, fmt.Errorf("%s: message %s: the %s in %s uses {%s}, in %s {%s}", e.file, id, what, first, names, l, got))
				}
			}
		}
	}
	return out
}
