package matcher

import (
	"fmt"
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
// all tried in priority order.
type traefikEngine struct {
	routers []traefikRouter // by priority, highest first
	def     Route
	hasDef  bool
}

type traefikRouter struct {
	rule     string
	priority int
	host     string // lower-case: "foo.com", ".foo.com" for *.foo.com, "" for none
	how      traefikPath
	path     string // for traefikStrict, without its trailing '/'
	re       *regexp.Regexp
	route    Route
}

type traefikPath uint8

const (
	traefikAny    traefikPath = iota // no path in the rule
	traefikExact                     // Path
	traefikPrefix                    // PathPrefix: a string prefix
	traefikStrict                    // Path(p) || PathPrefix(p/)
	traefikRegexp                    // PathRegexp
)

func newTraefik(m *Matcher) *traefikEngine {
	e := &traefikEngine{}
	strict := m.opts.dialect == TraefikStrict
	for _, ing := range m.ingresses {
		if len(ing.Spec.Rules) == 0 && ing.Spec.DefaultBackend != nil {
			if e.hasDef {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: fmt.Sprintf("defaultBackend never serves a request under Traefik: the default backend of %s already exists", ingress.ObjectName(e.def.Ingress)),
					Related: e.def.Ingress, RelatedField: "spec.defaultBackend"})
				continue
			}
			e.def, e.hasDef = Route{Ingress: ing, Backend: *ing.Spec.DefaultBackend, RuleIndex: -1, PathIndex: -1}, true
			continue
		}
		if ing.Spec.DefaultBackend != nil {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: "defaultBackend never serves a request under Traefik: Traefik reads it only from an Ingress without rules"})
		}
		prio, hasPrio := 0, false
		if v, ok := ing.Annotations[traefikPriority]; ok {
			if n, err := strconv.Atoi(v); err == nil && n != 0 {
				prio, hasPrio = n, true
			}
		}
		pathMatcher := ing.Annotations[traefikPathMatcher]
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			if r.HTTP == nil {
				continue
			}
			host, rank, ok := hostKey(r.Host)
			if !ok {
				continue
			}
			var hostRule string
			switch rank {
			case hostmatch.RankWildcard:
				host = host[1:]
				hostRule = "HostRegexp(`^" + strings.Replace(regexp.QuoteMeta(r.Host), `\*\.`, `[a-zA-Z0-9-]+\.`, 1) + "$`)"
			case hostmatch.RankExact:
				hostRule = "Host(`" + r.Host + "`)"
			}
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				if p.PathType == nil {
					continue
				}
				rt := traefikRouter{host: host, route: Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}}
				rules := []string{}
				if hostRule != "" {
					rules = append(rules, hostRule)
				}
				if p.Path != "" {
					name := "PathPrefix"
					switch *p.PathType {
					case networkingv1.PathTypeExact:
						name = "Path"
					case networkingv1.PathTypeImplementationSpecific:
						if pathMatcher != "" {
							name = pathMatcher
						}
					}
					rt.path = p.Path
					switch {
					case name == "Path":
						rt.how = traefikExact
					case name == "PathRegexp":
						re, err := regexp.Compile(p.Path)
						if err != nil {
							m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: rt.route.Field() + ".path",
								Message: fmt.Sprintf("PathRegexp %q does not compile (%v); Traefik rejects the router", p.Path, err)})
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
						rules = append(rules, "(Path(`"+rt.path+"`) || PathPrefix(`"+rt.path+"/`))")
					} else {
						rules = append(rules, name+"(`"+p.Path+"`)")
					}
				}
				rt.rule = strings.Join(rules, " && ")
				rt.priority = len(rt.rule)
				if hasPrio {
					rt.priority = prio
				}
				e.routers = append(e.routers, rt)
			}
		}
	}
	slices.SortStableFunc(e.routers, func(a, b traefikRouter) int { return b.priority - a.priority })
	for i := 1; i < len(e.routers); i++ {
		a, b := &e.routers[i-1], &e.routers[i]
		if a.priority == b.priority && a.host == b.host && a.rule != b.rule {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Info, Object: b.route.Ingress, Field: b.route.Field(),
				Message: fmt.Sprintf("router %s has the priority (%d) of %s %s; Traefik tries routers of equal priority in no defined order, and Compile puts this one second",
					b.rule, b.priority, ingress.ObjectName(a.route.Ingress), a.route.Field()),
				Related: a.route.Ingress, RelatedField: a.route.Field()})
		}
	}
	return e
}

func (rt *traefikRouter) matches(host string, hostOK bool, path string) bool {
	switch {
	case rt.host == "":
	case !hostOK:
		return false
	case rt.host[0] == '.':
		dot := strings.IndexByte(host, '.')
		if dot <= 0 || host[dot:] != rt.host || !traefikLabel(host[:dot]) {
			return false
		}
	case host != rt.host:
		return false
	}
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

// traefikLabel reports whether s matches [a-zA-Z0-9-]+.
func traefikLabel(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return s != ""
}

func traefikHost(host string) (string, bool) {
	name, ok := hostname.RuleName(host)
	return strings.ToLower(name), ok
}

func (e *traefikEngine) match(host, path string) (Route, bool) {
	if path == "" {
		path = "/"
	}
	name, ok := traefikHost(host)
	for i := range e.routers {
		if e.routers[i].matches(name, ok, path) {
			return e.routers[i].route, true
		}
	}
	return e.def, e.hasDef
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
		if !rt.matches(name, ok, path) {
			continue
		}
		c := Candidate{Route: rt.route, Won: won == nil}
		if won == nil {
			won = rt
		} else {
			c.Reason = fmt.Sprintf("router %s has priority %d, below %d of %s", rt.rule, rt.priority, won.priority, won.rule)
			if rt.priority == won.priority {
				c.Reason = fmt.Sprintf("router %s has the same priority (%d) as %s; Traefik's order between them is not defined", rt.rule, rt.priority, won.rule)
			}
		}
		ex.Candidates = append(ex.Candidates, c)
	}
	switch {
	case won != nil:
		ex.Reason = fmt.Sprintf("Traefik tries every router by priority (the length of its rule unless set); the first that matches is %s, priority %d", won.rule, won.priority)
	case found:
		ex.Reason = fmt.Sprintf("no router matches; the default backend of %s (an Ingress without rules) serves", ingress.ObjectName(route.Ingress))
	default:
		ex.Reason = "no router matches and no Ingress without rules has a default backend: 404"
	}
	return ex
}
