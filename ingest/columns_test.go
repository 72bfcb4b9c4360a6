package ingest

import "testing"

func TestNormaliseHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"active", "active"}, // the short cut: already normal
		{"", ""},
		{"Soft_Deleted", "softdeleted"},
		{"soft-deleted", "softdeleted"},
		{"\ufeffAccount ID", "accountid"},
		{"E-mail.Adres", "emailadres"},
		{"Förnamn", "förnamn"},
		{"ACTIEF", "actief"},
		{"aktiv ", "aktiv"},
	}
	for _, tt := range tests {
		if got := normaliseHeader(tt.in); got != tt.want {
			t.Errorf("normaliseHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
