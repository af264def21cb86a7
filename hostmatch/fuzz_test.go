package hostmatch_test

import (
	"testing"

	"github.com/ingresslib/ingress/hostmatch"
)

func FuzzMatch(f *testing.F) {
	for _, tt := range hostTable {
		f.Add(tt.pattern, tt.host)
	}
	f.Fuzz(func(t *testing.T, pattern, host string) {
		got := hostmatch.Match(pattern, host)
		if pattern == "" && !got {
			t.Fatalf("Match(%q, %q) = false; the empty pattern matches every host", pattern, host)
		}
		n, err := hostmatch.Normalize(host)
		if pattern != "" && (err != nil || n == "" || hostmatch.IsIP(n)) && got {
			t.Fatalf("Match(%q, %q) = true for a host that matches only catch-all rules", pattern, host)
		}
		if suffix, ok := hostmatch.WildcardSuffix(pattern); ok {
			checkWildcard(t, suffix[1:], "a.b")
		}
		_ = hostmatch.RankOf(pattern)
	})
}

func FuzzNormalize(f *testing.F) {
	for _, tt := range normalizeTable {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, host string) {
		checkNormalize(t, host)
	})
}
