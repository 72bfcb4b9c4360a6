package syncaudit_test

import (
	"testing"

	"github.com/syncaudit/syncaudit"
)

// TestFoldName: names compare and make usernames as typed on a plain keyboard.
func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë":       "zoe",
		" Öztürk ":  "ozturk",
		"Yılmaz":    "yilmaz",
		"Åsa Öberg": "asa oberg",
		"Jaël":      "jael",
		"ÉLODIE":    "elodie",
		"Weiß Ærø":  "weiss aero",
	} {
		if got := syncaudit.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}
