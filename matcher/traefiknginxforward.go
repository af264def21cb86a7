package matcher

// What Traefik's ingress-nginx provider does to a request a router
// forwards (pkg/provider/kubernetes/ingress-nginx, v3.7: middleware.go,
// translator.go; the middlewares of pkg/middlewares/ingressnginx):
// upstream-vhost, backend-protocol, auth-url and auth-type, and
// default-backend with custom-http-errors. x-forwarded-prefix belongs to
// the rewrite-target middleware (tinRewrite). tinForwardOf reads them for
// a location; traefikEngine.forward puts them on a request's action.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress"
	networkingv1 "k8s.io/api/networking/v1"
)

// tinForward is what a location's middlewares do to the requests its
// router forwards.
type tinForward struct {
	// host is the UpstreamVHost middleware's Host, the location's
	// variables filled in (middleware.go, buildUpstreamVhost).
	host string
	// protocol is the Service's scheme (parseBackendProtocol): "HTTPS"
	// for HTTPS and GRPCS, "GRPC" for GRPC (h2c), "" for HTTP.
	protocol string
	// auth is the Snippet middleware's external authentication
	// (buildSnippetAuth) and the BasicAuth or DigestAuth middleware.
	auth *Auth
	// badAuth: the auth-url is no URL an http.Client can ask, and the
	// middleware answers every request 500 (snippet.go).
	badAuth bool
	// defaultBackend and errorCodes: default-backend, and the statuses of
	// custom-http-errors, which the provider installs only with it
	// (buildCustomHTTPErrors: a provider-level default backend, which the
	// profile does not model, aside).
	defaultBackend string
	errorCodes     []int
}

// tinForwardOf reads a location's forwarding annotations; ok is false (and
// reported) when the provider cannot build one of the middlewares, which
// puts the router in error.
// Each Ingress's diagnostics are reported once, not per path.
func (e *traefikEngine) tinForwardOf(m *Matcher, route Route, c tinConfig) (fw *tinForward, ok bool) {
	report := func(d ingress.Diagnostic) {
		if e.fwReported[route.Ingress] {
			return
		}
		if e.fwReported == nil {
			e.fwReported = map[*networkingv1.Ingress]bool{}
		}
		e.fwReported[route.Ingress] = true
		m.diags = append(m.diags, d)
	}
	var f tinForward
	if c.vhost != nil {
		if *c.vhost == "" {
			report(ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: "metadata.annotations[" + nginxUpstreamVhost + "]",
				Message: "upstream-vhost is empty: Traefik's UpstreamVHost middleware refuses it, which puts the Ingress's routers in error"})
			return nil, false
		}
		f.host = tinVhost(*c.vhost, route)
	}
	switch strings.ToUpper(c.protocol) { // not trimmed
	case "HTTPS", "GRPCS":
		f.protocol = "HTTPS"
	case "GRPC":
		f.protocol = "GRPC"
	}
	if c.authURL != "" {
		f.auth = &Auth{URL: c.authURL, Method: c.authMethod}
		if c.authSignin != "" {
			signIn := c.authSignin
			if !strings.Contains(signIn, "rd=") {
				sep := "?"
				if strings.Contains(signIn, "?") {
					sep = "&"
				}
				signIn += sep + "rd=" + tinRequestURL
			}
			f.auth.SignIn = signIn
		}
		method := c.authMethod
		if method == "" {
			method = http.MethodGet
		}
		if u, err := url.Parse(c.authURL); err != nil || u.Scheme == "" || u.Host == "" || !tinToken(method) {
			f.badAuth = true
		}
	}
	if c.authType != "" {
		if f.auth == nil {
			f.auth = &Auth{}
		}
		f.auth.Basic = c.authType
	}
	f.defaultBackend = c.defaultBackend
	if c.errors != nil && c.defaultBackend != "" {
		for _, s := range strings.Split(*c.errors, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				report(ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: route.Ingress, Field: "metadata.annotations[" + nginxCustomHTTPErrors + "]",
					Message: fmt.Sprintf("custom-http-errors entry %q is no status: Traefik's errors middleware refuses it, which puts the Ingress's routers in error", s)})
				return nil, false
			}
			f.errorCodes = append(f.errorCodes, n)
		}
	}
	if f.host == "" && f.protocol == "" && f.auth == nil && f.defaultBackend == "" && f.errorCodes == nil {
		return nil, true
	}
	return &f, true
}

// tinRequestURL is how the snippet middleware names the request's URL in
// the sign-in redirect.
const tinRequestURL = "$scheme://$best_http_host$escaped_request_uri"

// tinToken reports whether a method is an HTTP token, which
// http.NewRequest requires.
func tinToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// tinVhost fills in the variables the provider gives upstream-vhost from
// the location; other variables are the request's, kept as written.
func tinVhost(v string, route Route) string {
	if !strings.Contains(v, "$") {
		return v
	}
	path, svc, port := "", "", ""
	if route.Path != nil {
		path = route.Path.Path
	}
	if s := route.Backend.Service; s != nil {
		svc = s.Name
		if s.Port.Name != "" {
			port = s.Port.Name
		} else {
			port = strconv.Itoa(int(s.Port.Number))
		}
	}
	return strings.NewReplacer("$namespace", route.Ingress.Namespace, "$ingress_name", route.Ingress.Name,
		"$location_path", path, "$service_name", svc, "$service_port", port).Replace(v)
}

// setForward records the forwarding of a route's router.
func (e *traefikEngine) setForward(route Route, fw *tinForward) {
	if fw == nil {
		return
	}
	if e.forwards == nil {
		e.forwards = map[tinLocation]*tinForward{}
	}
	e.forwards[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}] = fw
}

// forward puts a forwarded request's forwarding on its action: the Host
// and protocol the backend receives, the authentication asked first (a
// 500 when its URL is none the middleware can ask) with the sign-in
// redirect's URL filled in as the middleware fills it (the request's Host
// and URI after upstream-vhost and rewrite-target, the URI
// query-escaped), the error pages.
func (e *traefikEngine) forward(route Route, r *http.Request) Route {
	fw := e.forwards[tinLocation{route.Ingress, route.RuleIndex, route.PathIndex}]
	if fw == nil {
		return route
	}
	var out Action
	if route.Action != nil {
		out = *route.Action
	}
	if fw.badAuth {
		route.Action = &Action{Status: http.StatusInternalServerError}
		return route
	}
	host := r.Host
	if fw.host != "" || fw.protocol != "" {
		up := Upstream{}
		if out.Upstream != nil {
			up = *out.Upstream
		}
		up.Host, up.Protocol = fw.host, fw.protocol
		out.Upstream = &up
		if fw.host != "" {
			host = fw.host
		}
	}
	if au := fw.auth; au != nil {
		a := *au
		if a.SignIn != "" {
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			uri := r.URL.RequestURI()
			if up := out.Upstream; up != nil && up.Path != "" {
				uri = (&url.URL{Path: up.Path, RawQuery: r.URL.RawQuery}).RequestURI()
			}
			a.SignIn = strings.NewReplacer("$scheme", scheme, "$best_http_host", host, "$escaped_request_uri", url.QueryEscape(uri)).Replace(a.SignIn)
		}
		out.Auth = &a
	}
	if fw.defaultBackend != "" {
		out.DefaultBackend = &networkingv1.IngressServiceBackend{Name: fw.defaultBackend}
	}
	out.ErrorCodes = slices.Clone(fw.errorCodes) // the caller's
	route.Action = &out
	return route
}
