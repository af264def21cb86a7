package pathmatch_test

import (
	"testing"

	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

func FuzzMatch(f *testing.F) {
	for _, tt := range docsTable {
		f.Add(string(tt.pathType), tt.pattern, tt.path, "x")
	}
	f.Add("ImplementationSpecific", "/a(", "/a", "") // a regex that does not compile
	f.Add("Prefix", "", "", "")                      // empty pattern and path
	f.Add("Prefix", "/foo//", "/foo//x", "y")        // pattern ending in "//"
	f.Add("Exact", "/\xff", "/\xff", "\x00")         // invalid UTF-8 and NUL
	f.Fuzz(func(t *testing.T, typ, pattern, path, suffix string) {
		pathType := networkingv1.PathType(typ)
		got := pathmatch.Match(pathType, pattern, path)
		checkPrefixExtends(t, pattern, path, suffix)
		checkTrailingSlash(t, pattern, path)
		checkExactImpliesPrefix(t, pattern, path)
		for _, is := range []pathmatch.Interpretation{pathmatch.AsPrefix(), pathmatch.AsExact(), pathmatch.AsStringPrefix(), pathmatch.AsRegex(), pathmatch.AsRegexFold()} {
			p, err := pathmatch.Compile(pathType, pattern, is)
			if err != nil {
				continue
			}
			m := p.Match(path)
			if is.String() == "Prefix" && m != got {
				t.Fatalf("Compile(%q, %q, AsPrefix()).Match(%q) = %v, Match = %v", typ, pattern, path, m, got)
			}
			_ = p.Len()
		}
		_ = pathmatch.CheckPath(pathType, pattern)
	})
}

func FuzzNormalize(f *testing.F) {
	for _, tt := range normalizeTable {
		f.Add(tt.in, uint8(0))
	}
	f.Add("/%2e%2e/%2E%2e/%2f", uint8(7))
	f.Add("/a/../../..//b/./c/.", uint8(1))
	f.Fuzz(func(t *testing.T, path string, knobs uint8) {
		p := pathmatch.Policy{
			KeepDotSegments:     knobs&1 != 0,
			KeepRepeatedSlashes: knobs&2 != 0,
			EncodedSlash:        pathmatch.EncodedSlash(knobs >> 2 % 3),
			Decode:              pathmatch.Decoding(knobs >> 4 % 3),
			GoPathClean:         knobs&0x40 != 0,
		}
		checkNormalize(t, path, p)
	})
}
