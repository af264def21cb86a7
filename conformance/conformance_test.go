package conformance_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

// matcherRouter adapts this library's matcher and tlsselect to the suite:
// the path is normalised by pathmatch's default policy first.
type matcherRouter struct {
	m *matcher.Matcher
	s *tlsselect.Selector
}

func (r matcherRouter) Route(host, path string) (networkingv1.IngressBackend, bool) {
	p, err := pathmatch.Normalize(path, pathmatch.Policy{})
	if err != nil {
		return networkingv1.IngressBackend{}, false
	}
	route, ok := r.m.Match(host, p)
	return route.Backend, ok
}

func (r matcherRouter) Certificate(serverName string) (string, string, bool) {
	c, ok := r.s.Select(serverName)
	if !ok {
		return "", "", false
	}
	return c.Ingress.Namespace, c.SecretName, true
}

func newMatcherRouter(opts ...matcher.Option) func([]*networkingv1.Ingress) (conformance.Router, error) {
	return func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return matcherRouter{matcher.Compile(ings, opts...), tlsselect.Compile(ings)}, nil
	}
}

// TestMatcher runs the suite against this library's matcher through the
// exported adapter, with every feature; and with host fall-through, the
// alternative to HostClaim.
func TestMatcher(t *testing.T) {
	rep := conformance.Run(t, conformance.Matcher(), conformance.WithFeatures(conformance.AllFeatures()...))
	if p, s, f, _ := rep.Counts(); f != 0 || p == 0 || s != onlyAlternatives(t, rep) {
		t.Errorf("matcher: %d passed, %d skipped, %d failed; want all to pass but the cases of HostFallThrough and the controllers' features", p, s, f)
	}
	t.Run("fall-through", func(t *testing.T) {
		rep := conformance.Run(t, conformance.Matcher(matcher.WithHostFallThrough()), conformance.WithFeatures(conformance.HostFallThrough), conformance.Only("fall-through"))
		if p, _, f, _ := rep.Counts(); p != 1 || f != 0 {
			t.Errorf("fall-through: %d passed, %d failed", p, f)
		}
	})
}

// onlyAlternatives returns the number of skipped cases, and fails t if one
// of them needs a feature of AllFeatures: only HostFallThrough and the
// controllers' features may be missing.
func onlyAlternatives(t *testing.T, rep conformance.Report) int {
	t.Helper()
	skipped := 0
	for _, res := range rep.Results {
		if res.Skipped == "" {
			continue
		}
		skipped++
		alternative := false
		for _, f := range res.Case.Features {
			alternative = alternative || !slices.Contains(conformance.AllFeatures(), f)
		}
		if !alternative {
			t.Errorf("case %s skipped: %s", res.Case.Name, res.Skipped)
		}
	}
	return skipped
}

func TestSuiteSize(t *testing.T) {
	cases, err := conformance.Cases()
	if err != nil {
		t.Fatal(err)
	}
	requests, sources := 0, 0
	for _, c := range cases {
		requests += len(c.Requests) + len(c.TLS)
		// A source is the concept page (https://kubernetes.io/docs/concepts/services-networking/ingress/),
		// a file of this module, or a public URL.
		if strings.HasPrefix(c.Source, "Kubernetes Ingress concept page") || strings.Contains(c.Source, "docs/semantics.md") || strings.HasPrefix(c.Source, "https://") {
			sources++
		} else {
			t.Errorf("case %s: source %q is neither the concept page, a file of the module nor a URL", c.Name, c.Source)
		}
	}
	if requests < 300 {
		t.Errorf("the suite holds %d request cases, want at least 300", requests)
	}
	if sources != len(cases) {
		t.Errorf("%d of %d cases cite their source", sources, len(cases))
	}
}

// naiveRouter is a router written the way controllers get it wrong; how
// depends on its flags. Host handling is right (exact, then wildcard, then
// catch-all).
type naiveRouter struct {
	ings            []*networkingv1.Ingress
	stringPrefix    bool // Prefix as a plain string prefix
	firstMatch      bool // the first matching path in listed order wins
	prefixOverExact bool // at equal length, Prefix wins over Exact
}

func (r naiveRouter) Route(host, path string) (networkingv1.IngressBackend, bool) {
	for _, rank := range []hostmatch.Rank{hostmatch.RankExact, hostmatch.RankWildcard, hostmatch.RankCatchAll} {
		var best *networkingv1.HTTPIngressPath
		bestLen := -1
		for _, ing := range r.ings {
			for _, rule := range ing.Spec.Rules {
				if rule.HTTP == nil || hostmatch.RankOf(rule.Host) != rank || !hostmatch.Match(rule.Host, host) {
					continue
				}
				for i := range rule.HTTP.Paths {
					p := &rule.HTTP.Paths[i]
					if p.PathType == nil {
						continue
					}
					ok := pathmatch.Match(*p.PathType, p.Path, path)
					if r.stringPrefix && *p.PathType != networkingv1.PathTypeExact {
						ok = pathmatch.MatchStringPrefix(p.Path, path)
					}
					if !ok {
						continue
					}
					if r.firstMatch {
						return p.Backend, true
					}
					l := pathmatch.MustCompile(*p.PathType, p.Path, pathmatch.AsPrefix()).Len()
					better := l > bestLen
					if l == bestLen && best != nil {
						exactFirst := *p.PathType == networkingv1.PathTypeExact && *best.PathType != networkingv1.PathTypeExact
						prefixFirst := *p.PathType == networkingv1.PathTypePrefix && *best.PathType == networkingv1.PathTypeExact
						better = exactFirst && !r.prefixOverExact || prefixFirst && r.prefixOverExact
					}
					if better {
						best, bestLen = p, l
					}
				}
			}
		}
		if best != nil {
			return best.Backend, true
		}
	}
	return networkingv1.IngressBackend{}, false
}

// TestTeeth: the suite catches each classic mistake.
func TestTeeth(t *testing.T) {
	for name, bug := range map[string]naiveRouter{
		"plain string prefix":       {stringPrefix: true},
		"first match in list order": {firstMatch: true},
		"Prefix outranks Exact":     {prefixOverExact: true},
	} {
		rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
			bug.ings = ings
			return bug, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, failed, _ := rep.Counts(); failed == 0 {
			t.Errorf("%s: the suite caught nothing:\n%s", name, rep)
		} else {
			t.Logf("%s: caught by %d cases", name, failed)
		}
	}
	// The same router without the bug passes the core cases.
	rep, _ := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) { return naiveRouter{ings: ings}, nil })
	if _, _, failed, _ := rep.Counts(); failed != 0 {
		t.Errorf("the naive router without bugs fails:\n%s", rep)
	}
}

func TestReport(t *testing.T) {
	rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return naiveRouter{ings: ings, prefixOverExact: true}, nil
	}, conformance.Only("row-18"), conformance.WithFeatures(conformance.DefaultBackend))
	if err != nil {
		t.Fatal(err)
	}
	got := rep.String()
	for _, want := range []string{
		"ingresslib conformance: 0 passed, 1 failed, 0 skipped (1 cases, 2 requests checked)\n",
		"features: DefaultBackend\n",
		"the Kubernetes documentation: 0 passed, 1 failed, 0 skipped (2 requests)\n",
		`  FAIL docs-path-table-row-18 (Kubernetes Ingress concept page, path table, row 18): Route("", "/foo") = p0:80, want p1:80 in all 2 path orders` + "\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Report.String() =\n%s\nwant it to contain %q", got, want)
		}
	}
	if n := strings.Count(got, "FAIL"); n != 1 {
		t.Errorf("the failure is printed %d times:\n%s", n, got)
	}
	if sum := rep.Summary(); strings.Contains(sum, "FAIL") || !strings.Contains(sum, "the Kubernetes documentation: 0 passed, 1 failed") {
		t.Errorf("Summary() =\n%s", sum)
	}

	// A router that takes the first listed path fails only in the orders
	// that list the loser first: said once, with the count.
	rep, err = conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return naiveRouter{ings: ings, firstMatch: true}, nil
	}, conformance.Only("multiple-matches-longest-wins"), conformance.WithFeatures(conformance.DefaultBackend))
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.String(); !strings.Contains(got, " path orders") || strings.Contains(got, "in all") {
		t.Errorf("an order-dependent failure is not counted by orders:\n%s", got)
	}
}

// TestLibraryCasesSayWhy checks the basis of every case: a documentation
// case cites the concept page, a library default gives its reason.
func TestLibraryCasesSayWhy(t *testing.T) {
	cases, err := conformance.Cases()
	if err != nil {
		t.Fatal(err)
	}
	n := map[conformance.Basis]int{}
	for _, c := range cases {
		n[c.Basis]++
		switch c.Basis {
		case conformance.BasisDocs:
			if !strings.Contains(c.Source, "Kubernetes Ingress concept page") {
				t.Errorf("%s: a documentation case whose source is %q", c.Name, c.Source)
			}
		case conformance.BasisLibrary:
			if len(c.Reason) < 40 {
				t.Errorf("%s: reason %q says too little", c.Name, c.Reason)
			}
		}
	}
	if n[conformance.BasisDocs] == 0 || n[conformance.BasisLibrary] == 0 {
		t.Errorf("cases by basis: %v", n)
	}
}

// TestOutsideModule runs the suite from testdata/outside, a controller's
// own module that requires this one (through a replace directive) and is
// kept tidy: go test there, offline (GOPROXY=off) and without changing its
// go.mod (-mod=readonly), needs nothing that this module's own build has not
// put in the module cache.
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds another module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(goBin, "test", "-count=1", "-v", "-run", "TestConformance", ".")
	cmd.Dir = filepath.Join("testdata", "outside")
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in testdata/outside: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "ingresslib conformance:") || !strings.Contains(string(out), " 0 failed") {
		t.Errorf("testdata/outside's output lacks a passing summary:\n%s", out)
	}
}

// TestFeatureNames: every Feature constant is spelled as its value, so a
// feature named in a case file, a report or a controller's code reads the
// same; and AllFeatures hands out a fresh slice each time.
func TestFeatureNames(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "conformance.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Feature" {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Value != strconv.Quote(name.Name) {
					t.Errorf("Feature constant %s = %s, want %q", name.Name, lit.Value, name.Name)
				}
				n++
			}
		}
	}
	if n < len(conformance.AllFeatures())+1 {
		t.Errorf("found %d Feature constants, want at least %d", n, len(conformance.AllFeatures())+1)
	}
	all := conformance.AllFeatures()
	all[0] = "Changed"
	if conformance.AllFeatures()[0] == "Changed" {
		t.Errorf("AllFeatures returns a shared slice")
	}
}

// TestDeclaredDifferences: a declared difference is shown as such, not as
// a failure, and one that no longer differs is flagged.
func TestDeclaredDifferences(t *testing.T) {
	rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return naiveRouter{ings: ings, prefixOverExact: true}, nil
	}, conformance.Only("docs-path-table-row-1"), conformance.WithFeatures(conformance.DefaultBackend),
		conformance.WithDifferences(
			conformance.Difference{Case: "docs-path-table-row-18", Host: "", Path: "/foo", Reason: "we rank Prefix first, on purpose"},
			conformance.Difference{Case: "docs-path-table-row-1", Reason: "a difference that is not one"},
		))
	if err != nil {
		t.Fatal(err)
	}
	if d, stale := rep.Declared(); d != 1 || stale != 1 {
		t.Errorf("declared %d, stale %d:\n%s", d, stale, rep)
	}
	got := rep.String()
	for _, want := range []string{
		", 1 declared differences (1 no longer differ)",
		`  DECLARED docs-path-table-row-18: Route("", "/foo") = p0:80, want p1:80 in all 2 path orders — declared: we rank Prefix first, on purpose`,
		"  STALE docs-path-table-row-1: declared difference for every request no longer differs (a difference that is not one): remove it",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report:\n%s\nwant it to contain %q", got, want)
		}
	}
	for _, res := range rep.Results {
		if res.Case.Name == "docs-path-table-row-18" && res.Status() != "declared" {
			t.Errorf("row 18: status %s", res.Status())
		}
	}
}

// flakyRouter answers like the matcher, except that every other router it
// builds sends /aaa/bbb elsewhere: a router that depends on map order.
type flakyRouter struct {
	conformance.Router
	odd bool
}

func (r flakyRouter) Route(host, path string) (networkingv1.IngressBackend, bool) {
	if r.odd && path == "/aaa/bbb" {
		return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "elsewhere", Port: networkingv1.ServiceBackendPort{Number: 1}}}, true
	}
	return r.Router.Route(host, path)
}

// TestRepeat: answers that change between builds are reported as
// order-dependent, with how often each came.
func TestRepeat(t *testing.T) {
	builds := 0
	rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		builds++
		r, _ := newMatcherRouter()(ings)
		return flakyRouter{r, builds%2 == 0}, nil
	}, conformance.Only("docs-path-table-row-9"), conformance.WithFeatures(conformance.AllFeatures()...), conformance.Repeat(4))
	if err != nil {
		t.Fatal(err)
	}
	got := rep.String()
	want := `order-dependent: Route("", "/aaa/bbb") answered elsewhere:1 in 2, p0:80 in 2 of 4 runs`
	if !strings.Contains(got, want) {
		t.Errorf("report:\n%s\nwant it to contain %q", got, want)
	}
	if builds != 4 {
		t.Errorf("%d builds, want 4", builds)
	}
}

// routeOnly is a router without TLS: no TLSRouter.
type routeOnly struct{ r conformance.Router }

func (o routeOnly) Route(host, path string) (networkingv1.IngressBackend, bool) {
	return o.r.Route(host, path)
}

// TestNoTLSRouter: a router that terminates no TLS, declaring every
// feature, skips the certificate requests instead of failing them.
func TestNoTLSRouter(t *testing.T) {
	rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		r, err := conformance.Matcher()(ings)
		return routeOnly{r}, err
	}, conformance.WithFeatures(conformance.AllFeatures()...))
	if err != nil {
		t.Fatal(err)
	}
	skippedTLS := 0
	for _, res := range rep.Results {
		if len(res.Case.TLS) == 0 {
			continue
		}
		if res.Status() == "failed" {
			t.Errorf("%s failed: %v", res.Case.Name, res.Failures)
		}
		if res.SkippedRequests > 0 {
			skippedTLS++
		}
	}
	if skippedTLS == 0 {
		t.Error("no case with certificate requests skipped them")
	}
}
