package manifest_test

import (
	"testing"

	"github.com/ingresslib/ingress/manifest"
)

// TestZeroStrings: every String method is safe on a zero value.
func TestZeroStrings(t *testing.T) {
	if got := (manifest.Source{}).String(); got == "" {
		t.Errorf("zero Source: String() = %q", got)
	}
	if got := (manifest.Note{}).String(); got == "" {
		t.Errorf("zero Note: String() = %q", got)
	}
}
