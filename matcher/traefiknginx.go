package matcher

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/internal/regexbound"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// The ingress-nginx annotations Traefik's ingress-nginx provider reads
// that the TraefikIngressNGINX dialect models, besides those the
// IngressNGINX dialect reads.
const (
	nginxServerAlias          = NGINXAnnotationPrefix + "server-alias"
	nginxPermanentRedirect    = NGINXAnnotationPrefix + "permanent-redirect"
	nginxPermanentCode        = NGINXAnnotationPrefix + "permanent-redirect-code"
	nginxTemporalRedirect     = NGINXAnnotationPrefix + "temporal-redirect"
	nginxTemporalCode         = NGINXAnnotationPrefix + "temporal-redirect-code"
	nginxFromToWWWRedirect    = NGINXAnnotationPrefix + "from-to-www-redirect"
	nginxSSLPassthrough       = NGINXAnnotationPrefix + "ssl-passthrough"
	nginxAuthType             = NGINXAnnotationPrefix + "auth-type"
	nginxAuthTLSSecret        = NGINXAnnotationPrefix + "auth-tls-secret"
	nginxCustomHeaders        = NGINXAnnotationPrefix + "custom-headers"
	tinStrictPathPattern      = `(?i)^/[[:alnum:]._\-/]*$`
	tinPermanentRedirectCode  = http.StatusMovedPermanently
	tinTemporalRedirectCode   = http.StatusFound
	tinHTTPSRedirectStatus    = http.StatusPermanentRedirect
	tinAppRootRedirectStatus  = http.StatusFound
	tinWWWRedirectStatus      = http.StatusPermanentRedirect
	tinSnippetAnnotationsNote = "Traefik's ingress-nginx provider refuses snippet annotations unless allowSnippetAnnotations is set (WithNGINXSnippets)"
)

// tinStrictPath is the provider's strictValidatePathType check
// (kubernetes.go, strictPathTypeRegexp).
var tinStrictPath = regexp.MustCompile(tinStrictPathPattern)

// tinConfig is what the provider reads from an Ingress's annotations
// (annotations.go, parseIngressConfig): a boolean is true only for "true"
// in any case, an integer that does not parse is unset, a list is split at
// ',' and trimmed.
type tinConfig struct {
	canary, useRegex, forceSSL, fromToWWW, passthrough bool
	sslRedirect                                        bool // unset is true
	rewrite, appRoot                                   string
	aliases                                            []string
	redirect                                           Redirect // permanent-redirect or temporal-redirect
	// allow is allowlist-source-range, else whitelist-source-range: the
	// IPAllowList middleware's source ranges (middleware.go); nil when
	// unset; bad when an entry is no address or CIDR (Traefik refuses the
	// middleware).
	allow    []netip.Prefix
	badAllow bool
	// The forwarding annotations (tinForwardOf): upstream-vhost and
	// custom-http-errors when present, the others when not empty.
	vhost, errors                                                       *string
	protocol, authURL, authMethod, authSignin, authType, defaultBackend string
}

func readTIN(a map[string]string) tinConfig {
	is := func(key string) bool { return strings.EqualFold(a[key], "true") }
	c := tinConfig{
		canary: is(nginxCanary), useRegex: is(nginxUseRegex), forceSSL: is(nginxForceSSLRedirect),
		fromToWWW: is(nginxFromToWWWRedirect), passthrough: is(nginxSSLPassthrough),
		sslRedirect: true, rewrite: a[nginxRewriteTarget], appRoot: a[nginxAppRoot],
	}
	if v, ok := a[nginxSSLRedirect]; ok {
		c.sslRedirect = strings.EqualFold(v, "true")
	}
	if v, ok := a[nginxServerAlias]; ok {
		for _, alias := range strings.Split(v, ",") {
			c.aliases = append(c.aliases, strings.TrimSpace(alias))
		}
	}
	// temporal-redirect takes precedence; a code outside 300–308 is the
	// default (middleware.go, buildRedirect).
	code := func(key string, def int) int {
		n, err := strconv.Atoi(a[key])
		if err != nil || n < 300 || n > 308 {
			return def
		}
		return n
	}
	if v, ok := a[nginxPermanentRedirect]; ok {
		c.redirect = Redirect{Status: code(nginxPermanentCode, tinPermanentRedirectCode), Location: v}
	}
	if v, ok := a[nginxTemporalRedirect]; ok {
		c.redirect = Redirect{Status: code(nginxTemporalCode, tinTemporalRedirectCode), Location: v}
	}
	allowed, ok := a[NGINXAnnotationPrefix+"allowlist-source-range"]
	if !ok {
		allowed = a[NGINXAnnotationPrefix+"whitelist-source-range"]
	}
	if allowed != "" {
		c.allow, c.badAllow = sourceRanges(allowed)
	}
	if v, ok := a[nginxUpstreamVhost]; ok {
		c.vhost = &v
	}
	if v, ok := a[nginxCustomHTTPErrors]; ok {
		c.errors = &v
	}
	c.protocol, c.authURL, c.authMethod, c.authSignin = a[nginxBackendProtocol], a[nginxAuthURL], a[nginxAuthMethod], a[nginxAuthSignin]
	c.authType, c.defaultBackend = a[nginxAuthType], a[nginxDefaultBackend]
	return c
}

// tinRefusal returns why the provider skips a whole Ingress, and the field
// at fault: a snippet annotation (unless allowed), a path of type Exact or
// Prefix (or none) with a character outside [[:alnum:]._-/]
// (validateIngress).
func tinRefusal(ing *networkingv1.Ingress, snippets bool) (field, msg string) {
	if !snippets {
		for _, key := range []string{NGINXAnnotationPrefix + "server-snippet", NGINXAnnotationPrefix + "configuration-snippet", NGINXAnnotationPrefix + "auth-snippet"} {
			if ing.Annotations[key] != "" {
				return "metadata.annotations[" + key + "]", tinSnippetAnnotationsNote + ": it skips the Ingress"
			}
		}
	}
	for ri, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for pi, p := range r.HTTP.Paths {
			if p.Path == "" || p.PathType != nil && *p.PathType == networkingv1.PathTypeImplementationSpecific || tinStrictPath.MatchString(p.Path) {
				continue
			}
			pt := networkingv1.PathTypePrefix
			if p.PathType != nil {
				pt = *p.PathType
			}
			return fmt.Sprintf("spec.rules[%d].http.paths[%d].path", ri, pi),
				fmt.Sprintf("path %q of type %s has a character outside [[:alnum:]._-/]; Traefik's ingress-nginx provider (strictValidatePathType, on by default) skips the whole Ingress", p.Path, pt)
		}
	}
	return "", ""
}

// tinActions are the answers an Ingress's middlewares give instead of the
// backend (translator.go, applyMiddlewares): on cleartext, ssl-redirect
// first (308 to https); then app-root (302, for the path "/" only); then
// permanent-redirect or temporal-redirect.
//
// Under use-regex (regex) the redirect depends on the request's URL
// (tinRegexRedirect), and RouteRequest applies it.
func tinActions(ing *networkingv1.Ingress, c tinConfig, regex bool) traefikActions {
	var a traefikActions
	var redirect, root *Action
	if c.redirect.Status != 0 && !regex {
		redirect = &Action{Redirect: c.redirect}
	}
	root = redirect
	if strings.HasPrefix(c.appRoot, "/") {
		root = &Action{Redirect: Redirect{Status: tinAppRootRedirectStatus, Location: c.appRoot}}
	}
	a.all[1], a.root[1] = redirect, root
	if c.forceSSL || len(ing.Spec.TLS) > 0 && c.sslRedirect {
		https := &Action{HTTPSRedirect: tinHTTPSRedirectStatus, PreserveTrailingSlash: true}
		a.all[0], a.root[0] = https, https
	} else {
		a.all[0], a.root[0] = redirect, root
	}
	// IPAllowList comes after the redirect middlewares.
	if c.allow != nil {
		acc := &Access{Allow: c.allow}
		with := func(x *Action) *Action {
			y := &Action{}
			if x != nil {
				*y = *x
			}
			y.Access = acc
			return y
		}
		for side := range 2 {
			a.all[side], a.root[side] = with(a.all[side]), with(a.root[side])
		}
	}
	return a
}

// newTraefikIngressNGINX builds the routers Traefik's ingress-nginx
// provider makes of the Ingresses (pkg/provider/kubernetes/ingress-nginx,
// v3.7: build.go, build; translator.go, translate and buildRule): one
// router per path, for cleartext and TLS requests alike, ranked by the
// length of its rule across all hosts, as the Traefik dialect's are.
func newTraefikIngressNGINX(m *Matcher) *traefikEngine {
	e := &traefikEngine{hash: &m.hash}
	ings := slices.Clone(m.ingresses)
	slices.SortStableFunc(ings, nginxOrder)
	type entry struct {
		ing *networkingv1.Ingress
		cfg tinConfig
	}
	var regular, canaries []entry
	// The Service of each regular path, by namespace, host, path and
	// pathType (build.go, ingressPaths): canaries look their primary up
	// there.
	prodPaths := map[string]networkingv1.IngressServiceBackend{}
	useRegex := map[string]bool{} // rule hosts as written
	allHosts := map[string]bool{}
	claimed := map[string]*networkingv1.Ingress{} // lower-case alias → the Ingress that claimed it
	wwwSeen := map[string]bool{}                  // from-to-www-redirect routers: rule and target
	for _, ing := range ings {
		c := readTIN(ing.Annotations)
		if field, msg := tinRefusal(ing, m.opts.nginxSnippets); field != "" {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: field, Message: msg})
			continue
		}
		if c.badAllow {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + NGINXAnnotationPrefix + "allowlist-source-range]",
				Message: "an entry of the source range is no address or CIDR: Traefik refuses the IPAllowList middleware and every router of the Ingress with it, which Compile does not model (it ignores the bad entries)"})
		}
		if c.canary {
			canaries = append(canaries, entry{ing, c})
			continue
		}
		for _, alias := range c.aliases {
			if a := strings.ToLower(alias); claimed[a] == nil {
				claimed[a] = ing
			}
		}
		for _, r := range ing.Spec.Rules {
			allHosts[r.Host] = true
			if c.useRegex || c.rewrite != "" {
				useRegex[r.Host] = true
			}
			if r.HTTP != nil {
				for _, p := range r.HTTP.Paths {
					if p.Backend.Service != nil {
						prodPaths[tinPathKey(ing.Namespace, r.Host, &p)] = *p.Backend.Service
					}
				}
			}
		}
		regular = append(regular, entry{ing, c})
	}
	canaryIngs := make([]*networkingv1.Ingress, len(canaries))
	for i, en := range canaries {
		canaryIngs[i] = en.ing
	}
	canaryOf := tinCanaries(m, canaryIngs, prodPaths)
	for _, en := range regular {
		ing, c := en.ing, en.cfg
		if c.passthrough {
			e.tinPassthrough(m, ing, c)
			continue
		}
		acts := tinActions(ing, c, false)
		actsRegex := acts
		if c.redirect.Status != 0 {
			actsRegex = tinActions(ing, c, true)
		}
		for _, key := range []string{nginxAuthType, nginxAuthTLSSecret, nginxCustomHeaders} {
			if _, ok := ing.Annotations[key]; ok {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Info, Object: ing, Field: "metadata.annotations[" + key + "]",
					Message: "Traefik's ingress-nginx provider resolves this annotation's Secret or ConfigMap, and skips the Ingress (or answers 503) when it cannot; Compile assumes it resolves"})
			}
		}
		// The aliases a router of this Ingress adds to its host
		// (resolveAliases): not a rule host, not claimed by an earlier
		// Ingress.
		var aliases []string
		for _, alias := range c.aliases {
			if a := strings.ToLower(alias); !allHosts[a] && claimed[a] == ing {
				aliases = append(aliases, alias)
			}
		}
		al := tinAliasesOf(aliases)
		if def := ing.Spec.DefaultBackend; def != nil && len(ing.Spec.Rules) == 0 {
			switch {
			case def.Service == nil:
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: "the default backend names no service; Traefik's ingress-nginx provider ignores it"})
			case e.hasDef:
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: fmt.Sprintf("Traefik's ingress-nginx provider keeps the default backend of the first Ingress without rules (oldest, then namespace/name descending), %s's", ingress.ObjectName(e.def.Ingress)),
					Related: e.def.Ingress, RelatedField: "spec.defaultBackend"})
			default:
				// The catch-all routers default-backend(-tls):
				// PathPrefix("/") at math.MinInt32, for every host.
				route := Route{Ingress: ing, Backend: *def, RuleIndex: -1, PathIndex: -1}
				e.def, e.hasDef, e.defOn, e.defAct = route, true, onWeb|onWebsecure, acts
				rw, _ := tinRewriteOf(m, route, "", c.rewrite) // a location without path: nothing to compile
				e.setRewrite(route, rw)
				if fw, ok := e.tinForwardOf(m, route, c); ok {
					if fw != nil {
						// The catch-all's service is always http
						// (translator.go, buildService).
						fw.protocol = ""
					}
					e.setForward(route, fw)
				} else {
					// The catch-all's routers are in error: no catch-all
					// (the provider does not take another Ingress's).
					e.defOn = 0
				}
			}
			continue
		}
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			if r.HTTP == nil {
				continue
			}
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				route := Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}
				if p.Backend.Service == nil {
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field() + ".backend",
						Message: "Traefik's ingress-nginx provider routes only Service backends: the path gets no router"})
					continue
				}
				pacts := acts
				if useRegex[r.Host] && c.redirect.Status != 0 {
					pacts = actsRegex
				}
				rw, ok := tinRewriteOf(m, route, p.Path, c.rewrite)
				fw, fok := e.tinForwardOf(m, route, c)
				if ok && fok && e.tinRouter(m, route, r.Host, p.Path, p.PathType, useRegex[r.Host], al, pacts) {
					if tc := canaryOf[tinServiceKey(ing.Namespace, p.Backend.Service)]; tc != nil {
						e.tinCanaryRouters(tc, pacts)
					}
					e.setRewrite(route, rw)
					e.setForward(route, fw)
					if useRegex[r.Host] {
						e.setRegexRedirect(m, route, p.Path, c.redirect)
					}
				}
				if c.fromToWWW {
					e.tinWWWRouter(route, allHosts, wwwSeen)
				}
			}
		}
		// spec.defaultBackend of an Ingress with rules: a router Host(h)
		// per distinct rule host, all under one key per Ingress, so one
		// survives, in the order of a Go map (translator.go, translate).
		if def := ing.Spec.DefaultBackend; def != nil && def.Service != nil {
			var hosts []string
			seen := map[string]bool{}
			for _, r := range ing.Spec.Rules {
				if !seen[r.Host] {
					seen[r.Host] = true
					hosts = append(hosts, r.Host)
				}
			}
			kept := hosts[0]
			if len(hosts) > 1 {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: fmt.Sprintf("Traefik's ingress-nginx provider makes one router of the default backend for each of the hosts %q under one key, so one of them survives, in no defined order; Compile keeps %q's", hosts, kept)})
			}
			route := Route{Ingress: ing, Host: kept, Backend: *def, RuleIndex: -1, PathIndex: -1}
			dacts := acts
			if useRegex[kept] && c.redirect.Status != 0 {
				dacts = actsRegex
			}
			if fw, ok := e.tinForwardOf(m, route, c); ok && e.tinRouter(m, route, kept, "", nil, false, al, dacts) {
				rw, _ := tinRewriteOf(m, route, "", c.rewrite) // a location without path: nothing to compile
				e.setRewrite(route, rw)
				e.setForward(route, fw)
				if useRegex[kept] {
					e.setRegexRedirect(m, route, "", c.redirect)
				}
			}
			if c.fromToWWW {
				e.tinWWWRouter(route, allHosts, wwwSeen)
			}
		}
	}
	e.finish(m)
	return e
}

// tinPassthrough adds what the provider makes of an ssl-passthrough
// Ingress (build.go, the third pass; translator.go): for each rule with a
// host, a TCP router HostSNI("h") on the TLS entry point that passes the
// connections through to the backend of the rule's first path "/" (of
// spec.defaultBackend for a rule without paths), and an HTTP router
// Host("h") for cleartext requests to that backend, behind a 308 to https
// when the Ingress has spec.tls (ssl-redirect) or force-ssl-redirect. None
// of the Ingress's paths is routed otherwise. HostSNI compares the server
// name without regard to case, "*.foo.com" one label under foo.com.
func (e *traefikEngine) tinPassthrough(m *Matcher, ing *networkingv1.Ingress, c tinConfig) {
	// The routers' keys are provider.Normalize(namespace-name-host), which
	// keeps letters and digits only: "*.foo.com" and "foo.com" give one
	// key, and the later rule's routers replace the earlier's.
	type kept struct {
		http     int    // its HTTP router in e.routers
		key      string // its TCP router in passExact or passWild
		wildcard bool
	}
	byKey := map[string]kept{}
	for ri := range ing.Spec.Rules {
		r := &ing.Spec.Rules[ri]
		if r.Host == "" {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fmt.Sprintf("spec.rules[%d].host", ri),
				Message: "ssl-passthrough needs a host: Traefik's ingress-nginx provider ignores a rule without one"})
			continue
		}
		route := Route{Ingress: ing, Host: r.Host, RuleIndex: -1, PathIndex: -1}
		found := false
		if r.HTTP != nil {
			for pi := range r.HTTP.Paths {
				if p := &r.HTTP.Paths[pi]; p.Path == "/" {
					route.Path, route.Backend, route.RuleIndex, route.PathIndex, found = p, p.Backend, ri, pi, true
					break
				}
			}
		} else if d := ing.Spec.DefaultBackend; d != nil {
			route.Backend, found = *d, true
		}
		key, _, ok := traefikHostKey(r.Host)
		if !found || route.Backend.Service == nil || !ok {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fmt.Sprintf("spec.rules[%d]", ri),
				Message: fmt.Sprintf("ssl-passthrough: host %q has no Service path \"/\" (nor, without paths, a default backend); Traefik's ingress-nginx provider passes nothing through for it", r.Host)})
			continue
		}
		pass := route
		pass.Action = &Action{Passthrough: true}
		routerKey := tinNormalize(ing.Namespace + "-" + ing.Name + "-" + r.Host)
		old, replaces := byKey[routerKey]
		if replaces {
			byName := e.passExact
			if old.wildcard {
				byName = e.passWild
			}
			if r, ok := byName[old.key]; ok && r.Ingress == ing {
				delete(byName, old.key)
			}
		}
		set := &e.passExact
		if key[0] == '.' {
			set = &e.passWild
		}
		if *set == nil {
			*set = map[string]Route{}
		}
		switch prev, dup := (*set)[key]; {
		case dup && prev.Ingress == ing:
			(*set)[key] = pass
		case dup:
			m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: ing, Field: route.Field(),
				Message: fmt.Sprintf("ssl-passthrough: %s passes host %q through too; their TCP routers have the same rule, in no defined order (Compile keeps %s's)", ingress.ObjectName(prev.Ingress), r.Host, ingress.ObjectName(prev.Ingress)),
				Related: prev.Ingress, RelatedField: prev.Field()})
		default:
			(*set)[key] = pass
		}
		rt := traefikRouter{route: route, on: onWeb, host: key, how: traefikAny, rule: "Host(" + strconv.Quote(r.Host) + ")"}
		rt.priority = int64(len(rt.rule))
		// Its service has the location's scheme (translator.go,
		// buildServiceWithLocConfig); no other middleware.
		if fw, ok := e.tinForwardOf(m, route, tinConfig{protocol: c.protocol}); ok {
			e.setForward(route, fw)
		}
		if c.forceSSL || len(ing.Spec.TLS) > 0 && c.sslRedirect {
			https := &Action{HTTPSRedirect: tinHTTPSRedirectStatus, PreserveTrailingSlash: true}
			rt.act.all[0], rt.act.root[0] = https, https
		}
		if replaces {
			e.routers[old.http] = rt
			byKey[routerKey] = kept{old.http, key, key[0] == '.'}
			continue
		}
		byKey[routerKey] = kept{len(e.routers), key, key[0] == '.'}
		e.routers = append(e.routers, rt)
	}
}

// tinNormalize is Traefik's provider.Normalize: the runs of letters and
// digits of name joined by '-'.
func tinNormalize(name string) string {
	return strings.Join(strings.FieldsFunc(name, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsNumber(c) }), "-")
}

// passthrough is the route of a TLS connection's server name, when a TCP
// router of an ssl-passthrough Ingress takes it: its exact name first,
// then its wildcard (HostSNI("a.foo.com") is longer than
// HostSNI("*.foo.com") unless the label is one byte, when Traefik's order
// is not defined).
func (e *traefikEngine) passthrough(sni string) (Route, bool) {
	if e.passExact == nil && e.passWild == nil {
		return Route{}, false
	}
	name := strings.ToLower(strings.TrimSuffix(sni, "."))
	if r, ok := e.passExact[name]; ok {
		return r, true
	}
	if dot := strings.IndexByte(name, '.'); dot >= 0 {
		if r, ok := e.passWild[name[dot:]]; ok {
			return r, true
		}
	}
	return Route{}, false
}

// tinPathKey is a path's key in the provider's table of regular paths
// (build.go, ingressPathKey): namespace, host and path as written, and the
// pathType, Prefix when missing.
func tinPathKey(namespace, host string, p *networkingv1.HTTPIngressPath) string {
	t := networkingv1.PathTypePrefix
	if p.PathType != nil {
		t = *p.PathType
	}
	return namespace + "/" + host + p.Path + "/" + string(t)
}

// tinServiceKey is a Service port's key among the provider's canaries
// (build.go, canaryPrimaryKey).
func tinServiceKey(namespace string, svc *networkingv1.IngressServiceBackend) string {
	return namespace + "/" + svc.Name + "/" + portName(svc.Port)
}

// tinCanary is a canary of a primary Service as the provider attaches it
// to every location of that Service (build.go, the second pass; and
// translator.go).
type tinCanary struct {
	alt                       Alternative
	canary, nonCanary         tinCond
	canaryText, nonCanaryText string
	ok                        bool // the canary router's expressions compile
}

// tinCanaries resolves the canary Ingresses' paths as the provider's
// second pass does: a canary path serves the primary Service of the
// regular path with the same namespace, host, path and pathType (the last
// Ingress's), unless an earlier canary path took that path, or it names
// the same Service port; the last canary of a primary Service (by
// namespace, name and port) is the one every location of that Service
// gets. The canary Service's endpoints are assumed to exist.
func tinCanaries(m *Matcher, canaries []*networkingv1.Ingress, prodPaths map[string]networkingv1.IngressServiceBackend) map[string]*tinCanary {
	out := map[string]*tinCanary{}
	matched := map[string]bool{}
	for _, ing := range canaries {
		c := readTINCanary(ing.Annotations)
		for ri := range ing.Spec.Rules {
			r := &ing.Spec.Rules[ri]
			if r.HTTP == nil {
				continue
			}
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				route := Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi}
				key := tinPathKey(ing.Namespace, r.Host, p)
				prod, ok := prodPaths[key]
				switch {
				case !ok:
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field(),
						Message: fmt.Sprintf("canary path %q: Traefik's ingress-nginx provider finds no path of another Ingress of the namespace with this host, path and pathType, and ignores it", p.Path)})
					continue
				case matched[key]:
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: route.Field(),
						Message: fmt.Sprintf("canary path %q: an earlier canary Ingress already serves this host, path and pathType; Traefik's ingress-nginx provider ignores this one", p.Path)})
					continue
				case p.Backend.Service == nil:
					continue
				case p.Backend.Service.Name == prod.Name && portName(p.Backend.Service.Port) == portName(prod.Port):
					continue // the primary's own Service: nothing to split
				}
				matched[key] = true
				tc := &tinCanary{alt: Alternative{Route: route, Canary: c, When: fmt.Sprintf("weight %d of %d", c.Weight, c.WeightTotal)}}
				tc.canary, tc.nonCanary, tc.canaryText, tc.nonCanaryText, tc.ok = tinCanaryRules(&c)
				if !tc.ok {
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + nginxCanaryHeaderRegex + "]",
						Message: "the canary's header pattern or cookie name makes a regular expression Go's RE2 does not compile (or over the package's bound): Traefik rejects the canary's header router"})
				}
				pk := tinServiceKey(ing.Namespace, &prod)
				if old := out[pk]; old != nil && old.alt.Route.Ingress != ing {
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: old.alt.Route.Ingress, Field: old.alt.Route.Field(),
						Message: fmt.Sprintf("Traefik's ingress-nginx provider keeps one canary per primary Service (%s port %s), the last: %s's", prod.Name, portName(prod.Port), ingress.ObjectName(ing)),
						Related: ing, RelatedField: route.Field()})
				}
				out[pk] = tc
			}
		}
	}
	return out
}

// tinCanaryRouters adds what the provider makes of a location with a
// canary (translator.go, translate), the location's router being the last
// added: its service becomes a weighted round robin of the location's
// Service (weight total-weight) and the canary's (weight), a service of
// weight 0 left out; a canary router (the location's rule and the canary's
// header or cookie test, its priority that rule's length) when the canary
// is by header or cookie; a non-canary router (the header or cookie set to
// "never") served by the location's Service when there is also a weight.
// Both have the location's middlewares.
func (e *traefikEngine) tinCanaryRouters(tc *tinCanary, acts traefikActions) {
	base := e.routers[len(e.routers)-1]
	if tc.alt.Canary.Weight > 0 {
		e.routers[len(e.routers)-1].act = acts.withAlternative(tc.alt)
	}
	if tc.canaryText != "" && tc.ok {
		rt := base
		rt.rule = "(" + base.rule + ") && (" + tc.canaryText + ")"
		rt.priority, rt.cond, rt.alt = int64(len(rt.rule)), tc.canary, &tc.alt
		e.routers = append(e.routers, rt)
	}
	if tc.nonCanaryText != "" {
		rt := base
		rt.rule = "(" + base.rule + ") && (" + tc.nonCanaryText + ")"
		rt.priority, rt.cond = int64(len(rt.rule)), tc.nonCanary
		e.routers = append(e.routers, rt)
	}
}

// withAlternative is the actions with the alternative added to each.
func (a traefikActions) withAlternative(alt Alternative) traefikActions {
	with := func(x *Action) *Action {
		y := &Action{}
		if x != nil {
			*y = *x
		}
		y.Alternatives = []Alternative{alt}
		return y
	}
	out := a
	for side := range 2 {
		out.all[side] = with(a.all[side])
		if a.root[side] != nil {
			out.root[side] = with(a.root[side])
		}
	}
	return out
}

// tinRouter adds the router of a path (or of a default backend: path "")
// as buildRule writes it: Host("h") (with its aliases, or'ed), joined by
// " && " to Path("/p") for Exact, and for Prefix, ImplementationSpecific
// and none PathPrefix("/") for "/", (Path("/p") || PathPrefix("/p/"))
// for any other (its trailing '/' trimmed), or PathRegexp("(?i)^/p") when
// the host uses regular expressions; a path "" adds nothing. Its priority
// is the rule's length. It reports whether Traefik keeps the router.
func (e *traefikEngine) tinRouter(m *Matcher, route Route, host, path string, pt *networkingv1.PathType, regex bool, al tinAliases, acts traefikActions) bool {
	rt := traefikRouter{route: route, on: onWeb | onWebsecure, act: acts}
	var parts []string
	if host != "" {
		key, _, ok := traefikHostKey(host)
		if !ok {
			return false
		}
		rt.host, rt.aliases = key, al.keys
		hostRule := "Host(" + strconv.Quote(host) + ")"
		if al.rule != "" {
			hostRule = "(" + hostRule + al.rule + ")"
		}
		parts = append(parts, hostRule)
	}
	if path != "" {
		t := networkingv1.PathTypePrefix
		if pt != nil && *pt != networkingv1.PathTypeImplementationSpecific {
			t = *pt
		}
		switch {
		case t == networkingv1.PathTypeExact:
			rt.how, rt.path = traefikExact, path
			parts = append(parts, "Path("+strconv.Quote(path)+")")
		case t != networkingv1.PathTypePrefix:
			// Another pathType (API-invalid) adds no path condition.
		case regex:
			expr := "(?i)^" + path
			re, err := dialectRegex(expr)
			if err != nil {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path",
					Message: traefikRegexMessage("PathRegexp", expr, err)})
				return false
			}
			rt.how, rt.path, rt.re = traefikRegexp, path, re
			parts = append(parts, "PathRegexp("+strconv.Quote(expr)+")")
		case path == "/":
			rt.how, rt.path = traefikPrefix, path
			parts = append(parts, `PathPrefix("/")`)
		default:
			p := strings.TrimSuffix(path, "/")
			rt.how, rt.path = traefikStrict, p
			parts = append(parts, "(Path("+strconv.Quote(p)+") || PathPrefix("+strconv.Quote(p+"/")+"))")
		}
	}
	rt.rule = strings.Join(parts, " && ")
	if rt.rule == "" {
		m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field(),
			Message: "a rule without host and an empty path give Traefik an empty router rule, which it rejects: nothing routes here"})
		return false
	}
	if (rt.how == traefikExact || rt.how == traefikPrefix || rt.how == traefikStrict) && path[0] != '/' {
		m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path",
			Message: fmt.Sprintf("path %q does not start with '/': Traefik rejects the router", path)})
		return false
	}
	rt.priority = int64(len(rt.rule))
	e.routers = append(e.routers, rt)
	return true
}

// tinRegexRedirect is a permanent-redirect or temporal-redirect middleware
// on a location whose host uses regular expressions (middleware.go,
// buildRedirect): a RedirectRegex whose expression is ^https?://[^/]+
// followed by the location's path as written, case-sensitive, so only a
// URL whose path begins with it is redirected, and the rest of the URL is
// kept after the annotation's URL.
type tinRegexRedirect struct {
	re       *regexp.Regexp
	redirect Redirect // the annotation's URL (a replacement template) and status
}

// setRegexRedirect records the redirect middleware of a location under
// use-regex. A path that does not compile as part of the expression makes
// Traefik refuse the middleware and the router with it; it is reported.
func (e *traefikEngine) setRegexRedirect(m *Matcher, route Route, path string, rd Redirect) {
	if rd.Status == 0 {
		return
	}
	expr := `^https?://[^/]+` + path
	re, err := dialectRegex(expr)
	if err != nil {
		m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path",
			Message: traefikRegexMessage("the redirect middleware's expression", expr, err) + "; Compile routes the path without the redirect"})
		return
	}
	if e.redirects == nil {
		e.redirects = map[tinLocation]*tinRegexRedirect{}
	}
	e.redirects[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}] = &tinRegexRedirect{re: re, redirect: rd}
}

// answer is the middleware's answer to the request (redirect.go,
// ServeHTTP, with redirect_regex.go's rawURL: scheme://Host header + the
// request URI the entry point left), or nil when it passes the request on:
// the expression does not match, or the new URL is the old one. A new URL
// url.Parse refuses is a 502.
func (rr *tinRegexRedirect) answer(r *http.Request) *Action {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	old := scheme + "://" + r.Host + tinRedirectURI(r)
	if !rr.re.MatchString(old) {
		return nil
	}
	loc := rr.re.ReplaceAllString(old, rr.redirect.Location)
	u, err := url.Parse(loc)
	switch {
	case err != nil:
		return &Action{Status: http.StatusBadGateway}
	case loc == old:
		return nil
	}
	return &Action{Redirect: Redirect{Status: rr.redirect.Status, Location: u.String()}}
}

// tinWWWRouter adds the from-to-www-redirect router of a location
// (middleware.go, buildFromToWwwRedirect; translator.go,
// applyFromToWwwRedirect): for a rule host h that is not a wildcard, when
// its counterpart (www.h, or h for www.h) is no rule host of any Ingress,
// a router Host("www.h") (or Host("h")) at the priority of that rule's
// length, without path, whose only middleware redirects to h with 308.
// Every location makes one, all alike for one rule and target: the first
// stands for them. It applies whether or not Traefik keeps the location's own
// router.
func (e *traefikEngine) tinWWWRouter(route Route, allHosts, seen map[string]bool) {
	h := route.Host
	if h == "" || strings.HasPrefix(h, "*.") {
		return
	}
	from := "www." + h
	if rest, ok := strings.CutPrefix(h, "www."); ok {
		from = rest
	}
	if allHosts[from] {
		return
	}
	key, _, ok := traefikHostKey(from)
	if !ok {
		return
	}
	rule := "Host(" + strconv.Quote(from) + ")"
	if seen[rule+" "+h] {
		return
	}
	seen[rule+" "+h] = true
	act := &Action{Redirect: Redirect{Status: tinWWWRedirectStatus, Location: "//" + h}}
	if e.www == nil {
		e.www = map[*Action]string{}
	}
	e.www[act] = h
	e.routers = append(e.routers, traefikRouter{rule: rule, priority: int64(len(rule)), host: key, how: traefikAny, route: route, on: onWeb | onWebsecure,
		act: traefikActions{all: [2]*Action{act, act}}})
}

// tinWWWPattern is the from-to-www-redirect middleware's regular
// expression (translator.go, applyFromToWwwRedirect), which the
// replacement "$1://<target>$2/$3" turns into the Location: scheme and
// port kept, host replaced, one trailing '/' of the whole URL (its query
// included) removed.
var tinWWWPattern = regexp.MustCompile(`^(https?)://(?:\[[^/\]]*\]|[^/:]+)(:[0-9]+)?[^/]*/(.*?)/?$`)

// tinWWWRedirect is the Location of the from-to-www-redirect middleware
// (a RedirectRegex) for the request: rawURL (redirect_regex.go) is
// scheme://Host header + the request URI the entry point left. Where the
// expression does not match, or the Location is the URL itself, the
// request goes on to the router's service, which does not exist: 503;
// where url.Parse refuses the Location, 502 (as for tinSchemeRedirect).
func tinWWWRedirect(r *http.Request, target string) *Action {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	old := scheme + "://" + r.Host + tinRedirectURI(r)
	if !tinWWWPattern.MatchString(old) {
		return &Action{Status: http.StatusServiceUnavailable}
	}
	loc := tinWWWPattern.ReplaceAllString(old, "$1://"+target+"$2/$3")
	u, err := url.Parse(loc)
	switch {
	case err != nil:
		return &Action{Status: http.StatusBadGateway}
	case loc == old:
		return &Action{Status: http.StatusServiceUnavailable}
	}
	return &Action{Redirect: Redirect{Status: tinWWWRedirectStatus, Location: u.String()}}
}

// tinEntryPath is the escaped path of a request as Traefik's entry point
// leaves it for the routers' middlewares: unreserved characters decoded,
// dot segments and repeated slashes removed (normalizePath, sanitizePath).
func tinEntryPath(r *http.Request) string {
	p, err := pathmatch.Normalize(r.URL.EscapedPath(), pathmatch.Policy{Decode: pathmatch.DecodeUnreserved, GoPathClean: true})
	if err != nil {
		return r.URL.EscapedPath()
	}
	return p
}

// tinRedirectURI is the request URI of the ssl-redirect's Location under
// Traefik's ingress-nginx provider: the path as the entry point left it
// and the query.
// tinRedirectPattern is RedirectScheme's pattern (redirect_scheme.go,
// uriPattern): the Location is "https://" with groups 2 and 4, the port
// (group 3) left out.
var tinRedirectPattern = regexp.MustCompile(`^(https?:\/\/)?(\[[\w:.]+\]|[\w\._-]+)?(:\d+)?(.*)$`)

// tinSchemeRedirect is the Location Traefik's RedirectScheme middleware
// (scheme https, no port) gives a cleartext request: the request URL as
// clientRequestURL writes it, "http://" + host + port + URI, with the host
// and port split by net.SplitHostPort (an IPv6 host loses its brackets),
// matched by uriPattern and written without the port. The pattern's host
// is a run of [\w._-] or a bracketed IPv6 address, so a Host header with
// other characters keeps the port ("a~b.test:81" → "https://a~b.test:81/").
// The Location is what url.URL's String makes of it; when url.Parse
// refuses it the middleware's error handler answers 502 (oxy's
// StdHandler: a *url.Error is a net.Error), and ok is false.
// Traefik v3.7 is built by Go 1.26, whose url.Parse refuses an http(s)
// host with two colons outside brackets (an IPv6 host, whose brackets
// SplitHostPort removed, with a port: "https://::1:8080/"); that rule is
// applied here whatever the GODEBUG setting urlstrictcolons of the program
// importing this package.
func tinSchemeRedirect(hostport, uri string) (loc string, ok bool) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	} else {
		port = ":" + port
	}
	if port == ":80" {
		port = ""
	}
	loc = tinRedirectPattern.ReplaceAllString("http://"+host+port+uri, "https://${2}${4}")
	authority := loc[len("https://"):]
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	if !strings.HasPrefix(authority, "[") && strings.Count(authority, ":") > 1 {
		return "", false
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "", false
	}
	return u.String(), true
}

func tinRedirectURI(r *http.Request) string {
	p := tinEntryPath(r)
	if r.URL.RawQuery != "" || r.URL.ForceQuery {
		p += "?" + r.URL.RawQuery
	}
	return p
}

// tinAliases are the server-alias hosts an Ingress's routers add to their
// rule host (resolveAliases), made once per Ingress: their keys as
// traefikHostKey gives them, each once, and their rule text as buildRule
// writes it, " || Host(\"a\")" for each alias as written.
type tinAliases struct {
	keys []string
	rule string
}

func tinAliasesOf(aliases []string) tinAliases {
	var al tinAliases
	var rule strings.Builder
	seen := map[string]bool{}
	for _, a := range aliases {
		k, _, ok := traefikHostKey(a)
		if !ok {
			continue
		}
		if !seen[k] {
			seen[k] = true
			al.keys = append(al.keys, k)
		}
		rule.WriteString(" || Host(" + strconv.Quote(a) + ")")
	}
	al.rule = rule.String()
	return al
}

// tinLocation names a route of an Ingress: its rule and path indexes, -1
// for a default backend.
type tinLocation struct {
	ing    *networkingv1.Ingress
	ri, pi int
}

// tinRewrite is the rewrite-target middleware of a location
// (middleware.go, buildRewriteTarget; middlewares/ingressnginx/
// rewritetarget): the location's path as a case-insensitive regular
// expression, unanchored (nil for a default backend's location, whose
// path is ""), and the replacement, trimmed.
type tinRewrite struct {
	re          *regexp.Regexp
	width       int // re's width (regexbound): what one byte of a search may cost
	replacement string
	absolute    bool // the replacement is a URL: the middleware redirects
	// xfp is x-forwarded-prefix, kept when it passes the provider's
	// check (middleware.go, buildRewriteTarget): the middleware sets
	// X-Forwarded-Prefix to the path with every match replaced by it
	// (rewrite_target.go), or to it alone without an expression.
	xfp string
}

// tinRewriteSteps bounds one evaluation of a rewrite-target middleware by
// RouteRequest, in searches × bytes a search may scan × width. Go's
// ReplaceAllString searches again after each match, and a search may scan
// to the end of the path (an expression such as /(a.*z|a) on /a/a/a…), so
// the middleware's cost is the number of matches times the path's length:
// 0.7 s for an 8 KB path. About 4 million steps are 30 ms at most here; a
// request that would need more is refused (ErrBadRequest) rather than
// evaluated.
const tinRewriteSteps = 1 << 22

// errRewriteBound is why RouteRequest refuses such a request.
var errRewriteBound = fmt.Errorf("rewrite-target: the middleware's expression matches this path too many times to evaluate within the bound of %d steps", tinRewriteSteps)

// replaceAll is rw.re.ReplaceAllString(src, rw.replacement) within
// tinRewriteSteps: the matches are FindAllStringSubmatchIndex's, the
// searches ReplaceAllString makes (one per match, one more per empty match
// right after another, one that finds none), at most as many as the bound
// allows for src's length. ok is false when there are more; matched is
// false when there is none.
func (rw *tinRewrite) replaceAll(src string) (out string, matched, ok bool) {
	return rw.replaceAllWith(src, rw.replacement)
}

// replaceAllWith is replaceAll with another template.
func (rw *tinRewrite) replaceAllWith(src, template string) (out string, matched, ok bool) {
	perSearch := (len(src) + 1) * max(rw.width, 1)
	most := (tinRewriteSteps/perSearch - 1) / 2 // searches ≤ 2 × matches + 1
	if most < 1 {
		return "", false, false
	}
	ms := rw.re.FindAllStringSubmatchIndex(src, most+1)
	switch {
	case len(ms) > most:
		return "", false, false
	case len(ms) == 0:
		return "", false, true
	}
	var dst []byte
	last := 0
	for _, a := range ms {
		dst = append(dst, src[last:a[0]]...)
		dst = rw.re.ExpandString(dst, template, src, a)
		last = a[1]
	}
	return string(append(dst, src[last:]...)), true, true
}

// tinCaptureRef is a capture reference ($1) of a replacement, which the
// middleware drops when it has no regular expression.
var tinCaptureRef = regexp.MustCompile(`\$[0-9]+`)

// tinRewriteOf returns the rewrite-target middleware of a route whose
// location has the path locPath, nil when the Ingress has none or one
// equal to the path; ok is false (and reported) when Traefik cannot build
// it, which puts the router in error. A location without path compiles
// nothing and is always ok.
func tinRewriteOf(m *Matcher, route Route, locPath, rewrite string) (rw *tinRewrite, ok bool) {
	if rewrite == "" || rewrite == locPath {
		return nil, true
	}
	rw = &tinRewrite{replacement: strings.TrimSpace(rewrite)}
	// The middleware asks url.Parse of the annotation as written, not
	// trimmed (rewrite_target.go, New): " https://x/" is no URL to it,
	// and its trimmed text then becomes a path.
	if u, err := url.Parse(rewrite); err == nil && u.Scheme != "" {
		rw.absolute = true
	}
	if locPath != "" {
		expr := "(?i)" + strings.TrimSpace(locPath)
		re, cost, err := regexbound.Compile(expr)
		if err == nil && re.NumSubexp() == 0 && rw.absolute {
			// A URL without capture groups replaces the whole path.
			expr += ".*"
			re, cost, err = regexbound.Compile(expr)
		}
		if err != nil {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path",
				Message: traefikRegexMessage("the rewrite-target middleware's expression", expr, err)})
			return nil, false
		}
		rw.re, rw.width = re, cost.Width
	}
	return rw, true
}

// setRewrite records the rewrite-target middleware of a route's router.
func (e *traefikEngine) setRewrite(route Route, rw *tinRewrite) {
	if rw == nil {
		return
	}
	if xfp := route.Ingress.Annotations[nginxXForwardedPrefix]; nginxPathWithCapture.MatchString(xfp) {
		rw.xfp = xfp
	}
	if e.rewrites == nil {
		e.rewrites = map[tinLocation]*tinRewrite{}
	}
	e.rewrites[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}] = rw
}

// requestAction settles the route's action for the request under Traefik's
// ingress-nginx provider, in the order of its middlewares: the https
// redirect of a cleartext request (RedirectScheme: the path as the entry
// point left it), then, unless a redirect answers, rewrite-target. Under
// the Traefik dialects routes have no actions and no rewrites.
//
// With headers, a canary router of the provider may come first; a canary
// that serves the request, by its router or by the weight of the
// location's weighted round robin, makes the route the canary's, with the
// location's answers.
func (e *traefikEngine) requestAction(route Route, r *http.Request, path string) (Route, error) {
	var alt *Alternative
	if e.hasCond && len(r.Header) > 0 {
		side := 0
		if r.TLS != nil {
			side = 1
		}
		if rt := e.condRoute(side, r.Host, path, r.Header); rt != nil {
			if path == "" {
				path = "/"
			}
			route, alt = rt.act.route(rt.route, side, path), rt.alt
		}
	}
	route, err := e.settle(route, r)
	if err != nil {
		return route, err
	}
	if a := route.Action; a != nil && (a.Redirect.Status != 0 || a.Status != 0) {
		return route, nil // a middleware answers
	}
	route = e.forward(route, r)
	a := route.Action
	if a != nil && a.Status != 0 {
		return route, nil // the authentication middleware answers
	}
	switch {
	case alt != nil:
		served := alt.Route
		if a != nil {
			served.Action = a.withoutAlternatives()
		}
		return served, nil
	case a != nil && len(a.Alternatives) > 0:
		return pickAlternative(route, a.Alternatives[0].Canary.byWeight()), nil
	}
	return route, nil
}

// settle is the answer of the route's middlewares to the request.
func (e *traefikEngine) settle(route Route, r *http.Request) (Route, error) {
	if target, ok := e.www[route.Action]; ok {
		route.Action = tinWWWRedirect(r, target)
		return route, nil
	}
	if a := route.Action; a != nil && a.HTTPSRedirect != 0 && r.TLS == nil && a.Redirect.Status == 0 {
		if loc, ok := tinSchemeRedirect(r.Host, tinRedirectURI(r)); ok {
			route.Action = &Action{Redirect: Redirect{Status: a.HTTPSRedirect, Location: loc}, Alternatives: a.Alternatives}
		} else {
			route.Action = &Action{Status: http.StatusBadGateway, Alternatives: a.Alternatives}
		}
		return route, nil
	}
	if rr := e.redirects[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}]; rr != nil && (route.Action == nil || route.Action.Redirect.Status == 0) {
		if a := rr.answer(r); a != nil {
			route.Action = a
			return route, nil
		}
	}
	if a := route.Action; a != nil && a.Access != nil && a.Redirect.Status == 0 && a.Status == 0 {
		if a, settled := settleAccess(a, r); settled {
			if route.Action = a; a != nil && a.Status != 0 {
				return route, nil
			}
		}
	}
	if e.rewrites != nil && (route.Action == nil || route.Action.Redirect.Status == 0) {
		a, err := e.rewrite(route, r)
		if err != nil {
			return Route{}, fmt.Errorf("%w: %w", ErrBadRequest, err)
		}
		if a != nil {
			route.Action = a
		}
	}
	return route, nil
}

// rewrite returns what the rewrite-target middleware of the route answers
// the request itself, or nil when it forwards it (rewrite_target.go,
// ServeHTTP): when the expression matches the path as the entry point
// left it, the replacement of every match is the new target: empty, 500;
// a URL, 302 to it (with the request's query when it has none); a path
// that Go's URL.JoinPath would change (dot segments, repeated slashes),
// 400. Otherwise the route's action with Upstream.Path the new path,
// decoded.
func (e *traefikEngine) rewrite(route Route, r *http.Request) (*Action, error) {
	rw := e.rewrites[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}]
	if rw == nil {
		return nil, nil
	}
	var target string
	src := tinEntryPath(r)
	if rw.re != nil {
		out, matched, ok := rw.replaceAll(src)
		switch {
		case !ok:
			return nil, errRewriteBound
		case !matched:
			return nil, nil
		}
		target = out
	} else {
		target = tinCaptureRef.ReplaceAllString(rw.replacement, "")
	}
	if target == "" {
		return &Action{Status: http.StatusInternalServerError}, nil
	}
	if rw.absolute {
		u, err := url.Parse(target)
		if err != nil {
			return &Action{Status: http.StatusInternalServerError}, nil
		}
		if u.RawQuery == "" && r.URL.RawQuery != "" {
			u.RawQuery = r.URL.RawQuery
		}
		return &Action{Redirect: Redirect{Status: http.StatusFound, Location: u.String()}}, nil
	}
	p, err := url.PathUnescape(target)
	if err != nil {
		return &Action{Status: http.StatusInternalServerError}, nil
	}
	if p != "" && (&url.URL{Path: p, RawPath: target}).JoinPath().Path != p {
		return &Action{Status: http.StatusBadRequest}, nil
	}
	// Forwarded with the new path.
	var out Action
	if route.Action != nil {
		out = *route.Action
	}
	up := Upstream{RewriteTarget: rw.replacement, Path: p, ForwardedPrefix: rw.xfp}
	if rw.xfp != "" && rw.re != nil {
		prefix, _, ok := rw.replaceAllWith(src, rw.xfp)
		if !ok {
			return nil, errRewriteBound
		}
		up.ForwardedPrefix = prefix
	}
	if out.Upstream != nil {
		up.Host, up.Protocol = out.Upstream.Host, out.Upstream.Protocol
	}
	out.Upstream = &up
	return &out, nil
}
