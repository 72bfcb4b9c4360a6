package words

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message"
)

// A template is a compiled message text: literal text and placeholders.
//
// The syntax: {name} inserts argument name; {name|one|other} inserts the
// form that fits the number in argument name by the language's plural rules
// (one = singular), where # in a form stands for the number itself, so
// "{days|# dag|# dagen}" gives "1 dag" and "5 dagen". {{ and }} write a
// brace. Names are lower case letters, digits and _.
type template []segment

// A segment is literal text, or a placeholder when name is set.
type segment struct {
	text  string
	name  string
	forms []string // one, other; nil for a plain placeholder
}

// compile parses a message text.
func compile(s string) (template, error) {
	var t template
	var lit strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '}':
			return nil, fmt.Errorf("a } without its { at byte %d (write }} for a brace)", i)
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("a { without its } at byte %d", i)
			}
			body := s[i+1 : i+end]
			parts := strings.Split(body, "|")
			name := parts[0]
			if !validName(name) {
				return nil, fmt.Errorf("placeholder {%s}: a name is lower-case letters, digits and _", body)
			}
			seg := segment{name: name}
			switch len(parts) {
			case 1:
			case 3:
				seg.forms = parts[1:]
			default:
				return nil, fmt.Errorf("placeholder {%s}: write {%s} or {%s|one|other}", body, name, name)
			}
			if lit.Len() > 0 {
				t = append(t, segment{text: lit.String()})
				lit.Reset()
			}
			t = append(t, seg)
			i += end
		default:
			lit.WriteByte(c)
		}
	}
	if lit.Len() > 0 {
		t = append(t, segment{text: lit.String()})
	}
	return t, nil
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// names returns the distinct placeholder names, sorted.
func (t template) names() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range t {
		if s.name != "" && !seen[s.name] {
			seen[s.name] = true
			out = append(out, s.name)
		}
	}
	sort.Strings(out)
	return out
}

// A lookup finds an argument by name.
type lookup func(name string) (any, bool)

// render writes the template in lang, taking arguments from look. A
// placeholder without an argument stays as {name}, so that it shows.
func (c *Catalogue) render(lang Lang, t template, look lookup, depth int) string {
	var b strings.Builder
	for _, s := range t {
		if s.name == "" {
			b.WriteString(s.text)
			continue
		}
		v, ok := look(s.name)
		if !ok {
			missing := "{" + s.name + "}"
			if s.forms != nil {
				missing = strings.ReplaceAll(s.forms[1], "#", missing)
			}
			b.WriteString(missing)
			continue
		}
		if s.forms == nil {
			b.WriteString(c.value(lang, v, look, depth))
			continue
		}
		form := s.forms[1]
		n, isNum := number(v)
		if isNum && isOne(lang, n) {
			form = s.forms[0]
		}
		b.WriteString(strings.ReplaceAll(form, "#", c.value(lang, v, look, depth)))
	}
	return b.String()
}

// maxDepth bounds phrases within phrases (a hostile policy's loop).
const maxDepth = 8

// value writes one argument: a string as it is; a number in the language's
// notation (1.234 in Dutch, 1 234 in Swedish); a phrase {"id": ..., "args":
// {...}} rendered from the catalogue (or, for an id the catalogue lacks, its
// "text"); a list joined with ", " (with "; " when it holds phrases with
// arguments of their own, which are clauses).
func (c *Catalogue) value(lang Lang, v any, outer lookup, depth int) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case []any:
		sep := ", "
		parts := make([]string, 0, len(v))
		for _, x := range v {
			if m, ok := x.(map[string]any); ok && m["args"] != nil {
				sep = "; " // clauses with arguments of their own
			}
			parts = append(parts, c.value(lang, x, outer, depth))
		}
		return strings.Join(parts, sep)
	case []string:
		return strings.Join(v, ", ")
	case map[string]any:
		id, _ := v["id"].(string)
		if id == "" || depth >= maxDepth {
			return jsonText(v)
		}
		e, ok := c.messages[id]
		if !ok {
			if text, ok := v["text"].(string); ok {
				return text // the phrase's own words for an id the catalogue lacks
			}
			return id
		}
		args, _ := v["args"].(map[string]any)
		look := func(name string) (any, bool) {
			if x, ok := args[name]; ok {
				return x, true
			}
			return outer(name)
		}
		return c.render(lang, e.template(lang, 0), look, depth+1)
	}
	if n, ok := number(v); ok {
		return formatNumber(lang, n)
	}
	return fmt.Sprint(v)
}

// template returns the compiled message (i 0) or fix (i 1) in lang, falling
// back to English and then to any language.
func (e *Entry) template(lang Lang, i int) template {
	if t, ok := e.compiled[lang]; ok && t[i] != nil {
		return t[i]
	}
	if t, ok := e.compiled[English]; ok && t[i] != nil {
		return t[i]
	}
	for _, l := range Langs {
		if t, ok := e.compiled[l]; ok && t[i] != nil {
			return t[i]
		}
	}
	return nil
}

// number reads a numeric argument.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// printers format numbers per language (x/text's CLDR data: grouping and
// decimal separators). A Printer is safe for concurrent use.
var printers = map[Lang]*message.Printer{
	English: message.NewPrinter(English.tag()),
	Dutch:   message.NewPrinter(Dutch.tag()),
	Swedish: message.NewPrinter(Swedish.tag()),
}

func formatNumber(lang Lang, n float64) string {
	p := printers[lang]
	if p == nil {
		p = printers[English]
	}
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return p.Sprint(int64(n))
	}
	return p.Sprint(n)
}

// FormatInt writes n in lang's notation: 1,234 in English, 1.234 in Dutch,
// 1 234 in Swedish.
func FormatInt(lang Lang, n int) string { return formatNumber(lang, float64(n)) }

// isOne reports whether n takes the singular form in lang (CLDR plural rules).
func isOne(lang Lang, n float64) bool {
	if n != math.Trunc(n) {
		return false // 1.5: other, in every report language
	}
	i := int(math.Abs(n))
	return plural.Cardinal.MatchPlural(lang.tag(), i, 0, 0, 0, 0) == plural.One
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Message renders message id in lang with its arguments: args first, then
// evidence. It returns false when the catalogue has no message id.
func (c *Catalogue) Message(lang Lang, id string, args map[string]any, evidence map[string]string) (string, bool) {
	return c.text(lang, id, 0, args, evidence)
}

// Fix renders the fix of message id in lang; false when id is unknown or has no fix.
func (c *Catalogue) Fix(lang Lang, id string, args map[string]any, evidence map[string]string) (string, bool) {
	return c.text(lang, id, 1, args, evidence)
}

func (c *Catalogue) text(lang Lang, id string, i int, args map[string]any, evidence map[string]string) (string, bool) {
	if c == nil {
		return "", false
	}
	e, ok := c.messages[id]
	if !ok {
		return "", false
	}
	t := e.template(lang, i)
	if t == nil {
		return "", false
	}
	look := func(name string) (any, bool) {
		if v, ok := args[name]; ok {
			return v, true
		}
		if v, ok := evidence[name]; ok {
			return v, true
		}
		return nil, false
	}
	return c.render(lang, t, look, 0), true
}

// Phrase renders message id in lang with args, or returns id itself when the
// catalogue does not have it; for the words the program writes itself (a
// skipped action's switch, say).
func (c *Catalogue) Phrase(lang Lang, id string, args map[string]any) string {
	if s, ok := c.Message(lang, id, args, nil); ok {
		return s
	}
	return id
}
