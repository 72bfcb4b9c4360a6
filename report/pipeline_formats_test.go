package report

import (
	"slices"
	"testing"
)

// TestPipelineFormatsListed: FleetFormats names exactly the pipeline writers,
// so flag help and the writer table cannot drift apart.
func TestPipelineFormatsListed(t *testing.T) {
	var keys []string
	for k := range pipelineWriters {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	listed := slices.Sorted(slices.Values(FleetFormats))
	if !slices.Equal(keys, listed) {
		t.Errorf("pipeline writers %v, FleetFormats %v", keys, listed)
	}
}
