package pathmatch_test

import (
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/testgen"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"pgregory.net/rapid"
)

// genPath draws paths from a small alphabet so that patterns and paths share
// elements often; "" and paths without a leading '/' are included.
func genPath() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		elems := rapid.SliceOfN(rapid.SampledFrom([]string{"", "a", "b", "ab", ".", "..", "%2e", "%2F", "A"}), 0, 5).Draw(t, "elems")
		s := strings.Join(elems, "/")
		if rapid.IntRange(0, 9).Draw(t, "abs") > 0 {
			s = "/" + s
		}
		return s
	})
}

func TestPropertyPrefixExtends(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, x, s := genPath().Draw(t, "pattern"), genPath().Draw(t, "path"), genPath().Draw(t, "suffix")
		checkPrefixExtends(t, p, x, s)
	})
}

func checkPrefixExtends(t interface{ Fatalf(string, ...any) }, p, x, s string) {
	if x == "" {
		x = "/" // Match reads "" as "/"
	}
	if pathmatch.MatchPrefix(p, x) && !pathmatch.MatchPrefix(p, x+"/"+s) {
		t.Fatalf("MatchPrefix(%q, %q) = true but MatchPrefix(%q, %q) = false", p, x, p, x+"/"+s)
	}
}

func TestPropertyTrailingSlashIgnored(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, x := genPath().Draw(t, "pattern"), genPath().Draw(t, "path")
		checkTrailingSlash(t, p, x)
	})
}

func checkTrailingSlash(t interface{ Fatalf(string, ...any) }, p, x string) {
	if strings.HasSuffix(p, "/") {
		return // p+"/" would end in "//", a different pattern
	}
	if a, b := pathmatch.MatchPrefix(p, x), pathmatch.MatchPrefix(p+"/", x); a != b {
		t.Fatalf("MatchPrefix(%q, %q) = %v but MatchPrefix(%q, %q) = %v", p, x, a, p+"/", x, b)
	}
}

func TestPropertyExactImpliesPrefix(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, x := genPath().Draw(t, "pattern"), genPath().Draw(t, "path")
		checkExactImpliesPrefix(t, p, x)
	})
}

func checkExactImpliesPrefix(t interface{ Fatalf(string, ...any) }, p, x string) {
	if pathmatch.MatchExact(p, x) && !pathmatch.MatchPrefix(p, x) {
		t.Fatalf("MatchExact(%q, %q) = true but MatchPrefix = false", p, x)
	}
}

// TestPropertyPrefixIsElementWise checks MatchPrefix against its definition
// in the documentation: split both on '/', ignore the pattern's one trailing
// '/', and compare elements.
func TestPropertyPrefixIsElementWise(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, x := genPath().Draw(t, "pattern"), genPath().Draw(t, "path")
		if x == "" {
			x = "/"
		}
		pe := strings.Split(strings.TrimSuffix(p, "/"), "/")
		xe := strings.Split(x, "/")
		want := len(pe) <= len(xe)
		for i := 0; want && i < len(pe); i++ {
			want = pe[i] == xe[i]
		}
		if got := pathmatch.MatchPrefix(p, x); got != want {
			t.Fatalf("MatchPrefix(%q, %q) = %v, want %v (elements %q of %q)", p, x, got, want, pe, xe)
		}
	})
}

func TestPropertyNormalize(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := genPath().Draw(t, "path")
		p := pathmatch.Policy{
			KeepDotSegments:     rapid.Bool().Draw(t, "keepDots"),
			KeepRepeatedSlashes: rapid.Bool().Draw(t, "keepSlashes"),
			EncodedSlash:        pathmatch.EncodedSlash(rapid.IntRange(0, 2).Draw(t, "slash")),
			Decode:              pathmatch.Decoding(rapid.IntRange(0, 2).Draw(t, "decode")),
			GoPathClean:         rapid.Bool().Draw(t, "goClean"),
		}
		checkNormalize(t, x, p)
	})
}

// checkNormalize asserts what every normalised path satisfies: it starts with
// '/', normalises to itself, and has no dot segments or repeated slashes
// unless the policy keeps them.
func checkNormalize(t interface{ Fatalf(string, ...any) }, x string, p pathmatch.Policy) {
	n, err := pathmatch.Normalize(x, p)
	if err != nil {
		return
	}
	if !strings.HasPrefix(n, "/") {
		t.Fatalf("Normalize(%q, %+v) = %q, does not start with '/'", x, p, n)
	}
	if again, err := pathmatch.Normalize(n, p); err != nil || again != n {
		t.Fatalf("Normalize(Normalize(%q, %+v)) = %q, %v; want %q (idempotent)", x, p, again, err, n)
	}
	if (!p.KeepRepeatedSlashes || p.GoPathClean) && strings.Contains(n, "//") {
		t.Fatalf("Normalize(%q, %+v) = %q, contains //", x, p, n)
	}
	if !p.KeepDotSegments || p.GoPathClean {
		for _, e := range strings.Split(n, "/") {
			if e == "." || e == ".." {
				t.Fatalf("Normalize(%q, %+v) = %q, has a dot segment", x, p, n)
			}
		}
	}
	if strings.ContainsAny(n, "?#\x00") {
		t.Fatalf("Normalize(%q, %+v) = %q, contains '?', '#' or NUL", x, p, n)
	}
}

// slowPrefix is Prefix matching straight from the documentation: split
// both on '/', drop the one empty element a trailing '/' of the pattern
// leaves, and compare element lists.
func slowPrefix(pattern, path string) bool {
	if path == "" {
		path = "/"
	}
	pe := strings.Split(pattern, "/")
	if len(pe) > 1 && pe[len(pe)-1] == "" {
		pe = pe[:len(pe)-1]
	}
	xe := strings.Split(path, "/")
	if len(pe) > len(xe) {
		return false
	}
	for i := range pe {
		if pe[i] != xe[i] {
			return false
		}
	}
	return true
}

// TestPropertyBoundaries checks, on patterns of up to 300 bytes built from
// testgen's segment pool and requests derived from them, that MatchPrefix
// agrees with the element-wise twin and that every pattern matches exactly
// the requests its Key describes, with Len the key's length.
func TestPropertyBoundaries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := testgen.PathPool(t)
		pattern := testgen.Path(t, pool, "pattern")
		for range 10 {
			req := testgen.Request(t, pool, pattern)
			if got, want := pathmatch.MatchPrefix(pattern, req), slowPrefix(pattern, req); got != want {
				t.Fatalf("MatchPrefix(%q, %q) = %v, element-wise twin says %v", pattern, req, got, want)
			}
			for _, c := range []struct {
				pt networkingv1.PathType
				is pathmatch.Interpretation
			}{
				{networkingv1.PathTypeExact, pathmatch.AsPrefix()},
				{networkingv1.PathTypePrefix, pathmatch.AsPrefix()},
				{networkingv1.PathTypeImplementationSpecific, pathmatch.AsPrefix()},
				{networkingv1.PathTypeImplementationSpecific, pathmatch.AsExact()},
				{networkingv1.PathTypeImplementationSpecific, pathmatch.AsStringPrefix()},
			} {
				p := pathmatch.MustCompile(c.pt, pattern, c.is)
				key, at, ok := p.Key()
				if !ok || p.Len() != len(key) {
					t.Fatalf("%s %q read as %v: Key() = %q, %v, %v; Len() = %d", c.pt, pattern, c.is, key, at, ok, p.Len())
				}
				x := req
				if x == "" {
					x = "/"
				}
				byKey := strings.HasPrefix(x, key)
				if byKey {
					switch {
					case len(x) == len(key):
						byKey = at&pathmatch.AtEnd != 0
					case x[len(key)] == '/':
						byKey = at&pathmatch.AtSlash != 0
					default:
						byKey = at&pathmatch.AtAny != 0
					}
				}
				if got := p.Match(req); got != byKey {
					t.Fatalf("%s %q read as %v: Match(%q) = %v, but its key %q and continuations %b say %v", c.pt, pattern, c.is, req, got, key, at, byKey)
				}
			}
		}
	})
}

func TestMain(m *testing.M) { testgen.Main(m) }
