package tlsselect_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/testgen"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/tlsselect"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"pgregory.net/rapid"
)

// TestDocsTLS: the TLS example of the concept page (https://kubernetes.io/docs/concepts/services-networking/ingress/,
// tls-example-ingress.yaml) and of the v1.17 page.
func TestDocsTLS(t *testing.T) {
	for file, host := range map[string]string{
		"../testdata/docs/current/tls-example-ingress.yaml": "https-example.foo.com",
		"../testdata/docs/v1.17/tls-example-ingress.yaml":   "sslexample.foo.com",
	} {
		set, err := manifest.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		s := tlsselect.Compile(set.Ingresses)
		c, ok := s.Select(host)
		if !ok || c.SecretName != "testsecret-tls" || c.Host != host {
			t.Errorf("%s: Select(%q) = %+v, %v; want testsecret-tls", file, host, c, ok)
		}
		if _, ok := s.Select("other.foo.com"); ok {
			t.Errorf("%s: Select(other.foo.com) found a certificate; the entry names its host", file)
		}
		if d := s.Diagnostics(); len(d) != 0 {
			t.Errorf("%s: diagnostics %v", file, d)
		}
	}
}

// TestSelect is docs/semantics.md "TLS (SNI)", rule by rule.
func TestSelect(t *testing.T) {
	ings := []*networkingv1.Ingress{
		ingress("b", "newer", 10, []networkingv1.IngressTLS{entry("newer-exact", "foo.com"), entry("newer-default")}, "foo.com"),
		ingress("a", "older", 0, []networkingv1.IngressTLS{entry("older-wild", "*.foo.com"), entry("older-exact", "FOO.com", "bar.com"), entry("older-exact2", "bar.com")}, "*.foo.com", "foo.com", "bar.com"),
		ingress("a", "default", 5, []networkingv1.IngressTLS{entry("default-cert")}),
		ingress("a", "same-age-a", 20, []networkingv1.IngressTLS{entry("ns-a", "same.com")}, "same.com"),
		ingress("b", "same-age-b", 20, []networkingv1.IngressTLS{entry("ns-b", "same.com")}, "same.com"),
	}
	s := tlsselect.Compile(ings)
	tests := []struct {
		rule, name, secret string
		rank               tlsselect.Rank
	}{
		{"rank 0: exact host; the older Ingress wins", "foo.com", "older-exact", tlsselect.RankExact},
		{"rank 0: case-insensitive, trailing dot", "Foo.COM.", "older-exact", tlsselect.RankExact},
		{"rank 0: first entry wins within an Ingress", "bar.com", "older-exact", tlsselect.RankExact},
		{"rank 1: wildcard, one label", "x.foo.com", "older-wild", tlsselect.RankWildcard},
		{"rank 2: wildcard never spans two labels", "a.b.foo.com", "default-cert", tlsselect.RankDefault},
		{"rank 2: no match falls to an entry with no hosts; the older one", "other.org", "default-cert", tlsselect.RankDefault},
		{"rank 2: empty SNI", "", "default-cert", tlsselect.RankDefault},
		{"rank 2: IP literal", "10.0.0.1", "default-cert", tlsselect.RankDefault},
		{"same age: namespace decides", "same.com", "ns-a", tlsselect.RankExact},
	}
	for _, tt := range tests {
		c, ok := s.Select(tt.name)
		if !ok || c.SecretName != tt.secret || c.Rank != tt.rank {
			t.Errorf("%s: Select(%q) = %q rank %v, %v; want %q rank %v", tt.rule, tt.name, c.SecretName, c.Rank, ok, tt.secret, tt.rank)
		}
	}
	if c, _ := s.Select("foo.com"); c.Field() != "spec.tls[1].hosts[0]" || c.Ingress != ings[1] || c.Host != "FOO.com" {
		t.Errorf("Select(foo.com) = %+v (%s)", c, c.Field())
	}
	if c, _ := s.Select(""); c.Field() != "spec.tls[0]" || c.Host != "" {
		t.Errorf("Select(\"\") field = %s host %q", c.Field(), c.Host)
	}
	if _, ok := tlsselect.Compile(ings[:2][:1]).Select("zzz.org"); !ok {
		t.Errorf("newer's entry without hosts should serve zzz.org")
	}
	if _, ok := tlsselect.Compile([]*networkingv1.Ingress{ings[3], nil}).Select("zzz.org"); ok {
		t.Errorf("no entry without hosts, yet zzz.org has a certificate")
	}
	byName := func(a, b *networkingv1.Ingress) int { return strings.Compare(b.Name, a.Name) }
	if c, _ := tlsselect.Compile(ings, tlsselect.WithTieBreak(byName)).Select("foo.com"); c.SecretName != "older-exact" {
		t.Errorf("WithTieBreak(reverse name): Select(foo.com) = %q, want older-exact (\"older\" > \"newer\")", c.SecretName)
	}
}

func TestDiagnostics(t *testing.T) {
	ings := []*networkingv1.Ingress{
		ingress("ns", "a", 0, []networkingv1.IngressTLS{entry("a-cert", "foo.com", "unserved.com")}, "foo.com", "plain.com"),
		ingress("ns", "b", 1, []networkingv1.IngressTLS{entry("b-cert", "foo.com"), entry("b-cert", "*.wild.com")}, "foo.com", "x.wild.com"),
		ingress("ns", "c", 2, []networkingv1.IngressTLS{entry("a-cert", "foo.com")}, "foo.com"),
	}
	var got []string
	for _, d := range tlsselect.Compile(ings).Diagnostics() {
		got = append(got, string(d.Kind)+" "+d.String())
	}
	want := []string{
		`UnservedTLSHost ns/a: spec.tls[0].hosts[1]: TLS host "unserved.com": no rule of this Ingress serves it`,
		`UncoveredRuleHost ns/a: spec.rules[1].host: rule host "plain.com": none of this Ingress's TLS hosts covers it`,
		`SecretConflict ns/b: spec.tls[0].hosts[0]: host "foo.com": secret "ns/b-cert" is never served; secret "ns/a-cert" of ns/a, first in the tie-break order (older, or namespace and name) (spec.tls[0].hosts[0]) is`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diagnostics (-want +got):\n%s", diff)
	}
}

func TestCheckSecret(t *testing.T) {
	now := time.Now()
	good := certSecret(t, "ns", "good", now.Add(-time.Hour), now.Add(time.Hour), "foo.com", "*.wild.com")
	expired := certSecret(t, "ns", "expired", now.Add(-2*time.Hour), now.Add(-time.Hour), "foo.com")
	future := certSecret(t, "ns", "future", now.Add(time.Hour), now.Add(2*time.Hour), "foo.com")
	other := certSecret(t, "ns", "other", now.Add(-time.Hour), now.Add(time.Hour), "bar.com")
	mismatch := good.DeepCopy()
	mismatch.Name = "mismatch"
	mismatch.Data[corev1.TLSPrivateKeyKey] = other.Data[corev1.TLSPrivateKeyKey]
	opaque := good.DeepCopy()
	opaque.Name, opaque.Type = "opaque", corev1.SecretTypeOpaque
	nokey := good.DeepCopy()
	nokey.Name = "nokey"
	delete(nokey.Data, corev1.TLSPrivateKeyKey)
	tests := []struct {
		secret *corev1.Secret
		host   string
		want   []string
	}{
		{good, "foo.com", nil},
		{good, "a.wild.com", nil},
		{good, "*.wild.com", nil},
		{good, "", nil},
		{good, "bar.com", []string{`secret "ns/good": certificate does not cover host "bar.com": x509: certificate is valid for foo.com, *.wild.com, not bar.com`}},
		{good, "*.foo.com", []string{`secret "ns/good": certificate does not cover host "*.foo.com": x509: certificate is valid for foo.com, *.wild.com, not wildcard-probe.foo.com`}},
		{expired, "foo.com", []string{`secret "ns/expired": certificate for host "foo.com" expired at `}},
		{future, "foo.com", []string{`secret "ns/future": certificate for host "foo.com" is not valid before `}},
		{mismatch, "foo.com", []string{`secret "ns/mismatch": certificate and key do not make a key pair: tls: private key does not match public key`}},
		{opaque, "foo.com", []string{`secret "ns/opaque": type is "Opaque", want kubernetes.io/tls`}},
		{nokey, "foo.com", []string{`secret "ns/nokey": no tls.key`}},
	}
	for _, tt := range tests {
		var got []string
		for _, err := range tlsselect.CheckSecret(tt.secret, tt.host, now) {
			got = append(got, err.Error())
		}
		if len(got) != len(tt.want) {
			t.Errorf("CheckSecret(%s, %q) = %q, want %q", tt.secret.Name, tt.host, got, tt.want)
			continue
		}
		for i := range got {
			// Times differ per run: a message ending in "at " or "before "
			// is compared up to its time stamp.
			if !strings.HasPrefix(got[i], tt.want[i]) || !strings.HasSuffix(tt.want[i], " ") && got[i] != tt.want[i] {
				t.Errorf("CheckSecret(%s, %q)[%d] = %q, want %q", tt.secret.Name, tt.host, i, got[i], tt.want[i])
			}
		}
	}
	// Through Compile: the selected entry's Secret is checked.
	ings := []*networkingv1.Ingress{ingress("ns", "web", 0, []networkingv1.IngressTLS{entry("other", "foo.com"), entry("missing", "m.com")}, "foo.com", "m.com")}
	var got []string
	for _, d := range tlsselect.Compile(ings, tlsselect.WithSecrets([]*corev1.Secret{other}), tlsselect.WithTime(now)).Diagnostics() {
		got = append(got, d.String())
	}
	want := []string{
		`ns/web: spec.tls[0].hosts[0]: secret "ns/other": certificate does not cover host "foo.com": x509: certificate is valid for bar.com, not foo.com`,
		`ns/web: spec.tls[1].hosts[0]: secret "ns/missing" not found`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compile(WithSecrets).Diagnostics (-want +got):\n%s", diff)
	}
}

// TestGetCertificate terminates real TLS handshakes on loopback and checks
// which certificate each SNI name receives.
func TestGetCertificate(t *testing.T) {
	now := time.Now()
	secrets := []*corev1.Secret{
		certSecret(t, "ns", "foo", now.Add(-time.Hour), now.Add(time.Hour), "foo.com"),
		certSecret(t, "ns", "wild", now.Add(-time.Hour), now.Add(time.Hour), "*.bar.com"),
		certSecret(t, "ns", "fallback", now.Add(-time.Hour), now.Add(time.Hour), "fallback.local"),
	}
	pool := x509.NewCertPool()
	pairs := map[string]*tls.Certificate{}
	for _, s := range secrets {
		pair, err := tlsselect.KeyPair(s)
		if err != nil {
			t.Fatal(err)
		}
		pool.AddCert(pair.Leaf)
		pairs[s.Namespace+"/"+s.Name] = &pair
	}
	sel := tlsselect.Compile([]*networkingv1.Ingress{ingress("ns", "web", 0, []networkingv1.IngressTLS{entry("foo", "foo.com"), entry("wild", "*.bar.com"), entry("fallback")}, "foo.com", "*.bar.com")})
	load := func(ns, name string) (*tls.Certificate, error) {
		if p, ok := pairs[ns+"/"+name]; ok {
			return p, nil
		}
		return nil, fmt.Errorf("no Secret %s/%s", ns, name)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{GetCertificate: sel.GetCertificate(load)})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = c.(*tls.Conn).Handshake()
				c.Close()
			}()
		}
	}()
	for sni, want := range map[string]string{"foo.com": "foo.com", "api.bar.com": "*.bar.com", "unknown.org": "fallback.local"} {
		conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{ServerName: sni, RootCAs: pool, InsecureSkipVerify: sni == "unknown.org"})
		if err != nil {
			t.Errorf("handshake with SNI %q: %v", sni, err)
			continue
		}
		if got := conn.ConnectionState().PeerCertificates[0].DNSNames[0]; got != want {
			t.Errorf("SNI %q got the certificate for %q, want %q", sni, got, want)
		}
		conn.Close()
	}
	// No entry at all: the handshake fails with the selector's error.
	empty := tlsselect.Compile(nil).GetCertificate(load)
	if _, err := empty(&tls.ClientHelloInfo{ServerName: "x.com"}); err == nil || !strings.Contains(err.Error(), `no TLS entry of any Ingress serves server name "x.com"`) {
		t.Errorf("GetCertificate without entries: %v", err)
	}
}

func TestSelectDoesNotAllocate(t *testing.T) {
	s := tlsselect.Compile([]*networkingv1.Ingress{ingress("ns", "web", 0, []networkingv1.IngressTLS{entry("a", "foo.com"), entry("w", "*.bar.com"), entry("d")})})
	for _, name := range []string{"foo.com", "FOO.com.", "x.bar.com", "X.BAR.COM", "none.org", "", "10.0.0.1", strings.Repeat("a", 400)} {
		if n := testing.AllocsPerRun(100, func() { s.Select(name) }); n != 0 {
			t.Errorf("Select(%.20q) allocates %v times, want 0", name, n)
		}
	}
}

// slowSelect is the reference twin of Select, straight from docs/semantics.md, "TLS (SNI)":
// rank every (Ingress, entry, host) and take the least.
func slowSelect(ings []*networkingv1.Ingress, serverName string) (tlsselect.Certificate, bool) {
	type cand struct {
		c    tlsselect.Certificate
		rank int
	}
	var cands []cand
	name := strings.ToLower(strings.TrimSuffix(serverName, "."))
	if len(serverName) > hostmatch.MaxHostLen {
		name = "" // too long to be a name: only entries without hosts serve
	}
	for _, ing := range ings {
		if ing == nil {
			continue
		}
		for e, t := range ing.Spec.TLS {
			if len(t.Hosts) == 0 {
				cands = append(cands, cand{tlsselect.Certificate{Ingress: ing, SecretName: t.SecretName, Entry: e, HostIndex: -1, Rank: tlsselect.RankDefault}, 2})
			}
			for h, host := range t.Hosts {
				pat := strings.ToLower(strings.TrimSuffix(host, "."))
				c := tlsselect.Certificate{Ingress: ing, Host: host, SecretName: t.SecretName, Entry: e, HostIndex: h}
				switch {
				case !strings.HasPrefix(pat, "*.") && pat == name && name != "":
					c.Rank = tlsselect.RankExact
					cands = append(cands, cand{c, 0})
				case strings.HasPrefix(pat, "*.") && strings.Count(pat, "*") == 1 && len(pat) > 2:
					if dot := strings.IndexByte(name, '.'); dot > 0 && name[dot:] == pat[1:] {
						c.Rank = tlsselect.RankWildcard
						cands = append(cands, cand{c, 1})
					}
				}
			}
		}
	}
	if len(cands) == 0 {
		return tlsselect.Certificate{}, false
	}
	best := slices.MinFunc(cands, func(a, b cand) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		ia, ib := a.c.Ingress, b.c.Ingress
		if c := ia.CreationTimestamp.Compare(ib.CreationTimestamp.Time); c != 0 {
			return c
		}
		if c := strings.Compare(ia.Namespace, ib.Namespace); c != 0 {
			return c
		}
		if c := strings.Compare(ia.Name, ib.Name); c != 0 {
			return c
		}
		if a.c.Entry != b.c.Entry {
			return a.c.Entry - b.c.Entry
		}
		return a.c.HostIndex - b.c.HostIndex
	})
	return best.c, true
}

var (
	tlsHosts = []string{"foo.com", "FOO.com", "*.foo.com", "bar.foo.com", "*.bar.foo.com", "x.org", "foo.com."}
	snis     = []string{"foo.com", "FOO.COM", "foo.com.", "bar.foo.com", "a.bar.foo.com", "a.b.bar.foo.com", "x.org", "y.org", "", "10.0.0.1", "*.foo.com"}
)

// TestPropertySelectAgreesWithSlow checks Select against the twin on random
// Ingresses (hosts that overlap, wildcards, entries without hosts, ties in
// age) and shuffled input.
func TestPropertySelectAgreesWithSlow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var ings []*networkingv1.Ingress
		for i := range rapid.IntRange(0, 5).Draw(t, "ingresses") {
			var entries []networkingv1.IngressTLS
			for e := range rapid.IntRange(0, 3).Draw(t, "entries") {
				hosts := rapid.SliceOfN(rapid.SampledFrom(tlsHosts), 0, 3).Draw(t, "hosts")
				entries = append(entries, entry(fmt.Sprintf("s%d-%d", i, e), hosts...))
			}
			ings = append(ings, ingress(rapid.SampledFrom([]string{"a", "b"}).Draw(t, "ns"), fmt.Sprintf("i%d", i), rapid.IntRange(0, 2).Draw(t, "age"), entries))
		}
		s := tlsselect.Compile(ings)
		shuffled := slices.Clone(ings)
		rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		s2 := tlsselect.Compile(shuffled)
		for _, sni := range snis {
			got, ok := s.Select(sni)
			want, wantOK := slowSelect(ings, sni)
			if got != want || ok != wantOK {
				t.Fatalf("Select(%q) = %+v, %v; slow twin %+v, %v", sni, got, ok, want, wantOK)
			}
			if g2, ok2 := s2.Select(sni); g2 != got || ok2 != ok {
				t.Fatalf("Select(%q) changes when the input is shuffled", sni)
			}
		}
	})
}

// FuzzSelect: no Ingresses decoded from JSON and no server name make
// Compile, Select or Diagnostics panic, and Select agrees with the twin.
func FuzzSelect(f *testing.F) {
	seed, _ := json.Marshal([]*networkingv1.Ingress{ingress("ns", "a", 0, []networkingv1.IngressTLS{entry("s", "*.foo.com", "foo.com"), entry("d")}, "foo.com")})
	f.Add(string(seed), "a.foo.com")
	f.Add(`[{"spec":{"tls":[{"hosts":["*.","*","."]}]}},null]`, "..")
	f.Fuzz(func(t *testing.T, in, sni string) {
		var ings []*networkingv1.Ingress
		if json.Unmarshal([]byte(in), &ings) != nil {
			return
		}
		s := tlsselect.Compile(ings, tlsselect.WithSecrets([]*corev1.Secret{{}}))
		got, ok := s.Select(sni)
		if want, wantOK := slowSelect(ings, sni); hostOK(sni) && (got != want || ok != wantOK) {
			t.Fatalf("Select(%q) = %+v, %v; slow twin %+v, %v", sni, got, ok, want, wantOK)
		}
		for _, d := range s.Diagnostics() {
			_ = d.String()
		}
	})
}

// hostOK reports whether the twin's simple reading of a server name holds:
// a plain lower-case-able DNS name, not an IP.
func hostOK(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || strings.Trim(s[strings.LastIndexByte(s, '.')+1:], "0123456789") == "" {
		return false // empty, or an IP literal by hostmatch.IsIP's rule
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return !strings.Contains(s, "..") && !strings.HasPrefix(s, ".")
}

// TestPropertyBoundaries checks Select against the twin on TLS hosts built
// from testgen's label pool (labels of 1-64 bytes, hosts up to 260) and
// server names derived from them: with capitals, a trailing dot, one label
// deeper, the parent.
func TestPropertyBoundaries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := testgen.HostPool(t)
		var ings []*networkingv1.Ingress
		var hosts []string
		for i := range rapid.IntRange(1, 4).Draw(t, "ingresses") {
			var entries []networkingv1.IngressTLS
			for e := range rapid.IntRange(0, 3).Draw(t, "entries") {
				var hs []string
				for range rapid.IntRange(0, 3).Draw(t, "hosts") {
					if h := testgen.Host(t, pool, "tlsHost"); h != "" {
						hs = append(hs, h)
					}
				}
				hosts = append(hosts, hs...)
				entries = append(entries, entry(fmt.Sprintf("s%d-%d", i, e), hs...))
			}
			ings = append(ings, ingress(rapid.SampledFrom([]string{"a", "b"}).Draw(t, "ns"), fmt.Sprintf("i%d", i), rapid.IntRange(0, 2).Draw(t, "age"), entries))
		}
		if len(hosts) == 0 {
			hosts = []string{"foo"}
		}
		s := tlsselect.Compile(ings)
		for range 10 {
			sni := testgen.RequestHost(t, pool, rapid.SampledFrom(hosts).Draw(t, "from"))
			sni = strings.TrimSuffix(sni, ":8080") // a server name has no port
			got, ok := s.Select(sni)
			if want, wantOK := slowSelect(ings, sni); hostOK(sni) && (got != want || ok != wantOK) {
				t.Fatalf("Select(%q) = %+v, %v; slow twin %+v, %v", sni, got, ok, want, wantOK)
			}
		}
	})
}

func TestMain(m *testing.M) { testgen.Main(m) }

// TestZeroValues: the zero Selector selects nothing, and every String
// method is safe on a zero value.
func TestZeroValues(t *testing.T) {
	var s tlsselect.Selector
	if c, ok := s.Select("foo.com"); ok || c.Ingress != nil {
		t.Errorf("zero Selector: Select = %+v, %v; want none", c, ok)
	}
	if d := s.Diagnostics(); len(d) != 0 {
		t.Errorf("zero Selector: Diagnostics = %v, want none", d)
	}
	if got := tlsselect.Rank(0).String(); got != "exact" {
		t.Errorf("zero Rank: String() = %q, want exact", got)
	}
	if got := (ingresslib.Diagnostic{}).String(); got != "" {
		t.Errorf("zero Diagnostic: String() = %q, want \"\"", got)
	}
}

// TestDiagnosticsFollowTieBreak: the caller's order decides which entry
// loses a conflict and the order of certificate diagnostics.
func TestDiagnosticsFollowTieBreak(t *testing.T) {
	older := ingress("ns", "older", 0, []networkingv1.IngressTLS{entry("older-secret", "foo.com"), entry("older-bar", "bar.com")}, "foo.com", "bar.com")
	newer := ingress("ns", "newer", 10, []networkingv1.IngressTLS{entry("newer-secret", "foo.com"), entry("newer-baz", "baz.com")}, "foo.com", "baz.com")
	newestFirst := func(a, b *networkingv1.Ingress) int { return -a.CreationTimestamp.Compare(b.CreationTimestamp.Time) }
	for _, tt := range []struct {
		name        string
		opts        []tlsselect.Option
		loser, miss []string // SecretConflict's Object; BadCertificate Objects in order
	}{
		{"oldest first", nil, []string{"newer"}, []string{"older", "older", "newer"}},
		{"newest first", []tlsselect.Option{tlsselect.WithTieBreak(newestFirst)}, []string{"older"}, []string{"newer", "newer", "older"}},
	} {
		s := tlsselect.Compile([]*networkingv1.Ingress{older, newer}, append(tt.opts, tlsselect.WithSecrets([]*corev1.Secret{}))...)
		var loser, miss []string
		for _, d := range s.Diagnostics() {
			switch d.Kind {
			case tlsselect.SecretConflict:
				loser = append(loser, d.Object.GetName())
				if d.Related == nil || d.Related.GetName() == d.Object.GetName() {
					t.Errorf("%s: SecretConflict %v names no other winner", tt.name, d)
				}
			case tlsselect.BadCertificate:
				miss = append(miss, d.Object.GetName())
			}
		}
		if diff := cmp.Diff(tt.loser, loser); diff != "" {
			t.Errorf("%s: SecretConflict losers (-want +got):\n%s", tt.name, diff)
		}
		if diff := cmp.Diff(tt.miss, miss); diff != "" {
			t.Errorf("%s: BadCertificate order (-want +got):\n%s", tt.name, diff)
		}
	}
}
