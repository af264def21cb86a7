package conformance

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/manifest"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/yaml"
)

// Router is what a controller implements to run the suite: the backend a
// request reaches, or false for no route (the controller's own 404). host
// is the Host header and path the request path, as the client sent them.
type Router interface {
	Route(host, path string) (networkingv1.IngressBackend, bool)
}

// TLSRouter is implemented by a Router that terminates TLS: the Secret
// (namespace and name) whose certificate answers a server name (SNI; ""
// when the client sends none), or false for none. TLS cases need it.
type TLSRouter interface {
	Certificate(serverName string) (namespace, name string, ok bool)
}

// Feature names what a group of cases needs beyond the core rules.
type Feature string

// The features.
const (
	// ImplementationSpecificAsPrefix: ImplementationSpecific paths match as
	// Prefix.
	ImplementationSpecificAsPrefix Feature = "ImplementationSpecificAsPrefix"
	// DefaultBackend: spec.defaultBackend serves what no rule matches; the
	// oldest Ingress's when several have one.
	DefaultBackend Feature = "DefaultBackend"
	// HostClaim: the most specific host group with a path claims the
	// request; no fall-through to wildcard or catch-all rules.
	HostClaim Feature = "HostClaim"
	// HostFallThrough: a request whose path matches no path of its exact
	// host falls through to the wildcard, then the catch-all rules.
	HostFallThrough Feature = "HostFallThrough"
	// MultipleIngresses: the paths of several Ingresses for one host are
	// merged; equivalent paths go to the oldest Ingress, then namespace and
	// name.
	MultipleIngresses Feature = "MultipleIngresses"
	// TLSSelection: the Secret for a server name (the Router is a TLSRouter).
	TLSSelection Feature = "TLSSelection"
	// HostPortAndTrailingDot: a Host header with a port or a trailing dot.
	HostPortAndTrailingDot Feature = "HostPortAndTrailingDot"
	// PathNormalization: percent-encoded paths, dot segments and repeated
	// slashes, under pathmatch.Normalize's default policy.
	PathNormalization Feature = "PathNormalization"
)

// AllFeatures returns every feature but HostFallThrough, the alternative to
// HostClaim: what this library's matcher supports by default. The slice is
// new on every call.
func AllFeatures() []Feature {
	return []Feature{ImplementationSpecificAsPrefix, DefaultBackend, HostClaim, MultipleIngresses, TLSSelection, HostPortAndTrailingDot, PathNormalization}
}

// Option configures a run.
type Option func(*config)

type config struct {
	features []Feature
	only     string
}

// WithFeatures declares the features the router supports; cases needing
// others are skipped.
func WithFeatures(f ...Feature) Option {
	return func(c *config) { c.features = append(c.features, f...) }
}

// Only runs the cases whose name contains s.
func Only(s string) Option { return func(c *config) { c.only = s } }

//go:embed cases/*.yaml
var casesFS embed.FS

// Basis is what a case's expectations rest on.
type Basis string

// The bases.
const (
	// BasisDocs: the Kubernetes documentation (the Ingress concept page);
	// Case.Source names the section, table row or example.
	BasisDocs Basis = "docs"
	// BasisAPI: the API reference (the networking.k8s.io/v1 field
	// descriptions); Case.Source names the field.
	BasisAPI Basis = "api"
	// BasisLibrary: a default of this library where the documentation is
	// silent (docs/semantics.md); Case.Reason says why this default.
	BasisLibrary Basis = "library"
)

var basisNames = map[Basis]string{BasisDocs: "the Kubernetes documentation", BasisAPI: "the API reference", BasisLibrary: "library defaults"}

// Case is one conformance case.
type Case struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	// Basis is what the expectations rest on; Reason, for a library
	// default, why the library chose it.
	Basis    Basis     `json:"basis"`
	Reason   string    `json:"reason"`
	Features []Feature `json:"features"`
	// Permute runs the case once per order of the paths of each rule.
	Permute   bool         `json:"permute"`
	Manifests string       `json:"manifests"`
	Requests  []Request    `json:"requests"`
	TLS       []TLSRequest `json:"tls"`
}

// Request is a request and the backend it must reach: "service:port",
// "service:portName", "Kind apiGroup/name" for a resource backend, or ""
// for no route.
type Request struct {
	Host    string `json:"host"`
	Path    string `json:"path"`
	Backend string `json:"backend"`
	Why     string `json:"why"`
}

// TLSRequest is a server name and the Secret ("namespace/name") that must
// answer it, or "" for none.
type TLSRequest struct {
	ServerName string `json:"serverName"`
	Secret     string `json:"secret"`
}

// Cases returns the embedded cases, in file and case order.
func Cases() ([]Case, error) {
	var all []Case
	err := fs.WalkDir(casesFS, "cases", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".yaml" {
			return err
		}
		data, err := casesFS.ReadFile(p)
		if err != nil {
			return err
		}
		var cs []Case
		if err := yaml.UnmarshalStrict(data, &cs); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for _, c := range cs {
			switch {
			case basisNames[c.Basis] == "":
				return fmt.Errorf("%s: case %s: basis %q: want docs, api or library", p, c.Name, c.Basis)
			case c.Basis == BasisLibrary && c.Reason == "":
				return fmt.Errorf("%s: case %s: a library default needs a reason", p, c.Name)
			}
		}
		all = append(all, cs...)
		return nil
	})
	return all, err
}

// Result is the outcome of one case.
type Result struct {
	Case     Case
	Skipped  string   // why the case was skipped; "" when it ran
	Failures []string // one line per wrong answer
	Requests int      // requests and server names checked
}

// Report is the outcome of a run.
type Report struct {
	Features []Feature
	Results  []Result
}

// Counts returns the number of cases passed, skipped and failed, and of
// requests checked.
func (r Report) Counts() (passed, skipped, failed, requests int) {
	for _, res := range r.Results {
		switch {
		case res.Skipped != "":
			skipped++
		case len(res.Failures) > 0:
			failed++
		default:
			passed++
		}
		requests += res.Requests
	}
	return
}

// Summary is String without the failures: features declared, and cases
// passed, skipped and failed, in all and by basis.
func (r Report) Summary() string {
	var b strings.Builder
	for _, line := range strings.Split(r.String(), "\n") {
		if !strings.HasPrefix(line, "  ") && line != "" {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// String is a summary to paste into an issue: features declared, cases
// passed, skipped and failed, in all and by basis (the Kubernetes
// documentation, the API reference, library defaults), and each failure
// once, with the library's reason for a failed library default. A request
// that fails in some of a case's path orders says in how many.
func (r Report) String() string {
	var b strings.Builder
	p, s, f, n := r.Counts()
	fmt.Fprintf(&b, "ingresslib conformance: %d passed, %d failed, %d skipped (%d cases, %d requests checked)\n", p, f, s, len(r.Results), n)
	feats := make([]string, len(r.Features))
	for i, x := range r.Features {
		feats[i] = string(x)
	}
	fmt.Fprintf(&b, "features: %s\n", strings.Join(feats, ", "))
	for _, basis := range []Basis{BasisDocs, BasisAPI, BasisLibrary} {
		var sub Report
		for _, res := range r.Results {
			if res.Case.Basis == basis {
				sub.Results = append(sub.Results, res)
			}
		}
		if len(sub.Results) == 0 {
			continue
		}
		p, s, f, n := sub.Counts()
		fmt.Fprintf(&b, "%s: %d passed, %d failed, %d skipped (%d requests)\n", basisNames[basis], p, f, s, n)
		for _, res := range sub.Results {
			for _, fl := range res.Failures {
				fmt.Fprintf(&b, "  FAIL %s (%s): %s\n", res.Case.Name, res.Case.Source, fl)
			}
			if len(res.Failures) > 0 && res.Case.Reason != "" {
				fmt.Fprintf(&b, "       the library's reason: %s\n", res.Case.Reason)
			}
		}
	}
	return b.String()
}

// Check runs every case against the routers newRouter builds and returns
// the report. It fails only when the embedded cases cannot be read.
func Check(newRouter func([]*networkingv1.Ingress) (Router, error), opts ...Option) (Report, error) {
	cfg := config{}
	for _, o := range opts {
		o(&cfg)
	}
	cases, err := Cases()
	if err != nil {
		return Report{}, err
	}
	rep := Report{Features: slices.Clone(cfg.features)}
	slices.Sort(rep.Features)
	rep.Features = slices.Compact(rep.Features)
	for _, c := range cases {
		if cfg.only != "" && !strings.Contains(c.Name, cfg.only) {
			continue
		}
		rep.Results = append(rep.Results, runCase(c, cfg, newRouter))
	}
	return rep, nil
}

// Run runs the suite as subtests of t, one per case: a skipped feature is
// a skipped subtest, a wrong answer a failed one. It logs the summary and
// returns the report.
func Run(t *testing.T, newRouter func([]*networkingv1.Ingress) (Router, error), opts ...Option) Report {
	t.Helper()
	rep, err := Check(newRouter, opts...)
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	for _, res := range rep.Results {
		t.Run(res.Case.Name, func(t *testing.T) {
			if res.Skipped != "" {
				t.Skip(res.Skipped)
			}
			for _, f := range res.Failures {
				t.Errorf("%s (source: %s)", f, res.Case.Source)
			}
		})
	}
	t.Log("\n" + rep.Summary())
	return rep
}

func runCase(c Case, cfg config, newRouter func([]*networkingv1.Ingress) (Router, error)) Result {
	res := Result{Case: c}
	for _, f := range c.Features {
		if !slices.Contains(cfg.features, f) {
			res.Skipped = fmt.Sprintf("needs feature %s, which the router does not declare", f)
			return res
		}
	}
	set, err := manifest.Read(strings.NewReader(c.Manifests), c.Name)
	if err != nil {
		res.Failures = append(res.Failures, "bad case manifests: "+err.Error())
		return res
	}
	orders := [][]*networkingv1.Ingress{set.Ingresses}
	if c.Permute {
		orders = permutations(set.Ingresses)
	}
	// Wrong answers are counted per request and answer across the path
	// orders, and reported once each.
	type wrong struct {
		line   string
		orders int
	}
	var wrongs []*wrong
	byLine := map[string]*wrong{}
	fail := func(line string) {
		w := byLine[line]
		if w == nil {
			w = &wrong{line: line}
			byLine[line] = w
			wrongs = append(wrongs, w)
		}
		w.orders++
	}
	for _, ings := range orders {
		router, err := newRouter(ings)
		if err != nil {
			res.Failures = append(res.Failures, "building the router: "+err.Error())
			return res
		}
		for _, rq := range c.Requests {
			res.Requests++
			b, ok := router.Route(rq.Host, rq.Path)
			got := ""
			if ok {
				got = backend.String(b)
			}
			if got != rq.Backend {
				why := ""
				if rq.Why != "" {
					why = " (" + rq.Why + ")"
				}
				fail(fmt.Sprintf("Route(%q, %q) = %s, want %s%s", rq.Host, rq.Path, show(got), show(rq.Backend), why))
			}
		}
		if len(c.TLS) == 0 {
			continue
		}
		tr, ok := router.(TLSRouter)
		if !ok {
			fail("the router declares TLSSelection but does not implement TLSRouter")
			continue
		}
		for _, rq := range c.TLS {
			res.Requests++
			ns, name, ok := tr.Certificate(rq.ServerName)
			got := ""
			if ok {
				got = ns + "/" + name
			}
			if got != rq.Secret {
				fail(fmt.Sprintf("Certificate(%q) = %s, want %s", rq.ServerName, showCert(got), showCert(rq.Secret)))
			}
		}
	}
	for _, w := range wrongs {
		line := w.line
		switch {
		case len(orders) == 1:
		case w.orders == len(orders):
			line += fmt.Sprintf(" in all %d path orders", len(orders))
		default:
			line += fmt.Sprintf(" in %d of %d path orders", w.orders, len(orders))
		}
		res.Failures = append(res.Failures, line)
	}
	return res
}

// showCert names a Secret in a failure, "no certificate" for none.
func showCert(secret string) string {
	if secret == "" {
		return "no certificate"
	}
	return "Secret " + secret
}

func show(backend string) string {
	if backend == "" {
		return "no route"
	}
	return backend
}

// permutations returns the Ingresses once for every order of the paths of
// their rules (each rule's paths permuted together, up to 120 orders).
func permutations(ings []*networkingv1.Ingress) [][]*networkingv1.Ingress {
	out := [][]*networkingv1.Ingress{ings}
	for i, ing := range ings {
		for r := range ing.Spec.Rules {
			if ing.Spec.Rules[r].HTTP == nil {
				continue
			}
			var next [][]*networkingv1.Ingress
			for _, base := range out {
				for _, perm := range orderings(len(base[i].Spec.Rules[r].HTTP.Paths)) {
					cp := slices.Clone(base)
					cp[i] = base[i].DeepCopy()
					paths := base[i].Spec.Rules[r].HTTP.Paths
					np := make([]networkingv1.HTTPIngressPath, len(paths))
					for k, p := range perm {
						np[k] = paths[p]
					}
					cp[i].Spec.Rules[r].HTTP.Paths = np
					next = append(next, cp)
					if len(next) >= 120 {
						break
					}
				}
			}
			out = next
		}
	}
	return out
}

func orderings(n int) [][]int {
	if n <= 1 {
		return [][]int{make([]int, n)}
	}
	var out [][]int
	for _, p := range orderings(n - 1) {
		for i := 0; i <= len(p); i++ {
			out = append(out, slices.Insert(slices.Clone(p), i, n-1))
		}
	}
	return out
}

func pathOrder(ings []*networkingv1.Ingress) string {
	var parts []string
	for _, ing := range ings {
		for _, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for _, p := range r.HTTP.Paths {
				t := ""
				if p.PathType != nil {
					t = string(*p.PathType)
				}
				parts = append(parts, t+" "+p.Path)
			}
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
