package samples_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
)

// planted lists, per sample, every action and finding samples/README.md says
// the rule book gives, one line each. It is the
// README's tables in a form a test can hold the rule book to; change both
// together.
var planted = map[string][]string{
	"de-linde": {
		// P01 leaver
		"D3 soft_delete A1901 planned", "D6 suspend_m365 A1901 planned",
		"D6 release_license A1901 planned", "D6 suspend_google A1901 planned",
		// P02 conciërge, HR end date passed
		"S3 info A1902", "D3 soft_delete A1902 planned",
		// P03 pupil without a group
		"S2 info A1903", "D3 soft_delete A1903 planned",
		// P03 also: the LAS still assigns programs to the record without a group
		"P1 warn A1903",
		// P04 HR ended, still in the LAS
		"S3 info A1904", "D1 unlink_source A1904 hr:E-1131 planned",
		// P05, P06 LAS and HR disagree
		"L3 info A1905",
		"L3 info A1906", "L2 update A1906 last_name Hoekstra->Hoekstra-Visser hr planned", "L2 info A1906",
		// P07, P08 locked fields edited in the target
		"L2 update A1907 first_name Zoe->Zoë las planned", "L2 info A1907",
		"L2 update A1908 email sanne.degroot@gmail.com->s.degroot@delinde.nl hr planned", "L2 info A1908",
		// P09 no longer offered at one of two schools
		"D3 unlink_school A1909 17HZ planned",
		// P10 LAS teacher without a group, no account
		"S6 warn  las:T0330",
		// P11 intern begeleider on the list
		"S6 warn A1911", "S3 info A1911",
		"D5 keep_by_exception A1911 planned", "D5 unlink_school A1911 04KT planned",
		"L5 info A1911", "E6 info A1911",
		// P12 interim director on the board office payroll
		"D5 keep_by_exception A1912 planned", "D5 unlink_school A1912 21PM planned",
		"L5 info A1912", "E6 info A1912",
		// P13 entry without a reason
		"E4 deny A1913", "E7 warn A1913", "M3 info A1913",
		// P14 entry not reviewed for 286 days
		"S3 info A1914", "E5 warn A1914",
		"D5 keep_by_exception A1914 planned", "D5 unlink_school A1914 04KT planned",
		"L5 info A1914", "E6 info A1914",
		// P15 protected, no login for 87 days
		"S3 info A1915",
		"D5 keep_by_exception A1915 planned", "D5 unlink_school A1915 17HZ planned",
		"L5 info A1915", "E6 warn A1915",
		// P16 offered again
		"E7 warn A1916", "M3 info A1916",
		// P17 two entries
		"E8 warn A1917",
		"D5 keep_by_exception A1917 planned", "D5 unlink_school A1917 17HZ planned",
		"L5 info A1917", "E6 info A1917", "E6 info A1917",
		// P18 expired entry
		"E10 warn A1918", "E7 warn A1918", "M3 info A1918",
		// P19, P20 manual accounts on the list; P21 missing; P22 soft-deleted
		"E2 deny A1919",
		"E2 deny A1920", "E3 deny A1920", "D8 info A1920",
		"E3 deny A1877",
		"E3 deny A1922",
		// P23 purge candidate; P24 offered again after a soft delete
		"D7 purge_candidate A1923 planned",
		"D11 warn A1924",
		// P25–P27 manual accounts in the way of the LAS
		"M2 deny A1925", "M2 deny A1926",
		"M2 deny A1927", "P2 warn A1927",
		// P28 username on the old school domain
		"U1 warn A1928",
		// P29, P30 new people
		"M4 create  17HZ las:320402 planned", "M4 create  17HZ las:320419 planned",
		"M4 create  21PM hr:E-1166 planned",
		// P33 an assigned program missing from the library; P34 a library
		// program Basispoort does not assign; P35 is clean for check
		"P3 warn A1933", "P3 info A1934",
	},
	"vallby-kommun": {
		"M4 create  28519374 sis:ELV-20711 skipped/V1",
		"M4 create  45092716 sis:VH-7101 skipped/V4",
		"M4 create  45092716 sis:VH-7104 skipped/V4",
		"M4 create  61473925 sis:ELV-20740 planned",
		"M4 create  73640158 sis:ELV-20720 skipped/V3",
		"M4 create  73640158 sis:ELV-20724 skipped/V3",
		"M4 create  73640158 sis:ELV-20731 skipped/V3",
		"D4 soft_delete 48901 skipped/V1",
		"L2 update 48903 last_name Lindquist->Lindqvist sis skipped/V1", "L2 info 48903",
		"V7 add_membership 48906 45092716 4B skipped/V7",
		"V7 remove_membership 48906 45092716 4A skipped/V7",
		"V8 update 48907 email wilma.sjoberg@gmail.com->wilma.sjoberg@elev.vallbyskolan.se sis planned",
		"V9 remove_membership 48909 89157340 MA9A planned",
		"V6 add_membership 48911 89157340 SVA9 planned",
		"D4 unlink_school 48912 89157340 planned",
		"D4 soft_delete 48913 planned", "D6 suspend_google 48913 planned",
		"U1 warn 48914", "U1 warn 48915",
		"D5 keep_by_exception 48917 planned", "L5 info 48917", "E6 info 48917",
		"E7 warn 48918", "M3 info 48918",
		"D7 purge_candidate 48919 planned",
		"V6 add_membership 48920 73640158 SVA1-3 skipped/V5",
		"V1 info  28519374", "V3 info  73640158", "V4 info  45092716", "V5 info  73640158",
	},
	"truncated-export": truncated(),
}

// truncated lists the outcomes of samples/truncated-export: 27 pupils and 7
// staff soft-deleted, the staff's Microsoft 365 suspended and licences
// released, and the two guards that refuse the run.
func truncated() []string {
	var out []string
	for i := 3006; i <= 3032; i++ {
		out = append(out, fmt.Sprintf("D2 soft_delete W%d planned", i))
	}
	for i := 3101; i <= 3107; i++ {
		out = append(out, fmt.Sprintf("D2 soft_delete W%d planned", i),
			fmt.Sprintf("D6 suspend_m365 W%d planned", i), fmt.Sprintf("D6 release_license W%d planned", i))
	}
	return append(out, "D9 deny ", "D10 deny  hr:")
}

// actionLine spells an action as "rule kind account [school] [field from->to source]
// [source:source_id] [group] state[/skipped_by]", naming a school only where
// the school is what the action is about (create, unlink_school, memberships).
func actionLine(a syncaudit.Action) string {
	parts := []string{a.Rule, string(a.Kind), a.Account}
	switch a.Kind {
	case syncaudit.Create:
		parts = append(parts, a.School, a.Source+":"+a.SourceID)
	case syncaudit.UnlinkSchool:
		parts = append(parts, a.School)
	case syncaudit.UnlinkSource:
		parts = append(parts, a.Source+":"+a.SourceID)
	case syncaudit.Update:
		parts = append(parts, a.Field, a.From+"->"+a.To, a.Source)
	case syncaudit.AddMembership, syncaudit.RemoveMember:
		parts = append(parts, a.School, a.Group)
	}
	state := string(a.State)
	if a.SkippedBy != "" {
		state += "/" + a.SkippedBy
	}
	return strings.Join(append(parts, state), " ")
}

// findingLine spells a finding as "rule severity account"; a finding about no
// account names its source record ("source:source_id") or else its school.
func findingLine(f syncaudit.Finding) string {
	parts := []string{f.Rule, string(f.Severity), f.Account}
	switch {
	case f.Account != "":
	case f.Source != "" || f.SourceID != "":
		parts = append(parts, f.Source+":"+f.SourceID)
	case f.School != "":
		parts = append(parts, f.School)
	}
	return strings.Join(parts, " ")
}

// TestPlantedOutcomes runs the built-in rule book on every sample and
// compares what it reports with the planted cases of samples/README.md:
// nothing missing, nothing extra.
func TestPlantedOutcomes(t *testing.T) {
	ctx := context.Background()
	engine, err := policies.Load(ctx, policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "samples"}})
	if err != nil {
		t.Fatalf("load the rule book: %v", err)
	}
	for name, want := range planted {
		t.Run(name, func(t *testing.T) {
			snap, err := ingest.ReadSnapshot(ctx, name)
			if err != nil {
				t.Fatalf("ReadSnapshot(%s): %v", name, err)
			}
			rep, err := engine.Check(ctx, snap, policies.CheckOptions{})
			if err != nil {
				t.Fatalf("Check(%s): %v", name, err)
			}
			var got []string
			for _, a := range rep.Actions {
				got = append(got, actionLine(a))
			}
			for _, f := range rep.Findings {
				got = append(got, findingLine(f))
			}
			missing, extra := diff(want, got)
			for _, m := range missing {
				t.Errorf("missing: %s", m)
			}
			for _, e := range extra {
				t.Errorf("not planted: %s", e)
			}
		})
	}
}

// diff compares two multisets of lines.
func diff(want, got []string) (missing, extra []string) {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	for line, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, line)
		}
		for ; n < 0; n++ {
			extra = append(extra, line)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}
