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

	// PDF (report/pdf.go) and the comparison with a previous run (report/diff.go).
	"pdf_title":                     {"Sync audit report", "Auditrapport synchronisatie", "Granskningsrapport för synkronisering"},
	"pdf_structure":                 {"Structure", "Structuur", "Struktur"},
	"pdf_single_school":             {"Single school", "Eenpitter", "Enskild skola"},
	"pdf_board":                     {"Board", "Bestuur", "Huvudman"},
	"pdf_multi_domain":              {"Multi-domain", "Multidomein", "Flera domäner"},
	"pdf_tool_version":              {"Tool version", "Versie van de tool", "Verktygsversion"},
	"pdf_verdict":                   {"Overall verdict", "Eindoordeel", "Samlad bedömning"},
	"pdf_verdict_deny":              {"Refused: at least one blocking finding", "Geweigerd: minstens één blokkerende bevinding", "Stoppad: minst en stoppande iakttagelse"},
	"pdf_verdict_warn":              {"Passed with warnings", "Goedgekeurd met waarschuwingen", "Godkänd med varningar"},
	"pdf_verdict_ok":                {"Passed", "Goedgekeurd", "Godkänd"},
	"pdf_contents":                  {"Contents", "Inhoud", "Innehåll"},
	"pdf_page_of":                   {"page %d of %d", "pagina %d van %d", "sida %d av %d"},
	"pdf_summary":                   {"Executive summary", "Samenvatting", "Sammanfattning"},
	"pdf_accounts":                  {"Accounts in the target", "Accounts in het doelsysteem", "Konton i målsystemet"},
	"pdf_actions_by_kind":           {"Actions by kind", "Acties per soort", "Åtgärder per typ"},
	"pdf_findings_by_severity":      {"Findings by severity", "Bevindingen per ernst", "Iakttagelser per allvarlighetsgrad"},
	"pdf_per_school":                {"Per school", "Per school", "Per skola"},
	"pdf_whole_tenant":              {"whole tenant", "hele organisatie", "hela organisationen"},
	"pdf_planned":                   {"planned", "gepland", "planerade"},
	"pdf_skipped":                   {"skipped", "overgeslagen", "överhoppade"},
	"pdf_findings":                  {"Findings: deny and warn", "Bevindingen: blokkerend en waarschuwing", "Iakttagelser: stopp och varning"},
	"pdf_no_findings":               {"No deny or warn findings.", "Geen blokkerende bevindingen of waarschuwingen.", "Inga stopp eller varningar."},
	"pdf_n_findings":                {"findings: %d", "bevindingen: %d", "iakttagelser: %d"},
	"pdf_finding":                   {"Finding and evidence", "Bevinding en bewijs", "Iakttagelse och underlag"},
	"pdf_truncated":                 {"Showing the first %d of %d. The workbook %s lists all of them.", "De eerste %d van %d staan hier. De werkmap %s bevat ze allemaal.", "Här visas de första %d av %d. Arbetsboken %s listar alla."},
	"pdf_info_per_rule":             {"Info findings per rule (listed in the workbook)", "Informatieve bevindingen per regel (in de werkmap)", "Informativa iakttagelser per regel (listas i arbetsboken)"},
	"pdf_count":                     {"Count", "Aantal", "Antal"},
	"pdf_deletions":                 {"Planned deletions and licence releases", "Geplande verwijderingen en vrijgegeven licenties", "Planerade borttagningar och frigjorda licenser"},
	"pdf_deletions_accounts":        {"Deletions", "Verwijderingen", "Borttagningar"},
	"pdf_deletions_licences":        {"Licences released and linked accounts suspended", "Vrijgegeven licenties en opgeschorte gekoppelde accounts", "Frigjorda licenser och spärrade kopplade konton"},
	"pdf_skipped_not_listed":        {"%d more of these actions are skipped by a sync switch and not listed.", "Nog %d van deze acties worden door een synchronisatieschakelaar tegengehouden en staan hier niet.", "Ytterligare %d av dessa åtgärder hålls tillbaka av en synkroniseringsinställning och listas inte."},
	"pdf_none":                      {"None.", "Geen.", "Inga."},
	"pdf_kind":                      {"Kind", "Soort", "Typ"},
	"pdf_reason":                    {"Reason", "Reden", "Anledning"},
	"pdf_exceptions":                {"The exception list", "De importuitzonderingen", "Undantagslistan"},
	"pdf_exc_entries":               {"Entries on the list", "Regels op de lijst", "Poster i listan"},
	"pdf_exc_attention":             {"Entries needing attention", "Regels die aandacht vragen", "Poster som behöver åtgärdas"},
	"pdf_exc_due":                   {"Due for review", "Toe aan herbeoordeling", "Ska granskas"},
	"pdf_exc_invalid":               {"Invalid", "Ongeldig", "Ogiltiga"},
	"pdf_exc_expired":               {"Expired", "Verlopen", "Utgångna"},
	"pdf_exc_duplicate":             {"Duplicate", "Dubbel", "Dubbletter"},
	"pdf_exc_idle":                  {"Idle: the source offers the account again", "Overbodig: de bron levert het account weer", "Overflödiga: källan levererar kontot igen"},
	"pdf_exc_in_use":                {"Protection in use: absent account kept", "Bescherming actief: afwezig account blijft", "Skydd används: frånvarande konto behålls"},
	"pdf_exc_stale":                 {"Protected account not logged in for long", "Beschermd account lang niet ingelogd", "Skyddat konto inte inloggat på länge"},
	"pdf_unknown":                   {"unknown", "onbekend", "okänt"},
	"pdf_action_rule":               {"action", "actie", "åtgärd"},
	"pdf_rules":                     {"Rule catalogue", "Regelcatalogus", "Regelkatalog"},
	"pdf_rule_title":                {"Title", "Titel", "Titel"},
	"pdf_description":               {"Description", "Omschrijving", "Beskrivning"},
	"pdf_seed":                      {"Seed", "Brondocument", "Källdokument"},
	"pdf_provenance":                {"Appendix: provenance", "Bijlage: herkomst", "Bilaga: ursprung"},
	"pdf_inputs":                    {"Input files", "Invoerbestanden", "Indatafiler"},
	"pdf_file":                      {"File", "Bestand", "Fil"},
	"pdf_records":                   {"Records", "Records", "Poster"},
	"pdf_policy_digest":             {"Policy digest", "Hash van de regelset", "Kontrollsumma för regelverket"},
	"pdf_policy_files":              {"Policy files", "Beleidsbestanden", "Policyfiler"},
	"pdf_parameters":                {"Parameters in force", "Geldende parameters", "Gällande parametrar"},
	"pdf_parameter":                 {"Parameter", "Parameter", "Parameter"},
	"pdf_value":                     {"Value", "Waarde", "Värde"},
	"pdf_disabled_rules":            {"Rules switched off", "Uitgeschakelde regels", "Avstängda regler"},
	"pdf_kind_create":               {"create", "aanmaken", "skapa"},
	"pdf_kind_update":               {"update", "bijwerken", "uppdatera"},
	"pdf_kind_link_school":          {"link to school", "aan school koppelen", "koppla till skola"},
	"pdf_kind_unlink_school":        {"unlink from school", "van school ontkoppelen", "koppla från skola"},
	"pdf_kind_unlink_source":        {"unlink from source", "van bron ontkoppelen", "koppla från källa"},
	"pdf_kind_soft_delete":          {"soft delete", "naar verwijderde gebruikers", "till borttagna användare"},
	"pdf_kind_keep_by_exception":    {"keep by exception", "behouden door uitzondering", "behålls genom undantag"},
	"pdf_kind_suspend_m365":         {"suspend Microsoft 365", "Microsoft 365 opschorten", "spärra Microsoft 365"},
	"pdf_kind_release_license":      {"release licence", "licentie vrijgeven", "frigör licens"},
	"pdf_kind_suspend_google":       {"suspend Google", "Google opschorten", "spärra Google"},
	"pdf_kind_purge_candidate":      {"purge candidate", "kandidaat voor definitief verwijderen", "kandidat för slutlig radering"},
	"pdf_kind_add_membership":       {"add membership", "lidmaatschap toevoegen", "lägg till medlemskap"},
	"pdf_kind_remove_membership":    {"remove membership", "lidmaatschap verwijderen", "ta bort medlemskap"},
	"pdf_kind_set_exception_reason": {"set exception reason", "reden uitzondering vastleggen", "ange skäl för undantag"},
	"pdf_kind_remove_exception":     {"remove from exception list", "van uitzonderingslijst halen", "ta bort från undantagslistan"},
	"pdf_kind_delete_account":       {"delete account", "account verwijderen", "radera konto"},
	"changes":                       {"Changes since the previous run", "Wijzigingen sinds de vorige controle", "Förändringar sedan förra körningen"},
	"changes_previous":              {"Previous run", "Vorige controle", "Förra körningen"},
	"changes_policy_changed":        {"The policy set differs from the previous run's.", "De regelset verschilt van die van de vorige controle.", "Regelverket skiljer sig från förra körningens."},
	"changes_policy_same":           {"The policy set is the same as the previous run's.", "De regelset is dezelfde als bij de vorige controle.", "Regelverket är detsamma som vid förra körningen."},
	"changes_findings":              {"Findings", "Bevindingen", "Iakttagelser"},
	"changes_actions":               {"Actions", "Acties", "Åtgärder"},
	"changes_before":                {"Before", "Vorige", "Förra"},
	"changes_now":                   {"Now", "Nu", "Nu"},
	"changes_new":                   {"New", "Nieuw", "Nya"},
	"changes_resolved":              {"Resolved", "Opgelost", "Lösta"},
	"changes_gone":                  {"No longer planned", "Niet meer gepland", "Inte längre planerade"},
	"changes_unchanged":             {"Unchanged", "Ongewijzigd", "Oförändrade"},
	"changes_per_rule":              {"Findings per rule", "Bevindingen per regel", "Iakttagelser per regel"},
	"changes_new_findings":          {"New findings", "Nieuwe bevindingen", "Nya iakttagelser"},
	"changes_resolved_findings":     {"Resolved findings", "Opgeloste bevindingen", "Lösta iakttagelser"},
	"changes_new_actions":           {"New actions", "Nieuwe acties", "Nya åtgärder"},
	"changes_gone_actions":          {"Actions no longer planned", "Acties die niet meer gepland zijn", "Åtgärder som inte längre planeras"},
	"changes_exc_better":            {"The exception list got better: %d entries need attention, %d before.", "De uitzonderingslijst is verbeterd: %d regels vragen aandacht, vorige keer %d.", "Undantagslistan har blivit bättre: %d poster behöver åtgärdas, förra gången %d."},
	"changes_exc_worse":             {"The exception list got worse: %d entries need attention, %d before.", "De uitzonderingslijst is verslechterd: %d regels vragen aandacht, vorige keer %d.", "Undantagslistan har blivit sämre: %d poster behöver åtgärdas, förra gången %d."},
	"changes_exc_same":              {"The exception list is unchanged: %d entries need attention, %d before.", "De uitzonderingslijst is gelijk gebleven: %d regels vragen aandacht, vorige keer %d.", "Undantagslistan är oförändrad: %d poster behöver åtgärdas, förra gången %d."},
	"changes_exc_entries":           {"Entries on the list: %s now, %s before.", "Regels op de lijst: nu %s, vorige keer %s.", "Poster i listan: %s nu, förra gången %s."},
	"changes_none":                  {"Nothing.", "Niets.", "Inget."},

	// The terminal table (table.go).
	"structure":     {"Structure", "Structuur", "Struktur"},
	"accounts":      {"Accounts", "Accounts", "Konton"},
	"actions":       {"Actions", "Acties", "Åtgärder"},
	"findings":      {"Findings", "Bevindingen", "Iakttagelser"},
	"skipped":       {"skipped", "overgeslagen", "överhoppade"},
	"none":          {"none", "geen", "inga"},
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
