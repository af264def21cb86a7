package matcher_test

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// upstreamOf says what a request gets under RouteRequest, with what the
// backend receives: "svc path=/p host=h prefix=/x proto=GRPC", a status,
// a redirect "302 Location", or "no route".
func upstreamOf(t *testing.T, m *matcher.Matcher, host, target string) string {
	t.Helper()
	req := httptest.NewRequest("GET", "http://"+host+target, nil)
	r, err := m.RouteRequest(req)
	if err != nil {
		return "no route"
	}
	a := r.Action
	switch {
	case a == nil:
		return service(r.Backend)
	case a.Status != 0:
		return itoa(a.Status)
	case a.Redirect.Status != 0:
		return itoa(a.Redirect.Status) + " " + a.Redirect.Location
	}
	out := []string{service(r.Backend)}
	if u := a.Upstream; u != nil {
		for _, kv := range [][2]string{{"path", u.Path}, {"host", u.Host}, {"prefix", u.ForwardedPrefix}, {"proto", u.Protocol}} {
			if kv[1] != "" {
				out = append(out, kv[0]+"="+kv[1])
			}
		}
	}
	if au := a.Auth; au != nil {
		out = append(out, "auth="+au.URL+" "+au.Method+" signin="+au.SignIn+" basic="+au.Basic)
	}
	if a.DefaultBackend != nil {
		out = append(out, "default-backend="+a.DefaultBackend.Name)
	}
	if len(a.ErrorCodes) > 0 {
		out = append(out, fmt.Sprint("errors=", a.ErrorCodes))
	}
	return strings.Join(out, " ")
}

// upstreamCase is one Ingress on foo.com with one path and annotations
// (names without the prefix, then values), and requests with what
// upstreamOf must say of each.
type upstreamCase struct {
	name string
	ann  []string
	path networkingv1.HTTPIngressPath
	reqs []struct{ target, want string }
}

func (c upstreamCase) run(t *testing.T, d matcher.Dialect) {
	t.Helper()
	t.Run(c.name, func(t *testing.T) {
		var kv []string
		for i := 0; i+1 < len(c.ann); i += 2 {
			kv = append(kv, nginxPrefix+c.ann[i], c.ann[i+1])
		}
		ing := annotate(ingress("ns", "app", 0, rule("foo.com", c.path)), kv...)
		m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(d))
		for _, r := range c.reqs {
			if got := upstreamOf(t, m, "foo.com", r.target); got != r.want {
				t.Errorf("%s: got %q, want %q", r.target, got, r.want)
			}
		}
	})
}

// TestNGINXUpstream follows what ingress-nginx writes into a location for
// the requests it forwards (nginx.tmpl; template.go, buildProxyPass):
// rewrite-target as `rewrite "(?i)<path>" <target> break;`,
// x-forwarded-prefix only with it, upstream-vhost as the Host header,
// backend-protocol as the scheme of proxy_pass or grpc_pass.
func TestNGINXUpstream(t *testing.T) {
	for _, c := range []upstreamCase{
		{"rewrite with groups", []string{"rewrite-target", "/$2"}, path(specific, "/something(/|$)(.*)", "app"), []struct{ target, want string }{
			{"/something/new", "app path=/new"},
			{"/something", "app path=/"},
			{"/SOMETHING/x/y?q=1", "app path=/x/y"},
			{"/something/a%20b", "app path=/a b"},
			{"/other", "no route"},
		}},
		{"rewrite to a constant", []string{"rewrite-target", "/"}, path(prefix, "/foo", "app"), []struct{ target, want string }{
			{"/foo/bar", "app path=/"},
			{"/foobar", "app path=/"}, // a regular expression: no segment boundary
		}},
		{"a group that is absent is empty", []string{"rewrite-target", "/v1/$1$3"}, path(specific, "/api/(.*)", "app"), []struct{ target, want string }{
			{"/api/users", "app path=/v1/users"},
		}},
		{"$10 is $1 and 0", []string{"rewrite-target", "/$10"}, path(specific, "/api/(.*)", "app"), []struct{ target, want string }{
			{"/api/x", "app path=/x0"},
		}},
		{"another variable is kept as written", []string{"rewrite-target", "/$host/$1"}, path(specific, "/api/(.*)", "app"), []struct{ target, want string }{
			{"/api/x", "app path=/$host/x"},
		}},
		{"the target equal to the path rewrites nothing", []string{"rewrite-target", "/foo"}, path(exact, "/foo", "app"), []struct{ target, want string }{
			{"/foo", "app"},
		}},
		// A Prefix path is "/foo/" once split (location.go,
		// updateServerLocations): it rewrites, and the host's locations
		// become regular expressions; its exact twin "/foo" does not.
		{"a Prefix path equal to the target rewrites once split", []string{"rewrite-target", "/foo"}, path(prefix, "/foo", "app"), []struct{ target, want string }{
			{"/foo/bar", "app path=/foo"},
			{"/foo", "app"},
			{"/FOO", "app"},
			{"/foobar", "app"},
		}},
		{"an empty rewritten path is a 500", []string{"rewrite-target", "$2"}, path(specific, "/a(/|$)(.*)", "app"), []struct{ target, want string }{
			{"/a", "500"},
			{"/a/b", "app path=b"},
		}},
		{"a rewrite to a URL is a 302 with the query", []string{"rewrite-target", "https://example.org/$1"}, path(specific, "/old/(.*)", "app"), []struct{ target, want string }{
			{"/old/page?x=1", "302 https://example.org/page?x=1"},
			{"/old/page", "302 https://example.org/page"},
		}},
		{"a rewrite to $scheme", []string{"rewrite-target", "$scheme://example.org/"}, path(prefix, "/old", "app"), []struct{ target, want string }{
			{"/old", "302 http://example.org/"},
		}},
		{"a target that fails validation is absent", []string{"rewrite-target", "/a?b"}, path(prefix, "/foo", "app"), []struct{ target, want string }{
			{"/foo/bar", "app"},
		}},
		{"x-forwarded-prefix with the rewrite", []string{"rewrite-target", "/$3", "x-forwarded-prefix", "/$1"}, path(specific, "/(svc)(/|$)(.*)", "app"), []struct{ target, want string }{
			{"/svc/x", "app path=/x prefix=/svc"},
		}},
		{"x-forwarded-prefix alone is not written", []string{"x-forwarded-prefix", "/svc"}, path(prefix, "/svc", "app"), []struct{ target, want string }{
			{"/svc/x", "app"},
		}},
		{"upstream-vhost", []string{"upstream-vhost", "internal.example"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app host=internal.example"},
		}},
		{"upstream-vhost that fails validation refuses the Ingress", []string{"upstream-vhost", "a b"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "no route"},
		}},
		{"x-forwarded-prefix that fails validation refuses the Ingress", []string{"rewrite-target", "/", "x-forwarded-prefix", "/a?b"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "no route"},
		}},
		{"auth-secret of other characters denies the location", []string{"auth-type", "basic", "auth-secret", "ns/users;"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"auth-secret-type neither auth-file nor auth-map denies the location", []string{"auth-type", "basic", "auth-secret", "users", "auth-secret-type", "auth-file-x"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"auth-response-headers that are no names deny the location", []string{"auth-url", "http://auth.example/", "auth-response-headers", "X-User;"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"an invalid auth-cache-duration drops the authentication", []string{"auth-url", "http://auth.example/", "auth-cache-duration", "200 20m;"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app"},
		}},
		{"global-rate-limit-window that is no duration denies the location", []string{"global-rate-limit-window", "1 minute"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"backend-protocol", []string{"backend-protocol", " grpc "}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app proto=GRPC"},
		}},
		{"backend-protocol HTTP is the default", []string{"backend-protocol", "HTTP"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app"},
		}},
		{"backend-protocol unknown is HTTP", []string{"backend-protocol", "SPDY"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app"},
		}},
		{"permanent-redirect answers before the rewrite", []string{"rewrite-target", "/$1", "permanent-redirect", "https://example.org/"}, path(specific, "/a/(.*)", "app"), []struct{ target, want string }{
			{"/a/b", "301 https://example.org/"},
		}},
		{"everything together", []string{"rewrite-target", "/$1", "upstream-vhost", "in.example", "backend-protocol", "HTTPS", "use-regex", "true"}, path(specific, "/a/(.*)", "app"), []struct{ target, want string }{
			{"/a/b", "app path=/b host=in.example proto=HTTPS"},
		}},
		{"external authentication", []string{"auth-url", "http://auth.example/check", "auth-signin", "https://login.example/start"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p?q=1", "app auth=http://auth.example/check  signin=https://login.example/start?rd=http://foo.com%2Fp%3Fq%3D1 basic="},
		}},
		{"the sign-in URL's own parameter", []string{"auth-url", "http://auth.example/check", "auth-signin", "https://login.example/start?next=x", "auth-signin-redirect-param", "next"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app auth=http://auth.example/check  signin=https://login.example/start?next=x basic="},
		}},
		{"another parameter is appended", []string{"auth-url", "http://auth.example/check", "auth-method", "POST", "auth-signin", "https://login.example/start?a=b"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app auth=http://auth.example/check POST signin=https://login.example/start?a=b&rd=http://foo.com%2Fp basic="},
		}},
		{"auth-url without a host denies the location", []string{"auth-url", "/check"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"auth-method that is no method denies the location", []string{"auth-url", "http://auth.example/", "auth-method", "FETCH"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"basic authentication", []string{"auth-type", "basic", "auth-secret", "users"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app auth=  signin= basic=basic"},
		}},
		{"auth-type without its Secret denies the location", []string{"auth-type", "basic"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "503"},
		}},
		{"auth-type of another kind refuses the Ingress", []string{"auth-type", "token", "auth-secret", "users"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "no route"},
		}},
		{"default-backend and custom-http-errors", []string{"default-backend", "fallback", "custom-http-errors", "404,503"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app default-backend=fallback errors=[404 503]"},
		}},
		{"custom-http-errors with an empty entry is dropped", []string{"custom-http-errors", "404,"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app"},
		}},
	} {
		c.run(t, matcher.IngressNGINX)
	}
}

// TestNGINXUpstreamStatic: Match, which sees no request, carries the
// annotations as written; the host's location / still answers no route;
// a canary that takes the request keeps the primary location's.
func TestNGINXUpstreamStatic(t *testing.T) {
	ing := annotate(ingress("ns", "app", 0, rule("foo.com", path(specific, "/(a)/(.*)", "app"))),
		nginxPrefix+"rewrite-target", "/$2", nginxPrefix+"x-forwarded-prefix", "/$1", nginxPrefix+"auth-url", "http://auth/", nginxPrefix+"auth-signin", "http://login/")
	m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.IngressNGINX))
	r, ok := m.Match("foo.com", "/a/b")
	if !ok || r.Action == nil || r.Action.Upstream == nil {
		t.Fatalf("Match: %+v %v", r, ok)
	}
	if u := r.Action.Upstream; u.RewriteTarget != "/$2" || u.Path != "" || u.ForwardedPrefix != "/$1" {
		t.Errorf("Match's upstream: %+v", u)
	}
	if s := r.Action.Auth.SignIn; s != "http://login/?rd=$pass_access_scheme://$http_host$escaped_request_uri" {
		t.Errorf("Match's sign-in: %s", s)
	}
	if got := upstreamOf(t, m, "foo.com", "/a/b"); got != "app path=/b prefix=/a auth=http://auth/  signin=http://login/?rd=http://foo.com%2Fa%2Fb basic=" {
		t.Errorf("RouteRequest: %s", got)
	}
	// The host's location / serves the controller's default backend.
	if got := upstreamOf(t, m, "foo.com", "/zzz"); got != "no route" {
		t.Errorf("location /: %s", got)
	}

	canary := annotate(ingress("ns", "canary", 1, rule("foo.com", path(specific, "/(a)/(.*)", "next"))),
		nginxPrefix+"canary", "true", nginxPrefix+"canary-weight", "100")
	m = matcher.Compile([]*networkingv1.Ingress{ing, canary}, matcher.WithDialect(matcher.IngressNGINX))
	if got := upstreamOf(t, m, "foo.com", "/a/b"); !strings.HasPrefix(got, "next path=/b prefix=/a") {
		t.Errorf("canary: %s", got)
	}
}

// TestNGINXDeniedByAuth: an annotation that denies the location is named
// in the diagnostic, with its field path.
func TestNGINXDeniedByAuth(t *testing.T) {
	for _, c := range []struct{ ann, value, field string }{
		{"auth-url", "/check", "auth-url"},
		{"auth-type", "basic", "auth-secret"},
	} {
		ing := annotate(ingress("ns", "app", 0, rule("foo.com", path(prefix, "/", "app"))), nginxPrefix+c.ann, c.value)
		m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.IngressNGINX))
		want := "metadata.annotations[" + nginxPrefix + c.field + "]"
		if !slices.ContainsFunc(m.Diagnostics(), func(d ingresslib.Diagnostic) bool { return d.Field == want && strings.Contains(d.Message, "503") }) {
			t.Errorf("%s=%s: no diagnostic on %s: %v", c.ann, c.value, want, m.Diagnostics())
		}
	}
}

// TestTINForwarding follows Traefik's ingress-nginx provider on the same
// annotations (middleware.go, translator.go; the ingressnginx
// middlewares): upstream-vhost with the location's variables, the
// Service's scheme, the rewrite's X-Forwarded-Prefix as the path with
// the match replaced, the sign-in redirect's own form, a 500 for an
// auth-url no client can ask, error pages only with default-backend, and
// a router in error for a status that does not parse.
func TestTINForwarding(t *testing.T) {
	for _, c := range []upstreamCase{
		{"upstream-vhost with the location's variables", []string{"upstream-vhost", "$service_name.$namespace.svc:$service_port"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app host=app.ns.svc:80"},
		}},
		{"backend-protocol GRPCS is https", []string{"backend-protocol", "grpcs"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app proto=HTTPS"},
		}},
		{"backend-protocol is not trimmed", []string{"backend-protocol", " GRPC"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/x", "app"},
		}},
		{"x-forwarded-prefix is the path with the match replaced", []string{"use-regex", "true", "rewrite-target", "/$3", "x-forwarded-prefix", "/$1"}, path(specific, "/(svc)(/|$)(.*)", "app"), []struct{ target, want string }{
			{"/svc/x", "app path=/x prefix=/svc"},
		}},
		{"x-forwarded-prefix keeps what the expression does not match", []string{"rewrite-target", "/new", "x-forwarded-prefix", "/old"}, path(prefix, "/foo", "app"), []struct{ target, want string }{
			{"/foo/bar", "app path=/new/bar prefix=/old/bar"},
		}},
		{"auth-url and its sign-in", []string{"auth-url", "http://auth.example/check", "auth-signin", "https://login.example/start"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p?q=1", "app auth=http://auth.example/check  signin=https://login.example/start?rd=http://foo.com%2Fp%3Fq%3D1 basic="},
		}},
		{"an auth-url without a host answers 500", []string{"auth-url", "auth.example/check"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "500"},
		}},
		{"custom-http-errors without default-backend installs nothing", []string{"custom-http-errors", "404,503"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app"},
		}},
		{"custom-http-errors with default-backend", []string{"custom-http-errors", "404,503", "default-backend", "errors"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "app default-backend=errors errors=[404 503]"},
		}},
		{"a status that does not parse puts the router in error", []string{"custom-http-errors", "404,", "default-backend", "errors"}, path(prefix, "/", "app"), []struct{ target, want string }{
			{"/p", "no route"},
		}},
	} {
		c.run(t, matcher.TraefikIngressNGINX)
	}
}

// TestNGINXForwardingKeepsCanary: on a host with a certificate and
// ssl-redirect off, a location's forwarding annotations keep its canary.
func TestNGINXForwardingKeepsCanary(t *testing.T) {
	for _, ann := range [][]string{{"upstream-vhost", "in.example"}, {"whitelist-source-range", "10.0.0.0/8"}} {
		ing := annotate(ingress("ns", "app", 0, rule("foo.com", path(prefix, "/", "app"))),
			nginxPrefix+"ssl-redirect", "false", nginxPrefix+ann[0], ann[1])
		ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"foo.com"}, SecretName: "tls"}}
		canary := annotate(ingress("ns", "canary", 1, rule("foo.com", path(prefix, "/", "next"))),
			nginxPrefix+"canary", "true", nginxPrefix+"canary-by-header", "X-Canary")
		m := matcher.Compile([]*networkingv1.Ingress{ing, canary}, matcher.WithDialect(matcher.IngressNGINX))
		req := httptest.NewRequest("GET", "http://foo.com/x", nil)
		req.RemoteAddr = "10.1.2.3:1"
		req.Header.Set("X-Canary", "always")
		r, err := m.RouteRequest(req)
		if err != nil || service(r.Backend) != "next" {
			t.Errorf("%s: got %s (%v), want the canary next", ann[0], service(r.Backend), err)
		}
	}
}
