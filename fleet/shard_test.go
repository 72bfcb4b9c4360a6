package fleet_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/fleet"
)

// TestShardsCoverEveryTenantOnce: for every number of tenants and shards,
// each tenant is in exactly one shard, and each share keeps the name order.
func TestShardsCoverEveryTenantOnce(t *testing.T) {
	for tenants := 0; tenants <= 12; tenants++ {
		var folders []string
		for i := range tenants {
			folders = append(folders, fmt.Sprintf("t%02d", i))
		}
		for count := 1; count <= 9; count++ {
			seen := map[string]int{}
			for i := range count {
				s, err := fleet.NewShard(i, count)
				if err != nil {
					t.Fatal(err)
				}
				share := s.Of(folders)
				if !slices.IsSorted(share) {
					t.Errorf("shard %s of %d tenants: %v is out of order", s, tenants, share)
				}
				if want := (tenants - i + count - 1) / count; len(share) != max(0, want) {
					t.Errorf("shard %s of %d tenants: %d tenants, want %d", s, tenants, len(share), want)
				}
				for _, f := range share {
					seen[f]++
				}
			}
			for _, f := range folders {
				if seen[f] != 1 {
					t.Errorf("%d shards of %d tenants: %s is in %d shards, want 1", count, tenants, f, seen[f])
				}
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"0/1", "0/1", ""},
		{"3/8", "3/8", ""},
		{"07/08", "7/8", ""},
		{"8/8", "", "shard 8 does not exist among 8 shards: the index runs from 0 to 7"},
		{"0/0", "", "not a whole number from 1"},
		{"-1/8", "", "not a whole number from 0"},
		{"1/-8", "", "not a whole number from 1"},
		{"1", "", "is not I/N"},
		{"", "", "is not I/N"},
		{"/8", "", "not a whole number from 0"},
		{"1/", "", "not a whole number from 1"},
		{"1.5/8", "", "not a whole number from 0"},
		{"1/8 ", "", "not a whole number from 1"},
		{"99999999999999999999/8", "", "not a whole number from 0"},
	}
	for _, tt := range tests {
		s, err := fleet.ParseShard(tt.in)
		switch {
		case tt.err == "" && (err != nil || s.String() != tt.want):
			t.Errorf("ParseShard(%q) = %v, %v; want %s", tt.in, s, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseShard(%q) error = %v; want %q", tt.in, err, tt.err)
		}
	}
}
