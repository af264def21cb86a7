package matcher

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/hostname"
	networkingv1 "k8s.io/api/networking/v1"
)

// envoyEngine is the lookup of the Envoy-based dialects (Contour, Istio):
// virtual hosts chosen by Envoy's domain matching, each an ordered route
// table whose first matching route wins.
//
// A request costs a hash of its host, one more per wildcard suffix length
// that the host can have (the lengths are a set), the route index's walk
// along the path (linear in it: routeIndex) and the virtual host's regular
// expressions that come before the route the index found.
type envoyEngine struct {
	hash       *hasher
	controller string // "Contour", "Istio": for explanations
	vhosts     []envoyVhost
	exact      map[string]int32 // lower-case domain → vhost
	wild       map[string]int32 // ".foo.com" of a wildcard domain → vhost
	wildLens   [hostname.MaxLen/64 + 1]uint64
	any        int32 // the "*" vhost, or -1
}

type envoyVhost struct {
	domain string // "foo.com", "*.foo.com", "*"
	routes []envoyRoute
	// label is Contour's ".foo.com" of a wildcard domain: every route of
	// the virtual host matches only a host one label under it.
	label string
	// mixed: its routes' labels differ (wildcard hosts written in
	// different cases, which the API server rejects): match tries the
	// routes one by one.
	mixed bool
	index *routeIndex // the routes but regular expressions, at their place in routes
	regex []int32     // the regular expression routes, in order
}

type envoyMatch uint8

const (
	envoyAll     envoyMatch = iota // no path condition
	envoyExact                     // path
	envoySegment                   // path_separated_prefix: /foo matches /foo, /foo/...
	envoyPrefix                    // prefix: a string prefix
	envoyRegex                     // safe_regex: the whole path
)

type envoyRoute struct {
	how   envoyMatch
	path  string
	re    *regexp.Regexp
	label string // Contour: ".foo.com" — the host must be one label under it
	route Route
	sort  int // the controller's sort key where it has one (Istio: match length)
}

// String returns the route's path condition as Envoy reads it.
func (r *envoyRoute) String() string {
	switch r.how {
	case envoyExact:
		return fmt.Sprintf("path %q", r.path)
	case envoySegment:
		return fmt.Sprintf("path_separated_prefix %q", r.path)
	case envoyPrefix:
		return fmt.Sprintf("prefix %q", r.path)
	case envoyRegex:
		return fmt.Sprintf("safe_regex %q", r.path)
	}
	return "every path"
}

// contourAuthority reports whether a Host header as sent matches Contour's
// header match for a wildcard host whose suffix (".foo.com") is label:
// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.foo\.com(:[0-9]+)?, whole and case-sensitive
// (dag.go, singleDNSLabelWildcardRegex, ignorePortRegex).
func contourAuthority(host, label string) bool {
	dot := strings.IndexByte(host, '.')
	if dot <= 0 {
		return false
	}
	first := host[:dot]
	for i := 0; i < len(first); i++ {
		c := first[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' && i > 0 && i < len(first)-1) {
			return false
		}
	}
	rest, ok := strings.CutPrefix(host[dot:], label)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	if rest[0] != ':' || len(rest) == 1 {
		return false
	}
	for i := 1; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return false
		}
	}
	return true
}

// matches reports whether the route matches a request; host is the Host
// header as sent.
func (r *envoyRoute) matches(host, path string) bool {
	if r.label != "" && !contourAuthority(host, r.label) {
		return false
	}
	switch r.how {
	case envoyExact:
		return path == r.path
	case envoySegment:
		return strings.HasPrefix(path, r.path) && (len(path) == len(r.path) || path[len(r.path)] == '/')
	case envoyPrefix:
		return strings.HasPrefix(path, r.path)
	case envoyRegex:
		return r.re.MatchString(path)
	}
	return true
}

// vhost returns the index of the virtual host of a domain, made when new.
func (e *envoyEngine) vhost(domain string) int32 {
	if domain == "*" {
		if e.any < 0 {
			e.any = int32(len(e.vhosts))
			e.vhosts = append(e.vhosts, envoyVhost{domain: "*"})
		}
		return e.any
	}
	m, key := e.exact, domain
	if strings.HasPrefix(domain, "*.") {
		m, key = e.wild, domain[1:]
	}
	v, ok := m[key]
	if !ok {
		v = int32(len(e.vhosts))
		m[key] = v
		e.vhosts = append(e.vhosts, envoyVhost{domain: domain})
		if key != domain && len(key) < hostname.MaxLen { // a wildcard's suffix
			e.wildLens[len(key)/64] |= 1 << (len(key) % 64)
		}
	}
	return v
}

// index builds each virtual host's route index; routes are in order.
func (e *envoyEngine) index() {
	for vi := range e.vhosts {
		v := &e.vhosts[vi]
		v.index = newRouteIndex(false)
		for i := range v.routes {
			r := &v.routes[i]
			switch r.how {
			case envoyRegex:
				v.regex = append(v.regex, int32(i))
			case envoyExact:
				v.index.add(r.path, onEnd, int32(i))
			case envoySegment:
				v.index.add(r.path, onSegment, int32(i))
			case envoyPrefix:
				v.index.add(r.path, onAny, int32(i))
			default:
				v.index.add("", onAny, int32(i))
			}
			if i > 0 && r.label != v.label {
				v.mixed = true // rule hosts differing in case only (API-invalid)
			}
			v.label = r.label
		}
		v.index.freeze(e.hash)
	}
}

// envoyAuthority returns the host Envoy matches virtual host domains
// against under Contour's and Istio's configuration
// (RouteMatcher::findVirtualHost): the Host header without a numeric port
// (ignore_port_in_host_matching, HeaderUtility::getPortStart), its
// trailing dot kept (strip_trailing_host_dot is off). ok is false for a
// host too long to be a domain.
func envoyAuthority(host string) (string, bool) {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.LastIndexByte(host, ']') < i {
		if port := host[i+1:]; port != "" && len(port) <= 10 {
			// A port is a uint32 (absl::SimpleAtoi).
			var n uint64
			for j := 0; j < len(port) && n <= math.MaxUint32; j++ {
				if c := port[j]; '0' <= c && c <= '9' {
					n = n*10 + uint64(c-'0')
				} else {
					n = math.MaxUint32 + 1
				}
			}
			if n <= math.MaxUint32 {
				host = host[:i]
			}
		}
	}
	return host, host != "" && len(host) <= hostname.MaxLen
}

// find returns the virtual host Envoy picks: the exact domain, then the
// wildcard with the longest suffix (any number of labels), then "*"; and
// whether the host passes the virtual host's one-label condition
// (Contour).
func (e *envoyEngine) find(host string) (v *envoyVhost, labelOK bool) {
	if name, ok := envoyAuthority(host); ok {
		var buf [hostname.MaxLen]byte
		lower := lowerName(&buf, name)
		if i, found := e.exact[string(lower)]; found {
			return &e.vhosts[i], true
		}
		// The longest wildcard suffix: the first '.' (after one byte at
		// least) at which a suffix of a wildcard's length begins.
		for i := 1; i < len(lower); i++ {
			if n := len(lower) - i; lower[i] == '.' && e.wildLens[n/64]&(1<<(n%64)) != 0 {
				if vi, found := e.wild[string(lower[i:])]; found {
					v := &e.vhosts[vi]
					return v, v.label == "" || v.mixed || contourAuthority(host, v.label)
				}
			}
		}
	}
	if e.any >= 0 {
		return &e.vhosts[e.any], true
	}
	return nil, false
}

func (e *envoyEngine) match(host, path string) (Route, bool) {
	if path == "" {
		path = "/"
	}
	v, labelOK := e.find(host)
	if v == nil || !labelOK {
		return Route{}, false
	}
	if v.mixed {
		for i := range v.routes {
			if v.routes[i].matches(host, path) {
				return v.routes[i].route, true
			}
		}
		return Route{}, false
	}
	best := v.index.first(e.hash, path)
	for _, i := range v.regex {
		if best >= 0 && i > best {
			break
		}
		if v.routes[i].re.MatchString(path) {
			best = i
			break
		}
	}
	if best < 0 {
		return Route{}, false
	}
	return v.routes[best].route, true
}

func (e *envoyEngine) explain(host, path string) Explanation {
	route, found := e.match(host, path)
	if path == "" {
		path = "/"
	}
	ex := Explanation{Path: path, Route: route, Found: found, ClaimedRank: hostmatch.RankCatchAll}
	ex.Host, _ = hostmatch.Normalize(host)
	v, _ := e.find(host)
	if v == nil {
		ex.NoGroup = true
		ex.Reason = fmt.Sprintf("%s has no virtual host for %q and none for \"*\": 404", e.controller, ex.Host)
		return ex
	}
	if v.domain != "*" {
		ex.Claimed, ex.ClaimedRank = v.domain, hostmatch.RankOf(v.domain)
	}
	var won *envoyRoute
	for i := range v.routes {
		r := &v.routes[i]
		if !r.matches(host, path) {
			continue
		}
		c := Candidate{Route: r.route, Won: won == nil}
		if won == nil {
			won = r
		} else {
			c.Reason = fmt.Sprintf("%s comes after %s in %s's route table of %q", r, won, e.controller, v.domain)
		}
		ex.Candidates = append(ex.Candidates, c)
	}
	if won != nil {
		ex.Reason = fmt.Sprintf("%s's virtual host %q: the first route that matches, %s", e.controller, v.domain, won)
	} else {
		ex.Reason = fmt.Sprintf("%s's virtual host %q has no route for the path: 404 (no other virtual host is tried)", e.controller, v.domain)
	}
	return ex
}

// The annotations the Envoy-based dialects read.
const (
	ContourAnnotationPrefix = "projectcontour.io/"
)

// newContour builds Contour's virtual hosts (internal/dag/ingress_processor.go,
// computeIngressRule and route; internal/sorter/sorter.go, routeSorter).
func newContour(m *Matcher) *envoyEngine {
	e := &envoyEngine{hash: &m.hash, controller: "Contour", exact: map[string]int32{}, wild: map[string]int32{}, any: -1}
	type keyed struct {
		key string
		r   envoyRoute
	}
	tables := map[int32][]keyed{}
	var order []int32
	add := func(domain string, r envoyRoute, key string) {
		v := e.vhost(domain)
		if _, seen := tables[v]; !seen {
			order = append(order, v)
		}
		tables[v] = append(tables[v], keyed{key, r})
	}
	for _, ing := range m.ingresses {
		if db := ing.Spec.DefaultBackend; db != nil && db.Service != nil {
			// rulesFromSpec: a rule without host whose one path has no
			// path and no pathType: ImplementationSpecific "/", a string
			// prefix.
			// It comes first, so that a later rule of the Ingress with the
			// same condition (a Prefix or ImplementationSpecific "/"
			// without host) replaces it.
			add("*", envoyRoute{how: envoyPrefix, path: "/", route: Route{Ingress: ing, Backend: *db, RuleIndex: -1, PathIndex: -1}}, fmt.Sprintf("%d %s", envoyPrefix, "/"))
		}
		eachRule(ing, func(ri int, r *networkingv1.IngressRule, domain string, rank hostmatch.Rank) {
			if rank == hostmatch.RankCatchAll {
				domain = "*"
			}
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				if p.Backend.Service == nil {
					continue
				}
				route := Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}
				er := envoyRoute{route: route}
				path := p.Path
				if path == "" {
					path = "/"
				}
				pathType := networkingv1.PathTypeImplementationSpecific
				if p.PathType != nil {
					pathType = *p.PathType
				}
				switch pathType {
				case networkingv1.PathTypePrefix:
					er.how, er.path = envoySegment, strings.TrimRight(path, "/")
					if path == "/" {
						er.how, er.path = envoyPrefix, "/"
					}
				case networkingv1.PathTypeExact:
					er.how, er.path = envoyExact, path
				default:
					if strings.ContainsAny(path, "^+*[]%") {
						re, err := dialectRegex("^(?:" + path + ")$")
						if tooCostly(err) {
							// Contour accepts it (it raises Envoy's
							// re2.max_program_size to 1<<20); the library
							// does not run it.
							m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field() + ".path",
								Message: fmt.Sprintf("Contour reads %q as a regular expression, which is %v; Contour would route it, Compile skips it", path, err)})
							continue
						}
						if err != nil {
							m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field() + ".path",
								Message: fmt.Sprintf("Contour reads %q as a regular expression, and it does not compile (%v); Contour skips the rest of this rule", path, err)})
							return // computeIngressRule returns on a route error
						}
						er.how, er.path, er.re = envoyRegex, path, re
					} else {
						er.how, er.path = envoyPrefix, path
					}
				}
				if rank == hostmatch.RankWildcard {
					// One label, by a header match on :authority
					// (dag.go, wildcardDomainHeaderMatch), with the
					// host as written.
					er.label = strings.TrimSuffix(r.Host, ".")[1:]
				}
				add(domain, er, fmt.Sprintf("%d %s", er.how, er.path))
			}
		})
	}
	for _, vi := range order {
		v := &e.vhosts[vi]
		rows := tables[vi]
		// Routes with the same conditions replace each other in the
		// virtual host's map (dag.go, VirtualHost.AddRoute): within one
		// Ingress the later path wins; across Ingresses the winner depends
		// on the order of Contour's own Ingress map, so Compile keeps the
		// first Ingress in tie-break order and reports the others.
		kept := map[string]int{}
		var routes []envoyRoute
		for _, k := range rows {
			if i, dup := kept[k.key]; dup && routes[i].route.Ingress == k.r.route.Ingress {
				w := routes[i].route
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: w.Ingress, Field: w.Field(),
					Message: fmt.Sprintf("%s never serves a request under Contour: %s of the same Ingress builds the same route (%s) for host %s and replaces it",
						w.Field(), k.r.route.Field(), &k.r, v.domain),
					Related: w.Ingress, RelatedField: k.r.route.Field()})
				routes[i] = k.r
				continue
			} else if dup {
				w := routes[i].route
				m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: k.r.route.Ingress, Field: k.r.route.Field(),
					Message: fmt.Sprintf("Contour builds the same route (%s) for host %s from %s %s; it keeps one of them, in no defined order (Compile keeps the first in tie-break order)",
						&k.r, v.domain, ingress.ObjectName(w.Ingress), w.Field()),
					Related: w.Ingress, RelatedField: w.Field()})
				continue
			}
			kept[k.key] = len(routes)
			routes = append(routes, k.r)
		}
		slices.SortFunc(routes, contourOrder) // a total order: routes with the same condition were kept once
		v.routes = routes
	}
	e.index()
	return e
}

// contourOrder is Contour's routeSorter: exact paths first, then regular
// expressions, then prefixes; longer first, then in reverse string order;
// at an equal prefix, the segment prefix first.
func contourOrder(a, b envoyRoute) int {
	rank := func(h envoyMatch) int {
		switch h {
		case envoyExact:
			return 0
		case envoyRegex:
			return 1
		}
		return 2
	}
	if ra, rb := rank(a.how), rank(b.how); ra != rb {
		return cmp.Compare(ra, rb)
	}
	if len(a.path) != len(b.path) {
		return cmp.Compare(len(b.path), len(a.path))
	}
	if c := strings.Compare(b.path, a.path); c != 0 {
		return c
	}
	if a.how != b.how {
		return cmp.Compare(a.how, b.how) // segment (2) before string prefix (3)
	}
	return 0
}

// newIstio builds Istio's virtual services (pilot/pkg/config/kube/ingress:
// ingress.go, RuleCollection; virtualservices.go, convertIngressRule,
// createFallbackStringMatch, sortHTTPRoutes, sortRulesByCreationTimestamp)
// and the gateway's virtual hosts istiod makes of them
// (pilot/pkg/networking/core/gateway.go, buildGatewayHTTPRouteConfig).
func newIstio(m *Matcher) *envoyEngine {
	e := &envoyEngine{hash: &m.hash, controller: "Istio", exact: map[string]int32{}, wild: map[string]int32{}, any: -1}
	type rule struct {
		ing *networkingv1.Ingress
		ri  int
	}
	// One virtual service per rule host as written ("*" for none).
	type virtualService struct {
		host, domain  string // as written; lower-case (the virtual host's)
		rules         []rule
		routes        []envoyRoute
		gateway, name string // Istio's names, from its first rule
	}
	byHost := map[string]*virtualService{}
	var vss []*virtualService
	for _, ing := range m.ingresses {
		if ing.Spec.DefaultBackend != nil {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: "defaultBackend never serves a request under Istio: Istio ignores it (\"Ignore default wildcard ingress, use VirtualService\")"})
		}
		eachRule(ing, func(ri int, r *networkingv1.IngressRule, domain string, rank hostmatch.Rank) {
			host := r.Host
			if rank == hostmatch.RankCatchAll {
				host, domain = "*", "*"
			}
			vs := byHost[host]
			if vs == nil {
				vs = &virtualService{host: host, domain: domain}
				byHost[host] = vs
				vss = append(vss, vs)
			}
			vs.rules = append(vs.rules, rule{ing, ri})
		})
	}
	for _, vs := range vss {
		rules := vs.rules
		slices.SortFunc(rules, func(a, b rule) int { // a total order: one Ingress per namespace/name
			if c := a.ing.CreationTimestamp.Compare(b.ing.CreationTimestamp.Time); c != 0 {
				return c
			}
			if c := strings.Compare(a.ing.Name, b.ing.Name); c != 0 {
				return c
			}
			if c := strings.Compare(a.ing.Namespace, b.ing.Namespace); c != 0 {
				return c
			}
			return cmp.Compare(a.ri, b.ri)
		})
		first := rules[0].ing
		vs.name = strings.ReplaceAll(vs.host, ".", "-") + "-" + first.Name + "-istio-autogenerated-k8s-ingress"
		vs.gateway = first.Name + "-istio-autogenerated-k8s-ingress-" + first.Namespace
		var routes []envoyRoute
		exactAt := map[int]bool{} // routes[i] is an exact match, for the sort
		for _, rl := range rules {
			r := &rl.ing.Spec.Rules[rl.ri]
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				if p.Backend.Service == nil {
					continue
				}
				er := envoyRoute{route: Route{Ingress: rl.ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: rl.ri, PathIndex: pi}}
				exact := false
				switch {
				case p.PathType != nil && *p.PathType == networkingv1.PathTypeExact:
					er.how, er.path, exact = envoyExact, p.Path, true
				case p.PathType != nil && *p.PathType == networkingv1.PathTypePrefix:
					er.how, er.path = istioPrefix(p.Path)
				default:
					er.how, er.path, exact = istioFallback(p.Path)
				}
				er.sort = len(p.Path)
				switch {
				case er.how == envoyAll:
					er.sort = 0
				case p.PathType == nil || *p.PathType == networkingv1.PathTypeImplementationSpecific:
					er.sort = len(istioFallbackText(p.Path))
				}
				exactAt[len(routes)] = exact
				routes = append(routes, er)
			}
		}
		idx := make([]int, len(routes))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { // stable: equal keys keep their order
			if routes[a].sort != routes[b].sort {
				return cmp.Compare(routes[b].sort, routes[a].sort)
			}
			switch {
			case exactAt[a] && !exactAt[b]:
				return -1
			case exactAt[b] && !exactAt[a]:
				return 1
			}
			return cmp.Compare(a, b)
		})
		vs.routes = make([]envoyRoute, len(routes))
		for i, j := range idx {
			vs.routes[i] = routes[j]
		}
	}
	// A virtual host gathers the virtual services of its lower-case host
	// (rule hosts that differ in case, which the API server rejects): in
	// the order istiod takes them, gateway by gateway and each gateway's
	// by name, their routes one after the other, catch-all routes last
	// (SortVHostRoutes).
	slices.SortFunc(vss, func(a, b *virtualService) int {
		return cmp.Or(strings.Compare(a.gateway, b.gateway), strings.Compare(a.name, b.name), strings.Compare(a.rules[0].ing.Namespace, b.rules[0].ing.Namespace))
	})
	catchAll := map[int32][]envoyRoute{}
	var order []int32
	for _, vs := range vss {
		vi := e.vhost(vs.domain)
		if _, seen := catchAll[vi]; !seen {
			catchAll[vi] = nil
			order = append(order, vi)
		}
		v := &e.vhosts[vi]
		for _, r := range vs.routes {
			if r.how == envoyAll || r.how == envoyPrefix && r.path == "/" {
				catchAll[vi] = append(catchAll[vi], r)
			} else {
				v.routes = append(v.routes, r)
			}
		}
	}
	for _, vi := range order {
		e.vhosts[vi].routes = append(e.vhosts[vi].routes, catchAll[vi]...)
	}
	e.index()
	return e
}

// istioPrefix is Istio's Prefix match under the Ingress route semantics:
// "/" a string prefix, any other an element-wise prefix without its
// trailing '/' (Envoy's path_separated_prefix).
func istioPrefix(p string) (envoyMatch, string) {
	if p == "/" || p == "" {
		return envoyPrefix, "/"
	}
	return envoySegment, strings.TrimSuffix(p, "/")
}

// istioFallback is createFallbackStringMatch: "", "*", "/*" and ".*" match
// every path; "x.*" and "x/*" are prefixes of x; anything else is exact.
func istioFallback(p string) (how envoyMatch, path string, exact bool) {
	switch {
	case p == "" || p == "*" || p == "/*" || p == ".*":
		return envoyAll, "", false
	case strings.HasSuffix(p, ".*"):
		how, path = istioPrefix(strings.TrimSuffix(p, ".*"))
		return how, path, false
	case strings.HasSuffix(p, "/*"):
		how, path = istioPrefix(strings.TrimSuffix(p, "/*"))
		return how, path, false
	}
	return envoyExact, p, true
}

// istioFallbackText is the string createFallbackStringMatch keeps, whose
// length sortHTTPRoutes compares.
func istioFallbackText(p string) string {
	switch {
	case strings.HasSuffix(p, ".*"):
		return strings.TrimSuffix(p, ".*")
	case strings.HasSuffix(p, "/*"):
		return strings.TrimSuffix(p, "/*")
	}
	return p
}
