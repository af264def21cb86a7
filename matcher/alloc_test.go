package matcher_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ingresslib/ingress/internal/testgen"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// TestMain runs the rapid properties with testgen's case count: 2,000
// per property, or $INGRESSLIB_RAPID_CHECKS (CI runs 10,000).
func TestMain(m *testing.M) { testgen.Main(m) }

// TestMatchDoesNotAllocate: Match allocates nothing, for hits, misses,
// wildcard hosts, default backends, hosts with capitals and ports, long
// keys, and ImplementationSpecific paths under every reading (each
// configuration's Ingress has ImplementationSpecific paths that its
// requests reach).
func TestMatchDoesNotAllocate(t *testing.T) {
	long := "/" + strings.Repeat("l", 70)
	ings := []*networkingv1.Ingress{
		withDefault(ingress("ns", "a", 0,
			rule("foo.com", path(prefix, "/api", "api"), path(exact, "/api/v1", "v1"), path(specific, "/is", "is"), path(prefix, long, "long")),
			rule("*.bar.com", path(prefix, "/", "wild"), path(specific, "/w", "wild-is")),
			rule("", path(prefix, "/static", "static"), path(specific, "/re[0-9]+", "re")),
		), "default"),
	}
	reqs := []struct{ host, path, want string }{
		{"foo.com", "/api/v1", "v1"},              // hit, exact
		{"FOO.com.:8080", "/api/x/y/z", "api"},    // hit, prefix, host with capitals, dot, port
		{"x.bar.com", "/deep/path/here", "wild"},  // wildcard host
		{"X.BAR.COM", "/", "wild"},                // wildcard host, capitals
		{"foo.com", "/nothing", "default"},        // miss → default backend
		{"other.org", "/static/app.js", "static"}, // catch-all
		{"10.0.0.1", "/", "default"},              // IP literal
		{"bad host", "", "default"},               // malformed host, empty path
		{"foo.com", long + "/x", "long"},          // a key of 71 bytes
		{"foo.com", "/is/x", "is"},                // ImplementationSpecific
		{"a.bar.com", "/w", "wild-is"},            // ImplementationSpecific, wildcard host
		{"other.org", "/re42", ""},                // ImplementationSpecific, regex (want depends)
	}
	for _, c := range []struct {
		name string
		opts []matcher.Option
		re   string // what /re42 reaches
	}{
		{"default", nil, "default"},
		{"fall-through, per-host default", []matcher.Option{matcher.WithHostFallThrough(), matcher.WithPerHostDefaultBackend()}, "default"},
		{"string prefix", []matcher.Option{matcher.WithImplementationSpecific(pathmatch.AsStringPrefix())}, "default"},
		{"exact", []matcher.Option{matcher.WithImplementationSpecific(pathmatch.AsExact())}, "default"},
		{"regex", []matcher.Option{matcher.WithImplementationSpecific(pathmatch.AsRegex())}, "re"},
	} {
		m := matcher.Compile(ings, c.opts...)
		for _, req := range reqs {
			want := req.want
			if want == "" {
				want = c.re
			}
			if c.name == "exact" && req.path == "/is/x" {
				want = "default" // ImplementationSpecific /is read as Exact does not match /is/x
			}
			if r, ok := m.Match(req.host, req.path); !ok || service(r.Backend) != want {
				t.Errorf("%s: Match(%q, %q) = %q, %v; want %q", c.name, req.host, req.path, service(r.Backend), ok, want)
			}
			allocs := testing.AllocsPerRun(200, func() { m.Match(req.host, req.path) })
			if allocs != 0 {
				t.Errorf("%s: Match(%q, %q) allocates %v times per call, want 0", c.name, req.host, req.path, allocs)
			}
		}
	}
}

// TestMatchPartsDoNotAllocate: a host of enough paths to be split into
// parts (one job per Ingress, as on the GPU platform) is matched without
// allocating, for hits, a string prefix, misses, and after Update.
func TestMatchPartsDoNotAllocate(t *testing.T) {
	var ings []*networkingv1.Ingress
	for j := range 600 {
		id := fmt.Sprint("job", j)
		ings = append(ings, ingress("jobs", id, j, rule("gpu.example.com", path(prefix, "/ingress/"+id, id))))
	}
	ings = append(ings, ingress("jobs", "files", 600, rule("gpu.example.com", path(specific, "/files-", "files"))))
	m := matcher.Compile(ings, matcher.WithImplementationSpecific(pathmatch.AsStringPrefix()))
	next := m.Update([]*networkingv1.Ingress{ingress("jobs", "job7", 7, rule("gpu.example.com", path(prefix, "/ingress/job7", "job7-v2")))}, nil)
	if matcher.HostParts(m, "gpu.example.com") < 2 || matcher.HostParts(next, "gpu.example.com") < 2 {
		t.Fatalf("a host of 601 paths is not split into parts")
	}
	for _, c := range []struct {
		name string
		m    *matcher.Matcher
		job7 string
	}{{"Compile", m, "job7"}, {"Update", next, "job7-v2"}} {
		for _, req := range []struct{ path, want string }{
			{"/ingress/job599/lab", "job599"},
			{"/ingress/job7", c.job7},
			{"/files-2026/a", "files"},
			{"/ingress/job6000", ""},
			{"/nothing", ""},
		} {
			r, ok := c.m.Match("gpu.example.com", req.path)
			if got := service(r.Backend); ok != (req.want != "") || ok && got != req.want {
				t.Errorf("%s: Match(%q) = %q, %v; want %q", c.name, req.path, got, ok, req.want)
			}
			if allocs := testing.AllocsPerRun(200, func() { c.m.Match("gpu.example.com", req.path) }); allocs != 0 {
				t.Errorf("%s: Match(%q) allocates %v times per call, want 0", c.name, req.path, allocs)
			}
		}
	}
}

// TestConcurrentSwap matches from many goroutines while new Matchers are
// swapped in, as a controller does (run with -race).
func TestConcurrentSwap(t *testing.T) {
	gen := func(i int) *matcher.Matcher {
		return matcher.Compile([]*networkingv1.Ingress{ingress("ns", "a", 0,
			rule("foo.com", path(prefix, "/", "svc-"+string(rune('a'+i%2)))))})
	}
	var current atomic.Pointer[matcher.Matcher]
	current.Store(gen(0))
	var wg sync.WaitGroup
	var bad atomic.Int64
	stop := make(chan struct{})
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r, ok := current.Load().Match("foo.com", "/x")
				if svc := service(r.Backend); !ok || (svc != "svc-a" && svc != "svc-b") {
					bad.Add(1)
				}
			}
		}()
	}
	for i := range 200 {
		current.Store(gen(i))
	}
	close(stop)
	wg.Wait()
	if n := bad.Load(); n != 0 {
		t.Errorf("%d lookups during swaps found no route or a wrong one", n)
	}
}

// TestEqualLowerNonASCII: a host with bytes of 0x80 or more never equals an
// ASCII host key, whatever the carries of the word-wise lower-casing.
func TestEqualLowerNonASCII(t *testing.T) {
	ings := []*networkingv1.Ingress{ingress("ns", "a", 0,
		rule("ab-.example.com", path(prefix, "/", "exact")), rule("", path(prefix, "/", "catch-all")))}
	m := matcher.Compile(ings)
	for _, host := range []string{"ab\xcd.example.com", "\xff\xffmple.com.example", "AB-.EXAMPLE.COM", "ab-.example.co\xed"} {
		r, ok := m.Match(host, "/")
		want := "catch-all"
		if host == "AB-.EXAMPLE.COM" {
			want = "exact"
		}
		if !ok || service(r.Backend) != want {
			t.Errorf("Match(%q) = %q, want %q", host, service(r.Backend), want)
		}
	}
}

// TestMatchDoesNotAllocateUnderDialects: Match allocates nothing under
// every dialect, for exact and wildcard hosts (capitals, ports), rules
// without host, string prefixes, regular expressions (ingress-nginx's
// use-regex host, Contour's regex paths, Traefik's PathRegexp,
// haproxy-ingress's regex path type and wildcard lines), misses and
// default backends.
func TestMatchDoesNotAllocateUnderDialects(t *testing.T) {
	if raceEnabled {
		t.Skip("regular expressions borrow from sync.Pool, which drops items at random under the race detector")
	}
	ings := []*networkingv1.Ingress{
		withDefault(ingress("ns", "a", 0,
			rule("foo.com", path(prefix, "/api", "api"), path(exact, "/api/v1", "v1"), path(specific, "/is", "is")),
			rule("*.bar.com", path(prefix, "/", "wild"), path(specific, "/w", "wild-is")),
			rule("", path(prefix, "/static", "static")),
		), "default"),
		annotate(ingress("ns", "re", 1, rule("re.com", path(specific, "/re[0-9]+", "re"), path(prefix, "/p", "p"))),
			"nginx.ingress.kubernetes.io/use-regex", "true",
			"traefik.ingress.kubernetes.io/router.pathmatcher", "PathRegexp",
			"haproxy-ingress.github.io/path-type", "regex"),
	}
	reqs := []struct{ host, path string }{
		{"foo.com", "/api/v1"}, {"FOO.com.:8080", "/api/x/y/z"}, {"x.bar.com", "/deep/path"}, {"X.BAR.COM", "/w"},
		{"foo.com", "/nothing"}, {"other.org", "/static/app.js"}, {"10.0.0.1", "/"}, {"bad host", ""},
		{"re.com", "/re42"}, {"RE.com", "/RE7/x"}, {"re.com", "/p/q"}, {"re.com", "/none"},
		{"a.b.bar.com", "/w"}, {strings.Repeat("x", 400) + ".com", "/static"},
	}
	for _, d := range matcher.Dialects() {
		m := matcher.Compile(ings, matcher.WithDialect(d))
		for _, req := range reqs {
			m.Match(req.host, req.path) // warm the pools a lookup may use
			if allocs := testing.AllocsPerRun(100, func() { m.Match(req.host, req.path) }); allocs != 0 {
				t.Errorf("%s: Match(%q, %q) allocates %v times per call, want 0", d, req.host, req.path, allocs)
			}
		}
	}
}
