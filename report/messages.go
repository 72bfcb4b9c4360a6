package report

import (
	"sort"

	"github.com/syncaudit/syncaudit"

	"github.com/syncaudit/syncaudit/words"
)

// A Lang is a report language: English, Dutch or Swedish (words.Lang).
type Lang = words.Lang

// The report languages.
const (
	English = words.English
	Dutch   = words.Dutch
	Swedish = words.Swedish
)

// ParseLang reads a language code; anything unknown gives English.
func ParseLang(s string) Lang { return words.ParseLang(s) }

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
	// The many-tenant index workbook.
	"sheet_tenants":     {"Tenants", "Organisaties", "Organisationer"},
	"col_folder":        {"Folder", "Map", "Mapp"},
	"col_worst":         {"Worst", "Ernstigste", "Allvarligast"},
	"col_actions_count": {"Actions", "Acties", "Åtgärder"},
	"col_deny_rules":    {"Deny rules", "Blokkerende regels", "Stoppregler"},
	"col_report":        {"Report", "Rapport", "Rapport"},
	"warn":              {"warn", "waarschuwing", "varning"},
	"info":              {"info", "info", "info"},

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
	"explain_hint":                  {"Explain any account with syncaudit explain --account ID (docs/explain.md).", "Leg elk account uit met syncaudit explain --account ID (docs/explain.md).", "Förklara vilket konto som helst med syncaudit explain --account ID (docs/explain.md)."},
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
	"pdf_exc_entries":               {"Entries on the list", "Vermeldingen op de lijst", "Poster i listan"},
	"pdf_exc_attention":             {"Entries needing attention", "Vermeldingen die aandacht vragen", "Poster som behöver åtgärdas"},
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
	"pdf_unoffered":                 {"Rows at schools the tenant does not list", "Rijen bij scholen die de organisatie niet noemt", "Rader vid skolor som organisationen inte listar"},
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
	"pdf_kind_remove_exception":     {"remove from exception list", "van de uitzonderingenlijst halen", "ta bort från undantagslistan"},
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
	"changes_exc_better":            {"The exception list got better: %d entries need attention, %d before.", "De uitzonderingenlijst is verbeterd: %d vermeldingen vragen aandacht, vorige keer %d.", "Undantagslistan har blivit bättre: %d poster behöver åtgärdas, förra gången %d."},
	"changes_exc_worse":             {"The exception list got worse: %d entries need attention, %d before.", "De uitzonderingenlijst is verslechterd: %d vermeldingen vragen aandacht, vorige keer %d.", "Undantagslistan har blivit sämre: %d poster behöver åtgärdas, förra gången %d."},
	"changes_exc_same":              {"The exception list is unchanged: %d entries need attention, %d before.", "De uitzonderingenlijst is gelijk gebleven: %d vermeldingen vragen aandacht, vorige keer %d.", "Undantagslistan är oförändrad: %d poster behöver åtgärdas, förra gången %d."},
	"changes_exc_entries":           {"Entries on the list: %s now, %s before.", "Vermeldingen op de lijst: nu %s, vorige keer %s.", "Poster i listan: %s nu, förra gången %s."},
	"sheet_changes":                 {"Changes", "Wijzigingen", "Förändringar"},
	"sheet_changed_items":           {"New and resolved", "Nieuw en opgelost", "Nya och lösta"},
	"col_change":                    {"Change", "Wijziging", "Förändring"},
	"col_item":                      {"Item", "Onderdeel", "Post"},
	"col_item_finding":              {"finding", "bevinding", "iakttagelse"},
	"col_item_action":               {"action", "actie", "åtgärd"},
	"changes_none":                  {"Nothing.", "Niets.", "Inget."},

	// The coordinator's workbook (xlsx.go): sheet names.
	"sheet_summary":    {"Summary", "Samenvatting", "Sammanfattning"},
	"sheet_actions":    {"Actions", "Acties", "Åtgärder"},
	"sheet_findings":   {"Findings", "Bevindingen", "Iakttagelser"},
	"sheet_exceptions": {"Exception list", "Importuitzonderingen", "Undantagslista"},
	"sheet_ownership":  {"Field ownership", "Veldeigenaarschap", "Fältägarskap"},
	"sheet_rules":      {"Rules", "Regels", "Regler"},
	// Column headers (unique within each sheet in every language).
	"col_kind":              {"Kind", "Soort", "Typ"},
	"col_state":             {"State", "Status actie", "Läge"},
	"col_skipped_by":        {"Skipped by", "Overgeslagen door", "Hoppas över av"},
	"col_username":          {"Username", "Gebruikersnaam", "Användarnamn"},
	"col_field":             {"Field", "Veld", "Fält"},
	"col_from":              {"From", "Van", "Från"},
	"col_to":                {"To", "Naar", "Till"},
	"col_source":            {"Source", "Bron", "Källa"},
	"col_source_id":         {"Source id", "Bron-id", "Käll-id"},
	"col_group":             {"Group", "Groep", "Grupp"},
	"col_expires_at":        {"Expires", "Vervalt op", "Upphör"},
	"col_reason":            {"Reason", "Reden", "Anledning"},
	"col_evidence":          {"Evidence", "Bewijs", "Underlag"},
	"col_account_id":        {"account_id", "account_id", "account_id"},
	"col_name":              {"Name", "Naam", "Namn"},
	"col_status":            {"Status", "Status", "Status"},
	"col_added_by":          {"Added by", "Toegevoegd door", "Tillagd av"},
	"col_added_at":          {"Added on", "Toegevoegd op", "Tillagd"},
	"col_reviewed_at":       {"Reviewed on", "Beoordeeld op", "Granskad"},
	"col_days_since_review": {"Days since review", "Dagen sinds beoordeling", "Dagar sedan granskning"},
	"col_protection":        {"Protection", "Bescherming", "Skydd"},
	"col_findings":          {"Findings", "Bevindingen", "Iakttagelser"},
	"col_owner":             {"Owner", "Eigenaar", "Ägare"},
	"col_locked_by":         {"Locked by", "Vergrendeld door", "Låst av"},
	"col_target_value":      {"Value in platform", "Waarde in platform", "Värde i plattformen"},
	"col_owner_value":       {"Owner's value", "Waarde bij eigenaar", "Ägarens värde"},
	"col_rule_id":           {"Id", "Id", "Id"},
	"col_title":             {"Title", "Titel", "Rubrik"},
	"col_description":       {"Description", "Beschrijving", "Beskrivning"},
	"col_seed":              {"Seed", "Bron-artikel", "Källartikel"},
	"col_file":              {"Policy file", "Beleidsbestand", "Policyfil"},
	"col_structure":         {"Structure", "Structuur", "Struktur"},
	"col_accounts":          {"Accounts", "Accounts", "Konton"},
	"col_tool":              {"Tool", "Programma", "Verktyg"},
	"col_policy_digest":     {"Policy digest", "Beleidsvingerafdruk", "Policyns kontrollsumma"},
	"col_total":             {"Total", "Totaal", "Totalt"},
	"col_count":             {"Count", "Aantal", "Antal"},
	"col_sheet":             {"Sheet", "Blad", "Blad"},
	"col_rows":              {"Rows", "Rijen", "Rader"},
	"col_note":              {"Note", "Opmerking", "Anmärkning"},
	// Values.
	"state_planned":       {"planned", "gepland", "planerad"},
	"state_skipped":       {"skipped", "overgeslagen", "hoppas över"},
	"status_active":       {"active", "actief", "aktivt"},
	"status_soft_deleted": {"soft-deleted", "verwijderd (herstelbaar)", "borttaget (återställbart)"},
	"status_missing":      {"not in the platform", "niet in het platform", "finns inte i plattformen"},
	"status_manual":       {"manual account", "handmatig account", "manuellt konto"},
	"protection_in_use":   {"in use: absent from every source", "in gebruik: in geen bron aanwezig", "används: saknas i alla källor"},
	"protection_idle":     {"idle: a source offers it", "ongebruikt: een bron levert het", "vilande: en källa levererar kontot"},
	"owner_platform":      {"platform", "platform", "plattformen"},
	"presence_present":    {"present", "aanwezig", "finns"},
	"presence_absent":     {"absent", "afwezig", "saknas"},
	"tenant_wide":         {"(whole tenant)", "(hele organisatie)", "(hela organisationen)"},
	// Summary titles and notes.
	"title_report":   {"syncaudit report", "syncaudit-rapport", "syncaudit-rapport"},
	"title_actions":  {"Actions by kind and state", "Acties per soort en status", "Åtgärder per typ och läge"},
	"title_findings": {"Findings by severity", "Bevindingen per ernst", "Iakttagelser per allvarlighet"},
	"title_schools":  {"Per school", "Per school", "Per skola"},
	"title_sheets":   {"Sheets", "Bladen", "Blad"},
	"chart_schools":  {"Findings, planned and skipped actions per school", "Bevindingen, geplande en overgeslagen acties per school", "Iakttagelser, planerade och överhoppade åtgärder per skola"},
	"spill_note": {
		"sheet %s is full; the rows continue on sheet %s (at most %d rows per sheet)",
		"blad %s is vol; de rijen gaan verder op blad %s (hoogstens %d rijen per blad)",
		"bladet %s är fullt; raderna fortsätter på bladet %s (högst %d rader per blad)",
	},

	// The exception-list review workbook (review_xlsx.go).
	"sheet_instructions": {"Instructions", "Instructies", "Instruktioner"},
	"sheet_review":       {"Review", "Beoordeling", "Granskning"},
	"col_schools":        {"Schools", "Scholen", "Skolor"},
	"col_presence":       {"Present / absent per source", "Aanwezig / afwezig per bron", "Finns / saknas per källa"},
	"col_days_on_list":   {"Days on the list", "Dagen op de lijst", "Dagar på listan"},
	"col_hr_end_date":    {"HR end date", "Einddatum HR", "Slutdatum HR"},
	"col_last_login":     {"Last login", "Laatste aanmelding", "Senaste inloggning"},
	"col_recommendation": {"Recommendation", "Advies", "Rekommendation"},
	"col_decision":       {"Decision (keep / remove / delete)", "Besluit (behouden / van lijst halen / account verwijderen)", "Beslut (behåll / ta bort från listan / radera kontot)"},
	"col_new_reason":     {"New reason", "Nieuwe reden", "Ny anledning"},
	"col_new_expiry":     {"New expiry date", "Nieuwe vervaldatum", "Nytt slutdatum"},
	"col_reviewer":       {"Reviewer", "Beoordelaar", "Granskare"},
	"col_key":            {"key", "key", "key"},
	"decision_keep":      {"keep", "behouden", "behåll"},
	"decision_remove":    {"remove", "van lijst halen", "ta bort från listan"},
	"decision_delete":    {"delete", "account verwijderen", "radera kontot"},
	"rec_remove_missing": {
		"Remove: the account is not in the platform (E3).",
		"Van lijst halen: het account staat niet in het platform (E3).",
		"Ta bort från listan: kontot finns inte i plattformen (E3).",
	},
	"rec_remove_soft_deleted": {
		"Remove: the account is soft-deleted (E3).",
		"Van lijst halen: het account is verwijderd (E3).",
		"Ta bort från listan: kontot är borttaget (E3).",
	},
	"rec_remove_restored": {
		"Remove: the account was restored after the entry was added (D8, E3).",
		"Van lijst halen: het account is hersteld nadat het op de lijst kwam (D8, E3).",
		"Ta bort från listan: kontot återställdes efter att det lades på listan (D8, E3).",
	},
	"rec_remove_manual": {
		"Remove: a manual account cannot be on the list (E2).",
		"Van lijst halen: een handmatig account kan niet op de lijst staan (E2).",
		"Ta bort från listan: ett manuellt konto kan inte stå på listan (E2).",
	},
	"rec_remove_duplicate": {
		"Remove one of the two: the account is on the list more than once (E8).",
		"Haal er één van de lijst: het account staat er meer dan eens op (E8).",
		"Ta bort en av dem: kontot står på listan mer än en gång (E8).",
	},
	"rec_reason_needed": {
		"Keep with a reason, or remove: the entry has no reason (E4).",
		"Behouden met een reden, of van lijst halen: de vermelding heeft geen reden (E4).",
		"Behåll med en anledning, eller ta bort: posten saknar anledning (E4).",
	},
	"rec_expired": {
		"Remove, or keep with a new expiry date: the entry expired on %s (E10).",
		"Van lijst halen, of behouden met een nieuwe vervaldatum: de vermelding verviel op %s (E10).",
		"Ta bort, eller behåll med ett nytt slutdatum: posten upphörde %s (E10).",
	},
	"rec_delete_inactive": {
		"Delete the account, or remove the entry: it is absent from every source and nobody logged in for %d days (E6).",
		"Account verwijderen, of van lijst halen: het is in geen bron aanwezig en er is %d dagen niet aangemeld (E6).",
		"Radera kontot, eller ta bort posten: det saknas i alla källor och ingen har loggat in på %d dagar (E6).",
	},
	"rec_remove_idle": {
		"Remove: a source offers the account again, so the entry protects nothing (E7).",
		"Van lijst halen: een bron levert het account weer, de vermelding beschermt niets (E7).",
		"Ta bort från listan: en källa levererar kontot igen, posten skyddar ingenting (E7).",
	},
	"rec_review_stale": {
		"Review: not added or reviewed in the last %d days (E5); keep with a reason, or remove.",
		"Beoordelen: niet toegevoegd of beoordeeld in de laatste %d dagen (E5); behouden met een reden, of van lijst halen.",
		"Granska: inte tillagd eller granskad de senaste %d dagarna (E5); behåll med en anledning, eller ta bort.",
	},
	"rec_keep": {
		"Keep: the protection is in use and was reviewed recently.",
		"Behouden: de bescherming is in gebruik en onlangs beoordeeld.",
		"Behåll: skyddet används och granskades nyligen.",
	},
	"instr_title": {"Reviewing the exception list", "De importuitzonderingen beoordelen", "Granska undantagslistan"},
	"instr_steps": {
		"1. Open the sheet %s. There is one row per entry of the exception list, the most urgent first.\n" +
			"2. Red rows are invalid entries (E2, E3, E4, E8, E10); yellow rows are due for review (E5). The Recommendation column says what syncaudit would do.\n" +
			"3. Pick a decision in the column \"%s\": %s (keep the entry: needs a reason, which restarts the review clock), %s (take the entry off the list), or %s (delete the account: only for an account that no source offers any more).\n" +
			"4. For keep, write the reason in \"%s\" (the old reason is used when you leave it empty and the old one exists) and, if you like, an expiry date in \"%s\". Put your name in \"%s\".\n" +
			"5. Leave a row's decision empty to change nothing for that entry. Do not change the account_id column or add rows.\n" +
			"6. Save the workbook and run: syncaudit review import review.xlsx --snapshot DIR --out plan.json",
		"1. Open het blad %s. Er is één rij per vermelding op de uitzonderingenlijst, de dringendste eerst.\n" +
			"2. Rode rijen zijn ongeldige vermeldingen (E2, E3, E4, E8, E10); gele rijen moeten opnieuw beoordeeld worden (E5). De kolom Advies zegt wat syncaudit zou doen.\n" +
			"3. Kies een besluit in de kolom \"%s\": %s (vermelding behouden: vraagt een reden en zet de beoordelingsdatum op vandaag), %s (vermelding van de lijst halen) of %s (account verwijderen: alleen voor een account dat geen bron meer levert).\n" +
			"4. Schrijf bij behouden de reden in \"%s\" (leeg = de oude reden, als die er is) en eventueel een vervaldatum in \"%s\". Zet uw naam in \"%s\".\n" +
			"5. Laat het besluit leeg om niets aan die vermelding te veranderen. Wijzig de kolom account_id niet en voeg geen rijen toe.\n" +
			"6. Sla de werkmap op en voer uit: syncaudit review import review.xlsx --snapshot MAP --out plan.json",
		"1. Öppna bladet %s. Det finns en rad per post i undantagslistan, den mest brådskande först.\n" +
			"2. Röda rader är ogiltiga poster (E2, E3, E4, E8, E10); gula rader ska granskas (E5). Kolumnen Rekommendation säger vad syncaudit skulle göra.\n" +
			"3. Välj ett beslut i kolumnen \"%s\": %s (behåll posten: kräver en anledning och startar om granskningstiden), %s (ta bort posten från listan) eller %s (radera kontot: bara för ett konto som ingen källa levererar längre).\n" +
			"4. Skriv vid behåll anledningen i \"%s\" (tom = den gamla anledningen, om den finns) och gärna ett slutdatum i \"%s\". Skriv ditt namn i \"%s\".\n" +
			"5. Lämna beslutet tomt för att inte ändra posten. Ändra inte kolumnen account_id och lägg inte till rader.\n" +
			"6. Spara arbetsboken och kör: syncaudit review import review.xlsx --snapshot MAPP --out plan.json",
	},
	"val_decision": {
		"Pick one of: %s. Leave it empty to change nothing.",
		"Kies een van: %s. Laat leeg om niets te veranderen.",
		"Välj ett av: %s. Lämna tomt för att inte ändra något.",
	},
	"val_expiry": {
		"Type a date after the run date %s, as YYYY-MM-DD: %s or later, for example %s. Leave it empty for no end date.",
		"Typ een datum na de peildatum %s, als JJJJ-MM-DD: %s of later, bijvoorbeeld %s. Laat leeg voor geen einddatum.",
		"Skriv ett datum efter körningsdatumet %s, som ÅÅÅÅ-MM-DD: %s eller senare, till exempel %s. Lämna tomt för inget slutdatum.",
	},
	"legend_invalid": {"Invalid entry", "Ongeldige vermelding", "Ogiltig post"},
	"legend_stale":   {"Due for review", "Moet beoordeeld worden", "Ska granskas"},

	// The progress line on the terminal (cmd/syncaudit/progress.go).
	"prog_reading":          {"reading", "inlezen", "läser in"},
	"prog_reading_snapshot": {"reading %s", "%s inlezen", "läser in %s"},
	"prog_loading":          {"loading the rule book", "regelboek laden", "läser in regelboken"},
	"prog_writing":          {"writing the reports", "rapporten schrijven", "skriver rapporterna"},
	"prog_evaluating":       {"evaluating", "controleren", "kontrollerar"},
	"prog_checking":         {"checking", "controleren", "kontrollerar"},
	"prog_checking_n":       {"checking %d tenants", "%d organisaties controleren", "kontrollerar %d organisationer"},
	"prog_cases":            {"cases", "gevallen", "fall"},
	"prog_records":          {"records", "records", "poster"},
	"prog_tenants":          {"tenants", "organisaties", "organisationer"},
	"prog_left":             {"%s left", "nog %s", "%s kvar"},

	// The terminal summaries of the verbs (cmd/syncaudit).
	"sum_review_export": {
		"wrote %s: %d exception entries, %d invalid, %d due for review; fill in the decision column, then run syncaudit review import %s --snapshot %s --out plan.json",
		"%s geschreven: %d vermeldingen op de uitzonderingenlijst, %d ongeldig, %d toe aan beoordeling; vul de kolom Besluit in en voer daarna uit: syncaudit review import %s --snapshot %s --out plan.json",
		"skrev %s: %d poster i undantagslistan, %d ogiltiga, %d ska granskas; fyll i kolumnen Beslut och kör sedan syncaudit review import %s --snapshot %s --out plan.json",
	},
	"sum_review_import": {
		"wrote %s: %d rows read: %d kept, %d removed, %d deleted, %d left blank; %d not taken (see above)",
		"%s geschreven: %d rijen gelezen: %d behouden, %d van de lijst gehaald, %d accounts verwijderd, %d leeg gelaten; %d niet overgenomen (zie hierboven)",
		"skrev %s: %d rader lästa: %d behållna, %d borttagna från listan, %d konton borttagna, %d lämnade tomma; %d inte genomförda (se ovan)",
	},

	"sum_apply_wrote": {
		"wrote the next snapshot to %s (run date %s, plan sha256 %s)",
		"volgende snapshot geschreven naar %s (peildatum %s, plan sha256 %s)",
		"skrev nästa ögonblicksbild till %s (körningsdatum %s, plan sha256 %s)",
	},
	"sum_apply_kind":        {"%s: applied %d", "%s: %d uitgevoerd", "%s: %d genomförda"},
	"sum_apply_not_applied": {", not applied %d", ", %d niet uitgevoerd", ", %d inte genomförda"},
	"sum_apply_purge": {
		"purge candidates are never purged by apply (D7): purging cannot be undone and is a person's decision in the target",
		"kandidaten voor definitief verwijderen worden door apply nooit definitief verwijderd (D7): dat is niet terug te draaien en blijft een besluit van een mens in het platform",
		"kandidater för slutlig radering raderas aldrig av apply (D7): det går inte att ångra och är ett beslut som en människa fattar i plattformen",
	},
	"sum_apply_empty": {
		"the plan holds no action: the target is unchanged",
		"het plan bevat geen actie: het platform blijft ongewijzigd",
		"planen innehåller ingen åtgärd: plattformen lämnas oförändrad",
	},
	"sum_apply_unselected": {
		"the rule book plans %d more changes that the plan does not select: they are not applied",
		"het regelboek plant nog %d wijzigingen die het plan niet selecteert: die worden niet uitgevoerd",
		"regelboken planerar ytterligare %d ändringar som planen inte väljer: de genomförs inte",
	},
	"sum_apply_schoolless": {
		"note: %d active accounts keep no school relation (%s): the plan unlinked every school of them (on a board, D5 does so for an absent account that the exception list keeps): they stand at board level until their entries are reviewed",
		"let op: %d actieve accounts houden geen koppeling met een school (%s): het plan ontkoppelt ze van al hun scholen (bij een bestuur doet D5 dat voor een afwezig account dat de uitzonderingenlijst behoudt): ze staan op bestuursniveau tot hun vermeldingen beoordeeld zijn",
		"obs: %d aktiva konton behåller ingen koppling till en skolenhet (%s): planen kopplar bort alla deras skolenheter (hos en huvudman gör D5 det för ett frånvarande konto som undantagslistan behåller): de ligger på huvudmannanivå tills deras poster har granskats",
	},
	"sum_apply_journal": {"journal: %s", "logboek: %s", "logg: %s"},
	"sum_gen": {
		"wrote %s: %d accounts, %d source records, %d exception entries, %d memberships, %d schools (%s) in %ss",
		"%s geschreven: %d accounts, %d bronrecords, %d vermeldingen op de uitzonderingenlijst, %d lidmaatschappen, %d scholen (%s) in %ss",
		"skrev %s: %d konton, %d källposter, %d poster i undantagslistan, %d medlemskap, %d skolenheter (%s) på %ss",
	},
	"sum_convert_wrote": {"wrote %s and %s", "%s en %s geschreven", "skrev %s och %s"},
	"sum_convert_tenant": {
		"wrote %s with %d schools: set id, name, structure and domain before a check",
		"%s geschreven met %d scholen: vul id, naam, structuur en domein in voor een controle",
		"skrev %s med %d skolenheter: fyll i id, namn, struktur och domän före en kontroll",
	},
	// The table of many tenants (check --snapshots, index).
	"idx_col_tenant":   {"TENANT", "ORGANISATIE", "ORGANISATION"},
	"idx_col_folder":   {"FOLDER", "MAP", "MAPP"},
	"idx_col_worst":    {"WORST", "ERNSTIGSTE", "ALLVARLIGAST"},
	"idx_col_deny":     {"DENY", "BLOKKEREND", "STOPP"},
	"idx_col_warn":     {"WARN", "WAARSCHUWING", "VARNING"},
	"idx_col_info":     {"INFO", "INFO", "INFO"},
	"idx_col_actions":  {"ACTIONS", "ACTIES", "ÅTGÄRDER"},
	"idx_col_accounts": {"ACCOUNTS", "ACCOUNTS", "KONTON"},
	"idx_col_note":     {"NOTE", "OPMERKING", "ANMÄRKNING"},
	"idx_total":        {"total", "totaal", "totalt"},
	"idx_tenants":      {"%d tenants", "%d organisaties", "%d organisationer"},

	// The terminal table (table.go).
	"structure":     {"Structure", "Structuur", "Struktur"},
	"accounts":      {"Accounts", "Accounts", "Konton"},
	"actions":       {"Actions", "Acties", "Åtgärder"},
	"findings":      {"Findings", "Bevindingen", "Iakttagelser"},
	"skipped":       {"skipped", "overgeslagen", "överhoppade"},
	"none":          {"none", "geen", "inga"},
	"disabled":      {"Rules off", "Uitgeschakelde regels", "Avstängda regler"},
	"guards_off":    {"GUARDS SWITCHED OFF (the tenant's disabled_rules)", "BEVEILIGINGEN UITGESCHAKELD (disabled_rules van de organisatie)", "SKYDD AVSTÄNGDA (organisationens disabled_rules)"},
	"no_findings":   {"No deny or warn findings.", "Geen blokkerende bevindingen of waarschuwingen.", "Inga stopp eller varningar."},
	"more_findings": {"... and %d more: see report.json", "... en nog %d: zie report.json", "... och %d till: se report.json"},

	// Codes a person reads in the workbook (labels.go), and the school of an
	// outcome about an account the snapshot gives no school.
	"field_first_name":  {"First name", "Voornaam", "Förnamn"},
	"field_name_prefix": {"Name prefix", "Tussenvoegsel", "Namnprefix"},
	"field_last_name":   {"Last name", "Achternaam", "Efternamn"},
	"field_email":       {"E-mail", "E-mailadres", "E-post"},
	"field_reason":      {"Reason", "Reden", "Anledning"},
	"col_rules":         {"Rules", "Regels", "Regler"},
	"col_differs":       {"Differs from the owner (platform → owner)", "Wijkt af van de eigenaar (platform → eigenaar)", "Skiljer sig från ägaren (plattform → ägare)"},
	"no_school":         {"(no school known)", "(geen school bekend)", "(ingen skola känd)"},
	"generated_at":      {"Generated at", "Gemaakt op", "Skapad"},
	"revision":          {"Revision", "Revisie", "Revision"},
	"opa_version":       {"OPA version", "OPA-versie", "OPA-version"},
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

// SeverityLabel names a severity in lang ("waarschuwing"); "" gives "-".
func SeverityLabel(lang Lang, s syncaudit.Severity) string {
	if s == "" {
		return "-"
	}
	return T(lang, string(s))
}

// LabelKeys returns every key of the label catalogue, sorted (for the tests
// that look for English words in Dutch and Swedish outputs).
func LabelKeys() []string {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
