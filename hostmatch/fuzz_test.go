package hostmatch_test

import (
	"strings"
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
		if label, _, _ := strings.Cut(host, "."); true {
			n, ok := hostmatch.SplitHost(label)
			want := ok && n == label && label != "" && !strings.Contains(label, ":")
			if got := hostmatch.ValidLabel(label); got != want {
				t.Fatalf("ValidLabel(%q) = %v, SplitHost says %v", label, got, want)
			}
		}
		name, ok := hostmatch.SplitHost(host)
		rn, rok := hostmatch.RuleName(host)
		if want := ok && name != "" && !hostmatch.IsIP(name); rok != want || rok && rn != name {
			t.Fatalf("RuleName(%q) = %q, %v; SplitHost and IsIP say %q, %v", host, rn, rok, name, want)
		}
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
