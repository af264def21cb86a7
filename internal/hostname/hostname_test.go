package hostname_test

import (
	"strings"
	"testing"

	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/hostname"
)

// TestRuleName checks that RuleName is SplitHost and IsIP in one.
func TestRuleName(t *testing.T) {
	for _, h := range []string{"foo.com", "Foo.com.:80", "10.0.0.1", "10.0.0.1.", "1.foo.com", "foo.1", "foo.1.", "[::1]:80", "::1", "", ".", "a..b", "foo.com:x", "123", "a1.b2"} {
		checkRuleName(t, h)
	}
	if name, ok := hostname.SplitHost("Foo.COM.:8080"); name != "Foo.COM" || !ok {
		t.Errorf("SplitHost(Foo.COM.:8080) = %q, %v; want Foo.COM, true", name, ok)
	}
	if got := []bool{hostname.ValidLabel("api-v2"), hostname.ValidLabel("a b"), hostname.ValidLabel("")}; got[0] != true || got[1] || got[2] {
		t.Errorf("ValidLabel(api-v2, \"a b\", \"\") = %v, want [true false false]", got)
	}
}

func checkRuleName(t *testing.T, host string) {
	t.Helper()
	name, ok := hostname.SplitHost(host)
	want := ok && name != "" && !hostname.IsIP(name)
	if got, gotOK := hostname.RuleName(host); gotOK != want || gotOK && got != name {
		t.Fatalf("RuleName(%q) = %q, %v; SplitHost and IsIP say %q, %v", host, got, gotOK, name, want)
	}
	if n, err := hostmatch.Normalize(host); (err == nil) != ok || ok && n != strings.ToLower(name) {
		t.Fatalf("SplitHost(%q) = %q, %v; hostmatch.Normalize says %q, %v", host, name, ok, n, err)
	}
}

// FuzzRuleName: RuleName is SplitHost and IsIP in one, SplitHost agrees
// with hostmatch.Normalize but for case, and ValidLabel is SplitHost on a
// string without '.' or ':'.
func FuzzRuleName(f *testing.F) {
	for _, h := range []string{"foo.com", "Foo.com.:80", "10.0.0.1", "[::1]:80", "a..b", "", ":", "::.foo.com"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, host string) {
		checkRuleName(t, host)
		label, _, _ := strings.Cut(host, ".")
		n, ok := hostname.SplitHost(label)
		want := ok && n == label && label != "" && !strings.Contains(label, ":")
		if got := hostname.ValidLabel(label); got != want {
			t.Fatalf("ValidLabel(%q) = %v, SplitHost says %v", label, got, want)
		}
	})
}
