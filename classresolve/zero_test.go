package classresolve_test

import (
	"testing"

	"github.com/ingresslib/ingress/classresolve"
)

// TestZeroStrings: every String method is safe on a zero value.
func TestZeroStrings(t *testing.T) {
	if got := classresolve.Source(0).String(); got == "" {
		t.Errorf("zero Source: String() = %q", got)
	}
	if got := (classresolve.Parameters{}).String(); got == "" {
		t.Errorf("zero Parameters: String() = %q", got)
	}
}
