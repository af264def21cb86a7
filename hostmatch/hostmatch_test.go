package hostmatch_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/hostmatch"
)

// hostTable holds every row of the documentation's "Hostname wildcards" table
// (https://kubernetes.io/docs/concepts/services-networking/ingress/) and the rules docs/semantics.md adds ("Request host", "Host rules").
var hostTable = []struct {
	source  string
	pattern string
	host    string
	want    bool
}{
	{"docs wildcard table row 1: shared suffix", "*.foo.com", "bar.foo.com", true},
	{"docs wildcard table row 2: single label only", "*.foo.com", "baz.bar.foo.com", false},
	{"docs wildcard table row 3: single label only", "*.foo.com", "foo.com", false},
	{"docs: exact host must equal the Host header", "foo.bar.com", "foo.bar.com", true},
	{"docs: exact host must equal the Host header", "foo.bar.com", "bar.foo.com", false},
	{"docs: a rule without host applies to all inbound traffic", "", "anything.example", true},
	{"docs: a rule without host applies to all inbound traffic", "", "", true},
	{"docs: a rule without host applies to all inbound traffic", "", "10.0.0.1", true},
	{"semantics: host is case-insensitive", "foo.bar.com", "FOO.Bar.COM", true},
	{"semantics: host is case-insensitive", "*.foo.com", "BAR.FOO.COM", true},
	{"semantics: port stripped", "foo.bar.com", "foo.bar.com:8080", true},
	{"semantics: port stripped", "*.foo.com", "a.foo.com:443", true},
	{"semantics: trailing dot dropped", "foo.bar.com", "foo.bar.com.", true},
	{"semantics: trailing dot dropped", "*.foo.com", "a.foo.com.:80", true},
	{"semantics: wildcard label must be non-empty", "*.foo.com", ".foo.com", false},
	{"semantics: IP literal matches only catch-all", "127.0.0.1", "127.0.0.1", false},
	{"semantics: IP literal matches only catch-all", "*.0.0.1", "127.0.0.1", false},
	{"semantics: IP literal matches only catch-all", "::1", "[::1]:80", false},
	{"semantics: empty host matches only catch-all", "foo.com", "", false},
	{"semantics: empty host matches only catch-all", "*.foo.com", "", false},
	{"malformed host matches only catch-all", "foo.com", "foo.com:http", false},
	{"malformed host matches only catch-all", "foo.com", "foo.com/x", false},
	{"pattern: trailing dot ignored", "foo.com.", "foo.com", true},
	{"pattern: '*' not as first label is literal", "foo.*.com", "foo.bar.com", false},
	{"pattern: bare '*' is literal", "*", "foo", false},
}

func TestHostTable(t *testing.T) {
	for _, tt := range hostTable {
		if got := hostmatch.Match(tt.pattern, tt.host); got != tt.want {
			t.Errorf("%s: Match(%q, %q) = %v, want %v", tt.source, tt.pattern, tt.host, got, tt.want)
		}
	}
}

// normalizeTable is shared by TestNormalize and the fuzz seeds.
var normalizeTable = []struct {
	in   string
	want string
	err  error
}{
	{"", "", nil},
	{"foo.com", "foo.com", nil},
	{"Foo.COM", "foo.com", nil},
	{"foo.com.", "foo.com", nil},
	{"foo.com:8080", "foo.com", nil},
	{"foo.com.:8080", "foo.com", nil},
	{"foo.com:", "foo.com", nil},
	{"10.0.0.1:80", "10.0.0.1", nil},
	{"[::1]:8443", "::1", nil},
	{"[::1]", "::1", nil},
	{"[FE80::1%25eth0]", "fe80::1%25eth0", nil},
	{"2001:DB8::1", "2001:db8::1", nil},
	{"under_score.example", "under_score.example", nil},
	{"foo.com:http", "", hostmatch.ErrMalformed},
	{":", "", hostmatch.ErrMalformed},      // found by FuzzMatch: panicked before the fix
	{":80", "", hostmatch.ErrMalformed},    // a port without a host
	{"[.::0]", "", hostmatch.ErrMalformed}, // found by FuzzNormalize: accepted in brackets, not bare
	{"foo.com:80:80", "", hostmatch.ErrMalformed},
	{"[::1", "", hostmatch.ErrMalformed},
	{"[::1]x", "", hostmatch.ErrMalformed},
	{"[foo.com]", "", hostmatch.ErrMalformed},
	{"a..b", "", hostmatch.ErrMalformed},
	{".a", "", hostmatch.ErrMalformed},
	{".", "", hostmatch.ErrMalformed},
	{"a b", "", hostmatch.ErrMalformed},
	{"user@host", "", hostmatch.ErrMalformed},
	{"h\x00st", "", hostmatch.ErrMalformed},
	{"bücher.de", "", hostmatch.ErrMalformed},
	{strings.Repeat("a", hostmatch.MaxHostLen+1), "", hostmatch.ErrTooLong},
}

func TestNormalize(t *testing.T) {
	for _, tt := range normalizeTable {
		got, err := hostmatch.Normalize(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Normalize(%.40q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestIsIP(t *testing.T) {
	for name, want := range map[string]bool{
		"10.0.0.1": true, "::1": true, "fe80::1%25eth0": true, "192.168.1": true,
		"foo.com": false, "1.foo.com": false, "": false, "123abc": false,
	} {
		if got := hostmatch.IsIP(name); got != want {
			t.Errorf("IsIP(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRank(t *testing.T) {
	for pattern, want := range map[string]hostmatch.Rank{
		"foo.bar.com": hostmatch.RankExact, "*.bar.com": hostmatch.RankWildcard, "": hostmatch.RankCatchAll,
		"foo.*.com": hostmatch.RankExact, "*": hostmatch.RankExact,
	} {
		if got := hostmatch.RankOf(pattern); got != want {
			t.Errorf("RankOf(%q) = %v, want %v", pattern, got, want)
		}
	}
	if !(hostmatch.RankExact < hostmatch.RankWildcard && hostmatch.RankWildcard < hostmatch.RankCatchAll) {
		t.Errorf("ranks do not order exact < wildcard < catch-all")
	}
	if got := hostmatch.Rank(7).String(); got != "Rank(7)" {
		t.Errorf("Rank(7).String() = %q", got)
	}
}

func TestNoAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		hostmatch.Match("*.foo.com", "BAR.foo.com.:8080")
		hostmatch.Match("foo.com", "[::1]:80")
		if _, err := hostmatch.Normalize("foo.com:80"); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Match and Normalize of a normalised host allocate %v times, want 0", allocs)
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		tls, rule string
		want      bool
	}{
		{"foo.com", "foo.com", true},
		{"FOO.com.", "foo.com", true},
		{"*.foo.com", "bar.foo.com", true},
		{"*.foo.com", "*.foo.com", true},
		{"*.foo.com", "foo.com", false},
		{"*.foo.com", "a.bar.foo.com", false},
		{"bar.foo.com", "*.foo.com", false},
		{"*.foo.com", "*.bar.foo.com", false},
		{"", "foo.com", false},
		{"foo.com", "", false},
	}
	for _, tt := range tests {
		if got := hostmatch.Covers(tt.tls, tt.rule); got != tt.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tt.tls, tt.rule, got, tt.want)
		}
	}
}
