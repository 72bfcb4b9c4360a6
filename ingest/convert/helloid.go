package convert

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// helloIDPerson is one row of the persons file.
type helloIDPerson struct {
	first, prefix, last, email string
}

// convertHelloID reads the persons + contracts CSV pair of a Dutch HR export
// (the HelloID CSV source layout): a folder holding a file whose name has
// "persons" and one whose name has "contracts" (an OrganizationalUnits file
// beside them gives the schools' names).
//
// Every contract is one staff record: the person's EmployeeCode is the
// source_id, the contract's OrganizationalUnit the school (renamed through
// the school map), its FunctionCode the role, its ContractStartDate and
// ContractEndDate the dates (d-m-yyyy). The first name is the NickName
// (roepnaam) when set, else FirstName; the last name follows PreferredNaming
// (naamgebruik: 0 own name, 1 partner's, 2 partner's-own, 3 own-partner's);
// the e-mail is EmailBusiness. Persons with Blocked true are left out.
func convertHelloID(ctx context.Context, r *run, dir string) (*Result, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, &syncaudit.InputError{File: dir, Problem: "a HelloID HR export is a folder with a persons and a contracts CSV", Fix: "give --in the folder that holds both files"}
	}
	personsPath, contractsPath, unitsPath := "", "", ""
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &syncaudit.InputError{File: dir, Problem: "the folder cannot be read: " + unwrapPathError(err), Fix: "check that the folder may be read by the user running syncaudit"}
	}
	for _, e := range entries {
		name := strings.ToLower(e.Name())
		if e.IsDir() || filepath.Ext(name) != ".csv" {
			continue
		}
		switch {
		case strings.Contains(name, "person") && personsPath == "":
			personsPath = filepath.Join(dir, e.Name())
		case strings.Contains(name, "contract") && contractsPath == "":
			contractsPath = filepath.Join(dir, e.Name())
		case strings.Contains(name, "organizationalunit") || strings.Contains(name, "organisationalunit") || strings.Contains(name, "departments"):
			unitsPath = filepath.Join(dir, e.Name())
		default:
			if t, err := readTable(filepath.Join(dir, e.Name()), e.Name(), 0); err == nil {
				r.d.file(e.Name(), len(t.rows))
			}
		}
	}
	if personsPath == "" || contractsPath == "" {
		return nil, &syncaudit.InputError{File: dir, Problem: "the folder needs a persons file and a contracts file (names holding \"persons\" and \"contracts\")", Fix: "put both CSV files of the HR export in one folder"}
	}

	pt, err := readTable(personsPath, rel(dir, personsPath), 0)
	if err != nil {
		return nil, err
	}
	pid, err := pt.need("the person's key", "EmployeeCode", "ExternalId")
	if err != nil {
		return nil, err
	}
	first, err := pt.need("the contract needs first names", "FirstName", "GivenName")
	if err != nil {
		return nil, err
	}
	last, err := pt.need("the contract needs last names", "LastName", "FamilyName")
	if err != nil {
		return nil, err
	}
	nick, prefix := pt.col("NickName"), pt.col("NamePrefix")
	partnerPrefix, partner, naming := pt.col("PartnerNamePrefix"), pt.col("PartnerName"), pt.col("PreferredNaming", "Convention")
	email, blocked := pt.col("EmailBusiness", "Email"), pt.col("Blocked")
	persons := map[string]helloIDPerson{}
	personLine := map[string]int{}
	var order []string
	for _, row := range pt.rows {
		if r.tooMany() {
			break
		}
		id := cell(row, pid)
		if id == "" {
			r.bad(pt.bad(row, pid, "the person has no EmployeeCode", "give every person its key"))
			continue
		}
		isBlocked, err := parseBool(cell(row, blocked), false)
		if err != nil {
			r.bad(pt.bad(row, blocked, err.Error(), "write TRUE or FALSE"))
			continue
		}
		if isBlocked {
			r.d.skip(pt.file, row.Line, id, "person blocked in HR")
			continue
		}
		p, bad := helloIDName(pt, row, first, nick, prefix, last, partnerPrefix, partner, naming)
		if bad != nil {
			r.bad(bad)
			continue
		}
		p.email = cell(row, email)
		if _, dup := persons[id]; dup {
			r.bad(pt.bad(row, pid, "the EmployeeCode appears twice in the persons file", "give each person one row"))
			continue
		}
		persons[id], personLine[id] = p, row.Line
		order = append(order, id)
	}
	pt.dropColumns(r.d)

	ct, err := readTable(contractsPath, rel(dir, contractsPath), 0)
	if err != nil {
		return nil, err
	}
	r.file = ct.file
	cid, err := ct.need("whose contract it is", "EmployeeCode", "PersonId")
	if err != nil {
		return nil, err
	}
	unit, err := ct.need("the school of the contract", "OrganizationalUnit", "Department", "DepartmentCode")
	if err != nil {
		return nil, err
	}
	function := ct.col("FunctionCode", "TitleCode")
	start, end := ct.col("ContractStartDate", "StartDate"), ct.col("ContractEndDate", "EndDate")
	ct.col("ContractSequenceNumber")
	leftOut := map[string]bool{} // persons skipped with a reason
	for _, row := range r.d.Rows {
		leftOut[row.ID] = true
	}
	var recs []syncaudit.SourceRecord
	hasContract := map[string]bool{}
	units := map[string]bool{}
	known := func(row mapping.Row) bool { _, ok := persons[cell(row, cid)]; return ok }
	froms, badFrom := r.dateColumn(ct, start, "contract's start date", known)
	tos, badTo := r.dateColumn(ct, end, "contract's end date", known)
	for _, row := range ct.rows {
		if r.tooMany() {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := cell(row, cid)
		p, ok := persons[id]
		if !ok {
			if leftOut[id] {
				r.d.skip(ct.file, row.Line, id, "contract of a person left out")
			} else {
				r.d.skip(ct.file, row.Line, id, "contract of a person not in the persons file")
			}
			continue
		}
		hasContract[id] = true
		if badFrom[row.Line] || badTo[row.Line] {
			continue
		}
		from, to := froms[row.Line], tos[row.Line]
		if cell(row, unit) == "" {
			r.bad(ct.bad(row, unit, "the contract names no organisational unit", "give every contract its unit (the school)"))
			continue
		}
		units[cell(row, unit)] = true
		recs = append(recs, syncaudit.SourceRecord{
			SourceID: id, School: cell(row, unit), Kind: syncaudit.Staff, Role: cell(row, function),
			FirstName: p.first, NamePrefix: p.prefix, LastName: p.last, Email: p.email,
			StartDate: from, EndDate: to, Line: row.Line,
		})
	}
	ct.dropColumns(r.d)
	for _, id := range order {
		if !hasContract[id] {
			r.d.skip(pt.file, personLine[id], id, "person has no contract")
		}
	}

	names := map[string]string{}
	if unitsPath != "" {
		ut, err := readTable(unitsPath, rel(dir, unitsPath), 0)
		if err != nil {
			return nil, err
		}
		uid, name := ut.col("ExternalId", "Code"), ut.col("DisplayName", "Name")
		for _, row := range ut.rows {
			names[cell(row, uid)] = cell(row, name)
		}
	}
	res := &Result{Records: recs}
	for u := range units {
		res.Schools = append(res.Schools, newSchool(u, names[u]))
	}
	return res, nil
}

// helloIDName builds the names of a person row, following naamgebruik.
func helloIDName(t *table, row mapping.Row, first, nick, prefix, last, partnerPrefix, partner, naming int) (helloIDPerson, *syncaudit.InputError) {
	p := helloIDPerson{first: cell(row, nick)}
	if p.first == "" {
		p.first = cell(row, first)
	}
	own, ownPrefix := cell(row, last), cell(row, prefix)
	pName, pPrefix := cell(row, partner), cell(row, partnerPrefix)
	join := func(a ...string) string { return strings.Join(nonEmpty(a), " ") }
	switch n := cell(row, naming); {
	case n == "" || n == "0" || strings.EqualFold(n, "B") || pName == "":
		p.prefix, p.last = ownPrefix, own
	case n == "1" || strings.EqualFold(n, "P"):
		p.prefix, p.last = pPrefix, pName
	case n == "2" || strings.EqualFold(n, "C"):
		p.prefix, p.last = pPrefix, pName+"-"+join(ownPrefix, own)
	case n == "3" || strings.EqualFold(n, "D"):
		p.prefix, p.last = ownPrefix, own+"-"+join(pPrefix, pName)
	default:
		return p, t.bad(row, naming, "PreferredNaming is not 0, 1, 2 or 3", "use 0 (own name), 1 (partner's), 2 (partner's-own) or 3 (own-partner's)")
	}
	switch {
	case p.first == "":
		return p, t.bad(row, first, "the person has no first name", "the contract needs a first and a last name")
	case p.last == "":
		return p, t.bad(row, last, "the person has no last name", "the contract needs a first and a last name")
	}
	return p, nil
}
