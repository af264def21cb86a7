// Command ingressroute says which backend a URL reaches through a set of
// Kubernetes Ingresses, and why.
//
// Usage:
//
//	ingressroute [flags] [URL...]
//	ingressroute validate [-strict] -f FILE...
//	ingressroute diff -from PROFILE -to PROFILE -f FILE... [-o json]
//	ingressroute table -f FILE... [-o json]
//
// With no -f, it routes a handful of URLs through a built-in example taken
// from the Kubernetes documentation (simple fanout, name-based virtual
// hosting with a catch-all rule, a default backend). With -f it reads
// manifests from files, directories or "-" (standard input): multi-document
// YAML or JSON, List objects, networking.k8s.io/v1 and the old v1beta1
// versions (converted, with a note); other kinds are skipped with a note.
//
// A URL is "http://host[:port]/path", "host/path" or "/path" (no host). For
// each, ingressroute prints the backend, the Ingress, rule and path that
// serve it, why that path won, and every other candidate with the reason it
// lost. -o json prints the same for machines.
//
// With -cluster (or -kubeconfig FILE) it reads the Ingresses and
// IngressClasses of a live cluster instead, with the usual kubeconfig rules
// ($KUBECONFIG, ~/.kube/config, in-cluster), keeping those of -class NAME
// or of -controller NAME (the IngressClasses' spec.controller); -n limits it
// to a namespace. Built as kubectl-ingressroute and put on PATH, it is the
// kubectl plugin "kubectl ingressroute".
//
// Exit status: 0 when every URL has a route, 1 when some URL has none (the
// controller's own 404), 2 for bad flags, unreadable manifests or URLs.
//
// "ingressroute diff" derives requests from every path of the manifests
// (the path, one segment deeper, its parent, the trailing slash toggled, the
// case flipped, a suffix glued on, dot segments, "//", percent-encoding, a
// query string), routes each under both profiles and lists those whose
// outcome (backend, redirect, no route, bad request) differs, grouped by the
// rule and path they come from, with both explanations. Exit status 0 when
// none differ, 1 when some do, 2 for bad flags or unreadable manifests.
//
// "ingressroute table" prints the routing table the Ingresses make: per host
// group, the paths in the order they win, those that never serve a request
// marked with the reason, the default backends, and the paths that cannot be
// matched.
//
// "ingressroute validate" checks each Ingress and IngressClass as the
// Kubernetes 1.37 API server does on create and prints the errors as kubectl
// prints them, and the server's warnings; -strict adds the findings of
// validation.Strict. Exit status 0 all valid, 1 something invalid, 2
// unreadable input.
//
// Flags:
//
//	-f path                    manifests: a file, a directory, or - (repeatable)
//	-o text|json               output format (default text)
//	-implementation-specific   how ImplementationSpecific paths match:
//	                           prefix (default), exact, string-prefix, regex, regex-fold
//	-host-fall-through         fall through host groups (Traefik-like)
//	-per-host-default-backend  defaultBackend serves its own Ingress's hosts (ingress-nginx-like)
//	-tie-break oldest|name     which of two equivalent paths wins (default oldest)
//	-raw-path                  match the URL's path as given, without normalisation
//	-profile NAME              route as a controller does: default, ingress-nginx, traefik,
//	                           traefik-strict, contour, istio, haproxy, gateway-api
//
// Under -profile, a URL may get the controller's own answer instead of a
// backend: a redirect (ingress-nginx's 301 to the path with its trailing
// slash, its 302 app-root, its 308 to https for http:// URLs of TLS hosts),
// or a bad request (a path nginx refuses). Annotations of a controller
// other than the profile's are listed as hints, with the profile that reads
// them.
package main

import (
	"bytes"
	"crypto/tls"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	"github.com/ingresslib/ingress/profile"
	networkingv1 "k8s.io/api/networking/v1"
)

//go:embed example.yaml
var example []byte

// demoURLs are routed through the built-in example when no URL is given.
var demoURLs = []string{
	"http://foo.bar.com/foo/index.html",
	"http://foo.bar.com/bar",
	"http://foo.bar.com/baz",
	"http://first.bar.com/",
	"http://SECOND.bar.com:8080/shop",
	"http://203.0.113.123/",
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitNoRoute = 1
	exitError   = 2
)

type pathList []string

func (p *pathList) String() string     { return strings.Join(*p, ",") }
func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "validate" {
		return runValidate(args[1:], stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "diff" {
		return runDiff(args[1:], stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "table" {
		return runTable(args[1:], stdin, stdout, stderr)
	}
	fs := flag.NewFlagSet("ingressroute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var files pathList
	fs.Var(&files, "f", "manifests: a file, a directory, or - for standard input (repeatable)")
	format := fs.String("o", "text", "output format: text or json")
	specific := fs.String("implementation-specific", "prefix", "how ImplementationSpecific paths match: prefix, exact, string-prefix, regex, regex-fold")
	fallThrough := fs.Bool("host-fall-through", false, "fall through host groups when no path matches (Traefik-like)")
	perHost := fs.Bool("per-host-default-backend", false, "a defaultBackend serves the hosts of its own Ingress (ingress-nginx-like)")
	tieBreak := fs.String("tie-break", "oldest", "which of two equivalent paths wins: oldest (creationTimestamp, namespace, name) or name (namespace, name)")
	rawPath := fs.Bool("raw-path", false, "match the URL's path as given, without normalisation")
	profileName := fs.String("profile", "default", "route as this controller does: "+strings.Join(profile.Names(), ", "))
	verbose := fs.Bool("v", false, "list every note, skipped document and losing candidate (by default they are summed up)")
	strictLoad := fs.Bool("strict-load", false, "exit 2 for any document that cannot be read, not only Ingresses and IngressClasses")
	var cf clusterFlags
	cluster := fs.Bool("cluster", false, "read Ingresses and IngressClasses from the cluster (kubeconfig: $KUBECONFIG, ~/.kube/config, or in-cluster)")
	fs.StringVar(&cf.kubeconfig, "kubeconfig", "", "read from the cluster of this kubeconfig file (implies -cluster)")
	fs.StringVar(&cf.context, "context", "", "the kubeconfig context to use")
	fs.StringVar(&cf.namespace, "n", "", "with -cluster: only this namespace (default: all)")
	fs.StringVar(&cf.class, "class", "", "with -cluster: keep the Ingresses of this IngressClass")
	fs.StringVar(&cf.controller, "controller", "", "with -cluster: keep the Ingresses a controller of this name (spec.controller) owns")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute [flags] [URL...]\n       ingressroute validate [-strict] -f FILE...\n       ingressroute diff -from PROFILE -to PROFILE -f FILE... [-o json]\n       ingressroute table -f FILE... [-o json]\n\nWhich backend does each URL reach through the Ingresses, and why.\nWith no -f, a built-in example from the Kubernetes documentation is used.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "ingressroute: -o %q: want text or json\n", *format)
		return exitError
	}
	opts := []matcher.Option{}
	switch *specific {
	case "prefix":
	case "exact":
		opts = append(opts, matcher.WithImplementationSpecific(pathmatch.AsExact()))
	case "string-prefix":
		opts = append(opts, matcher.WithImplementationSpecific(pathmatch.AsStringPrefix()))
	case "regex":
		opts = append(opts, matcher.WithImplementationSpecific(pathmatch.AsRegex()))
	case "regex-fold":
		opts = append(opts, matcher.WithImplementationSpecific(pathmatch.AsRegexFold()))
	default:
		fmt.Fprintf(stderr, "ingressroute: -implementation-specific %q: want prefix, exact, string-prefix, regex or regex-fold\n", *specific)
		return exitError
	}
	switch *tieBreak {
	case "oldest":
	case "name":
		opts = append(opts, matcher.WithTieBreak(ingress.ByName))
	default:
		fmt.Fprintf(stderr, "ingressroute: -tie-break %q: want oldest or name\n", *tieBreak)
		return exitError
	}
	if *fallThrough {
		opts = append(opts, matcher.WithHostFallThrough())
	}
	if *perHost {
		opts = append(opts, matcher.WithPerHostDefaultBackend())
	}
	prof, ok := profile.Lookup(*profileName)
	if !ok {
		fmt.Fprintf(stderr, "ingressroute: -profile %q: want one of %s\n", *profileName, strings.Join(profile.Names(), ", "))
		return exitError
	}
	if prof.Dialect != matcher.DefaultDialect {
		for _, f := range []struct {
			set  bool
			name string
		}{{*specific != "prefix", "-implementation-specific"}, {*fallThrough, "-host-fall-through"}, {*perHost, "-per-host-default-backend"}} {
			if f.set {
				fmt.Fprintf(stderr, "ingressroute: -profile %s decides what %s sets; drop %s\n", prof.Name, f.name, f.name)
				return exitError
			}
		}
		opts = append(prof.Options(), opts...)
	}

	status := exitOK
	var set *manifest.Set
	var loadErr error
	urls := fs.Args()
	var clusterNotes []string
	if *cluster || cf.kubeconfig != "" {
		if len(files) > 0 {
			fmt.Fprintln(stderr, "ingressroute: -f and -cluster/-kubeconfig exclude each other")
			return exitError
		}
		set, clusterNotes, loadErr = readCluster(cf)
		if loadErr != nil {
			fmt.Fprintf(stderr, "ingressroute: %v\n", loadErr)
			return exitError
		}
	} else if len(files) == 0 {
		set, loadErr = manifest.Read(bytes.NewReader(example), "built-in example")
		if len(urls) == 0 {
			urls = demoURLs
			if *format == "text" {
				fmt.Fprintf(stdout, "Built-in example: the Kubernetes documentation's simple fanout, name-based virtual\nhosting with a catch-all rule, and a default backend. Use -f FILE for your own.\n\n")
			}
		}
	} else {
		set, loadErr = manifest.LoadFrom(stdin, files...)
	}
	report := newLoadReport(set, loadErr, *strictLoad)
	errs := report.fatal
	if len(errs) > 0 {
		status = exitError
	}
	// A path that cannot be read: no answer is worth printing.
	if missing := report.unopened(); len(missing) > 0 {
		for _, e := range missing {
			fmt.Fprintf(stderr, "ingressroute: %v\n", e)
		}
		return exitError
	}
	if len(files) > 0 && len(set.Ingresses) == 0 {
		fmt.Fprintf(stderr, "note: no Ingress in %s\n", strings.Join(files, ", "))
	}
	if len(urls) == 0 {
		fmt.Fprintln(stderr, "ingressroute: no URL to route; give one or more after the flags (e.g. http://foo.bar.com/foo)")
		status = exitError
	}
	m := matcher.Compile(set.Ingresses, opts...)

	var results []result
	for _, raw := range urls {
		r, err := route(m, raw, *rawPath)
		if err != nil {
			errs = append(errs, err)
			status = exitError
			continue
		}
		if !r.Found && status == exitOK {
			status = exitNoRoute
		}
		results = append(results, r)
	}

	hints := profile.ForeignAnnotations(set.Ingresses, prof)
	if *format == "json" {
		writeJSON(stdout, results, set, m, errs, hints, report)
	} else {
		if *verbose || len(hints) <= 5 {
			for _, h := range hints {
				fmt.Fprintf(stderr, "hint: %s\n", h)
			}
		} else {
			by := map[string]int{}
			for _, h := range hints {
				who := h.Controller
				if h.Profile != "" {
					who += " (-profile " + h.Profile + ")"
				}
				by[who]++
			}
			fmt.Fprintf(stderr, "hint: %s carry annotations that another controller reads, not this profile: %s; -v lists them\n", counted(len(hints), "Ingress", "Ingresses"), counts(by))
		}
		report.fatal = nil // printed below, after the diagnostics
		report.write(stderr, *verbose)
		for _, n := range clusterNotes {
			fmt.Fprintf(stderr, "note: %s\n", n)
		}
		infos := map[string]int{}
		for _, d := range m.Diagnostics() {
			if d.Kind == matcher.DuplicateName {
				continue // the loader's note says it, naming both files
			}
			level := "warning"
			if d.Severity == ingress.Info {
				if !*verbose {
					what := string(d.Kind)
					if d.Kind == matcher.HostShared {
						what = "Ingresses sharing a host with an older one (HostShared)"
					}
					infos[what]++
					continue
				}
				level = "info"
			}
			fmt.Fprintf(stderr, "%s: %s\n", level, describeDiagnostic(set, d))
		}
		if len(infos) > 0 {
			fmt.Fprintf(stderr, "info: %s; -v lists them\n", counts(infos))
		}
		for _, e := range errs {
			fmt.Fprintf(stderr, "error: %v\n", e)
		}
		for i, r := range results {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			writeText(stdout, r, set, *verbose)
		}
	}
	return status
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// describeDiagnostic prefixes a diagnostic with the file of its Ingress.
func describeDiagnostic(set *manifest.Set, d ingress.Diagnostic) string {
	if ing, ok := d.Object.(*networkingv1.Ingress); ok {
		if src, ok := set.Source(ing); ok {
			if src.Line > 0 {
				return fmt.Sprintf("%s:%d: %s", src.File, src.Line, d)
			}
			return src.File + ": " + d.String()
		}
	}
	return d.String()
}

// result is the answer for one URL.
type result struct {
	URL         string
	Host, Path  string
	Found       bool
	Explanation matcher.Explanation
	Rejected    string // why the path is a bad request (normalisation)
	// RejectedStatus is the status a rejected path gets: 400, or 414 for
	// one longer than pathmatch.MaxPathLen.
	RejectedStatus int
	Action         *matcher.Action // the controller's own answer (a redirect, an error status) and alternatives
}

// route parses a URL and explains its route.
func route(m *matcher.Matcher, raw string, rawPath bool) (result, error) {
	s := raw
	if !strings.Contains(s, "://") && !strings.HasPrefix(s, "/") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return result{}, fmt.Errorf("URL %q: %v", raw, err)
	}
	if u.Opaque != "" || raw == "" {
		return result{}, fmt.Errorf("URL %q: want http://host/path, host/path or /path", raw)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return result{}, fmt.Errorf("URL %q: the scheme %q is neither http nor https", raw, u.Scheme)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return result{}, fmt.Errorf("URL %q: the port %s is not a port (1-65535)", raw, p)
		}
	}
	r := result{URL: raw, Host: u.Host, Path: u.EscapedPath()}
	if !rawPath {
		p, err := m.NormalizePath(r.Path)
		if err != nil {
			r.Rejected, r.RejectedStatus = err.Error(), http.StatusBadRequest
			if errors.Is(err, pathmatch.ErrPathTooLong) {
				r.RejectedStatus = http.StatusRequestURITooLong
			}
			return r, nil
		}
		r.Path = p
	}
	r.Explanation = m.Explain(r.Host, r.Path)
	r.Found = r.Explanation.Found
	if rawPath {
		r.Action = r.Explanation.Route.Action
		return r, nil
	}
	// RouteRequest adds what depends on the request itself: the query
	// string kept on a redirect, the https redirect of a cleartext request.
	req := &http.Request{Method: "GET", Host: u.Host, URL: u}
	if u.Scheme == "https" {
		req.TLS = &tls.ConnectionState{}
	}
	if rt, err := m.RouteRequest(req); err == nil {
		r.Action = rt.Action
	}
	return r, nil
}

// maxLost is how many losing candidates a URL lists without -v.
const maxLost = 3

// where returns " (file:line)" for an Ingress read from a manifest.
func where(set *manifest.Set, ing *networkingv1.Ingress) string {
	if src, ok := set.Source(ing); ok {
		if src.Line > 0 {
			return fmt.Sprintf(" (%s:%d)", src.File, src.Line)
		}
		return fmt.Sprintf(" (%s)", src.File)
	}
	return ""
}

func writeText(w io.Writer, r result, set *manifest.Set, verbose bool) {
	fmt.Fprintf(w, "%s\n", r.URL)
	if r.Rejected != "" {
		if r.RejectedStatus == http.StatusRequestURITooLong {
			fmt.Fprintf(w, "  URI too long (414): the path is longer than %d bytes: %s\n", pathmatch.MaxPathLen, r.Rejected)
		} else {
			fmt.Fprintf(w, "  bad request (400): the path is rejected: %s\n", r.Rejected)
		}
		return
	}
	ex := r.Explanation
	if a := r.Action; a != nil && a.Redirect.Status != 0 {
		fmt.Fprintf(w, "  redirect %d → %s (the controller answers it; the request reaches no backend)\n", a.Redirect.Status, a.Redirect.Location)
	}
	if a := r.Action; a != nil && a.Status != 0 {
		fmt.Fprintf(w, "  answers  %d itself (the controller's middleware, once the route below is chosen; the request reaches no backend)\n", a.Status)
	}
	ownAnswer := r.Action != nil && (r.Action.Redirect.Status != 0 || r.Action.Status != 0) // the backend is not reached
	if !ex.Found {
		fmt.Fprintf(w, "  no route (the controller's own 404)\n")
	} else {
		rt := ex.Route
		if !ownAnswer {
			fmt.Fprintf(w, "  backend  %s\n", backend.String(rt.Backend))
		}
		fmt.Fprintf(w, "  ingress  %s%s\n", ingressName(rt.Ingress), where(set, rt.Ingress))
		if rt.Path != nil {
			host := "(any host)"
			if rt.Host != "" {
				host = fmt.Sprintf("%q", rt.Host)
			}
			fmt.Fprintf(w, "  rule     spec.rules[%d] host %s\n", rt.RuleIndex, host)
			fmt.Fprintf(w, "  path     %s %s %q\n", rt.Field(), pathType(rt.Path), rt.Path.Path)
		} else {
			fmt.Fprintf(w, "  path     spec.defaultBackend\n")
		}
	}
	if a := r.Action; a != nil {
		for _, alt := range a.Alternatives {
			fmt.Fprintf(w, "  canary   %s ← %s %s, when %s\n", backend.String(alt.Route.Backend), ingressName(alt.Route.Ingress), alt.Route.Field(), alt.When)
		}
		if ex.Found && !ownAnswer {
			writeForwarding(w, a)
		}
	}
	fmt.Fprintf(w, "  why      %s (host %q, path %q)\n", ex.Reason, ex.Host, ex.Path)
	lost := 0
	for _, c := range ex.Candidates {
		if c.Won {
			continue
		}
		if lost++; lost > maxLost && !verbose {
			continue
		}
		fmt.Fprintf(w, "  lost     %s%s %s %s %q → %s: %s\n", ingressName(c.Route.Ingress), where(set, c.Route.Ingress), c.Route.Field(), pathType(c.Route.Path), c.Route.Path.Path, backend.String(c.Route.Backend), c.Reason)
	}
	if lost > maxLost && !verbose {
		fmt.Fprintf(w, "  lost     … and %d more candidates (-v lists them)\n", lost-maxLost)
	}
}

// writeForwarding says what the controller does to a request it forwards:
// who may send it, what it asks first, what the backend receives, and
// who answers instead.
func writeForwarding(w io.Writer, a *matcher.Action) {
	if acc := a.Access; acc != nil {
		fmt.Fprintf(w, "  clients  %s\n", accessText(acc))
	}
	if au := a.Auth; au != nil {
		if au.URL != "" {
			method := "GET"
			if au.Method != "" {
				method = au.Method
			}
			fmt.Fprintf(w, "  auth     %s %s first (auth-url; the request's headers, no body): 2xx goes on, 401 and 403 are the client's answer, anything else 500\n", method, au.URL)
			if au.SignIn != "" {
				fmt.Fprintf(w, "  sign-in  a 401 answers 302 → %s\n", au.SignIn)
			}
		}
		if au.Basic != "" {
			fmt.Fprintf(w, "  auth     %s authentication by the controller (auth-type): 401 without valid credentials\n", au.Basic)
		}
	}
	if up := a.Upstream; up != nil {
		switch {
		case up.Path != "":
			fmt.Fprintf(w, "  upstream path %s (rewrite-target %q; the query unchanged)\n", up.Path, up.RewriteTarget)
		case up.RewriteTarget != "":
			fmt.Fprintf(w, "  upstream path rewritten by rewrite-target %q\n", up.RewriteTarget)
		}
		if up.ForwardedPrefix != "" {
			fmt.Fprintf(w, "  upstream header X-Forwarded-Prefix: %s (x-forwarded-prefix)\n", up.ForwardedPrefix)
		}
		if up.Host != "" {
			fmt.Fprintf(w, "  upstream Host %s (upstream-vhost)\n", up.Host)
		}
		if up.Protocol != "" {
			fmt.Fprintf(w, "  upstream protocol %s (backend-protocol)\n", up.Protocol)
		}
	}
	if len(a.ErrorCodes) > 0 {
		by := "the controller's default backend"
		if a.DefaultBackend != nil {
			by = "Service " + a.DefaultBackend.Name
		}
		codes := make([]string, len(a.ErrorCodes))
		for i, c := range a.ErrorCodes {
			codes[i] = strconv.Itoa(c)
		}
		fmt.Fprintf(w, "  errors   the backend's %s answered by %s instead (custom-http-errors)\n", strings.Join(codes, ", "), by)
	}
	if a.DefaultBackend != nil {
		fmt.Fprintf(w, "  fallback Service %s while the backend has no ready endpoints (default-backend)\n", a.DefaultBackend.Name)
	}
}

// accessText says whom an address filter admits.
func accessText(a *matcher.Access) string {
	list := func(ps []netip.Prefix) string {
		s := make([]string, len(ps))
		for i, p := range ps {
			s[i] = p.String()
		}
		return strings.Join(s, ", ")
	}
	switch {
	case len(a.Allow) > 0 && len(a.Deny) > 0:
		return "from " + list(a.Allow) + " only, except " + list(a.Deny) + " (allowlist-source-range, denylist-source-range): others 403"
	case len(a.Allow) > 0:
		return "from " + list(a.Allow) + " only (allowlist-source-range): others 403"
	}
	return "except " + list(a.Deny) + " (denylist-source-range): those 403"
}

func ingressName(ing *networkingv1.Ingress) string {
	return ingress.ObjectName(ing)
}

func pathType(p *networkingv1.HTTPIngressPath) string {
	if p == nil || p.PathType == nil {
		return ""
	}
	return string(*p.PathType)
}

// JSON output.
type jsonOutput struct {
	Results     []jsonResult      `json:"results"`
	Notes       []jsonLoadMessage `json:"notes,omitempty"`
	Skipped     []jsonLoadMessage `json:"skipped,omitempty"`
	Diagnostics []jsonDiag        `json:"diagnostics,omitempty"`
	Hints       []jsonHint        `json:"hints,omitempty"`
	Errors      []jsonLoadMessage `json:"errors,omitempty"`
}

type jsonHint struct {
	Namespace   string   `json:"namespace,omitempty"`
	Ingress     string   `json:"ingress"`
	Annotations []string `json:"annotations"`
	Controller  string   `json:"controller"`
	Profile     string   `json:"profile,omitempty"`
	Message     string   `json:"message"`
}

type jsonRedirect struct {
	Status   int    `json:"status"`
	Location string `json:"location"`
}

type jsonAlternative struct {
	jsonRoute
	When string `json:"when"`
}

type jsonResult struct {
	URL          string                       `json:"url"`
	Host         string                       `json:"host"`
	Path         string                       `json:"path"`
	Found        bool                         `json:"found"`
	Rejected     string                       `json:"rejected,omitempty"`
	RejectedWith int                          `json:"rejectedStatus,omitempty"` // 400, or 414 for a path longer than pathmatch.MaxPathLen
	Backend      *networkingv1.IngressBackend `json:"backend,omitempty"`
	Route        *jsonRoute                   `json:"route,omitempty"`
	Redirect     *jsonRedirect                `json:"redirect,omitempty"`
	Status       int                          `json:"status,omitempty"` // an error the controller answers itself (400, 500)
	Alternatives []jsonAlternative            `json:"alternatives,omitempty"`
	Forwarding   *jsonForwarding              `json:"forwarding,omitempty"`
	Reason       string                       `json:"reason,omitempty"`
	Candidates   []jsonCandidate              `json:"candidates,omitempty"`
}

// jsonForwarding is what the controller does to a request it forwards
// (matcher.Action's Access, Auth, Upstream, ErrorCodes, DefaultBackend).
type jsonForwarding struct {
	Allow          []string `json:"allow,omitempty"`
	Deny           []string `json:"deny,omitempty"`
	AuthURL        string   `json:"authURL,omitempty"`
	AuthMethod     string   `json:"authMethod,omitempty"`
	SignIn         string   `json:"signIn,omitempty"`
	BasicAuth      string   `json:"basicAuth,omitempty"`
	RewriteTarget  string   `json:"rewriteTarget,omitempty"`
	UpstreamPath   string   `json:"upstreamPath,omitempty"`
	UpstreamHost   string   `json:"upstreamHost,omitempty"`
	ForwardedPref  string   `json:"forwardedPrefix,omitempty"`
	Protocol       string   `json:"protocol,omitempty"`
	ErrorCodes     []int    `json:"errorCodes,omitempty"`
	DefaultBackend string   `json:"defaultBackend,omitempty"`
}

func toJSONForwarding(a *matcher.Action) *jsonForwarding {
	var f jsonForwarding
	if acc := a.Access; acc != nil {
		for _, p := range acc.Allow {
			f.Allow = append(f.Allow, p.String())
		}
		for _, p := range acc.Deny {
			f.Deny = append(f.Deny, p.String())
		}
	}
	if au := a.Auth; au != nil {
		f.AuthURL, f.AuthMethod, f.SignIn, f.BasicAuth = au.URL, au.Method, au.SignIn, au.Basic
	}
	if up := a.Upstream; up != nil {
		f.RewriteTarget, f.UpstreamPath, f.UpstreamHost, f.ForwardedPref, f.Protocol = up.RewriteTarget, up.Path, up.Host, up.ForwardedPrefix, up.Protocol
	}
	f.ErrorCodes = a.ErrorCodes
	if a.DefaultBackend != nil {
		f.DefaultBackend = a.DefaultBackend.Name
	}
	if f.Allow == nil && f.Deny == nil && f.AuthURL == "" && f.BasicAuth == "" && f.RewriteTarget == "" && f.UpstreamHost == "" && f.Protocol == "" && f.ErrorCodes == nil && f.DefaultBackend == "" {
		return nil
	}
	return &f
}

type jsonRoute struct {
	Namespace string `json:"namespace,omitempty"`
	Ingress   string `json:"ingress"`
	Field     string `json:"field"`
	Host      string `json:"host,omitempty"`
	PathType  string `json:"pathType,omitempty"`
	Path      string `json:"path,omitempty"`
	Backend   string `json:"backend"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
}

type jsonCandidate struct {
	jsonRoute
	Won    bool   `json:"won"`
	Reason string `json:"reason,omitempty"`
}

type jsonDiag struct {
	Reason    string `json:"reason"`
	Namespace string `json:"namespace,omitempty"`
	Ingress   string `json:"ingress,omitempty"`
	Field     string `json:"field"`
	Message   string `json:"message"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
}

func toJSONRoute(r matcher.Route) jsonRoute {
	j := jsonRoute{Namespace: r.Ingress.Namespace, Ingress: r.Ingress.Name, Field: r.Field(), Host: r.Host, Backend: backend.String(r.Backend)}
	if r.Path != nil {
		j.PathType, j.Path = pathType(r.Path), r.Path.Path
	}
	return j
}

func writeJSON(w io.Writer, results []result, set *manifest.Set, m *matcher.Matcher, errs []error, hints []profile.Hint, report loadReport) {
	toJSONRoute := func(r matcher.Route) jsonRoute {
		j := toJSONRoute(r)
		if src, ok := set.Source(r.Ingress); ok {
			j.File, j.Line = src.File, src.Line
		}
		return j
	}
	out := jsonOutput{Results: []jsonResult{}}
	for _, r := range results {
		jr := jsonResult{URL: r.URL, Host: r.Explanation.Host, Path: r.Path, Found: r.Found, Rejected: r.Rejected, RejectedWith: r.RejectedStatus, Reason: r.Explanation.Reason}
		if r.Found {
			b := r.Explanation.Route.Backend
			jr.Backend = &b
			rt := toJSONRoute(r.Explanation.Route)
			jr.Route = &rt
		}
		if a := r.Action; a != nil {
			if a.Redirect.Status != 0 {
				jr.Redirect = &jsonRedirect{Status: a.Redirect.Status, Location: a.Redirect.Location}
			}
			jr.Status = a.Status
			for _, alt := range a.Alternatives {
				jr.Alternatives = append(jr.Alternatives, jsonAlternative{jsonRoute: toJSONRoute(alt.Route), When: alt.When})
			}
			if a.Redirect.Status == 0 && a.Status == 0 {
				jr.Forwarding = toJSONForwarding(a)
			}
		}
		for _, c := range r.Explanation.Candidates {
			jr.Candidates = append(jr.Candidates, jsonCandidate{jsonRoute: toJSONRoute(c.Route), Won: c.Won, Reason: c.Reason})
		}
		out.Results = append(out.Results, jr)
	}
	for _, n := range set.Notes {
		out.Notes = append(out.Notes, toJSONNote(n))
	}
	for _, e := range report.skipped {
		out.Skipped = append(out.Skipped, toJSONError(e))
	}
	for _, d := range m.Diagnostics() {
		jd := jsonDiag{Reason: string(d.Kind), Field: d.Field, Message: d.Message}
		if d.Object != nil {
			jd.Namespace, jd.Ingress = d.Object.GetNamespace(), d.Object.GetName()
			if src, ok := set.Source(d.Object); ok {
				jd.File, jd.Line = src.File, src.Line
			}
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	for _, h := range hints {
		out.Hints = append(out.Hints, jsonHint{Namespace: h.Ingress.Namespace, Ingress: h.Ingress.Name, Annotations: h.Annotations,
			Controller: h.Controller, Profile: h.Profile, Message: h.String()})
	}
	for _, e := range errs {
		out.Errors = append(out.Errors, toJSONError(e))
	}
	encodeJSON(w, out)
}

// encodeJSON writes v indented, with <, > and & as they are (URLs and
// messages stay readable); an error is written in its place.
func encodeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(w, err)
	}
}

// parseStatus is the exit status for a flag error: 0 for -h, which
// prints the usage as asked.
func parseStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitError
}
