package hostmatch_test

import (
	"testing"

	"github.com/ingresslib/ingress/hostmatch"
)

// TestZeroStrings: every String method is safe on a zero value.
func TestZeroStrings(t *testing.T) {
	if got := hostmatch.Rank(0).String(); got == "" {
		t.Errorf("zero Rank: String() = %q", got)
	}
}
