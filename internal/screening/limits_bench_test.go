package screening_test

import (
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
)

// BenchmarkLongestAllowedQueries: the costliest queries the limits allow
// (20 words; 300 characters), against every bundled list, in wall and
// thread CPU time per query. The commonest listed words repeated ("Al Ali",
// "Bank Company") were the costliest found.
func BenchmarkLongestAllowedQueries(b *testing.B) {
	snaps, err := bundled.Snapshots()
	if err != nil {
		b.Fatal(err)
	}
	svc := screening.NewServiceFor(snaps, screening.DefaultThresholds)
	words := strings.Fields("Harbin Institute of Technology National University of Defense Technology Beijing Institute of Aeronautics and Astronautics Islamic Revolutionary Guard Corps Bank Melli Iran Tehran")
	qs := []screening.Query{
		{Name: strings.Join(words[:screening.MaxQueryWords], " ")},
		{Name: strings.TrimSpace(strings.Repeat("Mohammed Abdullah ", screening.MaxQueryWords/2))},
		{Name: strings.Repeat("x", screening.MaxQueryRunes)},
		{Name: strings.TrimSpace(strings.Repeat("Al Ali ", screening.MaxQueryWords/2))},
		{Name: strings.TrimSpace(strings.Repeat("Bank ", screening.MaxQueryWords/2) + strings.Repeat("Company ", screening.MaxQueryWords/2))},
	}
	// each ten times, so that the 99th percentile is the costliest of them
	var all []screening.Query
	for range 10 {
		all = append(all, qs...)
	}
	timeQueries(b, svc, all)
}
