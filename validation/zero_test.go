package validation_test

import (
	"testing"

	"github.com/ingresslib/ingress/validation"
)

// TestZeroStrings: every String method is safe on a zero value.
func TestZeroStrings(t *testing.T) {
	if got := (validation.Finding{}).String(); got == "" {
		t.Errorf("zero Finding: String() = %q", got)
	}
}
