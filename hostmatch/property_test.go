package hostmatch_test

import (
	"strings"
	"testing"

	"github.com/ingresslib/ingress/hostmatch"
	"pgregory.net/rapid"
)

var genLabel = rapid.StringMatching(`[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?`)

func genName() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return strings.Join(rapid.SliceOfN(genLabel, 1, 4).Draw(t, "labels"), ".")
	})
}

// A wildcard matches label + "." + suffix for every single label, and never
// a host whose extra part has a dot in it.
func TestPropertyWildcardSingleLabel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		suffix := genName().Draw(t, "suffix")
		if hostmatch.IsIP(suffix) {
			return
		}
		l := genLabel.Draw(t, "label")
		if !hostmatch.Match("*."+suffix, l+"."+suffix) {
			t.Fatalf("Match(%q, %q) = false, want true", "*."+suffix, l+"."+suffix)
		}
		l2 := genLabel.Draw(t, "label2")
		checkWildcard(t, suffix, l+"."+l2)
	})
}

func checkWildcard(t interface{ Fatalf(string, ...any) }, suffix, extra string) {
	if strings.Contains(extra, ".") && hostmatch.Match("*."+suffix, extra+"."+suffix) {
		t.Fatalf("Match(%q, %q) = true, want false (more than one label)", "*."+suffix, extra+"."+suffix)
	}
}

func TestPropertyNormalize(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		h := genName().Draw(t, "host")
		if rapid.Bool().Draw(t, "dot") {
			h += "."
		}
		if rapid.Bool().Draw(t, "port") {
			h += ":" + rapid.StringMatching(`[0-9]{0,5}`).Draw(t, "port")
		}
		checkNormalize(t, h)
	})
}

// checkNormalize asserts that Normalize is idempotent, its result is
// lower-case, and Match reads a host as Normalize does.
func checkNormalize(t interface{ Fatalf(string, ...any) }, h string) {
	n, err := hostmatch.Normalize(h)
	if err != nil {
		return
	}
	if again, err := hostmatch.Normalize(n); err != nil || again != n {
		t.Fatalf("Normalize(Normalize(%q)) = %q, %v; want %q", h, again, err, n)
	}
	if strings.ToLower(n) != n {
		t.Fatalf("Normalize(%q) = %q, not lower-case", h, n)
	}
	for _, pattern := range []string{n, "*" + n[max(0, strings.IndexByte(n, '.')):], strings.ToUpper(n)} {
		if a, b := hostmatch.Match(pattern, h), hostmatch.Match(pattern, n); a != b {
			t.Fatalf("Match(%q, %q) = %v but Match(%q, Normalize(…) = %q) = %v", pattern, h, a, pattern, n, b)
		}
	}
}
