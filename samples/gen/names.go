package gen

import "strings"

// A name is one entry of a name pool with its ASCII spelling for usernames
// and e-mail addresses ("Björn" -> "bjorn", "van der" -> "vander").
type name struct {
	text, ascii string
}

// A surname is a last name with its Dutch tussenvoegsel, if any.
type surname struct {
	prefix, last name
}

// foldASCII lowercases s and drops diacritics, spaces and apostrophes, the way
// account provisioning usually spells a login name.
var foldASCII = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "å", "a", "ã", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "ø", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "ş", "s", "ğ", "g", "ı", "i", "ñ", "n", "æ", "ae",
	" ", "", "'", "", "-", "",
)

func pool(items ...string) []name {
	out := make([]name, len(items))
	for i, s := range items {
		out[i] = name{text: s, ascii: foldASCII.Replace(strings.ToLower(s))}
	}
	return out
}

func surnames(items ...string) []surname {
	out := make([]surname, len(items))
	for i, s := range items {
		prefix, last := "", s
		if j := strings.LastIndexByte(s, ' '); j > 0 {
			prefix, last = s[:j], s[j+1:]
		}
		p, l := pool(prefix, last), pool(last)
		out[i] = surname{prefix: p[0], last: l[0]}
	}
	return out
}

// Dutch and Swedish given names and surnames, with the tussenvoegsels and
// diacritics that trip up naive exports (Zoë, Joëlle, Çelik, Åberg, van 't Hof).
var (
	dutchFirst = pool(
		"Jan", "Pieter", "Sanne", "Emma", "Daan", "Lotte", "Sem", "Julia", "Lucas", "Tess",
		"Finn", "Mila", "Noah", "Zoë", "Anouk", "Bram", "Joëlle", "Thijs", "Fenna", "Ruben",
		"Sophie", "Levi", "Saar", "Milan", "Noor", "Jesse", "Liv", "Luuk", "Eva", "Jurriën",
		"Ayoub", "Fatima", "Mohamed", "Yara", "Chloë", "Stijn", "Isa", "Gijs", "Femke", "Mehmet",
		"Anaïs", "Hanneke", "Koen", "Marloes", "Wouter", "Ilse", "Rens", "Nina", "Cas", "Ties",
	)
	dutchLast = surnames(
		"Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
		"Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
		"Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
		"Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
		"de Bruijn", "de Jong", "van 't Hof", "ter Horst", "in 't Veld", "van der Heijden", "Çelik",
		"Öztürk", "Yılmaz", "El Amrani", "Hoogendoorn", "Willemsen", "van Beek", "Schouten", "Prins",
		"van Wijk", "Verhoeven", "Gökçe",
	)
	swedishFirst = pool(
		"Åsa", "Björn", "Märta", "Linnéa", "Oskar", "Elsa", "Göran", "Ingrid", "Sören", "Maja",
		"Alva", "Hugo", "Nils", "Saga", "Emil", "Ebba", "Axel", "Wilma", "Love", "Agnes",
		"Östen", "Selma", "Viggo", "Astrid", "Malte", "Tuva", "Måns", "Klara", "Ture", "Stina",
	)
	swedishLast = surnames(
		"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
		"Svensson", "Gustafsson", "Pettersson", "Jönsson", "Lindström", "Åberg", "Öberg", "Sjögren",
		"Håkansson", "Lindqvist", "Bergström", "Ekström", "Löfgren", "Sandén", "Ström", "Nyström",
	)
	// schoolNames are the second half of a school's name; the first is its kind.
	schoolNames = []string{
		"De Regenboog", "De Zonnewijzer", "Het Kompas", "De Vlinder", "De Klimop", "Het Palet",
		"De Wilgen", "Sint Jozef", "De Fontein", "Het Baken", "De Springplank", "De Horizon",
		"Ekbacken", "Sjöängen", "Björkhagen", "Lärkan", "Tallbacken", "Solrosen",
	}
	schoolKinds  = []string{"OBS", "CBS", "RKBS", "IKC", "Montessorischool", "Daltonschool"}
	hrRoles      = []string{"leerkracht", "leerkracht", "leerkracht", "onderwijsassistent", "directeur", "intern begeleider", "administratie", "conciërge"}
	teacherRoles = map[string]bool{"leerkracht": true, "onderwijsassistent": true, "directeur": true, "intern begeleider": true}
	programs     = []string{"rekentuin", "squla", "gynzy", "snappet", "taalzee", "wrts", "nieuwsbegrip"}
	subjects     = []string{"MA", "SV", "EN", "NO", "SO", "BD", "MU", "IDH"}
	reasons      = []string{"langdurig ziek", "zwangerschapsverlof", "stagiair tot einde schooljaar", "vervanging", "bestuurslid", "sjukskriven", "föräldraledig", "extern begeleider"}
	addedBy      = []string{"p.devries", "m.jansen", "a.lindqvist", "j.bakker", "ict.beheer"}
)
