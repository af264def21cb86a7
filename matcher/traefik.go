package matcher

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/hostname"
	networkingv1 "k8s.io/api/networking/v1"
)

// The annotations the Traefik dialects read.
const (
	TraefikAnnotationPrefix = "traefik.ingress.kubernetes.io/"
	traefikPathMatcher      = TraefikAnnotationPrefix + "router.pathmatcher"
	traefikPriority         = TraefikAnnotationPrefix + "router.priority"
)

// traefikEngine is the lookup of the Traefik dialects: one router per path,
// all tried in priority order as Traefik's muxer does, found through an
// index instead of one by one.
//
// Every router matches a host set: one exact host, one wildcard suffix
// (one label under it), or every host (no host in its rule). A request can
// only match the routers of its exact host, of its wildcard suffix and
// those without host, so Match looks up those three sets and, in each, the
// router of lowest position (priority order) whose path condition matches:
// the route index's walk along the path, then the set's PathRegexp routers
// in order while they come before what the index found. Its cost does not
// depend on the routers of other hosts.
type traefikEngine struct {
	hash    *hasher
	routers []traefikRouter // by priority, highest first
	// The routers a cleartext request (sets[0]) and a TLS request
	// (sets[1]) can reach, by host set.
	sets   [2]traefikSets
	def    Route
	defOn  uint8 // the entry points of the default backend's router
	defAct traefikActions
	hasDef bool
	defPos int32 // where the default router (priority MinInt32) sits among routers
	// rewrites are the rewrite-target middlewares of the routes that have
	// one (Traefik's ingress-nginx provider), by location.
	rewrites map[tinLocation]*tinRewrite
	forwards map[tinLocation]*tinForward
	// fwReported: the Ingresses whose forwarding diagnostics are out.
	fwReported map[*networkingv1.Ingress]bool
	// www are the actions of from-to-www-redirect routers (Traefik's
	// ingress-nginx provider), each with the host it redirects to.
	www map[*Action]string
	// redirects are the permanent- and temporal-redirect middlewares of
	// locations under use-regex, which depend on the request's URL.
	redirects map[tinLocation]*tinRegexRedirect
	// hasCond says that some router has a header condition (condRoute).
	hasCond bool
	// passExact and passWild are the routes TLS connections are passed
	// through to (Traefik's ingress-nginx provider, ssl-passthrough), by
	// lower-case server name and by wildcard suffix (".foo.com").
	passExact, passWild map[string]Route
}

// traefikSets are the routers of one entry point by host set.
type traefikSets struct {
	exact map[string]*traefikSet
	wild  map[string]*traefikSet // by ".foo.com"
	any   *traefikSet            // routers without host
}

// Entry points (traefikRouter.on): Traefik's conventional web (cleartext)
// and websecure (TLS terminated on the entry point), as its Helm chart
// configures them.
const (
	onWeb       = 1
	onWebsecure = 2
)

// traefikConfig is what Traefik reads from an Ingress's router.*
// annotations.
type traefikConfig struct {
	priority    int64 // 0: unset
	pathMatcher string
	on          uint8 // the entry points its routers serve: onWeb, onWebsecure
}

// traefikRouterConfig decodes the router.* annotations as Traefik's
// provider does (annotations.go, parseRouterConfig, with paerser's label
// decoder): after the annotation prefix, names are matched without regard
// to case, and of two keys that differ only in case the one sorting last
// wins; a key naming no field of the router configuration, a priority that
// is not an integer or an observability switch that is not a boolean fails
// the decoding, and Traefik skips the Ingress. Then key is the annotation
// at fault and msg says why.
//
// The routers serve the web and websecure entry points, or those
// router.entrypoints names (comma-separated, spaces trimmed); routers with
// TLS serve no cleartext request. router.tls enables TLS when its value is
// empty or "true" in any case (another value disables it, "false" or not),
// and so does a router.tls.* key without router.tls.
func traefikRouterConfig(a map[string]string) (cfg traefikConfig, key, msg string) {
	var keys []string
	for k := range a {
		if rest, ok := strings.CutPrefix(k, TraefikAnnotationPrefix); ok && len(rest) >= len("router.") && strings.EqualFold(rest[:len("router.")], "router.") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var eps []string
	hasEPs := false
	tlsValue, hasTLS := "", false
	for _, k := range keys {
		v := a[k]
		parts := strings.Split(k[len(TraefikAnnotationPrefix)+len("router."):], ".")
		if slices.Contains(parts, "") {
			return cfg, k, "an empty element in the name"
		}
		leaf := len(parts) == 1
		switch strings.ToLower(parts[0]) {
		case "pathmatcher":
			if !leaf {
				return cfg, k, "pathMatcher has no fields"
			}
			cfg.pathMatcher = v
		case "entrypoints":
			if !leaf {
				return cfg, k, "entryPoints has no fields"
			}
			eps, hasEPs = nil, v != ""
			for _, ep := range strings.Split(v, ",") {
				eps = append(eps, strings.TrimSpace(ep))
			}
		case "priority":
			if !leaf {
				return cfg, k, "priority has no fields"
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return cfg, k, fmt.Sprintf("router priority %q is not a 64-bit integer (%v)", v, errors.Unwrap(err))
			}
			cfg.priority = n
		case "middlewares", "rulesyntax":
			if !leaf {
				return cfg, k, parts[0] + " has no fields"
			}
		case "tls":
			if leaf {
				tlsValue = v
			} else if f := strings.ToLower(parts[1]); f != "options" && f != "certresolver" && !strings.HasPrefix(f, "domains") {
				return cfg, k, fmt.Sprintf("the router's TLS configuration has no field %q", parts[1])
			}
			hasTLS = true
		case "observability":
			if leaf {
				break
			}
			switch strings.ToLower(parts[1]) {
			case "accesslogs", "metrics", "tracing":
				if _, err := strconv.ParseBool(v); err != nil {
					return cfg, k, fmt.Sprintf("%q is not a boolean", v)
				}
			case "traceverbosity":
			default:
				return cfg, k, fmt.Sprintf("the router's observability has no field %q", parts[1])
			}
		default:
			return cfg, k, fmt.Sprintf("the router configuration has no field %q", parts[0])
		}
	}
	cfg.on = onWeb | onWebsecure
	if hasEPs {
		cfg.on = 0
		for _, ep := range eps {
			switch ep {
			case "web":
				cfg.on |= onWeb
			case "websecure":
				cfg.on |= onWebsecure
			}
		}
	}
	if hasTLS && (tlsValue == "" || strings.EqualFold(tlsValue, "true")) {
		cfg.on &^= onWeb
	}
	return cfg, "", ""
}

// traefikSet is the routers of one host set.
type traefikSet struct {
	index *routeIndex
	regex []int32 // PathRegexp routers, in order
	// cond are the routers with a header condition (the canary routers of
	// Traefik's ingress-nginx provider), in order: no request without
	// headers matches them, so only RouteRequest looks.
	cond []int32
}

type traefikRouter struct {
	rule     string
	priority int64
	host     string // lower-case: "foo.com", ".foo.com" for *.foo.com, "" for none
	how      traefikPath
	path     string // for traefikStrict, without its trailing '/'
	re       *regexp.Regexp
	route    Route
	seq      int32 // its place before sorting: equal priorities keep the tie-break order
	on       uint8 // its entry points: onWeb, onWebsecure
	act      traefikActions
	// aliases are more hosts the router matches (Traefik's ingress-nginx
	// provider: server-alias), keyed as host is.
	aliases []string
	// cond, when set, is a condition on the request's headers the router
	// also needs (a canary or non-canary router of Traefik's
	// ingress-nginx provider), and alt the canary that serves it instead
	// of route's backend (nil for a non-canary router).
	cond tinCond
	alt  *Alternative
}

// traefikActions are what a router's middlewares answer instead of the
// backend (Traefik's ingress-nginx provider), for a cleartext request
// (index 0) and a request over TLS (1): all for every path, root for the
// path "/" (app-root) when set.
type traefikActions struct {
	all, root [2]*Action
}

// route returns r with the action for the side and path.
func (a *traefikActions) route(r Route, side int, path string) Route {
	switch {
	case a.root[side] != nil && path == "/":
		r.Action = a.root[side]
	case a.all[side] != nil:
		r.Action = a.all[side]
	}
	return r
}

type traefikPath uint8

const (
	traefikAny    traefikPath = iota // no path in the rule
	traefikExact                     // Path
	traefikPrefix                    // PathPrefix: a string prefix
	traefikStrict                    // Path(p) || PathPrefix(p/)
	traefikRegexp                    // PathRegexp
)

// traefikMaxPriority is the highest priority Traefik accepts for a router
// of a provider (pkg/server/router/router.go, maxUserPriority: math.MaxInt
// - 1000, on 64-bit platforms); the range above is its own routers'.
const traefikMaxPriority = math.MaxInt64 - 1000

func newTraefik(m *Matcher) *traefikEngine {
	e := &traefikEngine{hash: &m.hash}
	strict := m.opts.dialect == TraefikStrict
	for _, ing := range m.ingresses {
		// The annotations are decoded before anything else of the
		// Ingress is read: one Traefik cannot decode skips the Ingress
		// (kubernetes.go, loadConfigurationFromIngresses: "Failed to
		// parse annotations").
		cfg, key, msg := traefikRouterConfig(ing.Annotations)
		if key != "" {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + key + "]",
				Message: msg + "; Traefik fails to parse the router annotations and skips the Ingress"})
			continue
		}
		prio, hasPrio := cfg.priority, cfg.priority != 0
		if len(ing.Spec.Rules) == 0 && ing.Spec.DefaultBackend != nil {
			if ing.Spec.DefaultBackend.Service == nil {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: "the default backend names no service; Traefik gives it no router"})
				continue
			}
			if e.hasDef {
				// The first Ingress in the order of Traefik's informer
				// wins ("The default backend already exists."): no defined
				// order.
				m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: fmt.Sprintf("Traefik keeps one default backend, that of the first Ingress without rules it lists, in no defined order; Compile keeps that of %s", ingress.ObjectName(e.def.Ingress)),
					Related: e.def.Ingress, RelatedField: "spec.defaultBackend"})
				continue
			}
			e.def, e.hasDef = Route{Ingress: ing, Backend: *ing.Spec.DefaultBackend, RuleIndex: -1, PathIndex: -1}, true
			e.defOn = cfg.on
			continue
		}
		if ing.Spec.DefaultBackend != nil {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: "defaultBackend never serves a request under Traefik: Traefik reads it only from an Ingress without rules"})
		}
		if hasPrio && prio > traefikMaxPriority {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + traefikPriority + "]",
				Message: fmt.Sprintf("router priority %d exceeds the highest Traefik accepts (%d, MaxInt64 - 1000); Traefik rejects every router of the Ingress", prio, int64(traefikMaxPriority))})
			continue
		}
		pathMatcher, on := cfg.pathMatcher, cfg.on
		sameRule := map[string]int{} // this Ingress's routers by rule text
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			if r.HTTP == nil {
				continue
			}
			host, rank, ok := traefikHostKey(r.Host)
			if !ok {
				continue
			}
			// v3.7 writes every host, a wildcard too, as Host("…"), and
			// strings with %q (loadRouter).
			var hostRule string
			if rank != hostmatch.RankCatchAll {
				hostRule = "Host(" + strconv.Quote(r.Host) + ")"
			}
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				rt := traefikRouter{host: host, on: on, route: Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}}
				switch {
				case p.Backend.Resource != nil:
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: rt.route.Field() + ".backend",
						Message: "Traefik does not support resource backends (\"Resource backends are not supported\"): the path gets no router"})
					continue
				case p.Backend.Service == nil:
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: rt.route.Field() + ".backend",
						Message: "the backend names no service (\"Missing service definition\"): Traefik gives the path no router"})
					continue
				}
				rules := []string{}
				if hostRule != "" {
					rules = append(rules, hostRule)
				}
				if p.Path != "" {
					// A missing pathType is ImplementationSpecific.
					name := "PathPrefix"
					switch {
					case p.PathType != nil && *p.PathType == networkingv1.PathTypeExact:
						name = "Path"
					case p.PathType == nil || *p.PathType == "" || *p.PathType == networkingv1.PathTypeImplementationSpecific:
						if pathMatcher != "" {
							name = pathMatcher
						}
					}
					rt.path = p.Path
					switch {
					case name == "Path":
						rt.how = traefikExact
					case name == "PathRegexp":
						re, err := dialectRegex(p.Path)
						if err != nil {
							m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: rt.route.Field() + ".path",
								Message: traefikRegexMessage("PathRegexp", p.Path, err)})
							continue
						}
						rt.how, rt.re = traefikRegexp, re
					case name == "PathPrefix" && strict && p.Path != "/":
						rt.how, rt.path = traefikStrict, strings.TrimSuffix(p.Path, "/")
					case name == "PathPrefix":
						rt.how = traefikPrefix
					default:
						m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + traefikPathMatcher + "]",
							Message: fmt.Sprintf("path matcher %q is not Path, PathPrefix or PathRegexp; Traefik rejects the router", name)})
						continue
					}
					if rt.how == traefikStrict {
						rules = append(rules, "(Path("+strconv.Quote(rt.path)+") || PathPrefix("+strconv.Quote(rt.path+"/")+"))")
					} else {
						rules = append(rules, name+"("+strconv.Quote(p.Path)+")")
					}
				}
				rt.rule = strings.Join(rules, " && ")
				if rt.rule == "" {
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: rt.route.Field() + ".path",
						Message: "a rule without host and a path without path give Traefik an empty router rule, which it rejects: the path routes nothing"})
					continue
				}
				rt.priority = int64(len(rt.rule))
				if hasPrio {
					rt.priority = prio
				}
				// Routers are keyed by namespace, name, host and path
				// (provider.Normalize), then by a hash of their rule: two
				// paths of one Ingress with the same rule text are one
				// router, the later path's.
				if j, dup := sameRule[rt.rule]; dup {
					w := e.routers[j].route
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: w.Field(),
						Message: fmt.Sprintf("path %q never serves a request under Traefik: %s of the same Ingress has the same router rule %s, and its router replaces this one", w.Path.Path, rt.route.Field(), rt.rule),
						Related: ing, RelatedField: rt.route.Field()})
					e.routers[j].route, e.routers[j].how, e.routers[j].path, e.routers[j].re = rt.route, rt.how, rt.path, rt.re
					continue
				}
				sameRule[rt.rule] = len(e.routers)
				e.routers = append(e.routers, rt)
			}
		}
	}
	e.finish(m)
	return e
}

// finish sorts the routers by priority, reports those whose order Traefik
// does not define and those below the default backend's router, and
// indexes them.
func (e *traefikEngine) finish(m *Matcher) {
	// Highest priority first (the muxer compares, it never subtracts);
	// equal priorities keep the tie-break order.
	for i := range e.routers {
		e.routers[i].seq = int32(i)
	}
	slices.SortFunc(e.routers, func(a, b traefikRouter) int {
		return cmp.Or(cmp.Compare(b.priority, a.priority), cmp.Compare(a.seq, b.seq))
	})
	// Routers of equal priority that can match one request are tried in
	// no defined order (the muxer's sort.Sort is not stable).
	for start := 0; start < len(e.routers); {
		end := start + 1
		for end < len(e.routers) && e.routers[end].priority == e.routers[start].priority {
			end++
		}
		e.reportTies(m, start, end)
		start = end
	}
	// The default backend's router, PathPrefix(`/`) at priority
	// math.MinInt32, comes after every router of a higher priority and
	// (Compile's choice among equals) of the same.
	e.defPos = int32(len(e.routers))
	for i := range e.routers {
		if e.routers[i].priority < math.MinInt32 {
			e.defPos = int32(i)
			break
		}
	}
	if e.hasDef {
		for _, rt := range e.routers {
			if rt.priority == math.MinInt32 {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Info, Object: rt.route.Ingress, Field: rt.route.Field(),
					Message: fmt.Sprintf("router %s has the priority of the default backend's router (%d), which matches every request; Traefik tries them in no defined order (Compile tries this router first)", rt.rule, rt.priority),
					Related: e.def.Ingress, RelatedField: "spec.defaultBackend"})
			}
		}
		for _, rt := range e.routers[e.defPos:] {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: rt.route.Ingress, Field: rt.route.Field(),
				Message: fmt.Sprintf("router %s never serves a request under Traefik: its priority %d is below the default backend's router (%d) of %s, which matches every request",
					rt.rule, rt.priority, math.MinInt32, ingress.ObjectName(e.def.Ingress)),
				Related: e.def.Ingress, RelatedField: "spec.defaultBackend"})
		}
	}
	e.index()
}

// reportTies reports the routers of e.routers[start:end], all of one
// priority, that can match a request another of them matches: the same
// host, a host under the other's wildcard, or no host on either side. The
// cost is linear in the group.
func (e *traefikEngine) reportTies(m *Matcher, start, end int) {
	if end-start < 2 {
		return
	}
	firstOf := map[string]int{}    // host key → its first router
	exactUnder := map[string]int{} // wildcard key (".foo.com") → the first exact host router under it
	hostless := -1
	for i := start; i < end; i++ {
		h := e.routers[i].host
		switch {
		case h == "":
			if hostless < 0 {
				hostless = i
			}
			continue
		case h[0] != '.':
			if dot := strings.IndexByte(h, '.'); dot >= 0 {
				if _, ok := exactUnder[h[dot:]]; !ok {
					exactUnder[h[dot:]] = i
				}
			}
		}
		if _, ok := firstOf[h]; !ok {
			firstOf[h] = i
		}
	}
	for i := start; i < end; i++ {
		rt := &e.routers[i]
		partner := -1
		switch {
		case rt.host == "":
			partner = start
			if partner == i {
				partner = start + 1
			}
		case hostless >= 0:
			partner = hostless
		case firstOf[rt.host] != i:
			partner = firstOf[rt.host]
		case rt.host[0] == '.':
			if j, ok := exactUnder[rt.host]; ok {
				partner = j
			}
		default:
			if dot := strings.IndexByte(rt.host, '.'); dot >= 0 {
				if j, ok := firstOf[rt.host[dot:]]; ok {
					partner = j
				}
			}
		}
		if partner < 0 {
			continue
		}
		p := &e.routers[partner]
		m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Info, Object: rt.route.Ingress, Field: rt.route.Field(),
			Message: fmt.Sprintf("router %s has the priority (%d) of router %s (%s %s), which can match the same requests; Traefik tries routers of equal priority in no defined order (Compile tries them in the tie-break order)",
				rt.rule, rt.priority, p.rule, ingress.ObjectName(p.route.Ingress), p.route.Field()),
			Related: p.route.Ingress, RelatedField: p.route.Field()})
	}
}

// index puts each router in the set of its host, for each of its entry
// points.
func (e *traefikEngine) index() {
	for side := range e.sets {
		e.sets[side] = traefikSets{exact: map[string]*traefikSet{}, wild: map[string]*traefikSet{}}
	}
	for i := range e.routers {
		rt := &e.routers[i]
		for side := range e.sets {
			if rt.on&(1<<side) == 0 {
				continue
			}
			for hi := -1; hi < len(rt.aliases); hi++ {
				host := rt.host
				if hi >= 0 {
					if host = rt.aliases[hi]; host == rt.host {
						continue // the rule host again (aliases are each once)
					}
				}
				s, pos := e.sets[side].setOf(host), int32(i)
				if rt.cond != nil {
					s.cond = append(s.cond, pos)
					e.hasCond = true
					continue
				}
				switch rt.how {
				case traefikExact:
					s.index.add(rt.path, onEnd, pos)
				case traefikPrefix:
					s.index.add(rt.path, onAny, pos)
				case traefikStrict:
					s.index.add(rt.path, onSegment, pos)
				case traefikRegexp:
					s.regex = append(s.regex, pos)
				default:
					s.index.add("", onAny, pos)
				}
			}
		}
	}
	for side := range e.sets {
		for _, s := range e.sets[side].exact {
			s.index.freeze(e.hash)
		}
		for _, s := range e.sets[side].wild {
			s.index.freeze(e.hash)
		}
		if a := e.sets[side].any; a != nil {
			a.index.freeze(e.hash)
		}
	}
}

// setOf returns the set of a router host ("" for none), made when new.
func (x *traefikSets) setOf(host string) *traefikSet {
	if host == "" {
		if x.any == nil {
			x.any = &traefikSet{index: newRouteIndex(false)}
		}
		return x.any
	}
	m := x.exact
	if host[0] == '.' {
		m = x.wild
	}
	s := m[host]
	if s == nil {
		s = &traefikSet{index: newRouteIndex(false)}
		m[host] = s
	}
	return s
}

// first returns the position of the first router of s that matches path
// and comes before best (-1: none yet), else best.
func (e *traefikEngine) first(s *traefikSet, path string, best int32) int32 {
	if s == nil {
		return best
	}
	if p := s.index.first(e.hash, path); p >= 0 && (best < 0 || p < best) {
		best = p
	}
	for _, i := range s.regex {
		if best >= 0 && i > best {
			break
		}
		if e.routers[i].re.MatchString(path) {
			return i
		}
	}
	return best
}

func (rt *traefikRouter) matches(host string, hostOK bool, path string) bool {
	switch {
	case rt.host == "":
	case !hostOK:
		return false
	case !traefikHostIs(host, rt.host) && !slices.ContainsFunc(rt.aliases, func(a string) bool { return traefikHostIs(host, a) }):
		return false
	}
	return rt.pathMatches(path)
}

// pathMatches reports whether the router's path condition matches path.
func (rt *traefikRouter) pathMatches(path string) bool {
	switch rt.how {
	case traefikExact:
		return path == rt.path
	case traefikPrefix:
		return strings.HasPrefix(path, rt.path)
	case traefikStrict:
		return path == rt.path || strings.HasPrefix(path, rt.path) && path[len(rt.path)] == '/'
	case traefikRegexp:
		return rt.re.MatchString(path)
	}
	return true
}

// traefikHostIs reports whether a lower-case host name matches a router
// host key: "foo.com", or ".foo.com" for Host("*.foo.com") (one label).
func traefikHostIs(host, key string) bool {
	if key[0] == '.' {
		dot := strings.IndexByte(host, '.')
		return dot >= 0 && host[dot:] == key
	}
	return host == key
}

// traefikHostKey is hostKey with a wildcard's '*' dropped: "foo.com",
// ".foo.com" for *.foo.com, "" for no host.
func traefikHostKey(h string) (key string, rank hostmatch.Rank, ok bool) {
	key, rank, ok = hostKey(h)
	if ok && rank == hostmatch.RankWildcard {
		key = key[1:]
	}
	return key, rank, ok
}

// traefikRegexMessage says why a regular expression of a router (what)
// gives it no router: Traefik rejects one that does not compile; one over
// the size bound Traefik would run, and Compile skips.
func traefikRegexMessage(what, expr string, err error) string {
	if tooCostly(err) {
		return fmt.Sprintf("%s %q is %v; Traefik would route it, Compile skips it", what, expr, err)
	}
	return fmt.Sprintf("%s %q does not compile (%v); Traefik rejects the router", what, expr, err)
}

// traefikHost is the request's host name as Traefik's Host matcher
// compares it, lower-cased: traefikRequestHost's name.
func traefikHost(host string) (string, bool) {
	name, ok := traefikRequestHost(host)
	return strings.ToLower(name), ok
}

// traefikRequestHost returns the name Traefik's Host matcher compares
// with a router's host (matcher.go, host; DomainMatchHostExpression): the
// Host header without its port as the request decorator's parseHost
// leaves it (net.SplitHostPort; an unsplittable "[...]" loses its
// brackets; anything else is kept whole), spaces trimmed, and one trailing
// dot removed. Any bytes Go's server lets through are kept: a wildcard's
// first label may hold '~' or be empty. ok is false for an empty name, and
// for a Host header holding a byte Go's server refuses with 400 (the
// library answers for it as for a request without host). No allocation.
func traefikRequestHost(host string) (name string, ok bool) {
	for i := 0; i < len(host); i++ {
		if !validHostByte[host[i]] {
			return "", false
		}
	}
	name = host
	if strings.IndexByte(host, ':') >= 0 {
		if h, split := splitHostPort(host); split {
			name = h
		} else if host[0] == '[' && host[len(host)-1] == ']' {
			name = host[1 : len(host)-1]
		}
	}
	name = strings.TrimSuffix(name, ".")
	return name, name != ""
}

// splitHostPort is net.SplitHostPort's host, and whether it splits,
// without allocating an error.
func splitHostPort(hostport string) (host string, ok bool) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 {
		return "", false
	}
	j, k := 0, 0
	if hostport[0] == '[' {
		end := strings.IndexByte(hostport, ']')
		if end < 0 || end+1 != i {
			return "", false
		}
		host = hostport[1:end]
		j, k = 1, end+1
	} else {
		host = hostport[:i]
		if strings.IndexByte(host, ':') >= 0 {
			return "", false
		}
	}
	if strings.IndexByte(hostport[j:], '[') >= 0 || strings.IndexByte(hostport[k:], ']') >= 0 {
		return "", false
	}
	return host, true
}

// validHostByte are the bytes Go's HTTP server accepts in a Host header
// (golang.org/x/net/http/httpguts, ValidHostHeader).
var validHostByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!$%&'()*+,-.:;=[]_~", byte(c)) >= 0
	}
	return t
}()

// match routes a cleartext request; matchTLS a request over TLS.
func (e *traefikEngine) match(host, path string) (Route, bool) { return e.matchOn(0, host, path) }

func (e *traefikEngine) matchTLS(host, path string) (Route, bool) { return e.matchOn(1, host, path) }

func (e *traefikEngine) matchOn(side int, host, path string) (Route, bool) {
	if path == "" {
		path = "/"
	}
	return e.routeAt(side, e.bestOn(side, host, path), path)
}

// bestOn returns the position of the first router without header
// condition of the entry point (side) that matches, -1 for none; path is
// not empty.
func (e *traefikEngine) bestOn(side int, host, path string) int32 {
	x := &e.sets[side]
	best := e.first(x.any, path, -1)
	e.hostSets(x, host, func(s *traefikSet) { best = e.first(s, path, best) })
	return best
}

// hostSets calls fn with the router sets of the request's host: its exact
// name and its wildcard suffix. Host("*.foo.com") matches a host whose
// first label, whatever its bytes, replaced by '*' gives the pattern
// (muxer.go, DomainMatchHostExpression): one label.
func (e *traefikEngine) hostSets(x *traefikSets, host string, fn func(*traefikSet)) {
	name, ok := traefikRequestHost(host)
	if !ok {
		return
	}
	var buf [hostname.MaxLen]byte
	if len(name) <= hostname.MaxLen {
		if s := x.exact[string(lowerName(&buf, name))]; s != nil {
			fn(s)
		}
	}
	if dot := strings.IndexByte(name, '.'); dot >= 0 && len(name)-dot <= hostname.MaxLen {
		if s := x.wild[string(lowerName(&buf, name[dot:]))]; s != nil {
			fn(s)
		}
	}
}

// routeAt is the route of the router at best (-1: none), or of the
// default backend's router when that comes first.
func (e *traefikEngine) routeAt(side int, best int32, path string) (Route, bool) {
	hasDef := e.hasDef && e.defOn&(1<<side) != 0
	if best >= 0 && (best < e.defPos || !hasDef) {
		rt := &e.routers[best]
		return rt.act.route(rt.route, side, path), true
	}
	if hasDef {
		return e.defAct.route(e.def, side, path), true
	}
	return Route{}, false
}

// condRoute routes a request with headers among the routers that have a
// header condition too (the canary routers of Traefik's ingress-nginx
// provider): the first of them that matches, when it comes before the
// router Match found and the default backend's. It returns that router, or
// nil. Its cost is linear in the conditional routers of the request's host
// sets, each a path test and header tests linear in the header values.
func (e *traefikEngine) condRoute(side int, host, path string, h http.Header) *traefikRouter {
	if path == "" {
		path = "/"
	}
	limit := e.bestOn(side, host, path)
	if e.hasDef && e.defOn&(1<<side) != 0 && (limit < 0 || limit > e.defPos) {
		limit = e.defPos
	}
	x := &e.sets[side]
	best := int32(-1)
	scan := func(s *traefikSet) {
		for _, i := range s.cond {
			if limit >= 0 && i >= limit || best >= 0 && i >= best {
				break
			}
			if rt := &e.routers[i]; rt.pathMatches(path) && rt.cond.match(h) {
				best = i
				break
			}
		}
	}
	if x.any != nil {
		scan(x.any)
	}
	e.hostSets(x, host, scan)
	if best < 0 {
		return nil
	}
	return &e.routers[best]
}

func (e *traefikEngine) explain(host, path string) Explanation {
	route, found := e.match(host, path)
	if path == "" {
		path = "/"
	}
	ex := Explanation{Path: path, Route: route, Found: found, ClaimedRank: hostmatch.RankCatchAll}
	ex.Host, _ = hostmatch.Normalize(host)
	name, ok := traefikHost(host)
	var won *traefikRouter
	for i := range e.routers {
		rt := &e.routers[i]
		if !rt.matches(name, ok, path) || rt.on&onWeb == 0 || rt.cond != nil {
			continue // explanations are of cleartext requests without headers
		}
		below := e.hasDef && e.defOn&onWeb != 0 && int32(i) >= e.defPos // the default backend's router comes first
		c := Candidate{Route: rt.route, Won: won == nil && !below}
		switch {
		case c.Won:
			won = rt
		case below:
			c.Reason = fmt.Sprintf("router %s has priority %d, below the default backend's router (%d), which matches every request", rt.rule, rt.priority, math.MinInt32)
		case rt.priority == won.priority:
			c.Reason = fmt.Sprintf("router %s has the same priority (%d) as %s; Traefik's order between them is not defined", rt.rule, rt.priority, won.rule)
		default:
			c.Reason = fmt.Sprintf("router %s has priority %d, below %d of %s", rt.rule, rt.priority, won.priority, won.rule)
		}
		ex.Candidates = append(ex.Candidates, c)
	}
	switch {
	case won != nil:
		ex.Reason = fmt.Sprintf("Traefik tries every router by priority (the length of its rule unless set); the first that matches is %s, priority %d", won.rule, won.priority)
	case found:
		ex.Reason = fmt.Sprintf("no router above the default backend's matches; the default backend of %s (an Ingress without rules) serves", ingress.ObjectName(route.Ingress))
	default:
		ex.Reason = "no router matches and no Ingress without rules has a default backend: 404"
	}
	return ex
}
