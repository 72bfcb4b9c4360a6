package report

import "strings"

// A Lang is a report language: English, Dutch or Swedish.
type Lang string

// The report languages.
const (
	English Lang = "en"
	Dutch   Lang = "nl"
	Swedish Lang = "sv"
)

// ParseLang reads a language code; anything unknown gives English.
func ParseLang(s string) Lang {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case Dutch:
		return Dutch
	case Swedish:
		return Swedish
	}
	return English
}

// messages is the one message catalogue of every human-facing report (the
// workbook, the review workbook, the PDF, the terminal table): key -> text per
// language. Add a key here, in all three languages, rather than writing a
// label into a writer.
var messages = map[string][3]string{
	//             English            Dutch                 Swedish
	"tenant":   {"Tenant", "Organisatie", "Organisation"},
	"run_date": {"Run date", "Peildatum", "Körningsdatum"},
	"rule":     {"Rule", "Regel", "Regel"},
	"severity": {"Severity", "Ernst", "Allvarlighet"},
	"account":  {"Account", "Account", "Konto"},
	"school":   {"School", "School", "Skola"},
	"message":  {"Message", "Melding", "Meddelande"},
	"fix":      {"Fix", "Oplossing", "Åtgärd"},
	"deny":     {"deny", "blokkerend", "stopp"},
	"warn":     {"warn", "waarschuwing", "varning"},
	"info":     {"info", "info", "info"},
	// The terminal table (table.go).
	"structure":     {"Structure", "Structuur", "Struktur"},
	"accounts":      {"Accounts", "Accounts", "Konton"},
	"actions":       {"Actions", "Acties", "Åtgärder"},
	"findings":      {"Findings", "Bevindingen", "Iakttagelser"},
	"skipped":       {"skipped", "overgeslagen", "överhoppade"},
	"none":          {"none", "geen", "inga"},
	"disabled":      {"Rules off", "Uitgeschakelde regels", "Avstängda regler"},
	"no_findings":   {"No deny or warn findings.", "Geen blokkerende bevindingen of waarschuwingen.", "Inga stopp eller varningar."},
	"more_findings": {"... and %d more: see report.json", "... en nog %d: zie report.json", "... och %d till: se report.json"},
}

// T returns the text of key in lang; an unknown key is returned as is, so a
// missing translation shows up in review rather than as an empty cell.
func T(lang Lang, key string) string {
	texts, ok := messages[key]
	if !ok {
		return key
	}
	i := 0
	switch lang {
	case Dutch:
		i = 1
	case Swedish:
		i = 2
	}
	if texts[i] == "" {
		return texts[0]
	}
	return texts[i]
}
