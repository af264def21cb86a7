package matcher_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
	f.Add(`[{"metadata":{"annotations":{"nginx.ingress.kubernetes.io/use-regex":"true","nginx.ingress.kubernetes.io/app-root":"/a"}},"spec":{"rules":[{"host":"*.a.b","http":{"paths":[{"path":"/(x","pathType":"Prefix","backend":{"service":{"name":"s"}}},{"path":"/","pathType":"Exact","backend":{"service":{"name":"s"}}}]}}]}}]`, "x.a.b", "/")
	f.Add(`[{"metadata":{"annotations":{"nginx.ingress.kubernetes.io/canary":"true","traefik.ingress.kubernetes.io/router.pathmatcher":"PathRegexp"}},"spec":{"rules":[{"http":{"paths":[{"path":"/[","pathType":"ImplementationSpecific","backend":{"service":{"name":"s"}}}]}}]}}]`, "", "/x")
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
		for _, d := range matcher.Dialects() {
			m := matcher.Compile(ings, matcher.WithDialect(d))
			r, ok := m.Match(host, p)
			if ex := m.Explain(host, p); ex.Route != r || ex.Found != ok {
				t.Fatalf("%s: Explain(%q, %q) disagrees with Match", d, host, p)
			}
			if _, err := m.RouteRequest(&http.Request{Host: host, URL: &url.URL{Path: p, RawQuery: "q"}}); err == nil && r.Ingress == nil {
				t.Fatalf("%s: RouteRequest(%q, %q) routes to nothing", d, host, p)
			}
			_ = ex(m, host, p)
		}
	})
}

func ex(m *matcher.Matcher, host, p string) string { return m.Explain(host, p).String() }

// decodeIngresses reads a small set of Ingresses from fuzz input, one path
// per line: "<ingress digit><type letter> <host> <path>", where the type is
// E (Exact), P (Prefix) or I (ImplementationSpecific) and host "-" means a
// rule without host. A line that does not parse is skipped. Ingress 0 has a
// default backend; the others share one creation time, so name decides.
func decodeIngresses(spec string) []*networkingv1.Ingress {
	ings := []*networkingv1.Ingress{withDefault(ingress("ns", "i0", 0), "default")}
	for i, line := range strings.Split(spec, "\n") {
		f := strings.SplitN(line, " ", 3)
		if len(f) != 3 || len(f[0]) != 2 || f[0][0] < '0' || f[0][0] > '3' {
			continue
		}
		pt, ok := map[byte]networkingv1.PathType{'E': exact, 'P': prefix, 'I': specific}[f[0][1]]
		if !ok {
			continue
		}
		n := int(f[0][0] - '0')
		for len(ings) <= n {
			ings = append(ings, ingress("ns", fmt.Sprintf("i%d", len(ings)), 1))
		}
		host := f[1]
		if host == "-" {
			host = ""
		}
		ings[n].Spec.Rules = append(ings[n].Spec.Rules, rule(host, path(pt, f[2], fmt.Sprintf("line%d", i))))
	}
	return ings
}

// FuzzMatchIngresses builds the Ingresses from the fuzz input as well as
// the request (see decodeIngresses), then checks Match against the slow twin
// for the request and for requests derived from every pattern: itself, one
// element deeper, cut short by one byte, its trailing slash toggled.
// testdata/fuzz/FuzzMatchIngresses holds seeds with keys and hosts at the
// size boundaries (63/64-byte keys, 63-byte labels, 253-byte hosts).
func FuzzMatchIngresses(f *testing.F) {
	long := "/" + strings.Repeat("a", 62) // 63 bytes: the crash of a short request in its group
	f.Add("0P foo.com "+long+"\n0P foo.com /", "foo.com", "/x")
	f.Add("0P *.foo.com "+long, "a.foo.com", "/x")
	f.Add("0P - "+long+"\n1E - /", "other", "/")
	f.Add("0E foo.com /a\n1P foo.com /a/\n2I foo.com /a", "FOO.com:80", "/a")
	f.Fuzz(func(t *testing.T, spec, host, p string) {
		ings := decodeIngresses(spec)
		for _, is := range []pathmatch.Interpretation{pathmatch.AsPrefix(), pathmatch.AsStringPrefix()} {
			m := matcher.Compile(ings, matcher.WithImplementationSpecific(is))
			slow := newSlow(ings, is, false, false)
			reqs := []string{p}
			for _, ing := range ings {
				for _, r := range ing.Spec.Rules {
					for _, hp := range r.HTTP.Paths {
						x := hp.Path
						reqs = append(reqs, x, x+"/b", x[:max(0, len(x)-1)], strings.TrimSuffix(x, "/"), x+"/")
					}
				}
			}
			for _, req := range reqs {
				got, ok := m.Match(host, req)
				want, wantOK := slow.match(host, req)
				if got != want || ok != wantOK {
					t.Fatalf("%v: Match(%q, %q) = %s, %v; slow twin says %s, %v", is, host, req, describe(got), ok, describe(want), wantOK)
				}
			}
		}
	})
}
