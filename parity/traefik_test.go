package parity_test

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/matcher"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The Traefik release the Traefik dialects follow.
const (
	traefikModule  = "github.com/traefik/traefik/v3"
	traefikVersion = "v3.7.13"
)

// TestTraefikParity routes random Ingress sets and requests derived from
// them through Traefik's own code (harness/traefik) and through the
// Traefik and TraefikStrict dialects: every answer of the dialect must be
// one Traefik gives; where Traefik's answer depends on an order it does
// not define (its informer's list, routers of equal priority), the
// dialect must give one of its answers and report a DialectConflict.
func TestTraefikParity(t *testing.T) {
	dir := traefikModuleCopy(t)
	pkg := filepath.Join("pkg", "provider", "kubernetes", "ingress")
	placeHarness(t, dir, pkg, "ingress", "traefik")
	place(t, dir, filepath.Join(pkg, "ingresslib_entrypoint_test.go"), traefikEntryPoint(t, dir))
	place(t, dir, filepath.Join(pkg, "ingresslib_model_test.go"), traefikModel(t, dir))

	rng := rand.New(rand.NewPCG(22, 1))
	var sets []paritySet
	for i := range envInt("INGRESSLIB_PARITY_SETS", 400) {
		ings := randomTraefikSet(rng)
		reqs := derivedRequests(ings, rng, 60)
		for k := range reqs {
			reqs[k].TLS = rng.IntN(2) == 0 // arrives at websecure
		}
		sets = append(sets, paritySet{Ingresses: ings, Strict: i%2 == 1, Requests: reqs})
	}
	var answers harnessAnswers
	runHarness(t, dir, "./"+filepath.ToSlash(pkg), sets, &answers)
	compareAnswers(t, "Traefik "+traefikVersion, sets, answers, func(s paritySet) matcher.Dialect {
		if s.Strict {
			return matcher.TraefikStrict
		}
		return matcher.Traefik
	})
}

// traefikModuleCopy returns a writable copy of Traefik's module.
func traefikModuleCopy(t *testing.T) string {
	t.Helper()
	dir := moduleCopy(t, traefikModule, traefikVersion)
	// Traefik's go.mod replaces github.com/traefik/traefik/dynamic/ext, the
	// extension types of its configuration, by ./pkg/config/dynamic/ext, a
	// module of its own that the release's module zip leaves out. The
	// public build's types are empty structs; this build shim declares the
	// two the release uses.
	extDir := filepath.Join(dir, "pkg", "config", "dynamic", "ext")
	if err := os.MkdirAll(extDir, 0o755); err != nil {
		t.Fatal(err)
	}
	place(t, extDir, "go.mod", []byte("module github.com/traefik/traefik/dynamic/ext\n\ngo 1.26\n"))
	place(t, extDir, "ext.go", []byte("// Package ext is ingresslib's build shim for Traefik's configuration extensions.\npackage ext\n\ntype HTTP struct{}\n\ntype Router struct{}\n"))
	return dir
}

// traefikEntryPoint returns Traefik's normalizePath and sanitizePath, with
// the table of unreserved characters they use, taken from the module's
// pkg/server/server_entrypoint_tcp.go, as a file of package ingress: the
// harness runs the entry point's path handling without building pkg/server.
func traefikEntryPoint(t *testing.T, dir string) []byte {
	return traefikExtract(t, dir, "ingress", "server_entrypoint_tcp.go", `"net/http"; "strings"`, "", "normalizePath", "sanitizePath", "unreservedCharacters")
}

// traefikModel returns Traefik's applyModel, taken from the module's
// pkg/server/aggregator.go, as a file of package ingress: the harness gives
// the routers of websecure its TLS as Traefik's configuration watcher does.
// Observability does not route: its defaults are left out.
func traefikModel(t *testing.T, dir string) []byte {
	return traefikExtract(t, dir, "ingress", "aggregator.go", `"strings"; "github.com/traefik/traefik/v3/pkg/config/dynamic"`,
		"// applyDefaultObservabilityModel sets observability defaults, which do not route: ingresslib's harness leaves it out.\nfunc applyDefaultObservabilityModel(dynamic.Configuration) {}\n\n",
		"applyModel")
}

// traefikExtract returns the named top-level declarations of a file of
// the module's pkg/server, as a file of package pkg with the imports given
// and extra code after them.
func traefikExtract(t *testing.T, dir, pkg, file, imports, extra string, names ...string) []byte {
	t.Helper()
	fset := token.NewFileSet()
	src := filepath.Join(dir, "pkg", "server", file)
	f, err := parser.ParseFile(fset, src, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "//go:build ingresslib_harness\n\n// Taken by ingresslib's parity test from pkg/server/%s.\n\npackage %s\n\nimport (%s)\n\n%s", file, pkg, imports, extra)
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, d := range f.Decls {
		name := ""
		switch d := d.(type) {
		case *ast.FuncDecl:
			name = d.Name.Name
		case *ast.GenDecl:
			if d.Tok == token.VAR && len(d.Specs) == 1 {
				if vs, ok := d.Specs[0].(*ast.ValueSpec); ok && len(vs.Names) == 1 {
					name = vs.Names[0].Name
				}
			}
		}
		if !want[name] {
			continue
		}
		delete(want, name)
		if err := printer.Fprint(&b, fset, d); err != nil {
			t.Fatal(err)
		}
		b.WriteString("\n\n")
	}
	if len(want) > 0 {
		t.Fatalf("%s has no %v: Traefik's code moved", src, want)
	}
	return b.Bytes()
}

// request is a request of a set: a Host header and a request target as
// sent, over TLS or not.
type request struct {
	Host    string   `json:"host"`
	Target  string   `json:"target"`
	TLS     bool     `json:"tls,omitempty"`
	Headers []string `json:"headers,omitempty"` // name, value, name, value, …
	Addr    string   `json:"addr,omitempty"`    // the client address, when not ""
}

// headerLines are a request's headers as lines of an HTTP/1.1 request.
func (rq request) headerLines() string {
	var b strings.Builder
	for i := 0; i+1 < len(rq.Headers); i += 2 {
		b.WriteString(rq.Headers[i] + ": " + rq.Headers[i+1] + "\r\n")
	}
	return b.String()
}

// libraryAnswer routes a request as the dialect does, in the harness's
// words: "namespace/service", "404", "400", "<status> <Location>" for a
// redirect the controller answers itself, or the status of another answer
// of its own ("500").
func libraryAnswer(m *matcher.Matcher, rq request) string {
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + rq.Target + " HTTP/1.1\r\nHost: " + rq.Host + "\r\n" + rq.headerLines() + "\r\n")))
	if err != nil {
		return "400"
	}
	if rq.TLS {
		// The server name a client sends for the Host (crypto/tls,
		// hostnameInSNI): without port and trailing dot, none for an IP.
		sni := req.Host
		if h, _, err := net.SplitHostPort(sni); err == nil {
			sni = h
		}
		if sni = strings.TrimSuffix(strings.Trim(sni, "[]"), "."); net.ParseIP(sni) != nil {
			sni = ""
		}
		req.TLS = &tls.ConnectionState{ServerName: sni}
	}
	if rq.Addr != "" {
		req.RemoteAddr = net.JoinHostPort(rq.Addr, "1234")
	}
	r, err := m.RouteRequest(req)
	switch {
	case errors.Is(err, matcher.ErrBadRequest):
		return "400"
	case err != nil:
		return "404"
	case r.Action != nil && r.Action.Redirect.Status != 0:
		// A Location that is a path is on the request's scheme and Host.
		loc := r.Action.Redirect.Location
		if strings.HasPrefix(loc, "/") {
			scheme := "http://"
			if rq.TLS {
				scheme = "https://"
			}
			loc = scheme + rq.Host + loc
		}
		return fmt.Sprintf("%d %s", r.Action.Redirect.Status, loc)
	case r.Action != nil && r.Action.Status != 0:
		return fmt.Sprint(r.Action.Status)
	case r.Backend.Service == nil:
		return "404"
	case r.Action != nil && r.Action.Passthrough:
		return "pass " + r.Ingress.Namespace + "/" + r.Backend.Service.Name
	case r.Action != nil && len(r.Action.Alternatives) > 0:
		// A canary that takes the request by chance: both Services.
		alt := r.Action.Alternatives[0].Route
		proto, rest := received(m, req, r.Action)
		return r.Ingress.Namespace + "/" + r.Backend.Service.Name + proto + "|" + alt.Ingress.Namespace + "/" + alt.Backend.Service.Name + proto + rest
	}
	proto, rest := received(m, req, r.Action)
	return r.Ingress.Namespace + "/" + r.Backend.Service.Name + proto + rest
}

// received is what the backend receives where the action changes it, in
// the words of the traefik-ingress-nginx harness (ingresslibService and
// ingresslibReceived): the scheme of each service, then the Host, the
// rewritten path (when it differs from the path the entry point passed
// on), X-Forwarded-Prefix.
func received(m *matcher.Matcher, req *http.Request, a *matcher.Action) (proto, s string) {
	if a == nil || a.Upstream == nil {
		return "", ""
	}
	up := a.Upstream
	switch up.Protocol {
	case "HTTPS":
		proto = " proto=https"
	case "GRPC":
		proto = " proto=h2c"
	}
	if up.Host != "" {
		s += " host=" + up.Host
	}
	if up.Path != "" {
		entry, err := m.NormalizePath(req.URL.EscapedPath())
		if err == nil {
			if p, err := url.PathUnescape(entry); err == nil {
				entry = p
			}
		}
		if up.Path != entry {
			s += " path=" + up.Path
		}
	}
	if up.ForwardedPrefix != "" {
		s += " xfp=" + up.ForwardedPrefix
	}
	return proto, s
}

func pathOf(target string) string {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		return target[:i]
	}
	return target
}

func hasKind(m *matcher.Matcher, k ingresslib.Kind) bool {
	for _, d := range m.Diagnostics() {
		if d.Kind == k {
			return true
		}
	}
	return false
}

// manifest describes an Ingress set in a few lines, for a failure.
func manifest(ings []*networkingv1.Ingress) string {
	var lines []string
	for _, ing := range ings {
		line := fmt.Sprintf("  %s/%s created %s annotations %v default %v", ing.Namespace, ing.Name, ing.CreationTimestamp.Format(time.TimeOnly), ing.Annotations, backendName(ing.Spec.DefaultBackend))
		for _, t := range ing.Spec.TLS {
			line += fmt.Sprintf(" tls %q", t.Hosts)
		}
		lines = append(lines, line)
		for ri, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				lines = append(lines, fmt.Sprintf("    rule %d host %q: no http", ri, r.Host))
				continue
			}
			for pi, p := range r.HTTP.Paths {
				pt := "<nil>"
				if p.PathType != nil {
					pt = string(*p.PathType)
				}
				lines = append(lines, fmt.Sprintf("    rule %d host %q path %d: %s %q → %s", ri, r.Host, pi, pt, p.Path, backendName(&p.Backend)))
			}
		}
	}
	return joinLines(lines)
}

func backendName(b *networkingv1.IngressBackend) string {
	switch {
	case b == nil:
		return "none"
	case b.Service != nil:
		return b.Service.Name
	case b.Resource != nil:
		return "resource " + b.Resource.Name
	}
	return "empty"
}

// The pools the Traefik generator draws from.
var (
	traefikHosts = []string{"foo.com", "foo.com", "bar.foo.com", "*.foo.com", "", "", "x.org", "www.x.org"}
	traefikPaths = []string{"/", "/a", "/a/", "/a/b", "/ab", "/api", "/api/v1", "/api/v1/", "", "/A", "/a.b", "/x y", "/@v"}
	traefikRegex = []string{"/a.*", "^/api/v[0-9]+", "/b$", "/a/(b|c)"}
)

// randomTraefikSet draws one to five Ingresses with the shapes the
// differential test found Traefik departing on: wildcard, empty and shared
// hosts, shared-prefix paths of every type (and none), router priorities
// and path matchers, default backends with and without rules, resource
// backends, equal creation times.
func randomTraefikSet(rng *rand.Rand) []*networkingv1.Ingress {
	var ings []*networkingv1.Ingress
	for i := range 1 + rng.IntN(5) {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: []string{"default", "team"}[rng.IntN(2)], Name: fmt.Sprint("ing", i), Annotations: map[string]string{},
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(3), 0, time.UTC)),
		}}
		if rng.IntN(5) == 0 {
			ing.Annotations["traefik.ingress.kubernetes.io/router.priority"] = []string{"5", "-2", "0", "100", "x", "9223372036854775807"}[rng.IntN(6)]
		}
		if rng.IntN(5) == 0 {
			// Entry points and TLS, and keys Traefik's decoder reads in
			// ways a reader may not expect.
			kv := [][2]string{
				{"router.tls", "true"}, {"router.tls", "false"}, {"Router.TLS", "TRUE"}, {"router.tls", ""}, {"router.tls", "yes"},
				{"router.tls.certresolver", "le"}, {"router.tls.options", ""}, {"router.tls.domains.0.main", "foo.com"},
				{"router.entrypoints", "web"}, {"router.entrypoints", "websecure"}, {"router.entrypoints", " websecure, web"},
				{"router.entrypoints", ""}, {"router.entrypoints", "traefik"}, {"router.middleware", "auth"},
				{"router.observability.metrics", "false"}, {"router.observability.tracing", "maybe"}, {"router.tls.cert", "x"},
			}[rng.IntN(17)]
			ing.Annotations["traefik.ingress.kubernetes.io/"+kv[0]] = kv[1]
			if rng.IntN(3) == 0 {
				ing.Annotations["traefik.ingress.kubernetes.io/router.entrypoints"] = []string{"web", "websecure"}[rng.IntN(2)]
			}
		}
		regex := false
		if rng.IntN(6) == 0 {
			m := []string{"PathRegexp", "Path", "PathPrefix"}[rng.IntN(3)]
			ing.Annotations["traefik.ingress.kubernetes.io/router.pathmatcher"] = m
			regex = m == "PathRegexp"
		}
		randomRules(rng, ing, i, traefikHosts, traefikPaths, traefikRegex, regex, 12)
		ings = append(ings, ing)
	}
	return ings
}

// randomRules gives ing, the i-th Ingress of a set, a default backend (one
// time in four) and one to three rules (none for half of those with a
// default backend) of one to four paths each, drawn from hosts and paths,
// of every path type; one path in oneIn has no path type and one a
// resource backend. Under regex, an ImplementationSpecific path is one of
// regexPaths half of the time.
func randomRules(rng *rand.Rand, ing *networkingv1.Ingress, i int, hosts, paths, regexPaths []string, regex bool, oneIn int) {
	types := []networkingv1.PathType{networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific}
	if rng.IntN(4) == 0 {
		b := backend(fmt.Sprintf("def-%d", i))
		ing.Spec.DefaultBackend = &b
	}
	rules := 1 + rng.IntN(3)
	if ing.Spec.DefaultBackend != nil && rng.IntN(2) == 0 {
		rules = 0
	}
	for ri := range rules {
		r := networkingv1.IngressRule{Host: hosts[rng.IntN(len(hosts))], IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
		for pi := range 1 + rng.IntN(4) {
			p := networkingv1.HTTPIngressPath{Path: paths[rng.IntN(len(paths))], Backend: backend(fmt.Sprintf("s-%d-%d-%d", i, ri, pi))}
			pt := types[rng.IntN(len(types))]
			p.PathType = &pt
			switch rng.IntN(oneIn) {
			case 0:
				p.PathType = nil
			case 1:
				p.Backend = networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Kind: "Bucket", Name: "b"}}
			}
			if regex && pt == networkingv1.PathTypeImplementationSpecific && rng.IntN(2) == 0 {
				p.Path = regexPaths[rng.IntN(len(regexPaths))]
			}
			r.HTTP.Paths = append(r.HTTP.Paths, p)
		}
		ing.Spec.Rules = append(ing.Spec.Rules, r)
	}
}

func backend(svc string) networkingv1.IngressBackend {
	return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}}
}

// derivedRequests are requests that tell paths apart, derived from each
// path of the set: the path, one element deeper, its parent, its trailing
// slash toggled, a byte appended, cut short, upper-cased, with "//",
// "/./", "/../", dot segments at the end, encoded slashes (both cases),
// an encoded letter and encoded reserved characters; sent to each rule
// host, with a port, upper-cased, with a trailing dot, to its www (or bare)
// counterpart, and to names under
// each wildcard (one label, two labels, "a_b"), an unknown host, IP
// addresses with and without a port and a name outside [\w._-]. At most
// n of them, drawn at random.
func derivedRequests(ings []*networkingv1.Ingress, rng *rand.Rand, n int) []request {
	hosts := []string{"unknown.org", "x.foo.com", "x.y.foo.com", "a_b.foo.com", "X.FOO.COM", "[::1]", "[::1]:8080", "127.0.0.1:8080", "a~b.foo.com:81"}
	paths := []string{"/", "/../x", "/%2e%2e/x", "/a%2Fb", "/%41"}
	for _, ing := range ings {
		for _, r := range ing.Spec.Rules {
			if h := strings.TrimPrefix(r.Host, "*."); h != "" {
				hosts = append(hosts, h, h+":8080", strings.ToUpper(h), h+".")
				// The other side of a from-to-www-redirect.
				if bare, ok := strings.CutPrefix(h, "www."); ok {
					hosts = append(hosts, bare, bare+":8080")
				} else {
					hosts = append(hosts, "www."+h, "WWW."+h+":8080")
				}
			}
			if r.HTTP == nil {
				continue
			}
			for _, p := range r.HTTP.Paths {
				base := literal(p.Path)
				if base == "" || base[0] != '/' {
					base = "/" + base
				}
				trimmed := strings.TrimSuffix(base, "/")
				parent := trimmed[:strings.LastIndexByte(trimmed, '/')+1]
				paths = append(paths, base, trimmed, trimmed+"/", trimmed+"/deeper", trimmed+"x", parent,
					base[:len(base)/2+1], strings.ToUpper(base), strings.Replace(base, "/", "//", 1), "/."+base, "/z/.."+base,
					strings.ReplaceAll(trimmed+"/deeper", "/", "%2F")[3:], encodeOne(base), trimmed+"?q=1",
					base+"/.", trimmed+"/q/..", trimmed+"/q/../", strings.ReplaceAll(base, "@", "%40"), strings.ReplaceAll(base, "/", "%2f"), trimmed+"%3b")
			}
		}
	}
	slices.Sort(hosts)
	hosts = slices.Compact(hosts)
	slices.Sort(paths)
	paths = slices.Compact(paths)
	var out []request
	for _, h := range hosts {
		for _, p := range paths {
			if p == "" || p[0] != '/' {
				p = "/" + p
			}
			out = append(out, request{Host: h, Target: strings.ReplaceAll(p, " ", "%20")})
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:min(len(out), n)]
}

// literal returns a path a regular expression of the pools matches, or the
// path itself.
func literal(p string) string {
	return strings.NewReplacer("^", "", "$", "", ".*", "x", "[0-9]+", "7", "(b|c)", "c").Replace(p)
}

// encodeOne percent-encodes the first letter of p.
func encodeOne(p string) string {
	for i := 0; i < len(p); i++ {
		if c := p[i]; 'a' <= c && c <= 'z' {
			return p[:i] + fmt.Sprintf("%%%02X", c) + p[i+1:]
		}
	}
	return p
}
