package matcher

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
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
func tinActions(ing *networkingv1.Ingress, c tinConfig) traefikActions {
	var a traefikActions
	var redirect, root *Action
	if c.redirect.Status != 0 {
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
	var regular []entry
	useRegex := map[string]bool{} // rule hosts as written
	allHosts := map[string]bool{}
	claimed := map[string]*networkingv1.Ingress{} // lower-case alias → the Ingress that claimed it
	for _, ing := range ings {
		c := readTIN(ing.Annotations)
		if field, msg := tinRefusal(ing, m.opts.nginxSnippets); field != "" {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: field, Message: msg})
			continue
		}
		switch {
		case c.canary:
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Info, Object: ing, Field: "metadata.annotations[" + nginxCanary + "]",
				Message: "a canary Ingress gets no router of its own under Traefik's ingress-nginx provider: it joins the routers of its primary Service (by header, cookie or weight), which Compile does not show"})
			continue
		case c.passthrough:
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: "metadata.annotations[" + nginxSSLPassthrough + "]",
				Message: "ssl-passthrough: Traefik's ingress-nginx provider passes TLS connections for the rule hosts through to the backend of path / and answers cleartext requests with that backend; Compile routes none of the Ingress's paths"})
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
		}
		regular = append(regular, entry{ing, c})
	}
	for _, en := range regular {
		ing, c := en.ing, en.cfg
		acts := tinActions(ing, c)
		if c.fromToWWW {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Info, Object: ing, Field: "metadata.annotations[" + nginxFromToWWWRedirect + "]",
				Message: "from-to-www-redirect: Traefik's ingress-nginx provider adds a router for the www (or bare) host that redirects with 308; Compile does not add it"})
		}
		for _, key := range []string{nginxAuthType, nginxAuthTLSSecret, nginxCustomHeaders} {
			if _, ok := ing.Annotations[key]; ok {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Info, Object: ing, Field: "metadata.annotations[" + key + "]",
					Message: "Traefik's ingress-nginx provider resolves this annotation's Secret or ConfigMap, and skips the Ingress (or answers 503) when it cannot; Compile assumes it resolves"})
			}
		}
		if c.redirect.Status != 0 && slices.ContainsFunc(ing.Spec.Rules, func(r networkingv1.IngressRule) bool { return useRegex[r.Host] }) {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Info, Object: ing, Field: "metadata.annotations[" + nginxPermanentRedirect + "]",
				Message: "under use-regex, Traefik's ingress-nginx provider redirects only a URL whose path starts with the rule's path (case-sensitively) and appends the rest of the URL to the target; Compile answers every request with the annotation's URL"})
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
				if e.addRewrite(m, route, "", c.rewrite) {
					e.def, e.hasDef, e.defOn, e.defAct = route, true, onWeb|onWebsecure, acts
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
				if e.addRewrite(m, route, p.Path, c.rewrite) {
					e.tinRouter(m, route, r.Host, p.Path, p.PathType, useRegex[r.Host], aliases, acts)
				}
			}
		}
		// spec.defaultBackend of an Ingress with rules: a router Host(h)
		// per distinct rule host, all under one key per Ingress, so one
		// survives, in the order of a Go map (translator.go, translate).
		if def := ing.Spec.DefaultBackend; def != nil && def.Service != nil {
			var hosts []string
			for _, r := range ing.Spec.Rules {
				if !slices.Contains(hosts, r.Host) {
					hosts = append(hosts, r.Host)
				}
			}
			kept := hosts[0]
			if len(hosts) > 1 {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: DialectConflict, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
					Message: fmt.Sprintf("Traefik's ingress-nginx provider makes one router of the default backend for each of the hosts %q under one key, so one of them survives, in no defined order; Compile keeps %q's", hosts, kept)})
			}
			route := Route{Ingress: ing, Host: kept, Backend: *def, RuleIndex: -1, PathIndex: -1}
			if e.addRewrite(m, route, "", c.rewrite) {
				e.tinRouter(m, route, kept, "", nil, false, aliases, acts)
			}
		}
	}
	e.finish(m)
	return e
}

// tinRouter adds the router of a path (or of a default backend: path "")
// as buildRule writes it: Host("h") (with its aliases, or'ed), joined by
// " && " to Path("/p") for Exact, and for Prefix, ImplementationSpecific
// and none PathPrefix("/") for "/", (Path("/p") || PathPrefix("/p/"))
// for any other (its trailing '/' trimmed), or PathRegexp("(?i)^/p") when
// the host uses regular expressions; a path "" adds nothing. Its priority
// is the rule's length.
func (e *traefikEngine) tinRouter(m *Matcher, route Route, host, path string, pt *networkingv1.PathType, regex bool, aliases []string, acts traefikActions) {
	rt := traefikRouter{route: route, on: onWeb | onWebsecure, act: acts}
	var parts []string
	if host != "" {
		key, rank, ok := hostKey(host)
		if !ok {
			return
		}
		if rank == hostmatch.RankWildcard {
			key = key[1:]
		}
		rt.host = key
		hostRules := []string{"Host(" + strconv.Quote(host) + ")"}
		for _, a := range aliases {
			k, rank, ok := hostKey(a)
			if !ok {
				continue
			}
			if rank == hostmatch.RankWildcard {
				k = k[1:]
			}
			rt.aliases = append(rt.aliases, k)
			hostRules = append(hostRules, "Host("+strconv.Quote(a)+")")
		}
		if len(hostRules) > 1 {
			parts = append(parts, "("+strings.Join(hostRules, " || ")+")")
		} else {
			parts = append(parts, hostRules[0])
		}
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
				msg := fmt.Sprintf("PathRegexp %q does not compile (%v); Traefik rejects the router", expr, err)
				if tooCostly(err) {
					msg = fmt.Sprintf("PathRegexp %q is %v; Traefik would route it, Compile skips it", expr, err)
				}
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path", Message: msg})
				return
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
		return
	}
	if (rt.how == traefikExact || rt.how == traefikPrefix || rt.how == traefikStrict) && path[0] != '/' {
		m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path",
			Message: fmt.Sprintf("path %q does not start with '/': Traefik rejects the router", path)})
		return
	}
	rt.priority = int64(len(rt.rule))
	e.routers = append(e.routers, rt)
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
func tinRedirectURI(r *http.Request) string {
	p := tinEntryPath(r)
	if r.URL.RawQuery != "" || r.URL.ForceQuery {
		p += "?" + r.URL.RawQuery
	}
	return p
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
	replacement string
	absolute    bool // the replacement is a URL: the middleware redirects
}

// tinCaptureRef is a capture reference ($1) of a replacement, which the
// middleware drops when it has no regular expression.
var tinCaptureRef = regexp.MustCompile(`\$[0-9]+`)

// addRewrite records the rewrite-target middleware of a route whose
// location has the path locPath, when the Ingress has one that differs
// from the path, and reports whether the route keeps its router: a
// middleware Traefik cannot build puts the router in error.
func (e *traefikEngine) addRewrite(m *Matcher, route Route, locPath, rewrite string) bool {
	if rewrite == "" || rewrite == locPath {
		return true
	}
	rw := &tinRewrite{replacement: strings.TrimSpace(rewrite)}
	if u, err := url.Parse(rw.replacement); err == nil && u.Scheme != "" {
		rw.absolute = true
	}
	if locPath != "" {
		expr := "(?i)" + strings.TrimSpace(locPath)
		re, err := dialectRegex(expr)
		if err == nil && re.NumSubexp() == 0 && rw.absolute {
			// A URL without capture groups replaces the whole path.
			re, err = dialectRegex(expr + ".*")
		}
		if err != nil {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: route.Field() + ".path",
				Message: fmt.Sprintf("Traefik's ingress-nginx provider makes the rewrite-target middleware's expression %q of the path, which does not compile (%v): the router is in error and serves nothing", expr, err)})
			return false
		}
		rw.re = re
	}
	if e.rewrites == nil {
		e.rewrites = map[tinLocation]*tinRewrite{}
	}
	e.rewrites[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}] = rw
	return true
}

// rewrite returns what the rewrite-target middleware of the route answers
// the request itself, or nil when it forwards it (rewrite_target.go,
// ServeHTTP): when the expression matches the path as the entry point
// left it, the replacement of every match is the new target: empty, 500;
// a URL, 302 to it (with the request's query when it has none); a path
// that Go's URL.JoinPath would change (dot segments, repeated slashes),
// 400.
func (e *traefikEngine) rewrite(route Route, r *http.Request) *Action {
	rw := e.rewrites[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}]
	if rw == nil {
		return nil
	}
	var target string
	if rw.re != nil {
		current := tinEntryPath(r)
		if !rw.re.MatchString(current) {
			return nil
		}
		target = rw.re.ReplaceAllString(current, rw.replacement)
	} else {
		target = tinCaptureRef.ReplaceAllString(rw.replacement, "")
	}
	if target == "" {
		return &Action{Status: http.StatusInternalServerError}
	}
	if rw.absolute {
		u, err := url.Parse(target)
		if err != nil {
			return &Action{Status: http.StatusInternalServerError}
		}
		if u.RawQuery == "" && r.URL.RawQuery != "" {
			u.RawQuery = r.URL.RawQuery
		}
		return &Action{Redirect: Redirect{Status: http.StatusFound, Location: u.String()}}
	}
	p, err := url.PathUnescape(target)
	if err != nil {
		return &Action{Status: http.StatusInternalServerError}
	}
	if p != "" && (&url.URL{Path: p, RawPath: target}).JoinPath().Path != p {
		return &Action{Status: http.StatusBadRequest}
	}
	return nil
}
