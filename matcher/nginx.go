package matcher

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/hostname"
	networkingv1 "k8s.io/api/networking/v1"
)

// The annotations the IngressNGINX dialect reads (ingress-nginx's default
// --annotations-prefix).
const (
	NGINXAnnotationPrefix   = "nginx.ingress.kubernetes.io/"
	nginxUseRegex           = NGINXAnnotationPrefix + "use-regex"
	nginxRewriteTarget      = NGINXAnnotationPrefix + "rewrite-target"
	nginxAppRoot            = NGINXAnnotationPrefix + "app-root"
	nginxSSLRedirect        = NGINXAnnotationPrefix + "ssl-redirect"
	nginxForceSSLRedirect   = NGINXAnnotationPrefix + "force-ssl-redirect"
	nginxCanary             = NGINXAnnotationPrefix + "canary"
	nginxCanaryHeader       = NGINXAnnotationPrefix + "canary-by-header"
	nginxCanaryHeaderValue  = NGINXAnnotationPrefix + "canary-by-header-value"
	nginxCanaryHeaderRegex  = NGINXAnnotationPrefix + "canary-by-header-pattern"
	nginxCanaryCookie       = NGINXAnnotationPrefix + "canary-by-cookie"
	nginxCanaryWeight       = NGINXAnnotationPrefix + "canary-weight"
	nginxCanaryWeightTotal  = NGINXAnnotationPrefix + "canary-weight-total"
	nginxPreserveSlash      = NGINXAnnotationPrefix + "preserve-trailing-slash"
	nginxDefaultServer      = "_"
	nginxHTTPRedirectStatus = 308 // the http-redirect-code setting's default
)

// DialectConflict: a configuration the dialect's controller would build
// but its proxy refuses to load (nginx: a duplicate location); Compile keeps
// the first and reports the rest.
const DialectConflict ingress.Kind = "DialectConflict"

// nginxEngine is the lookup of the IngressNGINX dialect: the servers and
// locations ingress-nginx writes into nginx.conf, and nginx's choice among
// them.
type nginxEngine struct {
	m       *Matcher
	servers []nginxServer
	names   map[string]int32 // lower-case server names → servers
	wild    map[string]int32 // ".foo.com" of *.foo.com → servers
	// certs are the server names ("foo.com", "*.foo.com") that have a
	// certificate: ssl-redirect applies to a request whose host, or the
	// host's wildcard name, is one (certificate.lua).
	certs map[string]bool
	// byName holds the servers by name as written, while building.
	byName map[string]int32
	// www are the redirect servers of from-to-www-redirect, by lower-case
	// name, and wwwTo the host each action redirects to.
	www   map[string]nginxWWW
	wwwTo map[*Action]string
	// passthroughs are the routes TLS connections are passed through to,
	// by server name as written (WithNGINXSSLPassthrough).
	passthroughs map[string]Route
	// The server-alias names nginx matches after the exact ones: leading
	// wildcards ("*.foo.com", ".foo.com") by ".foo.com", longest first;
	// regular expressions ("~^…") in configuration order with the
	// wildcard hosts' (regexOrder, only when there is a regex alias).
	starWild   map[string]int32
	regexOrder []nginxRegexName
}

// nginxRegexName is a server name nginx tries as a regular expression:
// a wildcard rule host (suffix, one [\w-] label before it) or a
// server-alias "~regex" (re).
type nginxRegexName struct {
	server int32
	suffix string
	re     *regexp.Regexp
}

// nginxWWW is a server ingress-nginx writes for from-to-www-redirect: its
// every request answers 308 to the server it stands for.
type nginxWWW struct {
	route Route // the location that asked for it
	act   *Action
}

type nginxServer struct {
	host  string                // the server name: a rule host as written (case kept), or "_"
	first *networkingv1.Ingress // the Ingress that made it (nil for "_")
	locs  []nginxLoc
	// the lookups over locs (indexes)
	exact     map[string]int32 // "= /p"
	prefix    *routeIndex      // "/p", at their index in locs: longest first
	slashless map[string]int32 // "/p" of a location "/p/" or "= /p/" (nginx's 301)
	regex     []int32          // "~* ^p", in configuration order
	appRoot   *nginxLoc
	// While building: the first location of each path (addLocations).
	firstOf map[string]int32
	// wwwFrom is the route of the first location with
	// from-to-www-redirect, which flags the server for it.
	wwwFrom *Route
	// aliases are the server's server-alias names, after the
	// controller's filtering (createServers).
	aliases []string
}

type nginxLoc struct {
	path     string // the location's path: "/foo/", or the regular expression's path
	pathType networkingv1.PathType
	mod      string // "=", "" (prefix) or "~*"
	re       *regexp.Regexp
	route    Route // Ingress nil for the controller's default backend
	def      bool  // the route is a default backend (the server's location /)
	ann      nginxAnnotations
	annFrom  *networkingv1.Ingress // the Ingress whose annotations ann are
	alts     []Alternative
	redirect *Action // the 301 for a location ending in '/'
	// The route's Action, for a request whose host has no certificate
	// (plain) and for one whose host has (secure): ssl-redirect applies
	// only to the second, force-ssl-redirect to both.
	plain, secure *Action
}

type nginxAnnotations struct {
	useRegex, sslRedirect, forceSSL, preserveSlash, fromToWWW bool
	rewrite, appRoot                                          string
	// redirect is permanent-redirect or temporal-redirect: what the
	// location's "return code URL;" answers (nginx.tmpl); a code that is
	// no redirect (300, 304-306) answers the URL as its body: Status.
	redirect Redirect
	// access is the location's allow and deny list; denied says that one
	// of them does not parse, and the location answers 503.
	access *Access
	denied bool
	// accessDenied: one of the address lists does not parse (denied may
	// come from fwd too).
	accessDenied bool
	// fwd is what the location asks of the requests it forwards.
	fwd nginxForwarding
}

func readNGINXAnnotations(ing *networkingv1.Ingress) nginxAnnotations {
	a := ing.Annotations
	access, denied := nginxAccess(a)
	fwd := readNGINXForwarding(a)
	return nginxAnnotations{
		useRegex:      boolAnnotation(a, nginxUseRegex, false),
		sslRedirect:   boolAnnotation(a, nginxSSLRedirect, true),
		forceSSL:      boolAnnotation(a, nginxForceSSLRedirect, false),
		preserveSlash: boolAnnotation(a, nginxPreserveSlash, false),
		fromToWWW:     boolAnnotation(a, nginxFromToWWWRedirect, false),
		rewrite:       nginxPathAnnotation(a, nginxRewriteTarget),
		appRoot:       nginxPathAnnotation(a, nginxAppRoot),
		redirect:      nginxRedirect(a),
		access:        access,
		denied:        denied || fwd.deniedBy != "",
		accessDenied:  denied,
		fwd:           fwd,
	}
}

// nginxAccess reads allowlist-source-range (or, when it is unset or empty,
// whitelist-source-range) and denylist-source-range as their parsers do
// (annotations/ipallowlist, ipdenylist; internal/net, ParseIPNets): entries
// split at ',' and trimmed, each a CIDR or an address. A value that is
// empty or has an entry of neither kind makes the location denied
// (LocationDeniedError), which nginx.tmpl writes as "return 503;".
func nginxAccess(a map[string]string) (access *Access, denied bool) {
	read := func(keys ...string) (prefixes []netip.Prefix, set, bad bool) {
		v, ok := "", false
		for _, k := range keys {
			if v, ok = a[NGINXAnnotationPrefix+k]; ok && v != "" {
				break
			}
		}
		if !ok {
			return nil, false, false
		}
		if strings.TrimSpace(v) == "" {
			return nil, true, true
		}
		prefixes, bad = sourceRanges(v)
		if bad {
			return nil, true, true
		}
		return prefixes, true, false
	}
	allow, hasAllow, badAllow := read("allowlist-source-range", "whitelist-source-range")
	deny, hasDeny, badDeny := read("denylist-source-range")
	if badAllow || badDeny {
		return nil, true
	}
	if !hasAllow && !hasDeny {
		return nil, false
	}
	return &Access{Deny: deny, Allow: allow}, false
}

// nginxRedirect reads permanent-redirect and temporal-redirect as the
// redirect parser does (annotations/redirect/redirect.go, Parse): a
// temporal redirect first, status temporal-redirect-code (v1.12+), 302
// unless within 300-308; else a permanent redirect, status
// permanent-redirect-code, 301 unless within 300-308. Values the
// validation refuses never get here: the Ingress is not loaded.
func nginxRedirect(a map[string]string) Redirect {
	code := func(key string, def int) int {
		n, err := strconv.Atoi(a[key])
		if err != nil || n < 300 || n > 308 {
			return def
		}
		return n
	}
	if v := a[nginxTemporalRedirect]; v != "" {
		return Redirect{Status: code(nginxTemporalCode, http.StatusFound), Location: v}
	}
	if v := a[nginxPermanentRedirect]; v != "" {
		return Redirect{Status: code(nginxPermanentCode, http.StatusMovedPermanently), Location: v}
	}
	return Redirect{}
}

// nginxCriticalAnnotations are the annotations of risk Critical
// (internal/ingress/annotations: snippet, authreq, modsecurity,
// serversnippet, streamsnippet); parser.CheckAnnotationRisk refuses an
// Ingress with any of them above the configured risk level.
var nginxCriticalAnnotations = []string{
	NGINXAnnotationPrefix + "auth-snippet",
	NGINXAnnotationPrefix + "configuration-snippet",
	NGINXAnnotationPrefix + "modsecurity-snippet",
	NGINXAnnotationPrefix + "server-snippet",
	NGINXAnnotationPrefix + "stream-snippet",
}

// nginxCriticalAnnotation returns the first Critical-risk annotation of an
// Ingress, or "".
func nginxCriticalAnnotation(ing *networkingv1.Ingress) string {
	for _, k := range nginxCriticalAnnotations {
		if _, ok := ing.Annotations[k]; ok {
			return k
		}
	}
	return ""
}

// nginxOrder is the order in which ingress-nginx reads Ingresses
// (store.go, sortIngressSlice): creationTimestamp, oldest first; equal
// times by "namespace/name", descending.
func nginxOrder(a, b *networkingv1.Ingress) int {
	if c := a.CreationTimestamp.Compare(b.CreationTimestamp.Time); c != 0 {
		return c
	}
	return strings.Compare(b.Namespace+"/"+b.Name, a.Namespace+"/"+a.Name)
}

// boolAnnotation reads an annotation as ingress-nginx does (strconv.ParseBool);
// a missing or unreadable value is def.
func boolAnnotation(a map[string]string, key string, def bool) bool {
	v, ok := a[key]
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def
	}
	return b
}

// needsRewrite is ingress-nginx's test (template.go, needsRewrite).
func (l *nginxLoc) needsRewrite() bool {
	return l.ann.rewrite != "" && l.ann.rewrite != l.path
}

func newNGINX(m *Matcher) *nginxEngine {
	e := &nginxEngine{m: m, names: map[string]int32{}, wild: map[string]int32{}, certs: map[string]bool{}, byName: map[string]int32{}}
	var loaded, canaries, primary []*networkingv1.Ingress
	isCanary := map[*networkingv1.Ingress]bool{}
	ings := slices.Clone(m.ingresses)
	slices.SortStableFunc(ings, nginxOrder)
	for _, ing := range ings {
		if key := nginxCriticalAnnotation(ing); key != "" && !m.opts.nginxSnippets {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + key + "]",
				Message: fmt.Sprintf("%s is a Critical-risk annotation, which ingress-nginx refuses at its default annotations-risk-level (High, since v1.12): the whole Ingress is not loaded and routes nothing (WithNGINXSnippets routes it as a cluster that allows them)", key)})
			continue
		}
		if key, rule := nginxRefusedValue(ing); key != "" {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + NGINXAnnotationPrefix + key + "]",
				Message: fmt.Sprintf("ingress-nginx validates this annotation's value (%s) and refuses the whole Ingress when it fails: it is not loaded and routes nothing", rule)})
			continue
		}
		loaded = append(loaded, ing)
		if boolAnnotation(ing.Annotations, nginxCanary, false) {
			canaries = append(canaries, ing)
			isCanary[ing] = true
		} else {
			primary = append(primary, ing)
		}
	}
	ups := nginxUpstreams(loaded, isCanary)
	e.createServers(primary)
	e.addLocations(loaded, ups)
	if len(canaries) > 0 && len(primary) > 0 {
		e.mergeCanaries(canaries, ups)
	}
	e.sortLocations()
	if m.opts.nginxPassthrough {
		e.passthroughServers()
	}
	for s := range e.servers {
		e.finish(&e.servers[s])
	}
	e.nameServers()
	e.wwwServers()
	e.byName = nil
	return e
}

// passthroughServers records the servers whose first Ingress has
// ssl-passthrough (createServers), as getConfiguration passes them to the
// controller's TCP proxy: by name, to the backend of the first location /
// (in the controller's order), unless that is the controller's own.
func (e *nginxEngine) passthroughServers() {
	for s := range e.servers {
		srv := &e.servers[s]
		if srv.first == nil || !boolAnnotation(srv.first.Annotations, nginxSSLPassthrough, false) {
			continue
		}
		for _, l := range srv.locs {
			if l.path != "/" {
				continue
			}
			if e.passthroughs == nil {
				e.passthroughs = map[string]Route{}
			}
			if l.def {
				// The server's own location / (the controller's default
				// backend, or an Ingress's spec.defaultBackend) names no
				// Service port: the TCP proxy dials port 0 and drops the
				// connection.
				e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: srv.first, Field: "metadata.annotations[" + nginxSSLPassthrough + "]",
					Message: fmt.Sprintf("ssl-passthrough: server %q has no Service path / (Prefix or ImplementationSpecific), so ingress-nginx's TCP proxy passes its TLS connections to port 0 and drops them (RouteRequest: ErrNoRoute)", srv.host)})
				e.passthroughs[srv.host] = Route{}
				break
			}
			r := l.route
			r.Action = &Action{Passthrough: true}
			e.passthroughs[srv.host] = r
			break
		}
	}
}

// passthrough is the route a TLS connection with this server name is
// passed through to: the controller's TCP proxy compares names byte for
// byte.
func (e *nginxEngine) passthrough(sni string) (Route, bool) {
	r, ok := e.passthroughs[sni]
	return r, ok
}

// nginxUpstreamOwner is the Ingress that made an upstream (a Service
// port), which decides whether it is a canary's and its policy.
type nginxUpstreamOwner struct {
	ing    *networkingv1.Ingress
	canary bool // the upstream is a canary's (NoServer): no location proxies to it
}

// nginxUpstreams returns the owner of each upstream of the loaded
// Ingresses as createUpstreams (controller.go) makes them, in the
// controller's order: the first Ingress with a path to the Service port,
// or the last whose spec.defaultBackend names it (that upstream is made
// anew for every Ingress that names it). An upstream a canary Ingress
// made is the canary's, with its policy, whoever else uses it.
func nginxUpstreams(ings []*networkingv1.Ingress, isCanary map[*networkingv1.Ingress]bool) map[nginxUpstream]nginxUpstreamOwner {
	owner := map[nginxUpstream]nginxUpstreamOwner{}
	for _, ing := range ings {
		if d := ing.Spec.DefaultBackend; d != nil {
			if u, ok := upstreamOf(ing, *d); ok {
				owner[u] = nginxUpstreamOwner{ing, isCanary[ing]}
			}
		}
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			if r.HTTP == nil {
				continue
			}
			for pi := range r.HTTP.Paths {
				if u, ok := upstreamOf(ing, r.HTTP.Paths[pi].Backend); ok {
					if _, seen := owner[u]; !seen {
						owner[u] = nginxUpstreamOwner{ing, isCanary[ing]}
					}
				}
			}
		}
	}
	return owner
}

// wwwServers adds the redirect servers of from-to-www-redirect
// (pkg/util/ingress, BuildRedirects; nginx.tmpl, RedirectServers): for a
// server h flagged by one of its locations, a server www.h (h for www.h),
// unless a server of that name exists (compared as written), answering
// every request, over http and https, with 308 to $scheme://h and the
// request URI without one trailing '/'. The redirect servers come first
// in nginx.conf, so of two names differing in case the first in byte order
// serves, and one takes its name from a server whose name differs only in
// case. A wildcard server's would be named www.*.foo.com, which nginx
// refuses to load.
func (e *nginxEngine) wwwServers() {
	var flagged []int32
	for s := int32(1); s < int32(len(e.servers)); s++ {
		if e.servers[s].wwwFrom != nil {
			flagged = append(flagged, s)
		}
	}
	slices.SortFunc(flagged, func(a, b int32) int { return strings.Compare(e.servers[a].host, e.servers[b].host) })
	for _, s := range flagged {
		srv := &e.servers[s]
		to := srv.host
		from := "www." + to
		if rest, ok := strings.CutPrefix(to, "www."); ok {
			from = rest
		}
		if strings.HasPrefix(to, "*.") {
			e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: srv.wwwFrom.Ingress, Field: "metadata.annotations[" + nginxFromToWWWRedirect + "]",
				Message: fmt.Sprintf("from-to-www-redirect on the wildcard host %q makes ingress-nginx write a server named %q, which nginx refuses to load (the controller keeps its previous configuration); Compile adds no redirect", to, from)})
			continue
		}
		if _, exists := e.byName[from]; exists {
			continue
		}
		key := strings.ToLower(from)
		if _, taken := e.www[key]; taken {
			continue
		}
		if e.www == nil {
			e.www, e.wwwTo = map[string]nginxWWW{}, map[*Action]string{}
		}
		act := &Action{Redirect: Redirect{Status: nginxHTTPRedirectStatus, Location: "//" + to}}
		e.www[key] = nginxWWW{route: *srv.wwwFrom, act: act}
		e.wwwTo[act] = to
		if s, ok := e.names[key]; ok {
			e.unreachable(&e.servers[s], fmt.Sprintf("nginx ignores the server name %q, which conflicts with the from-to-www-redirect server %q written before it", e.servers[s].host, from), nil)
		}
	}
}

// createServers makes a server per host with its location / (controller.go,
// createServers).
func (e *nginxEngine) createServers(ings []*networkingv1.Ingress) {
	// The catch-all server's location / has no rewrite settings: no
	// ssl-redirect.
	e.addServer(nginxDefaultServer, nginxLoc{path: "/", pathType: networkingv1.PathTypePrefix, def: true})
	for _, ing := range ings {
		// A host's location / carries the annotations of the first
		// Ingress with a rule for the host (locationApplyAnnotations):
		// its ssl-redirect applies to the host's unmatched paths.
		root := nginxLoc{path: "/", pathType: networkingv1.PathTypePrefix, def: true, ann: readNGINXAnnotations(ing), annFrom: ing}
		if db := ing.Spec.DefaultBackend; db != nil && db.Service != nil {
			root.route = Route{Ingress: ing, Backend: *db, RuleIndex: -1, PathIndex: -1}
			def := &e.servers[0].locs[0]
			if len(ing.Spec.Rules) == 0 && def.def {
				// The catch-all server's location / is now configured:
				// a path / of a rule without host no longer replaces it.
				// Its rewrite settings (use-regex, rewrite-target,
				// app-root, ssl-redirect) stay as they were: ingress-nginx
				// restores them after applying the Ingress's annotations.
				*def = nginxLoc{path: "/", pathType: networkingv1.PathTypePrefix, route: root.route, annFrom: ing}
			}
		}
		for _, r := range ing.Spec.Rules {
			host, _, ok := nginxHost(r.Host)
			if !ok {
				continue
			}
			if _, seen := e.serverOf(host); seen {
				continue
			}
			e.addServer(host, root)
		}
	}
	// server-alias: a server takes the aliases of the first Ingress with a
	// rule for its host and a non-empty list; an alias equal to the host
	// or to another server's name (as written) is dropped.
	for _, ing := range ings {
		aliases := nginxAliases(ing.Annotations[nginxServerAlias])
		if len(aliases) == 0 {
			continue
		}
		for _, r := range ing.Spec.Rules {
			host, _, ok := nginxHost(r.Host)
			if !ok {
				continue
			}
			s, _ := e.serverOf(host)
			if srv := &e.servers[s]; srv.aliases == nil {
				srv.aliases = []string{}
				for _, a := range aliases {
					if _, taken := e.byName[a]; !taken && a != host {
						srv.aliases = append(srv.aliases, a)
					}
				}
			}
		}
	}
	// Certificates: every rule host of an Ingress with any spec.tls entry
	// gets one, its Secret's or the default certificate
	// (createServers, the certificate loop); a host listed only in the
	// spec.tls of an Ingress without a rule for it gets none.
	for _, ing := range ings {
		if len(ing.Spec.TLS) == 0 {
			continue
		}
		for _, r := range ing.Spec.Rules {
			if host, rank, ok := nginxHost(r.Host); ok && rank != hostmatch.RankCatchAll {
				e.certs[host] = true
			}
		}
	}
}

// nginxAliases is the alias parser's list (annotations/alias/main.go):
// split at ',', trimmed, empty ones dropped, each once, sorted.
func nginxAliases(v string) []string {
	var out []string
	for _, a := range strings.Split(v, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hasCert reports whether ingress-nginx has a certificate for a request
// host (certificate.lua, get_pem_cert_uid): its server name, else the
// name with its first label replaced by '*'.
func (e *nginxEngine) hasCert(lower []byte) bool {
	if len(e.certs) == 0 || lower == nil {
		return false
	}
	if e.certs[string(lower)] {
		return true
	}
	dot := bytes.IndexByte(lower, '.')
	if dot < 1 {
		return false
	}
	// "*" and the rest, in the same buffer: "a.foo.com" → "*.foo.com".
	lower[dot-1] = '*'
	return e.certs[string(lower[dot-1:])]
}

// nginxHost returns the server name of a rule host as ingress-nginx
// writes it: the host as written (its case kept), "_" for no host.
func nginxHost(h string) (string, hostmatch.Rank, bool) {
	if h == "" {
		return nginxDefaultServer, hostmatch.RankCatchAll, true
	}
	_, rank, ok := hostKey(h)
	return strings.TrimSuffix(h, "."), rank, ok
}

func (e *nginxEngine) serverOf(host string) (int32, bool) {
	s, ok := e.byName[host]
	return s, ok
}

func (e *nginxEngine) addServer(host string, root nginxLoc) {
	s := int32(len(e.servers))
	e.servers = append(e.servers, nginxServer{host: host, first: root.annFrom, locs: []nginxLoc{root}, firstOf: map[string]int32{root.path: 0}})
	e.byName[host] = s
}

// nameServers makes the lookups by request host. nginx lower-cases the
// host and compares server names without regard to case: of two servers
// whose names differ only in case (a rule host with capitals, which the API
// server rejects, makes a server of its own), the first in the
// configuration wins and nginx ignores the other ("conflicting server
// name"); ingress-nginx writes servers in byte order of their names, so
// "Foo.com" comes before "foo.com". A wildcard server is a regular
// expression (buildServerName in template.go); nginx compiles one with a
// capital letter caseless (ngx_http_core_server_name), so "*.Foo.com"
// matches what "*.foo.com" matches, and of the two the one written first,
// again in byte order, serves.
func (e *nginxEngine) nameServers() {
	for s := int32(1); s < int32(len(e.servers)); s++ {
		srv := &e.servers[s]
		lower := strings.ToLower(srv.host)
		if strings.HasPrefix(srv.host, "*.") {
			if w, taken := e.wild[lower[1:]]; taken {
				win, lose := w, s
				if srv.host < e.servers[w].host {
					win, lose = s, w
				}
				e.wild[lower[1:]] = win
				e.unreachable(&e.servers[lose], fmt.Sprintf("nginx tries the regular expression of server %q, written before %q (ingress-nginx writes servers in byte order of their names), and it matches every host the latter would", e.servers[win].host, e.servers[lose].host), &e.servers[win])
				continue
			}
			e.wild[lower[1:]] = s
			continue
		}
		if w, taken := e.names[lower]; taken {
			win, lose := w, s
			if srv.host < e.servers[w].host {
				win, lose = s, w
			}
			e.names[lower] = win
			e.unreachable(&e.servers[lose], fmt.Sprintf("nginx ignores the server name %q, which conflicts with %q written before it (ingress-nginx writes servers in byte order of their names)", e.servers[lose].host, e.servers[win].host), &e.servers[win])
			continue
		}
		e.names[lower] = s
	}
	e.nameAliases()
}

// nameAliases adds the server-alias names, which nginx.tmpl writes after
// the host in each server's server_name, servers in byte order of their
// names: an exact alias conflicting with a name written before it is
// ignored (and takes the name of a server written after it); a leading
// wildcard is nginx's own (any number of labels, ".foo.com" also foo.com);
// a "~" alias is a regular expression, caseless with a capital letter.
// nginx refuses to load a name with '*' elsewhere; a trailing wildcard
// (www.foo.*) is not modelled. Both are reported.
func (e *nginxEngine) nameAliases() {
	order := make([]int32, 0, len(e.servers))
	for s := range e.servers {
		if len(e.servers[s].aliases) > 0 || strings.HasPrefix(e.servers[s].host, "*.") {
			order = append(order, int32(s))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(e.servers[a].host, e.servers[b].host) })
	rank := func(s int32) string { return e.servers[s].host }
	regex := false
	var names []nginxRegexName
	for _, s := range order {
		srv := &e.servers[s]
		if strings.HasPrefix(srv.host, "*.") {
			if w, ok := e.wild[strings.ToLower(srv.host[1:])]; ok && w == s {
				names = append(names, nginxRegexName{server: s, suffix: strings.ToLower(srv.host[1:])})
			}
		}
		for _, a := range srv.aliases {
			lower := strings.ToLower(a)
			switch {
			case strings.HasPrefix(a, "~"):
				expr := a[1:]
				if strings.ToLower(expr) != expr {
					expr = "(?i)" + expr
				}
				re, err := dialectRegex(expr)
				if err != nil {
					e.aliasDiag(srv, a, fmt.Sprintf("the server-alias %q is a regular expression Compile cannot use (%v); nginx may still serve it", a, err))
					continue
				}
				regex = true
				names = append(names, nginxRegexName{server: s, re: re})
			case strings.HasPrefix(a, "*.") && !strings.Contains(a[1:], "*"), strings.HasPrefix(a, ".") && !strings.Contains(a, "*"):
				key := lower[strings.IndexByte(lower, '.'):]
				if e.starWild == nil {
					e.starWild = map[string]int32{}
				}
				if _, taken := e.starWild[key]; !taken {
					e.starWild[key] = s
				}
				if a[0] == '.' { // ".foo.com" is also foo.com itself
					if _, taken := e.names[key[1:]]; !taken {
						e.names[key[1:]] = s
					}
				}
			case strings.HasSuffix(a, ".*") && !strings.Contains(a[:len(a)-1], "*"):
				e.aliasDiag(srv, a, fmt.Sprintf("the server-alias %q is a trailing wildcard, which Compile does not model", a))
			case strings.Contains(a, "*"):
				e.aliasDiag(srv, a, fmt.Sprintf("the server-alias %q has a '*' nginx does not accept (\"invalid server name or wildcard\"): it refuses the whole configuration; Compile ignores the alias", a))
			default:
				if w, taken := e.names[lower]; taken && rank(w) <= rank(s) {
					continue // nginx ignores the conflicting name written later
				}
				e.names[lower] = s
			}
		}
	}
	if regex {
		e.regexOrder = names
	}
}

// aliasDiag reports a server-alias on the Ingress that gave it.
func (e *nginxEngine) aliasDiag(srv *nginxServer, alias, msg string) {
	for _, l := range srv.locs {
		if l.annFrom != nil {
			e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: l.annFrom, Field: "metadata.annotations[" + nginxServerAlias + "]", Message: msg})
			return
		}
	}
}

// unreachable reports the paths of a server that never serves a request.
func (e *nginxEngine) unreachable(srv *nginxServer, why string, winner *nginxServer) {
	for _, l := range srv.locs {
		if l.route.Ingress == nil || l.route.Path == nil {
			continue
		}
		d := ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: l.route.Ingress, Field: l.route.Field(), Message: why}
		if winner != nil {
			for _, w := range winner.locs {
				if w.route.Ingress != nil {
					d.Related, d.RelatedField = w.route.Ingress, w.route.Field()
					break
				}
			}
		}
		e.m.diags = append(e.m.diags, d)
	}
}

// addLocations adds the paths of every Ingress to the servers of their hosts
// (controller.go, getBackendServers), in the order they come; a path of a
// host without server (a canary Ingress's) goes to the catch-all server. A
// path to a canary's upstream gets no location; a canary Ingress's path
// to an upstream another Ingress made gets one, as any path does.
func (e *nginxEngine) addLocations(ings []*networkingv1.Ingress, ups map[nginxUpstream]nginxUpstreamOwner) {
	for _, ing := range ings {
		ann := readNGINXAnnotations(ing)
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			host, _, ok := nginxHost(r.Host)
			if !ok || r.HTTP == nil {
				continue
			}
			s, _ := e.serverOf(host)
			srv := &e.servers[s]
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				if p.Backend.Service == nil {
					continue // served by the default backend
				}
				if o := ups[nginxUpstream{ing.Namespace, p.Backend.Service.Name, p.Backend.Service.Port}]; o.canary {
					// The upstream is a canary's (NoServer): the path gets
					// no location (createServers' location loop).
					if o.ing != ing {
						e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fmt.Sprintf("spec.rules[%d].http.paths[%d].backend", ri, pi),
							Message: fmt.Sprintf("ingress-nginx makes one upstream per Service port, from the first Ingress that uses it, here canary Ingress %s: a canary's upstream serves no location, so this path gets none", ingress.ObjectName(o.ing)),
							Related: o.ing})
					}
					continue
				}
				path := p.Path
				if path == "" {
					path = "/"
				}
				pathType := nginxPathType(p.PathType)
				route := Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}
				pathTypeName := networkingv1.PathTypePrefix
				if p.PathType != nil {
					pathTypeName = *p.PathType
				}
				// Only the first location with the path is compared: one
				// of another type makes this path a location of its own.
				i, seen := srv.firstOf[path]
				if !seen {
					srv.firstOf[path] = int32(len(srv.locs))
				}
				if !seen || srv.locs[i].pathType != pathType {
					srv.locs = append(srv.locs, nginxLoc{path: path, pathType: pathType, route: route, ann: ann, annFrom: ing})
					if ann.fromToWWW && srv.wwwFrom == nil {
						r := route
						srv.wwwFrom = &r
					}
					continue
				}
				if l := &srv.locs[i]; l.def {
					l.route, l.def, l.ann, l.annFrom = route, false, ann, ing
					if ann.fromToWWW && srv.wwwFrom == nil {
						r := route
						srv.wwwFrom = &r
					}
				} else {
					e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: route.Field(),
						Message: fmt.Sprintf("%s path %q never serves a request under ingress-nginx: the location is already configured by %s %s (the first Ingress in creationTimestamp order, equal times by namespace/name descending, wins)",
							pathTypeName, p.Path, ingress.ObjectName(l.route.Ingress), l.route.Field()),
						Related: l.route.Ingress, RelatedField: l.route.Field()})
				}
			}
		}
	}
}

// sortLocations puts each server's locations in the controller's order
// (getBackendServers): longer paths first, then in reverse string order,
// equal paths in the order they came.
func (e *nginxEngine) sortLocations() {
	for s := range e.servers {
		srv := &e.servers[s]
		srv.firstOf = nil
		// Longer paths first, then in reverse string order, equal paths in
		// the order they came. The locations are large: sort their indexes
		// (a stable sort would swap O(n log² n) times), then move each once.
		order := make([]int32, len(srv.locs))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(i, j int32) int {
			a, b := &srv.locs[i], &srv.locs[j]
			return cmp.Or(cmp.Compare(len(b.path), len(a.path)), strings.Compare(b.path, a.path), cmp.Compare(i, j))
		})
		sorted := make([]nginxLoc, len(srv.locs))
		for k, i := range order {
			sorted[k] = srv.locs[i]
		}
		srv.locs = sorted
	}
}

// nginxPathType is the path type ingress-nginx reads: ImplementationSpecific
// and a missing pathType are Prefix (internal/k8s/main.go,
// SetDefaultNGINXPathType).
func nginxPathType(t *networkingv1.PathType) networkingv1.PathType {
	if t == nil || *t == networkingv1.PathTypeImplementationSpecific {
		return networkingv1.PathTypePrefix
	}
	return *t
}

// nginxUpstream names an upstream: ingress-nginx writes one per Service
// port (upstreamName: namespace-name-port).
type nginxUpstream struct {
	namespace, service string
	port               networkingv1.ServiceBackendPort
}

func upstreamOf(ing *networkingv1.Ingress, b networkingv1.IngressBackend) (nginxUpstream, bool) {
	if ing == nil || b.Service == nil {
		return nginxUpstream{}, false
	}
	return nginxUpstream{ing.Namespace, b.Service.Name, b.Service.Port}, true
}

// mergeCanaries makes the backends of canary Ingresses alternatives of
// primary upstreams, as mergeAlternativeBackends (controller.go) does,
// with the locations in the order they were added. For a canary's
// spec.defaultBackend, every location of the catch-all server; for each
// canary path, the locations of its host's server (the catch-all server's
// for a rule without host) with the same path as written and pathType: up
// to the first location whose upstream is the canary's own, each merges
// the canary's upstream into the location's upstream (once). A canary
// upstream that merged nowhere, and is no location's, is deleted: later
// paths to it are ignored, and an upstream whose first alternative it was
// has no canary. The alternatives belong to the upstream, so every
// location of every server that proxies to it gets them (nginx's balancer
// picks by upstream), and the balancer consults only the first
// (balancer.lua, route_to_alternative_balancer). The policy is that of the
// Ingress that made the canary's upstream.
func (e *nginxEngine) mergeCanaries(canaries []*networkingv1.Ingress, ups map[nginxUpstream]nginxUpstreamOwner) {
	type alternative struct {
		ups nginxUpstream
		alt Alternative
	}
	alts := map[nginxUpstream][]alternative{} // by primary upstream
	gone := map[nginxUpstream]bool{}          // canary upstreams deleted
	// merge merges the canary upstream of route into the mergeable
	// locations of server s that pass the test, and deletes the upstream
	// when it merged nowhere and is no location's.
	merge := func(s int32, altUps nginxUpstream, route Route, test func(l *nginxLoc) bool) {
		merged, altIsPri := false, false
		for i := range e.servers[s].locs {
			l := &e.servers[s].locs[i]
			pri, ok := upstreamOf(l.route.Ingress, l.route.Backend)
			if !ok {
				continue // the controller's default backend: no merging
			}
			if pri == altUps {
				altIsPri = true
				break
			}
			if ups[pri].canary || !test(l) {
				continue
			}
			merged = true
			if !slices.ContainsFunc(alts[pri], func(a alternative) bool { return a.ups == altUps }) {
				o := ups[altUps].ing
				c := readNGINXCanary(o.Annotations)
				if c.HeaderPattern != "" && c.re == nil {
					e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: o, Field: "metadata.annotations[" + nginxCanaryHeaderRegex + "]",
						Message: fmt.Sprintf("canary-by-header-pattern %q is not an expression Go's RE2 reads (or it is over the package's bound); nginx matches it with PCRE, RouteRequest as never matching", c.HeaderPattern)})
				}
				alts[pri] = append(alts[pri], alternative{altUps, Alternative{Route: route, When: c.String(), Canary: c}})
			}
		}
		if !altIsPri && !merged {
			gone[altUps] = true
			what := "the canary's default backend merges into no location of the catch-all server"
			if route.Path != nil {
				what = fmt.Sprintf("canary path %q merges into no location of the same host, path and pathType", route.Path.Path)
			}
			e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field(),
				Message: what + "; ingress-nginx deletes the canary's upstream, and the primaries serve"})
		}
	}
	for _, ing := range canaries {
		if d := ing.Spec.DefaultBackend; d != nil {
			if u, ok := upstreamOf(ing, *d); ok && !gone[u] {
				merge(0, u, Route{Ingress: ing, Backend: *d, RuleIndex: -1, PathIndex: -1}, func(*nginxLoc) bool { return true })
			}
		}
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			if r.HTTP == nil {
				continue
			}
			host, rank, ok := nginxHost(r.Host)
			s, found := e.serverOf(host)
			if rank == hostmatch.RankCatchAll {
				s, found = 0, true
			}
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				altUps, isUps := upstreamOf(ing, p.Backend)
				if !ok || !isUps || gone[altUps] {
					continue
				}
				route := Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}
				if !found {
					e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field(),
						Message: fmt.Sprintf("canary path %q: ingress-nginx finds no server for host %q to merge it into, and ignores it", p.Path, r.Host)})
					continue
				}
				pathType := nginxPathType(p.PathType)
				merge(s, altUps, route, func(l *nginxLoc) bool { return l.path == p.Path && l.pathType == pathType })
			}
		}
	}
	// Every location of a primary upstream shares its first alternative:
	// memory in the canaries and the locations, not their product.
	kept := make(map[nginxUpstream][]Alternative, len(alts))
	for pri, as := range alts {
		if gone[as[0].ups] {
			e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: as[0].alt.Route.Ingress, Field: as[0].alt.Route.Field(),
				Message: fmt.Sprintf("the canary's upstream is the first alternative of Service %s port %s, and ingress-nginx deleted it: nginx's balancer finds no canary there and the primary serves every request", pri.service, portName(pri.port))})
			continue
		}
		for _, a := range as[1:] {
			e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: a.alt.Route.Ingress, Field: a.alt.Route.Field(),
				Message: fmt.Sprintf("Service %s port %s already has the canary %s %s: nginx's balancer consults only an upstream's first alternative, so this canary gets no request there", pri.service, portName(pri.port), ingress.ObjectName(as[0].alt.Route.Ingress), as[0].alt.Route.Field()),
				Related: as[0].alt.Route.Ingress, RelatedField: as[0].alt.Route.Field()})
		}
		kept[pri] = []Alternative{as[0].alt}
	}
	for s := range e.servers {
		for i := range e.servers[s].locs {
			l := &e.servers[s].locs[i]
			if pri, ok := upstreamOf(l.route.Ingress, l.route.Backend); ok {
				l.alts = kept[pri]
			}
		}
	}
}

// portName is a Service port as an Ingress names it: its number, or its
// name.
func portName(p networkingv1.ServiceBackendPort) string {
	if p.Name != "" {
		return p.Name
	}
	return strconv.Itoa(int(p.Number))
}

// finish splits Prefix locations (location.go, updateServerLocations),
// decides whether the server's locations are regular expressions
// (template.go, enforceRegexModifier), and builds the lookups.
func (e *nginxEngine) finish(srv *nginxServer) {
	exactPaths := make(map[string]bool, len(srv.locs))
	for _, l := range srv.locs {
		if l.pathType == networkingv1.PathTypeExact {
			exactPaths[l.path] = true
		}
	}
	locs := make([]nginxLoc, 0, 2*len(srv.locs)) // a Prefix path adds its exact twin
	for _, l := range srv.locs {
		if l.path == "/" || l.pathType != networkingv1.PathTypePrefix || l.needsRewrite() || l.ann.useRegex {
			locs = append(locs, l)
			continue
		}
		twin := l
		if !strings.HasSuffix(l.path, "/") {
			l.path += "/"
		}
		locs = append(locs, l)
		if !exactPaths[twin.path] {
			twin.pathType = networkingv1.PathTypeExact
			locs = append(locs, twin)
		}
	}
	srv.locs = locs
	// After the split: a Prefix path equal to its rewrite-target rewrites
	// once it has its '/'.
	regexMode := false
	for _, l := range locs {
		regexMode = regexMode || l.needsRewrite() || l.ann.useRegex
	}
	srv.exact, srv.prefix, srv.slashless = make(map[string]int32, len(locs)), newRouteIndex(false), make(map[string]int32, len(locs))
	type location struct{ mod, path string }
	seen := make(map[location]int32, len(locs))
	for i := range srv.locs {
		l := &srv.locs[i]
		switch {
		case regexMode:
			l.mod = "~*"
		case l.pathType == networkingv1.PathTypeExact:
			l.mod = "="
		}
		key := location{l.mod, l.path}
		if first, dup := seen[key]; dup {
			f := &srv.locs[first]
			if l.route.Ingress != nil {
				d := ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: l.route.Ingress, Field: l.route.Field(),
					Message: fmt.Sprintf("ingress-nginx writes the location %s twice for host %s (also for the controller's default backend); nginx refuses such a configuration, and this path is left out",
						l, srv.host)}
				if f.route.Ingress != nil {
					d.Message = fmt.Sprintf("ingress-nginx writes the location %s twice for host %s (also for %s %s); nginx refuses such a configuration, and this path is left out",
						l, srv.host, ingress.ObjectName(f.route.Ingress), f.route.Field())
					d.Related, d.RelatedField = f.route.Ingress, f.route.Field()
				}
				e.m.diags = append(e.m.diags, d)
			}
			l.mod = "skip"
			continue
		}
		seen[key] = int32(i)
		if l.ann.appRoot != "" && strings.HasPrefix(l.ann.appRoot, "/") && srv.appRoot == nil {
			srv.appRoot = l
		}
		switch l.mod {
		case "~*":
			re, err := dialectRegex("(?i)^" + l.path)
			if err != nil {
				if l.route.Ingress != nil {
					msg := fmt.Sprintf("host %s uses regular expressions (use-regex or rewrite-target), and path %q is not one Go's RE2 reads (%v); it is skipped", srv.host, l.path, err)
					if tooCostly(err) {
						msg = fmt.Sprintf("host %s uses regular expressions (use-regex or rewrite-target), and the location %s is %v; nginx would run it, Compile skips it", srv.host, l, err)
					}
					e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: l.route.Ingress, Field: l.route.Field() + ".path", Message: msg})
				}
				l.mod = "skip"
				continue
			}
			l.re = re
			srv.regex = append(srv.regex, int32(i))
		case "=":
			srv.exact[l.path] = int32(i)
		default:
			// A string prefix; locs are longest first, so the lowest
			// index that matches is the longest prefix.
			srv.prefix.add(l.path, onAny, int32(i))
		}
		// The 301 is proxy_pass's (auto_redirect): a denied location,
		// only "return 503;", has none.
		if l.mod != "~*" && len(l.path) > 1 && strings.HasSuffix(l.path, "/") && !l.ann.denied {
			short := l.path[:len(l.path)-1]
			if _, taken := srv.slashless[short]; !taken {
				srv.slashless[short] = int32(i)
			}
			l.redirect = &Action{Redirect: Redirect{Status: 301, Location: l.path}}
		}
		// The route's actions: with the https redirect for requests whose
		// host has a certificate (ssl-redirect) or for all
		// (force-ssl-redirect), and without it.
		if len(l.alts) > 0 {
			l.plain = &Action{Alternatives: l.alts}
		}
		if l.ann.sslRedirect || l.ann.forceSSL {
			l.secure = &Action{HTTPSRedirect: nginxHTTPRedirectStatus, PreserveTrailingSlash: l.ann.preserveSlash, Alternatives: l.alts,
				NotFound: l.route.Ingress == nil} // the controller's default backend, behind the redirect
		}
		if l.ann.forceSSL {
			l.plain = l.secure
		}
		// "return code URL;" runs in the location's rewrite phase, before
		// lua_ingress's https redirect: it answers every request.
		if rd := l.ann.redirect; rd.Status != 0 {
			a := &Action{Redirect: rd, Alternatives: l.alts}
			switch rd.Status {
			case 301, 302, 303, 307, 308:
			default:
				a = &Action{Status: rd.Status, Alternatives: l.alts} // nginx's "return code text;"
			}
			l.plain, l.secure = a, a
		} else if l.needsRewrite() && nginxRewritesToURL(l.ann.rewrite) {
			// The rewrite to a URL is a 302, in the rewrite phase too.
			a := &Action{Redirect: Redirect{Status: http.StatusFound, Location: l.ann.rewrite}, Alternatives: l.alts,
				Upstream: &Upstream{RewriteTarget: l.ann.rewrite, re: l.re}}
			l.plain, l.secure = a, a
		}
		// From here on both sides are settled one by one: a host with a
		// certificate and no https redirect gets the plain action too.
		if l.secure == nil {
			l.secure = l.plain
		}
		// What the location asks of the requests it forwards. The
		// controller's default backend answers 404 whatever it receives,
		// and only a rewrite to an empty path, a 500, changes that here
		// (its location's authentication, which nginx asks before the
		// 404, is not modelled).
		switch {
		case l.route.Ingress != nil:
			l.plain, l.secure = l.ann.fwd.action(l.plain, l), l.ann.fwd.action(l.secure, l)
		case l.needsRewrite() && !strings.HasPrefix(l.ann.rewrite, "/"):
			for _, a := range []**Action{&l.plain, &l.secure} {
				switch {
				case *a == nil:
					*a = &Action{NotFound: true, Upstream: &Upstream{RewriteTarget: l.ann.rewrite, re: l.re}}
				case (*a).Redirect.Status == 0 && (*a).Status == 0:
					rw := **a
					rw.Upstream = &Upstream{RewriteTarget: l.ann.rewrite, re: l.re}
					*a = &rw
				}
			}
		}
		// The allow and deny lists run in the access phase, after every
		// redirect; a location denied for a list that does not parse
		// answers 503 before anything else of it (nginx.tmpl).
		if acc := l.ann.access; acc != nil {
			for _, a := range []**Action{&l.plain, &l.secure} {
				switch {
				case *a == nil:
					// The controller's default backend answers 404 once
					// the address is admitted.
					*a = &Action{Access: acc, NotFound: l.route.Ingress == nil}
				case (*a).Access == nil:
					withAccess := **a
					withAccess.Access = acc
					*a = &withAccess
				}
			}
		}
		if l.ann.denied {
			a := &Action{Status: http.StatusServiceUnavailable}
			l.plain, l.secure = a, a
			if l.ann.accessDenied {
				e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: l.annFrom, Field: "metadata.annotations[" + NGINXAnnotationPrefix + "allowlist-source-range]",
					Message: fmt.Sprintf("an allowlist-source-range, whitelist-source-range or denylist-source-range value is empty or not a list of addresses and CIDRs: ingress-nginx denies the location %s, which answers 503", l.path)})
			}
			if f := l.ann.fwd; f.deniedBy != "" {
				e.m.diags = append(e.m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: l.annFrom, Field: "metadata.annotations[" + f.deniedBy + "]",
					Message: fmt.Sprintf("%s %s: ingress-nginx denies the location %s, which answers 503", f.deniedBy, f.deniedWhy, l.path)})
			}
		}
	}
	srv.prefix.freeze(&e.m.hash)
	if srv.appRoot != nil {
		l := *srv.appRoot
		l.route.Action = &Action{Redirect: Redirect{Status: 302, Location: l.ann.appRoot}}
		srv.appRoot = &l
	}
}

// server returns the server nginx picks for a Host header: the exact name,
// then the wildcard whose one label the first label is, then "_"; and the
// host's name lower-cased in buf (nil when the Host header is not a name),
// for hasCert.
func (e *nginxEngine) server(buf *[hostname.MaxLen]byte, host string) (*nginxServer, []byte) {
	name, ok := hostname.RuleName(host)
	if !ok {
		return &e.servers[0], nil
	}
	lower := lowerName(buf, name)
	if s, found := e.names[string(lower)]; found {
		return &e.servers[s], lower
	}
	if e.starWild != nil {
		// nginx's leading wildcards, the longest suffix first.
		for i := 0; i < len(lower); i++ {
			if lower[i] == '.' {
				if s, found := e.starWild[string(lower[i:])]; found {
					return &e.servers[s], lower
				}
			}
		}
	}
	dot := strings.IndexByte(name, '.')
	if e.regexOrder != nil {
		for _, n := range e.regexOrder {
			switch {
			case n.re != nil:
				if n.re.MatchString(string(lower)) { // a copy: buf stays on the caller's stack
					return &e.servers[n.server], lower
				}
			case dot > 0 && nginxWordLabel(name[:dot]) && string(lower[dot:]) == n.suffix:
				return &e.servers[n.server], lower
			}
		}
		return &e.servers[0], lower
	}
	if dot > 0 && nginxWordLabel(name[:dot]) {
		if s, found := e.wild[string(lower[dot:])]; found {
			return &e.servers[s], lower
		}
	}
	return &e.servers[0], lower
}

// nginxWordLabel reports whether s matches [\w-]+.
func nginxWordLabel(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

// nginxStep says how nginx chose a location.
type nginxStep uint8

const (
	stepNone nginxStep = iota
	stepAppRoot
	stepExact
	stepRedirect
	stepRegex
	stepPrefix
)

// find returns the location nginx uses for path, and how it was chosen
// (ngx_http_core_find_location). Its work: one hash of the path for the
// exact and redirect lookups, the prefix index's walk (linear in the path),
// and the server's regular expressions in order.
func (srv *nginxServer) find(hs *hasher, path string) (*nginxLoc, nginxStep) {
	if srv.appRoot != nil && path == "/" {
		return srv.appRoot, stepAppRoot
	}
	if i, ok := srv.exact[path]; ok {
		return &srv.locs[i], stepExact
	}
	// The longest prefix location; one as long as the path comes before
	// nginx's 301 to a location with a trailing slash.
	prefix := srv.prefix.first(hs, path)
	if prefix < 0 || len(srv.locs[prefix].path) < len(path) {
		if i, ok := srv.slashless[path]; ok {
			return &srv.locs[i], stepRedirect
		}
	}
	for _, i := range srv.regex {
		if srv.locs[i].re.MatchString(path) {
			return &srv.locs[i], stepRegex
		}
	}
	if prefix >= 0 {
		return &srv.locs[prefix], stepPrefix
	}
	return nil, stepNone
}

func (e *nginxEngine) match(host, path string) (Route, bool) {
	if path == "" {
		path = "/"
	}
	var buf [hostname.MaxLen]byte
	srv, lower := e.server(&buf, host)
	if e.www != nil && lower != nil {
		if w, ok := e.www[string(lower)]; ok {
			r := w.route
			r.Action = w.act
			return r, true
		}
	}
	l, step := srv.find(&e.m.hash, path)
	switch {
	case l == nil:
		return Route{}, false
	case step == stepRedirect, step == stepAppRoot:
		r := l.route
		if step == stepRedirect {
			r.Action = l.redirect
		}
		return r, true
	}
	act := l.plain
	if l.secure != nil && l.plain != l.secure && e.hasCert(lower) {
		act = l.secure
	}
	if l.route.Ingress == nil {
		if act == nil || act.HTTPSRedirect == 0 && act.Redirect.Status == 0 && act.Status == 0 && act.Access == nil && act.Upstream == nil {
			return Route{}, false // the controller's default backend: 404
		}
		// A redirect comes first, or the allow and deny lists; behind
		// them, the 404.
		return Route{Ingress: l.annFrom, RuleIndex: -1, PathIndex: -1, Action: act}, true
	}
	r := l.route
	r.Action = act
	return r, true
}

// requestAction settles the route's action for the request: the 302 or
// 500 of a rewrite-target, the https redirect of a cleartext request (lua_ingress.lua, redirect_host: the
// request URI as sent), then the allow and deny lists on the client
// address (403), the 404 behind the redirect over TLS, the query kept on
// the trailing-slash 301 (nginx appends the arguments to a location's
// redirect), the canary.
func (e *nginxEngine) requestAction(route Route, r *http.Request, path string) (Route, error) {
	a := route.Action
	if a == nil {
		return route, nil
	}
	if to := e.wwwTo[a]; to != "" {
		// nginx.tmpl's $redirect_to: $scheme://h$request_uri, one
		// trailing '/' of the request URI (its query included) removed.
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		uri := strings.TrimSuffix(r.URL.RequestURI(), "/")
		route.Action = &Action{Redirect: Redirect{Status: a.Redirect.Status, Location: scheme + "://" + to + uri}}
		return route, nil
	}
	// The rewrite module's directives run before lua_ingress's: a
	// rewrite to an empty path is a 500.
	if up := a.Upstream; up != nil && up.re != nil && a.Redirect.Status == 0 && a.Status == 0 {
		if p, _, ok := up.rewrite(path); ok && p == "" {
			route.Action = &Action{Status: http.StatusInternalServerError}
			return route, nil
		}
	}
	if a.HTTPSRedirect != 0 && r.TLS == nil && a.Redirect.Status == 0 {
		route.Action = httpsRedirect(a, r.Host, r.URL.RequestURI())
		return route, nil
	}
	// The access phase, after the rewrite phase's redirects.
	if a.Access != nil && a.Redirect.Status == 0 && a.Status == 0 {
		if a, settled := settleAccess(a, r); settled {
			if route.Action = a; a == nil || a.Status != 0 {
				return route, nil
			}
		}
		a = route.Action
	}
	switch {
	case a.NotFound:
		return Route{}, ErrNoRoute
	case a.Redirect.Status == http.StatusMovedPermanently && r.URL.RawQuery != "" && strings.HasPrefix(a.Redirect.Location, "/"):
		route.Action = &Action{Redirect: Redirect{Status: a.Redirect.Status, Location: a.Redirect.Location + "?" + r.URL.RawQuery}}
	case a.Redirect.Status != 0 && a.Upstream != nil:
		route.Action = rewriteRedirect(a, r, path)
	case len(a.Alternatives) > 0 && a.Redirect.Status == 0 && a.Status == 0:
		route = pickAlternative(route, a.Alternatives[0].Canary.nginxPick(r.Header))
	}
	if a := route.Action; a != nil && a.Redirect.Status == 0 && a.Status == 0 {
		route.Action = forward(a, r, path)
	}
	return route, nil
}

// rewriteRedirect is the 302 of a rewrite-target that is a URL
// (ngx_http_script_regex_end_code): the target with the groups of the
// location's expression on the path and $scheme the request's, then the
// request's query, which the target (without '?') does not replace.
func rewriteRedirect(a *Action, r *http.Request, path string) *Action {
	up := a.Upstream
	if path == "" {
		path = "/"
	}
	loc := up.RewriteTarget
	if m := up.re.FindStringSubmatchIndex(path); m != nil {
		loc = nginxExpand(loc, path, m)
	}
	if rest, ok := strings.CutPrefix(loc, "$scheme"); ok {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		loc = scheme + rest
	}
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	return &Action{Redirect: Redirect{Status: a.Redirect.Status, Location: loc}}
}

// pickAlternative settles a route whose action lists a canary
// (Alternatives[0]) once the controller has picked: the canary's route,
// the route without alternatives, or the route with only that one, which
// takes the request by chance.
func pickAlternative(route Route, pick canaryPick) Route {
	a := route.Action
	switch pick {
	case pickCanary:
		alt := a.Alternatives[0].Route
		alt.Action = a.withoutAlternatives()
		return alt
	case pickPrimary:
		route.Action = a.withoutAlternatives()
	default:
		if len(a.Alternatives) > 1 {
			one := *a
			one.Alternatives = a.Alternatives[:1:1]
			route.Action = &one
		}
	}
	return route
}

// withoutAlternatives is the action without its alternatives, nil when
// nothing else is left.
func (a *Action) withoutAlternatives() *Action {
	rest := *a
	rest.Alternatives = nil
	if rest.isZero() {
		return nil
	}
	return &rest
}

func (e *nginxEngine) explain(host, path string) Explanation {
	route, found := e.match(host, path)
	if path == "" {
		path = "/"
	}
	ex := Explanation{Path: path, Route: route, Found: found}
	ex.Host, _ = hostmatch.Normalize(host)
	if to := e.wwwTo[route.Action]; to != "" {
		ex.Claimed, ex.ClaimedRank = ex.Host, hostmatch.RankExact
		ex.Candidates = []Candidate{{Route: route, Won: true}}
		ex.Reason = fmt.Sprintf("the server ingress-nginx writes for from-to-www-redirect on %q (%s %s) answers every request with %d to %q on the request's scheme, with the request URI", to, ingress.ObjectName(route.Ingress), route.Field(), route.Action.Redirect.Status, to)
		return ex
	}
	var buf [hostname.MaxLen]byte
	srv, _ := e.server(&buf, host)
	ex.Claimed, ex.ClaimedRank = srv.host, hostmatch.RankOf(srv.host)
	if srv.host == nginxDefaultServer {
		ex.Claimed, ex.ClaimedRank = "", hostmatch.RankCatchAll
	}
	won, step := srv.find(&e.m.hash, path)
	for i := range srv.locs {
		l := &srv.locs[i]
		if l.mod == "skip" || l.route.Ingress == nil || !l.matches(path) && l != won {
			continue
		}
		c := Candidate{Route: l.route, Won: l == won}
		if !c.Won {
			c.Reason = "nginx chose " + won.String()
		}
		ex.Candidates = append(ex.Candidates, c)
	}
	winnerFirst(ex.Candidates)
	server := fmt.Sprintf("nginx server %q", srv.host)
	switch step {
	case stepNone:
		ex.Reason = server + " has no location for the path: 404"
	case stepAppRoot:
		ex.Reason = fmt.Sprintf("%s answers / with 302 to the app-root %q (nginx.ingress.kubernetes.io/app-root)", server, won.ann.appRoot)
	case stepExact:
		ex.Reason = fmt.Sprintf("%s: the exact location %s wins before any other", server, won)
	case stepRedirect:
		ex.Reason = fmt.Sprintf("%s: only the location %s has this path, with a trailing slash; nginx answers 301 to %s", server, won, won.path)
	case stepRegex:
		ex.Reason = fmt.Sprintf("%s: the first matching regular expression location, %s, in the controller's order (longer paths first); the host uses use-regex or rewrite-target, so every path of it is a case-insensitive regular expression", server, won)
	case stepPrefix:
		ex.Reason = fmt.Sprintf("%s: the longest matching prefix location, %s", server, won)
	}
	if found || step == stepNone {
		return ex
	}
	ex.Reason += "; it is the controller's default backend: 404"
	return ex
}

// matches reports whether the location matches path in nginx's terms
// (without the 301).
func (l *nginxLoc) matches(path string) bool {
	switch l.mod {
	case "~*":
		return l.re.MatchString(path)
	case "=":
		return path == l.path
	case "":
		return strings.HasPrefix(path, l.path)
	}
	return false
}

// String returns the location as nginx.conf spells it: `= /foo`, `/foo/`,
// `~* "^/foo"`.
func (l *nginxLoc) String() string {
	switch l.mod {
	case "~*":
		return `~* "^` + l.path + `"`
	case "=":
		return "= " + l.path
	}
	return l.path
}
