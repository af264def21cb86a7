package matcher_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// fuzzIngresses is a fixed, overlapping set for FuzzMatch: exact, wildcard
// and catch-all hosts, every path type, equivalent paths of two Ingresses,
// and a default backend.
func fuzzIngresses() []*networkingv1.Ingress {
	return []*networkingv1.Ingress{
		withDefault(ingress("a", "one", 0,
			rule("foo.com", path(prefix, "/", "root"), path(prefix, "/api/", "api"), path(exact, "/api", "api-exact")),
			rule("*.foo.com", path(prefix, "/w", "wild"), path(specific, "/w/x", "wild-is")),
			rule("", path(prefix, "/static", "static"), path(exact, "/", "slash")),
		), "default"),
		ingress("b", "two", 0, rule("foo.com", path(prefix, "/api", "api-b"), path(exact, "/a%2Fb", "encoded"))),
	}
}

// FuzzMatch: Match never panics, agrees with the slow twin and with
// Explain, and MatchRequest never panics, whatever the host and path.
func FuzzMatch(f *testing.F) {
	for _, h := range reqHosts {
		for _, p := range []string{"", "/api/x", "/w/x/y", "/static//a", "/a%2Fb"} {
			f.Add(h, p)
		}
	}
	f.Add("[::1", "/\x00")
	f.Add("a.foo.com", "/w\xff/x")
	ings := fuzzIngresses()
	m := matcher.Compile(ings)
	slow := newSlow(ings, pathmatch.AsPrefix(), false, false)
	f.Fuzz(func(t *testing.T, host, p string) {
		got, ok := m.Match(host, p)
		want, wantOK := slow.match(host, p)
		if got != want || ok != wantOK {
			t.Fatalf("Match(%q, %q) = %s, %v; slow twin says %s, %v", host, p, describe(got), ok, describe(want), wantOK)
		}
		if ex := m.Explain(host, p); ex.Route != got {
			t.Fatalf("Explain(%q, %q).Route = %s; Match says %s", host, p, describe(ex.Route), describe(got))
		}
		m.MatchRequest(&http.Request{Host: host, URL: &url.URL{Path: p}})
	})
}

// FuzzCompile: Compile, Match, Explain and Diagnostics never panic on
// Ingresses decoded from any JSON, valid or not.
func FuzzCompile(f *testing.F) {
	seed, err := json.Marshal(fuzzIngresses())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed), "foo.com", "/api/x")
	f.Add(`[{"spec":{"rules":[{"host":"*.","http":{"paths":[{"path":"(","pathType":"ImplementationSpecific"}]}}]}}, null]`, "x.", "")
	f.Add(`[{"spec":{"rules":[{"host":"10.0.0.1","http":{"paths":[{"pathType":"Bogus"}]}},{"http":null}],"defaultBackend":{}}}]`, "10.0.0.1", "/")
	f.Fuzz(func(t *testing.T, in, host, p string) {
		var ings []*networkingv1.Ingress
		if json.Unmarshal([]byte(in), &ings) != nil {
			return
		}
		for _, is := range []pathmatch.Interpretation{pathmatch.AsPrefix(), pathmatch.AsRegex(), pathmatch.AsStringPrefix()} {
			m := matcher.Compile(ings, matcher.WithImplementationSpecific(is), matcher.WithPerHostDefaultBackend())
			r, ok := m.Match(host, p)
			if ex := m.Explain(host, p); ex.Route != r || ex.Found != ok {
				t.Fatalf("Explain(%q, %q) disagrees with Match", host, p)
			}
			for _, d := range m.Diagnostics() {
				_ = d.String()
			}
			_ = r.String()
		}
	})
}
