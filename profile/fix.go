package profile

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// fix says what restores, under the profile to, the answer the profile
// from gives the example's request: the field, annotation or resource of
// the target that expresses it, or that nothing can. The causes it knows:
// an https redirect; ingress-nginx's 301 to the path with its trailing
// slash; an app-root 302; a path read as a regular expression;
// ingress-nginx's decoding of the whole path; a default backend or an
// ImplementationSpecific path that only one of them routes; and precedence
// between two paths.
func fix(from, to Profile, ex Example, regexHosts map[string]bool) string {
	a, b, p := ex.From, ex.To, ex.Probe
	if f, ok := canaryFix(to, ex); ok {
		return f
	}
	if a.Kind == "backend" && b.Kind == "backend" && !sameAccess(a.Access, b.Access) {
		if a.Access != nil {
			return fmt.Sprintf("%s admits %s here; %s admits every client: %s", from.Name, accessText(a.Access), to.Name, accessHow[to.Name])
		}
		return fmt.Sprintf("%s admits only %s here (allowlist-source-range or denylist-source-range); remove the annotation to admit every client, as %s does", to.Name, accessText(b.Access), from.Name)
	}
	if a.Passthrough != b.Passthrough && (a.Kind == "backend" || b.Kind == "backend") {
		if b.Passthrough {
			return fmt.Sprintf("%s passes TLS connections for %s through to %s undecrypted (ssl-passthrough, which ingress-nginx honours only when started with --enable-ssl-passthrough): remove the annotation from %s/%s to keep routing by path", to.Name, p.Host, backend.String(b.Route.Backend), b.Route.Ingress.Namespace, b.Route.Ingress.Name)
		}
		return fmt.Sprintf("%s terminates TLS for %s and routes by path: pass it through with %s", to.Name, p.Host, passthroughHow[to.Name])
	}
	if a.Kind == "backend" && b.Kind == "backend" {
		if d := a.Forwarding.Differences(b.Forwarding, decodedPath(p.Target)); len(d) > 0 {
			return forwardingFix(to, a.Forwarding, b.Forwarding, d)
		}
	}
	// A wildcard host that matches deeper names under the target.
	if r := b.Route; a.Kind == "no route" && b.Kind != "no route" && strings.HasPrefix(r.Host, "*.") && strings.Count(p.Host, ".") > strings.Count(r.Host, ".") {
		return fmt.Sprintf("cannot be expressed: %s's %q matches names of any depth (%s), %s's one label; a rule for the deeper names under another Ingress class, or clients that do not use them", to.Name, r.Host, p.Host, from.Name)
	}
	// One of them does not load the Ingress (or the path) at all.
	if r := a.Route; a.Kind != "no route" && a.Kind != "bad request" && b.Kind == "no route" && r.Ingress != nil {
		if why, ok := skipped(to, r.Ingress, r.Field()); ok {
			return fmt.Sprintf("%s does not route %s/%s %s: %s; change that to keep today's answers", to.Name, r.Ingress.Namespace, r.Ingress.Name, r.Field(), why)
		}
	}
	if r := b.Route; b.Kind != "no route" && b.Kind != "bad request" && a.Kind == "no route" && r.Ingress != nil {
		if why, ok := skipped(from, r.Ingress, r.Field()); ok {
			return fmt.Sprintf("%s does not route %s/%s %s (%s), and %s does: remove it, or that path, to keep today's 404", from.Name, r.Ingress.Namespace, r.Ingress.Name, r.Field(), why, to.Name)
		}
	}
	switch {
	case httpsRedirect(p, a) && !httpsRedirect(p, b):
		return httpsFix[to.Name]
	case httpsRedirect(p, b) && !httpsRedirect(p, a):
		return noHTTPSFix[to.Name]
	case a.Kind == "redirect" && a.Redirect.Status == 301 && strings.HasPrefix(a.Redirect.Location, "/") && strings.HasSuffix(a.Redirect.Location, "/"):
		path := strings.TrimSuffix(a.Redirect.Location, "/")
		return fmt.Sprintf(slashFix[to.Name], path, path+"/")
	case a.Kind == "redirect" && a.Redirect.Status == 302 && strings.HasPrefix(a.Redirect.Location, "/"):
		return fmt.Sprintf(appRootFix[to.Name], a.Redirect.Location)
	case a.Kind == "redirect" && !httpsRedirect(p, a) && (redirectClass(a.Redirect.Location) == "url" || redirectClass(a.Redirect.Location) == "https"):
		if f, ok := urlRedirectFix[to.Name]; ok {
			return fmt.Sprintf(f, a.Redirect.Location, a.Redirect.Status)
		}
	case httpsRedirect(p, a) && httpsRedirect(p, b):
		return fmt.Sprintf("cannot be expressed: both redirect to https, to different Locations (%s, %s); %s writes its own", a.Redirect.Location, b.Redirect.Location, to.Name)
	}
	// The target sends the requests to a default backend or a rule
	// without host that the source keeps away from them.
	if r := b.Route; b.Kind == "backend" && r.Ingress != nil && !(a.Kind == "backend" && a.Route.Ingress == r.Ingress && a.Route.Path == r.Path) {
		name := r.Ingress.Namespace + "/" + r.Ingress.Name
		switch {
		case r.Path == nil && len(r.Ingress.Spec.Rules) == 0:
			return fmt.Sprintf("give %s a rule for the hosts it should serve instead of a spec.defaultBackend alone: %s sends other hosts' requests to it", name, to.Name)
		case r.Path != nil && r.Host == "":
			return fmt.Sprintf("give the rule of %s %s a host: under %s a rule without host competes with the rules of every host", name, r.Field(), to.Name)
		case r.Path != nil && a.Kind == "no route" && (to.Name == Traefik.Name || to.Name == TraefikIngressNGINX.Name) &&
			(r.Path.PathType == nil || *r.Path.PathType != networkingv1.PathTypeExact):
			if to.Name == Traefik.Name {
				return fmt.Sprintf("Traefik's PathPrefix is a string prefix (%q matches %sx): the provider option providers.kubernetesIngress.strictPrefixMatching=true (v3.5+, the traefik-strict profile), or traefik.ingress.kubernetes.io/router.pathmatcher: PathRegexp with the path written ^%s(/|$)", r.Path.Path, strings.TrimSuffix(r.Path.Path, "/"), strings.TrimSuffix(r.Path.Path, "/"))
			}
		}
	}
	switch {
	case a.Kind == "bad request" && from.Name == IngressNGINX.Name:
		return fmt.Sprintf("cannot be expressed: ingress-nginx refuses (400) a path that climbs above the root or decodes to an invalid one before routing; %s has no rule for it", to.Name)
	case b.Kind == "bad request" && to.Name == IngressNGINX.Name:
		return fmt.Sprintf("cannot be expressed: ingress-nginx refuses (400) a path that climbs above the root or decodes to an invalid one before routing, which %s routed", from.Name)
	}
	// The target reads as a literal a path the source reads as a regular
	// expression, and routes the literal request.
	if r := b.Route; b.Kind == "backend" && r.Path != nil && regexHosts[r.Host] && from.Name == IngressNGINX.Name && a.Route.Path != r.Path {
		if f, ok := regexFix[to.Name]; ok {
			return fmt.Sprintf(f, "(?i)^"+r.Path.Path, r.Path.Path)
		}
	}
	// A path the source profile reads as a regular expression: every
	// path of a host with use-regex or a rewrite-target.
	if r := a.Route; a.Kind == "backend" && r.Path != nil && regexHosts[r.Host] &&
		(from.Name == IngressNGINX.Name || from.Name == TraefikIngressNGINX.Name) && to.Name != from.Name {
		return fmt.Sprintf(regexFix[to.Name], "(?i)^"+r.Path.Path, r.Path.Path)
	}
	if rp := requestPath(p.Target); to.Name == HAProxy.Name && a.Kind != b.Kind && (strings.Contains(rp, "/./") || strings.Contains(rp, "/../") || strings.HasSuffix(rp, "/.") || strings.HasSuffix(rp, "/..") || strings.Contains(rp, "//") || strings.Contains(rp, "%")) {
		return "cannot be expressed: haproxy-ingress matches the path as received (dot segments not resolved, slashes not merged, nothing decoded); clients must send normalised paths, or HAProxy must normalise them first (http-request normalize-uri in a config snippet)"
	}
	if from.Name == IngressNGINX.Name && strings.Contains(requestPath(p.Target), "%") {
		return fmt.Sprintf("cannot be expressed: ingress-nginx decodes the whole path (%%2F included) before matching, %s matches it as sent; clients must send these paths unencoded", to.Name)
	}
	if strings.Contains(requestPath(p.Target), "//") {
		if f, ok := slashesFix[to.Name]; ok {
			return f
		}
	}
	// The target reads an ImplementationSpecific path (or one without
	// pathType) its own way.
	if r := b.Route; b.Kind == "backend" && r.Path != nil && (r.Path.PathType == nil || *r.Path.PathType == networkingv1.PathTypeImplementationSpecific) &&
		!(a.Kind == "backend" && a.Route.Path == r.Path) && !regexHosts[r.Host] {
		return fmt.Sprintf("give %s/%s %s the pathType Prefix or Exact: %s reads ImplementationSpecific %q its own way", r.Ingress.Namespace, r.Ingress.Name, r.Field(), to.Name, r.Path.Path)
	}
	switch {
	case a.Kind == "backend" && b.Kind == "backend" && a.Route.Path != nil:
		if f, ok := precedenceFix[to.Name]; ok {
			return fmt.Sprintf(f, a.Route.Ingress.Namespace+"/"+a.Route.Ingress.Name)
		}
		return fmt.Sprintf("cannot be expressed: %s ranks the paths by its own fixed rules; make the paths not overlap (a path of its own for these requests, or another host)", to.Name)
	case a.Kind == "backend" && b.Kind == "no route" && a.Route.Path == nil && a.Route.Ingress != nil:
		return fmt.Sprintf("a Prefix path / to %s on the rule of the request's host: %s does not send requests of a host with rules to spec.defaultBackend", backend.String(a.Route.Backend), to.Name)
	case a.Kind == "backend" && b.Kind == "no route" && a.Route.Path != nil:
		if pt := a.Route.Path.PathType; pt == nil || *pt == networkingv1.PathTypeImplementationSpecific {
			return fmt.Sprintf("give %s %s the pathType Prefix or Exact, which %s reads as %s does", a.Route.Ingress.Namespace+"/"+a.Route.Ingress.Name, a.Route.Field(), to.Name, from.Name)
		}
	}
	return ""
}

// requestPath is the path of a request target, without its query.
func requestPath(target string) string {
	if i := strings.IndexByte(target, '?'); i >= 0 {
		return target[:i]
	}
	return target
}

const cannotIngress = "cannot be expressed: the Ingress API has no redirects, and %s reads no annotation for one"

var httpsFix = map[string]string{
	"default":               fmt.Sprintf(cannotIngress, "the default profile"),
	"ingress-nginx":         `spec.tls for the host (ssl-redirect is on by default) or nginx.ingress.kubernetes.io/force-ssl-redirect: "true"`,
	"traefik-ingress-nginx": `nginx.ingress.kubernetes.io/force-ssl-redirect: "true", or spec.tls, on every Ingress of the host: Traefik's provider redirects per Ingress, not per host`,
	"traefik":               "a RedirectScheme middleware (scheme: https, permanent: true) named in traefik.ingress.kubernetes.io/router.middlewares on the routers of the web entry point, or the entry point's http.redirections",
	"traefik-strict":        "a RedirectScheme middleware (scheme: https, permanent: true) named in traefik.ingress.kubernetes.io/router.middlewares on the routers of the web entry point, or the entry point's http.redirections",
	"contour":               `spec.tls for the host (Contour then answers cleartext requests with 301 to https) or ingress.kubernetes.io/force-ssl-redirect: "true"`,
	"istio":                 "tls.httpsRedirect: true on the Gateway's cleartext server",
	"haproxy":               `spec.tls for the host (haproxy-ingress redirects by default) or haproxy-ingress.github.io/ssl-redirect: "true"`,
	"gateway-api":           "an HTTPRoute on the Gateway's http listener whose rule has a RequestRedirect filter (scheme: https, statusCode: 308)",
}

var noHTTPSFix = map[string]string{
	"default":               "",
	"ingress-nginx":         `nginx.ingress.kubernetes.io/ssl-redirect: "false" on the Ingresses of the host`,
	"traefik-ingress-nginx": `nginx.ingress.kubernetes.io/ssl-redirect: "false" on the Ingress`,
	"traefik":               "remove the RedirectScheme middleware or the entry point's redirection for these routers",
	"traefik-strict":        "remove the RedirectScheme middleware or the entry point's redirection for these routers",
	"contour":               "cannot be expressed with an Ingress: Contour redirects every cleartext request of a host with TLS (an HTTPProxy route can set permitInsecure: true)",
	"istio":                 "tls.httpsRedirect: false on the Gateway's cleartext server",
	"haproxy":               `haproxy-ingress.github.io/ssl-redirect: "false"`,
	"gateway-api":           "attach the HTTPRoute to the http listener without a RequestRedirect filter",
}

var slashFix = map[string]string{
	"default":               "cannot be expressed: the Ingress API has no redirects (%s → %s)",
	"ingress-nginx":         "write the path with its trailing slash (%s → %s is ingress-nginx's own)",
	"traefik-ingress-nginx": "cannot be expressed: Traefik's ingress-nginx provider writes no trailing-slash redirect (%s → %s); a RedirectRegex middleware in a Traefik IngressRoute can",
	"traefik":               "a RedirectRegex middleware (regex ^(https?://[^/]+%s)(\\?.*)?$, replacement ${1}/${2}, permanent: true) on the router (→ %s)",
	"traefik-strict":        "a RedirectRegex middleware (regex ^(https?://[^/]+%s)(\\?.*)?$, replacement ${1}/${2}, permanent: true) on the router (→ %s)",
	"contour":               "an HTTPProxy route with the condition exact: %s and a requestRedirectPolicy (path: %s, statusCode: 301)",
	"istio":                 "a VirtualService http route matching uri exact: %s with redirect (uri: %s, redirectCode: 301)",
	"haproxy":               "cannot be expressed with an Ingress under haproxy-ingress (%s → %s)",
	"gateway-api":           "a rule matching Exact %s with a RequestRedirect filter (path: ReplaceFullPath %s, statusCode: 301)",
}

var appRootFix = map[string]string{
	"default":               "cannot be expressed: the Ingress API has no redirects (/ → %s)",
	"ingress-nginx":         "nginx.ingress.kubernetes.io/app-root: %s",
	"traefik-ingress-nginx": "nginx.ingress.kubernetes.io/app-root: %s on the Ingress whose path serves / (the provider applies it per Ingress)",
	"traefik":               "a RedirectRegex middleware (regex ^(https?://[^/]+)/$, replacement ${1}%s) on the router of /",
	"traefik-strict":        "a RedirectRegex middleware (regex ^(https?://[^/]+)/$, replacement ${1}%s) on the router of /",
	"contour":               "an HTTPProxy route with the condition exact: / and a requestRedirectPolicy (path: %s, statusCode: 302)",
	"istio":                 "a VirtualService http route matching uri exact: / with redirect (uri: %s, redirectCode: 302)",
	"haproxy":               "haproxy-ingress.github.io/app-root: %s",
	"gateway-api":           "a rule matching Exact / with a RequestRedirect filter (path: ReplaceFullPath %s, statusCode: 302)",
}

var regexFix = map[string]string{
	"default":               "cannot be expressed: the Ingress API has no regular expressions (ingress-nginx reads %s; the path is %q)",
	"ingress-nginx":         "nginx.ingress.kubernetes.io/use-regex: \"true\" on an Ingress of the host (it reads %s; the path is %q)",
	"traefik":               "traefik.ingress.kubernetes.io/router.pathmatcher: PathRegexp, with the path written %s (the path is %q)",
	"traefik-strict":        "traefik.ingress.kubernetes.io/router.pathmatcher: PathRegexp, with the path written %s (the path is %q)",
	"contour":               "an HTTPProxy route with the condition regex: %s.* (ingress-nginx's reading of %q: case-insensitive, anchored at the start only)",
	"istio":                 "a VirtualService http route matching uri regex: %s.* (the path is %q)",
	"haproxy":               "haproxy-ingress.github.io/path-type: regex, with the path written %s (the path is %q)",
	"traefik-ingress-nginx": "pathType Prefix or ImplementationSpecific instead of Exact: under use-regex Traefik's provider reads those as PathRegexp(\"%s\") as ingress-nginx does, but keeps Exact %q a Path()",
	"gateway-api":           "a RegularExpression path match %s.* (ingress-nginx's reading of %q: case-insensitive, anchored at the start only)",
}

// urlRedirectFix answers every request of a path with a redirect to a URL
// (ingress-nginx's permanent-redirect and temporal-redirect).
var urlRedirectFix = map[string]string{
	"default":               "cannot be expressed: the Ingress API has no redirects (%s, %d)",
	"ingress-nginx":         "nginx.ingress.kubernetes.io/permanent-redirect: %s (permanent-redirect-code: %d; temporal-redirect for a 302)",
	"traefik-ingress-nginx": "nginx.ingress.kubernetes.io/permanent-redirect: %s (permanent-redirect-code: %d; temporal-redirect for a 302)",
	"traefik":               "a RedirectRegex middleware (regex .*, replacement %s; status %d: permanent for 301/308) named in traefik.ingress.kubernetes.io/router.middlewares",
	"traefik-strict":        "a RedirectRegex middleware (regex .*, replacement %s; status %d: permanent for 301/308) named in traefik.ingress.kubernetes.io/router.middlewares",
	"contour":               "an HTTPProxy route with a requestRedirectPolicy to %s (statusCode %d; Contour accepts 301 and 302)",
	"istio":                 "a VirtualService http route with redirect to %s (redirectCode %d)",
	"haproxy":               "haproxy-ingress.github.io/redirect-to: %s (redirect-to-code: %d)",
	"gateway-api":           "a RequestRedirect filter on the rule to %s (scheme, hostname and a ReplaceFullPath path; statusCode %d — the core values are 301 and 302)",
}

// slashesFix is what makes the target merge repeated slashes as
// ingress-nginx and Traefik do, where it can.
var slashesFix = map[string]string{
	"istio":       "meshConfig.pathNormalization.normalization: MERGE_SLASHES (Envoy's merge_slashes; Istio keeps repeated slashes by default)",
	"haproxy":     "cannot be expressed: HAProxy matches the path as sent, repeated slashes included",
	"gateway-api": "cannot be expressed in an HTTPRoute: path normalisation is the implementation's",
	"default":     "cannot be expressed: the default profile matches the path as normalised by its policy (matcher.WithPathPolicy)",
}

var precedenceFix = map[string]string{
	"traefik":               "traefik.ingress.kubernetes.io/router.priority on %s, above the competing router's (by default the length of its rule)",
	"traefik-strict":        "traefik.ingress.kubernetes.io/router.priority on %s, above the competing router's (by default the length of its rule)",
	"traefik-ingress-nginx": "cannot be expressed with Traefik's ingress-nginx provider, which ranks routers by the length of their rule (%s's path loses); a Traefik IngressRoute with a priority can",
}

// canaryFix is the fix of a difference a canary Ingress makes: one
// outcome is a canary's route, or lists a canary that takes the request by
// chance.
func canaryFix(to Profile, ex Example) (string, bool) {
	var can *networkingv1.Ingress
	for _, o := range []Outcome{ex.From, ex.To} {
		switch {
		case o.Kind != "backend":
		case o.Alternative != nil:
			can = o.Alternative.Route.Ingress
		case o.Route.Ingress != nil && isCanary(o.Route.Ingress):
			can = o.Route.Ingress
		}
	}
	if can == nil {
		return "", false
	}
	name := can.Namespace + "/" + can.Name
	if how, ok := canaryReading[to.Name]; ok {
		return fmt.Sprintf("cannot be expressed with the canary annotations: %s picks canary %s its own way (%s); keep one canary per Service, with the host, path and pathType of every path of that Service, and clients sending the header and cookie as both read them", to.Name, name, how), true
	}
	return fmt.Sprintf("%s has no canary Ingresses and routes %s's paths as ordinary ones: split the traffic with %s", to.Name, name, canarySplit[to.Name]), true
}

// canaryReading says how the profiles that know canary Ingresses pick
// one.
var canaryReading = map[string]string{
	IngressNGINX.Name:        "the first canary merged into the Service port's upstream; the header (any case, lines joined by \", \"), then the cookie (any case, pairs split at ';' and ','), then the weight",
	TraefikIngressNGINX.Name: "the last canary of the Service, on every path of it; header and cookie routers ranked by the length of their rule like any router, the cookie's name case-sensitive, each header line on its own",
}

// canarySplit is what splits traffic by header, cookie or weight under the
// profiles that know no canary Ingress.
var canarySplit = map[string]string{
	Default.Name:       "the controller's own traffic splitting",
	Traefik.Name:       "a TraefikService of kind Weighted and an IngressRoute whose rule adds Header() or HeaderRegexp(\"Cookie\", …)",
	TraefikStrict.Name: "a TraefikService of kind Weighted and an IngressRoute whose rule adds Header() or HeaderRegexp(\"Cookie\", …)",
	Contour.Name:       "an HTTPProxy route with weighted services and header conditions",
	Istio.Name:         "a VirtualService route with headers matches and weighted destinations",
	HAProxy.Name:       "haproxy-ingress's blue-green-deploy and blue-green-header annotations",
	GatewayAPI.Name:    "an HTTPRoute rule with headers matches and weighted backendRefs",
}

// skipped returns why the profile routes nothing of the Ingress, or of
// the field (a path, spec.defaultBackend), compiled alone: its diagnostic.
func skipped(p Profile, ing *networkingv1.Ingress, field string) (string, bool) {
	for _, d := range p.Compile([]*networkingv1.Ingress{ing}).Diagnostics() {
		if d.Object == ing && d.Kind == matcher.PathSkipped && d.Severity >= ingress.Warning && (strings.HasPrefix(d.Field, "metadata.") || field != "" && (d.Field == field || strings.HasPrefix(d.Field, field+"."))) {
			return d.Message, true
		}
	}
	return "", false
}

// decodedPath is the path of a request target, as a backend that gets the
// request unchanged reads it.
func decodedPath(target string) string {
	if u, err := url.ParseRequestURI(target); err == nil {
		return u.Path
	}
	return target
}

// forwardingFix says how the request the backend receives differs (d, from
// Forwarding.Differences) and what expresses each part under the profile
// to.
func forwardingFix(to Profile, a, b *Forwarding, d []string) string {
	var x, y Forwarding
	if a != nil {
		x = *a
	}
	if b != nil {
		y = *b
	}
	var ux, uy matcher.Upstream
	if x.Upstream != nil {
		ux = *x.Upstream
	}
	if y.Upstream != nil {
		uy = *y.Upstream
	}
	var how []string
	add := func(differ bool, what string, m map[string]string) {
		if differ {
			how = append(how, what+": "+m[to.Name])
		}
	}
	add(ux.RewriteTarget != uy.RewriteTarget || ux.Path != uy.Path, "the path", rewriteHow)
	add(ux.Host != uy.Host, "the Host header", vhostHow)
	add(ux.ForwardedPrefix != uy.ForwardedPrefix, "X-Forwarded-Prefix", prefixHow)
	add(ux.Protocol != uy.Protocol, "the protocol", protocolHow)
	add(!reflect.DeepEqual(x.Auth, y.Auth), "authentication", authHow)
	add(!slices.Equal(x.ErrorCodes, y.ErrorCodes) || x.DefaultBackend != y.DefaultBackend, "error pages", errorPagesHow)
	msg := "the backend receives another request: " + strings.Join(d, "; ") + ". Under " + to.Name + ", " + strings.Join(how, "; ")
	if to.Name == TraefikIngressNGINX.Name {
		for _, h := range how {
			if strings.HasPrefix(h, "authentication") || strings.HasPrefix(h, "error pages") {
				msg += " (the profile reads the provider's authentication and error pages from its code; the parity test does not run them)"
				break
			}
		}
	}
	return msg
}

// What expresses, under each profile, each part of the request a backend
// receives that ingress-nginx's annotations change.
var (
	rewriteHow = map[string]string{
		Default.Name:             "the controller's own path rewrite",
		IngressNGINX.Name:        "rewrite-target, groups of a use-regex path as $1 to $9",
		Traefik.Name:             "a ReplacePathRegex middleware (traefik.ingress.kubernetes.io/router.middlewares)",
		TraefikStrict.Name:       "a ReplacePathRegex middleware (traefik.ingress.kubernetes.io/router.middlewares)",
		TraefikIngressNGINX.Name: "a path expression that matches the whole path (ending in .*) with use-regex: the provider's rewrite-target replaces only the part the expression matches, ingress-nginx's the whole path",
		Contour.Name:             "an HTTPProxy route's pathRewritePolicy (replacePrefix; no groups)",
		Istio.Name:               "a VirtualService route's rewrite.uri, or rewrite.uriRegexRewrite for groups",
		HAProxy.Name:             "haproxy-ingress's rewrite-target annotation",
		GatewayAPI.Name:          "a URLRewrite filter (ReplacePrefixMatch or ReplaceFullPath; no groups)",
	}
	vhostHow = map[string]string{
		Default.Name:             "the controller's own Host rewrite",
		IngressNGINX.Name:        "upstream-vhost",
		Traefik.Name:             "a Headers middleware setting the Host request header",
		TraefikStrict.Name:       "a Headers middleware setting the Host request header",
		TraefikIngressNGINX.Name: "upstream-vhost, which the provider reads, filling in $namespace, $ingress_name, $service_name, $service_port and $location_path",
		Contour.Name:             "an HTTPProxy route's requestHeadersPolicy setting Host",
		Istio.Name:               "a VirtualService route's rewrite.authority",
		HAProxy.Name:             "haproxy-ingress's backend configuration (http-request set-header Host)",
		GatewayAPI.Name:          "a URLRewrite filter's hostname",
	}
	prefixHow = map[string]string{
		Default.Name:             "the controller's own request headers",
		IngressNGINX.Name:        "x-forwarded-prefix, with rewrite-target",
		Traefik.Name:             "a Headers middleware setting X-Forwarded-Prefix (StripPrefix sets it itself)",
		TraefikStrict.Name:       "a Headers middleware setting X-Forwarded-Prefix (StripPrefix sets it itself)",
		TraefikIngressNGINX.Name: "x-forwarded-prefix with a path expression that matches the whole path: the provider's header is the path with the match replaced",
		Contour.Name:             "an HTTPProxy route's requestHeadersPolicy setting X-Forwarded-Prefix",
		Istio.Name:               "a VirtualService route's headers.request.set",
		HAProxy.Name:             "haproxy-ingress's backend configuration (http-request set-header)",
		GatewayAPI.Name:          "a RequestHeaderModifier filter setting X-Forwarded-Prefix",
	}
	protocolHow = map[string]string{
		Default.Name:             "the controller's own upstream protocol",
		IngressNGINX.Name:        "backend-protocol",
		Traefik.Name:             "the Service annotation traefik.ingress.kubernetes.io/service.serversscheme (https, h2c)",
		TraefikStrict.Name:       "the Service annotation traefik.ingress.kubernetes.io/service.serversscheme (https, h2c)",
		TraefikIngressNGINX.Name: "backend-protocol in upper case without spaces (GRPCS is https, AUTO_HTTP and FCGI are http; a spec.defaultBackend alone is always http)",
		Contour.Name:             "the Service annotations projectcontour.io/upstream-protocol.tls, .h2 or .h2c",
		Istio.Name:               "the Service port's appProtocol, or its name's prefix (grpc-, https-)",
		HAProxy.Name:             "haproxy-ingress's backend-protocol annotation",
		GatewayAPI.Name:          "the Service port's appProtocol (kubernetes.io/h2c), and a BackendTLSPolicy for TLS",
	}
	authHow = map[string]string{
		Default.Name:             "the controller's own authentication",
		IngressNGINX.Name:        "auth-url (auth-signin), or auth-type with auth-secret",
		Traefik.Name:             "a ForwardAuth middleware (BasicAuth or DigestAuth for auth-type)",
		TraefikStrict.Name:       "a ForwardAuth middleware (BasicAuth or DigestAuth for auth-type)",
		TraefikIngressNGINX.Name: "auth-url and auth-type, which the provider reads (its sign-in parameter is always rd, and an auth-url without scheme and host answers 500)",
		Contour.Name:             "an HTTPProxy's spec.virtualhost.authorization with an ExtensionService",
		Istio.Name:               "an AuthorizationPolicy with action CUSTOM and an ext_authz extensionProvider",
		HAProxy.Name:             "haproxy-ingress's auth-url or auth-type annotations",
		GatewayAPI.Name:          "no standard filter: the implementation's own (an ExternalAuth filter is experimental)",
	}
	errorPagesHow = map[string]string{
		Default.Name:             "the controller's own error pages",
		IngressNGINX.Name:        "custom-http-errors and default-backend",
		Traefik.Name:             "an Errors middleware (status, service, query)",
		TraefikStrict.Name:       "an Errors middleware (status, service, query)",
		TraefikIngressNGINX.Name: "custom-http-errors with default-backend on the same Ingress (without it the provider installs no error pages)",
		Contour.Name:             "no HTTPProxy field: cannot be expressed",
		Istio.Name:               "no VirtualService field (an EnvoyFilter): cannot be expressed portably",
		HAProxy.Name:             "haproxy-ingress's own error pages configuration",
		GatewayAPI.Name:          "no standard filter: cannot be expressed portably",
	}
)

// passthroughHow is what passes TLS connections through by server name
// under each profile.
var passthroughHow = map[string]string{
	Default.Name:             "the controller's own TLS passthrough",
	IngressNGINX.Name:        "the ssl-passthrough annotation and the controller flag --enable-ssl-passthrough",
	Traefik.Name:             "an IngressRouteTCP with HostSNI and tls.passthrough: true",
	TraefikStrict.Name:       "an IngressRouteTCP with HostSNI and tls.passthrough: true",
	TraefikIngressNGINX.Name: "the ssl-passthrough annotation on an Ingress whose rule for the host has a path /",
	Contour.Name:             "an HTTPProxy with spec.tcpproxy and spec.virtualhost.tls.passthrough: true",
	Istio.Name:               "a Gateway server with tls.mode PASSTHROUGH and a VirtualService tls route",
	HAProxy.Name:             "haproxy-ingress's ssl-passthrough annotation",
	GatewayAPI.Name:          "a TLSRoute on a listener with tls.mode Passthrough",
}

// accessHow is what admits clients by address under each profile.
var accessHow = map[string]string{
	Default.Name:             "the controller's own address filter",
	IngressNGINX.Name:        "the allowlist-source-range and denylist-source-range annotations",
	Traefik.Name:             "an IPAllowList middleware (traefik.ingress.kubernetes.io/router.middlewares); no deny list",
	TraefikStrict.Name:       "an IPAllowList middleware (traefik.ingress.kubernetes.io/router.middlewares); no deny list",
	TraefikIngressNGINX.Name: "allowlist-source-range (an IPAllowList middleware); denylist-source-range is not read",
	Contour.Name:             "an HTTPProxy with spec.virtualhost.ipAllowPolicy and ipDenyPolicy",
	Istio.Name:               "an AuthorizationPolicy on the gateway with ipBlocks or remoteIpBlocks",
	HAProxy.Name:             "haproxy-ingress's allowlist-source-range and denylist-source-range annotations",
	GatewayAPI.Name:          "no standard field: the implementation's own policy",
}
