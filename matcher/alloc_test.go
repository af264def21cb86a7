package matcher_test

import (
	"flag"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// TestMain raises the rapid properties to 2,000 cases per run unless
// -rapid.checks is given.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		if err := flag.Set("rapid.checks", "2000"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// TestMatchDoesNotAllocate is DESIGN.md's zero-allocation target: hits,
// misses, wildcard hosts, default backends, hosts with capitals and ports.
func TestMatchDoesNotAllocate(t *testing.T) {
	ings := []*networkingv1.Ingress{
		withDefault(ingress("ns", "a", 0,
			rule("foo.com", path(prefix, "/api", "api"), path(exact, "/api/v1", "v1")),
			rule("*.bar.com", path(prefix, "/", "wild")),
			rule("", path(prefix, "/static", "static")),
		), "default"),
	}
	for _, opts := range [][]matcher.Option{
		nil,
		{matcher.WithHostFallThrough(), matcher.WithPerHostDefaultBackend()},
		{matcher.WithImplementationSpecific(pathmatch.AsStringPrefix())},
		{matcher.WithImplementationSpecific(pathmatch.AsRegex())},
	} {
		m := matcher.Compile(ings, opts...)
		for _, req := range []struct{ host, path string }{
			{"foo.com", "/api/v1"},           // hit, exact
			{"FOO.com.:8080", "/api/x/y/z"},  // hit, prefix, host with capitals, dot, port
			{"x.bar.com", "/deep/path/here"}, // wildcard host
			{"X.BAR.COM", "/"},               // wildcard host, capitals
			{"foo.com", "/nothing"},          // miss → default backend
			{"other.org", "/static/app.js"},  // catch-all
			{"10.0.0.1", "/"},                // IP literal
			{"bad host", ""},                 // malformed host, empty path
		} {
			allocs := testing.AllocsPerRun(200, func() { m.Match(req.host, req.path) })
			if allocs != 0 {
				t.Errorf("Match(%q, %q) allocates %v times per call, want 0", req.host, req.path, allocs)
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
		wg.Go(func() {
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
		})
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
