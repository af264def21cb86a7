package profile_test

import (
	"strings"
	"testing"

	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/profile"
)

// TestDiffBlogBehaviours: for each of the five behaviours of the
// Kubernetes blog's "Before You Migrate: Five Surprising Ingress-NGINX
// Behaviors" (testdata/ingressroute/nginx-behaviours.yaml, one Ingress
// path each) and every profile P whose answer to the post's request
// differs from ingress-nginx's, Diff(ingress-nginx, P) reports a cause
// whose example comes from that path or is answered by it, with a fix
// (or a "cannot be expressed").
func TestDiffBlogBehaviours(t *testing.T) {
	set, err := manifest.Load("../testdata/ingressroute/nginx-behaviours.yaml")
	if err != nil {
		t.Fatal(err)
	}
	behaviours := []struct {
		name, host, target, ingress string
		path                        int
	}{
		{"a regex path is a case-insensitive prefix", "shop.example.com", "/API/V2/users", "api", 0},
		{"use-regex on one Ingress makes another's Exact a regex prefix", "shop.example.com", "/exactly", "web", 0},
		{"rewrite-target implies use-regex", "blog.example.com", "/aboutus", "blog", 1},
		{"Prefix /guide/ answers 301 for /guide", "docs.example.com", "/guide", "docs", 0},
		{"%2F is decoded and .. resolved before matching", "docs.example.com", "/public/..%2Fadmin/x", "docs", 1},
	}
	nginx := profile.IngressNGINX
	mn := nginx.Compile(set.Ingresses)
	for _, p := range profile.All() {
		if p.Name == nginx.Name {
			continue
		}
		mp := p.Compile(set.Ingresses)
		rep := profile.Diff(set.Ingresses, nginx, p)
		for _, b := range behaviours {
			want, got := profile.Decide(mn, b.host, b.target, false), profile.Decide(mp, b.host, b.target, false)
			if want.String() == got.String() && want.Route.Ingress == got.Route.Ingress {
				continue // P answers the post's request as ingress-nginx does
			}
			found := false
			for _, d := range rep.Differences {
				for _, ex := range d.Examples {
					for _, o := range []profile.Outcome{ex.From, ex.To} {
						r := o.Route
						if r.Ingress != nil && r.Ingress.Name == b.ingress && r.PathIndex == b.path && r.Path != nil {
							found = found || d.Fix != ""
						}
					}
				}
			}
			if !found {
				t.Errorf("%s → %s: %q (GET http://%s%s: %s vs %s) is not reported with a fix", nginx.Name, p.Name, b.name, b.host, b.target, want, got)
			}
		}
	}
}

// TestDiffPermanentRedirect: an Ingress with permanent-redirect, diffed
// from ingress-nginx to a Gateway API conversion, is reported as the
// redirect with its Gateway API form, a RequestRedirect filter.
func TestDiffPermanentRedirect(t *testing.T) {
	set, err := manifest.Read(strings.NewReader(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: moved
  namespace: web
  annotations:
    nginx.ingress.kubernetes.io/permanent-redirect: https://new.example.org/
    nginx.ingress.kubernetes.io/permanent-redirect-code: "308"
spec:
  rules:
  - host: old.example.org
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`), "redirect.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rep := profile.Diff(set.Ingresses, profile.IngressNGINX, profile.GatewayAPI)
	for _, d := range rep.Differences {
		ex := d.Examples[0]
		if ex.From.Kind == "redirect" && ex.From.Redirect.Status == 308 && ex.From.Redirect.Location == "https://new.example.org/" {
			if !strings.Contains(d.Fix, "RequestRedirect filter") || !strings.Contains(d.Fix, "https://new.example.org/") {
				t.Errorf("fix %q, want a RequestRedirect filter to the URL", d.Fix)
			}
			return
		}
	}
	t.Errorf("the redirect is not reported: %+v", rep.Differences)
}

// TestDiffCanary: a canary Ingress by header and cookie, diffed from
// ingress-nginx to Traefik's ingress-nginx provider, is reported with
// requests carrying the header or cookie: the provider's canary router
// takes /basket/checkout from its own router, and reads the cookie's name
// case-sensitively. To Contour, which knows no canaries, the fix is its
// own traffic splitting.
func TestDiffCanary(t *testing.T) {
	set, err := manifest.Read(strings.NewReader(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: carts, namespace: web, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  rules:
  - host: carts.io
    http:
      paths:
      - {path: /basket, pathType: Prefix, backend: {service: {name: basket, port: {number: 80}}}}
      - {path: /basket/checkout, pathType: Prefix, backend: {service: {name: pay, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: carts-canary
  namespace: web
  creationTimestamp: "2026-01-01T00:00:01Z"
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/canary-by-cookie: canary
spec:
  rules:
  - host: carts.io
    http:
      paths:
      - {path: /basket, pathType: Prefix, backend: {service: {name: basket-v2, port: {number: 80}}}}
`), "canary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range profile.Diff(set.Ingresses, profile.IngressNGINX, profile.TraefikIngressNGINX).Differences {
		for _, ex := range d.Examples {
			switch {
			case ex.Probe.Target == "/basket/checkout" && ex.Probe.Header.Get("X-Canary") == "always" &&
				ex.From.Route.Backend.Service.Name == "pay" && ex.To.Route.Backend.Service.Name == "basket-v2":
				found["cross-path"] = strings.Contains(d.Fix, "ranked by the length of their rule")
			case strings.HasPrefix(ex.Probe.Header.Get("Cookie"), "CANARY=") && ex.From.Route.Backend.Service.Name == "basket-v2":
				found["cookie case"] = strings.Contains(d.Fix, "case-sensitive")
			}
		}
	}
	for _, what := range []string{"cross-path", "cookie case"} {
		if !found[what] {
			t.Errorf("ingress-nginx → traefik-ingress-nginx: the %s difference is not reported with its fix (%v)", what, found)
		}
	}
	// Without the header, both send the requests to the primary.
	rep := profile.Diff(set.Ingresses, profile.IngressNGINX, profile.Contour)
	ok := false
	for _, d := range rep.Differences {
		ok = ok || strings.Contains(d.Fix, "contour has no canary Ingresses") && strings.Contains(d.Fix, "HTTPProxy")
	}
	if !ok {
		t.Errorf("ingress-nginx → contour: no difference with the canary fix: %+v", rep.Differences)
	}
}

// TestDiffAllowList: an Ingress with whitelist-source-range, diffed from
// ingress-nginx to Traefik, which admits every client, is reported with
// Traefik's IPAllowList as the fix; to traefik-ingress-nginx, which reads
// the annotation, not at all.
func TestDiffAllowList(t *testing.T) {
	set, err := manifest.Read(strings.NewReader(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: ops
  annotations: {nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"}
spec:
  rules:
  - host: admin.example.org
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
`), "allow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range profile.Diff(set.Ingresses, profile.IngressNGINX, profile.Traefik).Differences {
		found = found || strings.Contains(d.Fix, "IPAllowList") && strings.Contains(d.Examples[0].From.String(), "clients of 10.0.0.0/8 only")
	}
	if !found {
		t.Error("ingress-nginx → traefik: the allow list is not reported with its fix")
	}
	for _, d := range profile.Diff(set.Ingresses, profile.IngressNGINX, profile.TraefikIngressNGINX).Differences {
		if strings.Contains(d.Key, "clients of") {
			t.Errorf("ingress-nginx → traefik-ingress-nginx: the allow list, which both read, is reported: %s", d.Key)
		}
	}
}

// TestDiffForwarding: where two profiles send a request to the same
// backend, a difference in what the backend receives is a difference:
// ingress-nginx's rewrite-target, upstream-vhost, backend-protocol,
// auth-url and custom-http-errors, which the Gateway API profile does not
// read, are reported with the filter or field that expresses each, and
// under Traefik, Contour and Istio too.
func TestDiffForwarding(t *testing.T) {
	set, err := manifest.Read(strings.NewReader(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app
  namespace: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
    nginx.ingress.kubernetes.io/upstream-vhost: app.internal
    nginx.ingress.kubernetes.io/backend-protocol: GRPC
    nginx.ingress.kubernetes.io/auth-url: http://auth.web.svc/check
    nginx.ingress.kubernetes.io/custom-http-errors: "503"
spec:
  rules:
  - host: app.example.org
    http:
      paths:
      - {path: /app, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`), "forwarding.yaml")
	if err != nil {
		t.Fatal(err)
	}
	found := func(to profile.Profile) *profile.Difference {
		rep := profile.Diff(set.Ingresses, profile.IngressNGINX, to)
		for i, d := range rep.Differences {
			ex := d.Examples[0]
			if ex.From.Kind == "backend" && ex.To.Kind == "backend" && ex.From.Route.Ingress == ex.To.Route.Ingress {
				return &rep.Differences[i]
			}
		}
		return nil
	}
	d := found(profile.GatewayAPI)
	if d == nil {
		t.Fatal("gateway-api: the request the backend receives is not reported")
	}
	for _, want := range []string{"path / (rewrite-target /)", "Host app.internal", "protocol GRPC", "auth-url GET http://auth.web.svc/check", "error pages 503", "a URLRewrite filter", "a URLRewrite filter's hostname", "appProtocol", "no standard filter"} {
		if !strings.Contains(d.Fix, want) {
			t.Errorf("gateway-api fix %q lacks %q", d.Fix, want)
		}
	}
	if !strings.Contains(d.Cause, "changing what it receives (rewrite-target /, upstream-vhost app.internal, backend-protocol GRPC, auth-url http://auth.web.svc/check, custom-http-errors 503)") {
		t.Errorf("cause %q does not name the annotations", d.Cause)
	}
	for _, to := range []profile.Profile{profile.Traefik, profile.Contour, profile.Istio} {
		if found(to) == nil {
			t.Errorf("%s: not reported", to.Name)
		}
	}
	// The same profile on both sides: no difference.
	if rep := profile.Diff(set.Ingresses, profile.IngressNGINX, profile.IngressNGINX); rep.Differing() != 0 {
		t.Errorf("ingress-nginx against itself: %d differ", rep.Differing())
	}
}

// TestForwardingDifferences: Differences compares what a backend
// receives, the request's own path standing in for no rewrite.
func TestForwardingDifferences(t *testing.T) {
	rw := &profile.Forwarding{Upstream: &matcher.Upstream{RewriteTarget: "/$1", Path: "/x"}}
	if d := rw.Differences(nil, "/api/x"); len(d) != 1 || d[0] != "path /x (rewrite-target /$1) against /api/x (the request's)" {
		t.Errorf("rewrite against none: %q", d)
	}
	if d := rw.Differences(&profile.Forwarding{Upstream: &matcher.Upstream{RewriteTarget: "/$1", Path: "/x"}}, "/api/x"); len(d) != 0 {
		t.Errorf("equal: %q", d)
	}
	var none *profile.Forwarding
	if d := none.Differences(nil, "/"); len(d) != 0 {
		t.Errorf("nil against nil: %q", d)
	}
	// What the backend sees decides: a rewrite to the request's own path,
	// or two rewrites to one path, differ in nothing.
	same := &profile.Forwarding{Upstream: &matcher.Upstream{RewriteTarget: "/$1", Path: "/api/x"}}
	if d := same.Differences(nil, "/api/x"); len(d) != 0 {
		t.Errorf("a rewrite to the request's path: %q", d)
	}
	other := &profile.Forwarding{Upstream: &matcher.Upstream{RewriteTarget: "/$2", Path: "/api/x"}}
	if d := same.Differences(other, "/y"); len(d) != 0 {
		t.Errorf("two rewrites to one path: %q", d)
	}
	auth := &profile.Forwarding{Auth: &matcher.Auth{URL: "http://a/", SignIn: "http://s/?rd=x"}}
	if d := none.Differences(auth, "/"); len(d) != 1 || !strings.Contains(d[0], "authentication none against auth-url GET http://a/, sign-in http://s/?rd=x") {
		t.Errorf("none against auth: %q", d)
	}
}
