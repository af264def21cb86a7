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
// when the client sends none), or false for none. TLS cases need it: a
// Router that is no TLSRouter skips their certificate requests, whatever
// features it declares.
type TLSRouter interface {
	Certificate(serverName string) (namespace, name string, ok bool)
}

// Feature names what a group of cases needs beyond the core rules.
type Feature string

// The features. A case names those it needs in features:, and a request
// those it needs beyond its case's; a router declares what it supports
// with [WithFeatures], and what needs more is skipped, never failed. The
// README's table lists the cases and requests each feature gates.
const (
	// ImplementationSpecificAsPrefix: ImplementationSpecific paths match as
	// Prefix.
	ImplementationSpecificAsPrefix Feature = "ImplementationSpecificAsPrefix"
	// PrefixBeforeImplementationSpecific: of a Prefix and an
	// ImplementationSpecific path of equal length, Prefix wins.
	PrefixBeforeImplementationSpecific Feature = "PrefixBeforeImplementationSpecific"
	// DefaultBackend: spec.defaultBackend serves what no rule matches.
	DefaultBackend Feature = "DefaultBackend"
	// ResourceBackend: a backend may be a resource (spec.rules[].http
	// .paths[].backend.resource) rather than a Service.
	ResourceBackend Feature = "ResourceBackend"
	// WildcardHosts: rule hosts *.foo.com, matching one DNS label; a router
	// without it supports exact hosts only.
	WildcardHosts Feature = "WildcardHosts"
	// HostClaim: the most specific host group with a path claims the
	// request; no fall-through to wildcard or catch-all rules.
	HostClaim Feature = "HostClaim"
	// HostFallThrough: a request whose path matches no path of its exact
	// host falls through to the wildcard, then the catch-all rules.
	HostFallThrough Feature = "HostFallThrough"
	// MultipleIngresses: the paths of several Ingresses for one host are
	// merged, and the longest match wins across them.
	MultipleIngresses Feature = "MultipleIngresses"
	// OldestIngressWins: of equivalent paths, default backends or TLS
	// entries of several Ingresses, the oldest Ingress's wins
	// (creationTimestamp), then the lower namespace, then the lower name.
	OldestIngressWins Feature = "OldestIngressWins"
	// EarlierPathWins: of equivalent paths of one Ingress (Prefix /foo and
	// /foo/), the one listed first wins.
	EarlierPathWins Feature = "EarlierPathWins"
	// TLSSelection: the Secret for a server name from TLS entries that
	// list it (the Router is a TLSRouter).
	TLSSelection Feature = "TLSSelection"
	// TLSWildcard: TLS hosts *.foo.com cover one label, after exact hosts.
	TLSWildcard Feature = "TLSWildcard"
	// TLSDefaultEntry: a TLS entry without hosts answers names no entry
	// lists, and clients without SNI.
	TLSDefaultEntry Feature = "TLSDefaultEntry"
	// HostPortAndTrailingDot: a Host header with a port or a trailing dot.
	HostPortAndTrailingDot Feature = "HostPortAndTrailingDot"
	// PathNormalization: percent-encoded paths, dot segments and repeated
	// slashes, under pathmatch.Normalize's default policy.
	PathNormalization Feature = "PathNormalization"
)

// Features of controllers that depart from the documentation, for a
// router that reproduces one of them (a migration target that promises
// compatibility): AllFeatures leaves them out, as it leaves out
// HostFallThrough. Each gates the cases of cases/controllers.yaml, which
// cite the controller's source.
const (
	// IngressNGINXRegex: under nginx.ingress.kubernetes.io/use-regex or a
	// rewrite-target, every path of the host, from every Ingress, is a
	// case-insensitive regular expression anchored at its start.
	IngressNGINXRegex Feature = "IngressNGINXRegex"
	// TraefikRulePriority: every path is a router ranked by the length of
	// its rule text across all hosts, and PathPrefix is a string prefix.
	TraefikRulePriority Feature = "TraefikRulePriority"
	// ContourImplementationSpecific: an ImplementationSpecific path with one
	// of ^+*[]% is a regular expression on the whole path, any other a
	// string prefix.
	ContourImplementationSpecific Feature = "ContourImplementationSpecific"
	// IstioPathLength: routes are ordered by the length of the path as
	// written, so Prefix /foo/ wins over Exact /foo; ImplementationSpecific
	// "x/*" is a prefix and any other path without * exact.
	IstioPathLength Feature = "IstioPathLength"
	// HAProxyBegin: ImplementationSpecific is a case-insensitive string
	// prefix, and a host whose paths do not match falls through to the
	// rules without host.
	HAProxyBegin Feature = "HAProxyBegin"
	// MultiLabelWildcards: a wildcard host covers any number of labels, the
	// longest suffix first (the Gateway API's hostnames, Envoy's domains).
	MultiLabelWildcards Feature = "MultiLabelWildcards"
)

// controllerFeatures are the features of controllers that depart from the
// documentation.
var controllerFeatures = []Feature{IngressNGINXRegex, TraefikRulePriority, ContourImplementationSpecific, IstioPathLength, HAProxyBegin, MultiLabelWildcards}

// AllFeatures returns every feature but HostFallThrough, the alternative to
// HostClaim: what this library's matcher supports by default. The slice is
// new on every call.
func AllFeatures() []Feature {
	return []Feature{ImplementationSpecificAsPrefix, PrefixBeforeImplementationSpecific, DefaultBackend, ResourceBackend, WildcardHosts,
		HostClaim, MultipleIngresses, OldestIngressWins, EarlierPathWins, TLSSelection, TLSWildcard, TLSDefaultEntry,
		HostPortAndTrailingDot, PathNormalization}
}

// Option configures a run.
type Option func(*config)

type config struct {
	features    []Feature
	only        string
	differences []Difference
	repeat      int
}

// A Difference is a known, deliberate way a router departs from a case:
// the report shows its wrong answers as "declared difference", not as
// failures, and flags a declared difference that no longer differs.
type Difference struct {
	// Case is the case's name.
	Case string
	// Host and Path name one request of the case (as the case writes
	// them); ServerName one TLS request. All empty: every request of the
	// case.
	Host, Path, ServerName string
	// Reason says why the router differs, for whoever reads the report.
	Reason string
}

func (d Difference) covers(k answerKey) bool {
	if d.Host == "" && d.Path == "" && d.ServerName == "" {
		return true
	}
	if k.tls {
		return d.ServerName == k.host
	}
	return d.Host == k.host && d.Path == k.path
}

// WithDifferences declares known differences of the router.
func WithDifferences(d ...Difference) Option {
	return func(c *config) { c.differences = append(c.differences, d...) }
}

// Repeat builds the router and runs each case n times (n ≥ 2) and reports
// every request whose answer changes between runs as order-dependent: a
// router that iterates maps passes or fails by chance, and this tells.
func Repeat(n int) Option {
	return func(c *config) { c.repeat = n }
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
	// Features are what this request needs beyond its case's.
	Features []Feature `json:"features"`
}

// TLSRequest is a server name and the Secret ("namespace/name") that must
// answer it, or "" for none.
type TLSRequest struct {
	ServerName string `json:"serverName"`
	Secret     string `json:"secret"`
	// Features are what this request needs beyond its case's.
	Features []Feature `json:"features"`
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
			feats := slices.Clone(c.Features)
			for _, rq := range c.Requests {
				feats = append(feats, rq.Features...)
			}
			for _, rq := range c.TLS {
				feats = append(feats, rq.Features...)
			}
			for _, f := range feats {
				if f != HostFallThrough && !slices.Contains(AllFeatures(), f) && !slices.Contains(controllerFeatures, f) {
					return fmt.Errorf("%s: case %s: unknown feature %q", p, c.Name, f)
				}
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
	Failures []string // one line per wrong answer, or answer that changed between runs
	// Declared lists the wrong answers a declared Difference covers, with
	// its reason; Stale the declared differences that no longer differ.
	Declared, Stale []string
	Requests        int // requests and server names checked
	// SkippedRequests counts the requests not sent because they need a
	// feature the router does not declare.
	SkippedRequests int
}

// Status is "passed", "failed", "skipped" or "declared" (every wrong
// answer is a declared difference).
func (r Result) Status() string {
	switch {
	case r.Skipped != "":
		return "skipped"
	case len(r.Failures) > 0:
		return "failed"
	case len(r.Declared) > 0:
		return "declared"
	}
	return "passed"
}

// Report is the outcome of a run.
type Report struct {
	Features []Feature
	Results  []Result
}

// Counts returns the number of cases passed, skipped and failed, and of
// requests checked. A case whose only wrong answers are declared
// differences is counted by Declared, not here.
func (r Report) Counts() (passed, skipped, failed, requests int) {
	for _, res := range r.Results {
		switch res.Status() {
		case "skipped":
			skipped++
		case "failed":
			failed++
		case "passed":
			passed++
		}
		requests += res.Requests
	}
	return
}

// Declared returns the number of cases whose only wrong answers are
// declared differences, and of declared differences that no longer differ.
func (r Report) Declared() (declared, stale int) {
	for _, res := range r.Results {
		if res.Status() == "declared" {
			declared++
		}
		stale += len(res.Stale)
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
	fmt.Fprintf(&b, "ingresslib conformance: %d passed, %d failed, %d skipped", p, f, s)
	if d, st := r.Declared(); d > 0 || st > 0 {
		fmt.Fprintf(&b, ", %d declared differences", d)
		if st > 0 {
			fmt.Fprintf(&b, " (%d no longer differ)", st)
		}
	}
	skippedRequests := 0
	for _, res := range r.Results {
		skippedRequests += res.SkippedRequests
	}
	if skippedRequests > 0 {
		fmt.Fprintf(&b, " (%d cases, %d requests checked, %d requests skipped for features)\n", len(r.Results), n, skippedRequests)
	} else {
		fmt.Fprintf(&b, " (%d cases, %d requests checked)\n", len(r.Results), n)
	}
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
		fmt.Fprintf(&b, "%s: %d passed, %d failed, %d skipped", basisNames[basis], p, f, s)
		if d, _ := sub.Declared(); d > 0 {
			fmt.Fprintf(&b, ", %d declared differences", d)
		}
		fmt.Fprintf(&b, " (%d requests)\n", n)
		for _, res := range sub.Results {
			for _, fl := range res.Failures {
				fmt.Fprintf(&b, "  FAIL %s (%s): %s\n", res.Case.Name, res.Case.Source, fl)
			}
			if len(res.Failures) > 0 && res.Case.Reason != "" {
				fmt.Fprintf(&b, "       the library's reason: %s\n", res.Case.Reason)
			}
			for _, d := range res.Declared {
				fmt.Fprintf(&b, "  DECLARED %s: %s\n", res.Case.Name, d)
			}
			for _, st := range res.Stale {
				fmt.Fprintf(&b, "  STALE %s: %s\n", res.Case.Name, st)
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
			for _, d := range res.Declared {
				t.Logf("declared difference: %s", d)
			}
			for _, st := range res.Stale {
				t.Log(st)
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
	runs := max(cfg.repeat, 1)
	backends := backendIndex(set.Ingresses)
	// answers[order][request] per run: what the router said.
	type wrong struct {
		key    answerKey
		line   string
		orders int
	}
	var wrongs []*wrong
	byLine := map[string]*wrong{}
	fail := func(k answerKey, line string) {
		w := byLine[line]
		if w == nil {
			w = &wrong{key: k, line: line}
			byLine[line] = w
			wrongs = append(wrongs, w)
		}
		w.orders++
	}
	var unstable []string
	for oi, ings := range orders {
		first := map[answerKey]string{}
		changed := map[answerKey]map[string]int{}
		var keys []answerKey
		for run := range runs {
			router, err := newRouter(ings)
			if err != nil {
				res.Failures = append(res.Failures, "building the router: "+err.Error())
				return res
			}
			answers, skipped := ask(c, router, cfg.features, backends)
			if run == 0 && oi == 0 {
				res.SkippedRequests = skipped
			}
			for _, a := range answers {
				if run == 0 {
					first[a.key] = a.got
					keys = append(keys, a.key)
					changed[a.key] = map[string]int{a.got: 1}
					res.Requests++
					if a.got != a.want {
						fail(a.key, a.line())
					}
					continue
				}
				changed[a.key][a.got]++
			}
		}
		if runs == 1 {
			continue
		}
		for _, k := range keys {
			if len(changed[k]) < 2 {
				continue
			}
			var parts []string
			for got, n := range changed[k] {
				parts = append(parts, fmt.Sprintf("%s in %d", show(got), n))
			}
			slices.Sort(parts)
			order := ""
			if len(orders) > 1 {
				order = fmt.Sprintf(" (path order %d of %d)", oi+1, len(orders))
			}
			unstable = append(unstable, fmt.Sprintf("order-dependent: %s answered %s of %d runs%s", k, strings.Join(parts, ", "), runs, order))
		}
	}
	if res.Requests == 0 && res.SkippedRequests > 0 {
		res.Skipped = "every request needs a feature the router does not declare, or a TLS server name and the router terminates no TLS"
		return res
	}
	declared := map[int]bool{} // cfg.differences that covered a wrong answer
	for _, w := range wrongs {
		line := w.line
		switch {
		case len(orders) == 1:
		case w.orders == len(orders):
			line += fmt.Sprintf(" in all %d path orders", len(orders))
		default:
			line += fmt.Sprintf(" in %d of %d path orders", w.orders, len(orders))
		}
		if i := slices.IndexFunc(cfg.differences, func(d Difference) bool { return d.Case == c.Name && d.covers(w.key) }); i >= 0 {
			declared[i] = true
			res.Declared = append(res.Declared, line+" — declared: "+cfg.differences[i].Reason)
			continue
		}
		res.Failures = append(res.Failures, line)
	}
	res.Failures = append(res.Failures, unstable...)
	for i, d := range cfg.differences {
		if d.Case == c.Name && !declared[i] {
			what := "every request"
			switch {
			case d.ServerName != "":
				what = fmt.Sprintf("Certificate(%q)", d.ServerName)
			case d.Host != "" || d.Path != "":
				what = fmt.Sprintf("Route(%q, %q)", d.Host, d.Path)
			}
			res.Stale = append(res.Stale, fmt.Sprintf("declared difference for %s no longer differs (%s): remove it", what, d.Reason))
		}
	}
	return res
}

// answerKey names a request of a case.
type answerKey struct {
	tls        bool
	host, path string // for TLS, host is the server name
}

func (k answerKey) String() string {
	if k.tls {
		return fmt.Sprintf("Certificate(%q)", k.host)
	}
	return fmt.Sprintf("Route(%q, %q)", k.host, k.path)
}

// answer is what the router said to one request, and what it should have.
type answer struct {
	key       answerKey
	got, want string
	why       string
}

func (a answer) line() string {
	if a.key.tls {
		return fmt.Sprintf("%s = %s, want %s", a.key, showCert(a.got), showCert(a.want))
	}
	why := ""
	if a.why != "" {
		why = " (" + a.why + ")"
	}
	return fmt.Sprintf("%s = %s, want %s%s", a.key, show(a.got), show(a.want), why)
}

// backendRef is a backend of a case and the namespace of its Ingress.
type backendRef struct {
	namespace string
	b         networkingv1.IngressBackend
}

// backendIndex maps the backends of a case's Ingresses, as the cases write
// them ("service:port"), to the first Ingress backend so written.
func backendIndex(ings []*networkingv1.Ingress) map[string]backendRef {
	idx := map[string]backendRef{}
	add := func(ns string, b *networkingv1.IngressBackend) {
		if b == nil {
			return
		}
		if _, ok := idx[backend.String(*b)]; !ok {
			idx[backend.String(*b)] = backendRef{ns, *b}
		}
	}
	eachBackend(ings, add)
	return idx
}

// eachBackend calls fn with every backend of the Ingresses, the default
// backend of each first, and the namespace of its Ingress.
func eachBackend(ings []*networkingv1.Ingress, fn func(namespace string, b *networkingv1.IngressBackend)) {
	for _, ing := range ings {
		if ing == nil {
			continue
		}
		fn(ing.Namespace, ing.Spec.DefaultBackend)
		for _, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for i := range r.HTTP.Paths {
				fn(ing.Namespace, &r.HTTP.Paths[i].Backend)
			}
		}
	}
}

// ask sends every request of the case that needs no undeclared feature to
// the router, and counts the others. A Labeler is compared by labels: the
// label it answers against the label it gives the backend the request
// must reach.
func ask(c Case, router Router, features []Feature, backends map[string]backendRef) (out []answer, skipped int) {
	labeler, _ := router.(Labeler)
	has := func(need []Feature) bool {
		for _, f := range need {
			if !slices.Contains(features, f) {
				return false
			}
		}
		return true
	}
	for _, rq := range c.Requests {
		if !has(rq.Features) {
			skipped++
			continue
		}
		a := answer{key: answerKey{host: rq.Host, path: rq.Path}, want: rq.Backend, why: rq.Why}
		if labeler != nil {
			if label, ok := labeler.RouteLabel(rq.Host, rq.Path); ok {
				a.got = label
			}
			if ref, ok := backends[rq.Backend]; ok && rq.Backend != "" {
				a.want = labeler.Label(ref.namespace, ref.b)
				if a.want != rq.Backend {
					a.why = strings.TrimPrefix(a.why+"; ", "; ") + "the label of " + rq.Backend
				}
			}
		} else if b, ok := router.Route(rq.Host, rq.Path); ok {
			a.got = backend.String(b)
		}
		out = append(out, a)
	}
	if len(c.TLS) == 0 {
		return out, skipped
	}
	tr, ok := router.(TLSRouter)
	for _, rq := range c.TLS {
		// A router that terminates no TLS (HTTP without a TLS address)
		// skips the certificate requests, whatever it declares.
		if !has(rq.Features) || !ok {
			skipped++
			continue
		}
		a := answer{key: answerKey{tls: true, host: rq.ServerName}, want: rq.Secret}
		if ns, name, found := tr.Certificate(rq.ServerName); found {
			a.got = ns + "/" + name
		}
		out = append(out, a)
	}
	return out, skipped
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
