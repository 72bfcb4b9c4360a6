package ingest

import (
	"fmt"
	"strings"
	"unicode"
)

// A column is one column of a contract table: its contract name, whether a
// file must have it, and the header spellings accepted for it in English,
// Dutch and Swedish. Aliases are compared after normaliseHeader.
type column struct {
	name     string
	required bool
	aliases  []string
	// multiline says a quoted value may run over line breaks (free text such
	// as an exception's reason); in every other column a line break inside a
	// value is a stray quote swallowing rows.
	multiline bool
}

// A tableSpec describes one table of the snapshot contract.
type tableSpec struct {
	name    string // "source", "accounts", "exceptions", "memberships"
	columns []column
}

var (
	nameColumns = []column{
		{name: "first_name", required: true, aliases: []string{"firstname", "givenname", "voornaam", "roepnaam", "förnamn", "fornamn", "tilltalsnamn", "voornamen"}},
		{name: "name_prefix", aliases: []string{"nameprefix", "prefix", "tussenvoegsel", "tussenvoegsels", "voorvoegsel", "middlename"}},
		{name: "last_name", required: true, aliases: []string{"lastname", "surname", "familyname", "achternaam", "geslachtsnaam", "efternamn", "familienaam"}},
		{name: "email", aliases: []string{"email", "mail", "emailaddress", "emailadres", "epost", "epostadress", "mailadres", "mailadress", "emailadress", "werkmail"}},
	}
	kindColumn = column{name: "kind", aliases: []string{"type", "persontype", "usertype", "soort", "typ", "roltype", "categorie", "kategori", "persoonstype", "gebruikerstype", "anvandartyp", "användartyp"}}

	sourceTable = tableSpec{name: "source", columns: concat(
		[]column{
			{name: "source_id", required: true, aliases: []string{"sourceid", "id", "personid", "externalid", "key", "leerlingnummer", "personeelsnummer", "medewerkernummer", "studentnumber", "employeenumber", "employeeid", "elevid", "personalid", "anstallningsnummer", "anställningsnummer", "sourcedid", "persoonsnummer", "stamnummer", "leerlingid", "medewerkerid", "werknemersnummer", "personeelsnr", "elevnummer", "personalnummer", "sisid", "userid"}},
			{name: "school", required: true, aliases: []string{"schoolcode", "schoolid", "brin", "brinnummer", "vestiging", "locatie", "location", "skola", "skolenhet", "skolenhetskod", "schoolunit", "schoolunitcode", "brincode", "skolkod", "skolenhetsid", "schoolsisid"}},
			withRequired(kindColumn),
			{name: "role", aliases: []string{"function", "functie", "jobtitle", "title", "befattning", "roll", "tjanst", "tjänst", "rol", "functienaam", "functieomschrijving", "position", "befattningsnamn", "tjanstetitel", "tjänstetitel"}},
		},
		nameColumns,
		[]column{
			{name: "groups", aliases: []string{"group", "groepen", "groep", "klassen", "klas", "classes", "class", "klasser", "klass", "grupper", "groepsnaam", "klasnaam", "stamgroep", "basisgroep", "mentorgroep", "klassnamn"}},
			{name: "courses", aliases: []string{"course", "subjects", "vakken", "cursussen", "lesgroepen", "kurser", "kurs", "amnen", "ämnen", "undervisningsgrupper", "vak", "amne", "ämne"}},
			{name: "programs", aliases: []string{"program", "programmes", "programmas", "programma's", "methodes", "licenties", "applications", "programma", "licentie"}},
			{name: "start_date", aliases: []string{"startdate", "begindate", "startdatum", "begindatum", "ingangsdatum", "indienst", "indienstdatum", "from", "fran", "från", "datumindienst", "anstallningsdatum", "anställningsdatum", "startdatumdienstverband", "ingangsdatumdienstverband", "begindatumdienstverband", "datuminschrijving", "inskrivningsdatum", "hiredate"}},
			{name: "end_date", aliases: []string{"enddate", "einddatum", "uitdienst", "uitdienstdatum", "slutdatum", "to", "till", "tom", "datumuitdienst", "einddatumdienstverband", "datumuitschrijving", "avgangsdatum", "avgångsdatum", "utskrivningsdatum", "terminationdate", "leavedate"}},
		})}

	accountsTable = tableSpec{name: "accounts", columns: concat(
		[]column{
			{name: "account_id", required: true, aliases: []string{"accountid", "id", "userid", "gebruikerid", "kontoid", "anvandarid", "användarid", "gebruikersid", "objectid"}},
			{name: "username", required: true, aliases: []string{"gebruikersnaam", "inlognaam", "login", "userprincipalname", "upn", "anvandarnamn", "användarnamn", "loginnaam"}},
		},
		nameColumns,
		[]column{
			kindColumn,
			{name: "status", required: true, aliases: []string{"state", "accountstatus", "staat", "tillstand", "tillstånd"}},
			{name: "deleted_at", aliases: []string{"deletedat", "deleted", "deletedon", "verwijderdop", "verwijderddatum", "verwijderd", "raderad", "borttagen", "borttagendatum"}},
			{name: "restored_at", aliases: []string{"restoredat", "restored", "hersteldop", "hersteld", "aterstalld", "återställd"}},
			{name: "schools", required: true, aliases: []string{"school", "scholen", "skolor", "skola", "schoolcodes", "locaties", "skolenheter"}},
			{name: "links", aliases: []string{"link", "sources", "koppelingen", "koppeling", "bronnen", "kopplingar", "kallor", "källor"}},
			{name: "last_login", aliases: []string{"lastlogin", "lastsignin", "laatsteaanmelding", "laatstelogin", "laatstingelogd", "senasteinloggning", "lastlogon", "lastlogindate", "laatstingelogdop", "senastinloggad"}},
			{name: "m365", aliases: []string{"microsoft365", "office365", "o365"}},
			{name: "m365_license", aliases: []string{"m365license", "m365licence", "license", "licence", "licentie", "m365licentie", "licens", "m365licens"}},
			{name: "google", aliases: []string{"googleaccount", "gsuite", "googleworkspace"}},
			{name: "programs", aliases: []string{"program", "programmes", "programmas", "programma's", "programma", "programmabibliotheek", "bibliotheek", "library", "programlibrary"}},
		})}

	exceptionsTable = tableSpec{name: "exceptions", columns: []column{
		{name: "account_id", required: true, aliases: []string{"accountid", "id", "userid", "gebruikerid", "kontoid"}},
		{name: "reason", multiline: true, aliases: []string{"reden", "omschrijving", "orsak", "anledning", "motivering", "toelichting", "opmerking", "kommentar"}},
		{name: "added_by", aliases: []string{"addedby", "toegevoegddoor", "aangemaaktdoor", "tillagdav", "skapadav"}},
		{name: "added_at", aliases: []string{"addedat", "added", "addedon", "toegevoegdop", "aangemaaktop", "tillagd", "tillagdden"}},
		{name: "reviewed_at", aliases: []string{"reviewedat", "reviewed", "lastreviewed", "beoordeeldop", "gecontroleerdop", "gecontroleerd", "granskad", "granskaddatum"}},
		{name: "expires_at", aliases: []string{"expiresat", "expires", "expiry", "verlooptop", "vervaldatum", "geldigtot", "upphor", "upphör", "gallertill", "gällertill", "geldigtm", "giltigtill"}},
	}}

	membershipsTable = tableSpec{name: "memberships", columns: []column{
		{name: "account_id", required: true, aliases: []string{"accountid", "id", "userid", "gebruikerid", "kontoid"}},
		{name: "school", required: true, aliases: []string{"schoolcode", "brin", "skola", "skolenhet"}},
		{name: "group", required: true, aliases: []string{"groep", "grupp", "klas", "klass", "course", "cursus", "kurs", "groepsnaam"}},
		{name: "kind", aliases: []string{"type", "soort", "typ"}},
		{name: "origin", aliases: []string{"herkomst", "bron", "ursprung", "source"}},
	}}
)

func concat(parts ...[]column) []column {
	var all []column
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

func withRequired(c column) column {
	c.required = true
	return c
}

// normaliseHeader folds a header for comparison: lower case, without spaces,
// dashes, underscores, dots and a byte-order mark.
func normaliseHeader(s string) string {
	if isLowerASCII(s) {
		return s // already normal (a status or kind cell, mostly): no copy
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '-' || r == '_' || r == '.' || r == '\ufeff' || unicode.IsSpace(r):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isLowerASCII reports whether s is made of the letters a to z only.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// lookup returns, for each normalised spelling, the contract column it names.
func (t tableSpec) lookup() map[string]string {
	m := make(map[string]string, 8*len(t.columns))
	for _, c := range t.columns {
		m[normaliseHeader(c.name)] = c.name
		for _, a := range c.aliases {
			if _, taken := m[normaliseHeader(a)]; !taken {
				m[normaliseHeader(a)] = c.name
			}
		}
	}
	return m
}

// column returns the spec of the named column.
func (t tableSpec) column(name string) column {
	for _, c := range t.columns {
		if c.name == name {
			return c
		}
	}
	return column{name: name}
}

// contractTables are the snapshot's tables with their files, in the
// contract's order, for docs/columns.md.
var contractTables = []struct {
	files string
	spec  tableSpec
}{
	{"sources/las, sources/hr, sources/sis", sourceTable},
	{"target/accounts", accountsTable},
	{"target/exceptions", exceptionsTable},
	{"target/memberships", membershipsTable},
}

// ColumnsMarkdown returns docs/columns.md: every header accepted for every
// contract column, generated from the alias table above (go test ./ingest
// -run TestColumnsDoc -update writes it).
func ColumnsMarkdown() string {
	var b strings.Builder
	b.WriteString("# Column headers syncaudit accepts\n\n")
	b.WriteString("<!-- Generated from ingest/columns.go by `go test ./ingest -run TestColumnsDoc -update`; do not edit. -->\n\n")
	b.WriteString("A header matches when it equals the column's name or one of these spellings after folding: lower\n")
	b.WriteString("case, without spaces, `-`, `_` and `.` (`Datum in dienst`, `datum_in_dienst` and `DATUMINDIENST` are\n")
	b.WriteString("all `datumindienst`). A header that matches none is listed in the report's\n")
	b.WriteString("`run.inputs[].ignored_columns`; one that nearly matches an accepted spelling is named in a warning\n")
	b.WriteString("on standard error (docs/reading.md, \"Columns\").\n")
	for _, t := range contractTables {
		fmt.Fprintf(&b, "\n## %s\n\n| column | required | accepted headers (folded) |\n|---|---|---|\n", t.files)
		for _, c := range t.spec.columns {
			req := ""
			if c.required {
				req = "yes"
			}
			seen := map[string]bool{normaliseHeader(c.name): true}
			var names []string
			for _, a := range c.aliases {
				if n := normaliseHeader(a); !seen[n] {
					seen[n] = true
					names = append(names, "`"+n+"`")
				}
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.name, req, strings.Join(names, ", "))
		}
	}
	return b.String()
}
