package pathmatch_test

import (
	"testing"

	"github.com/ingresslib/ingress/pathmatch"
)

// TestZeroValues: the zero Pattern matches nothing and is not indexable; the
// zero Interpretation is AsPrefix.
func TestZeroValues(t *testing.T) {
	var p pathmatch.Pattern
	if p.Match("/") || p.Match("") || p.String() != "" || p.Len() != 0 {
		t.Errorf("zero Pattern: Match(/) = %v, String() = %q, Len() = %d; want false, \"\", 0", p.Match("/"), p.String(), p.Len())
	}
	if key, at, ok := p.Key(); ok || at != 0 || key != "" {
		t.Errorf("zero Pattern: Key() = %q, %v, %v; want \"\", 0, false", key, at, ok)
	}
	if got := (pathmatch.Interpretation{}).String(); got != "Prefix" {
		t.Errorf("zero Interpretation: String() = %q, want Prefix", got)
	}
}
