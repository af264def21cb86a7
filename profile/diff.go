package profile

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// An Outcome is what a request gets under one profile.
type Outcome struct {
	// Kind is "backend", "redirect", "error" (a status the controller
	// answers itself once it has chosen the route), "no route" or "bad
	// request".
	Kind string
	// Route is the route that serves it (for a redirect, the path that
	// answers it); zero for no route and bad request.
	Route matcher.Route
	// Redirect is the controller's own answer when Kind is "redirect".
	Redirect matcher.Redirect
	// Status is the controller's own answer when Kind is "error": 400,
	// 500.
	Status int
	// Reason is the matcher's explanation.
	Reason string
	// Alternative, for a backend, is a canary that takes the request by
	// chance instead (its weight).
	Alternative *matcher.Alternative
	// Passthrough, for a backend, says that the controller passes the TLS
	// connection through to it (ssl-passthrough): the backend, not the
	// controller, terminates TLS.
	Passthrough bool
	// Access, for a backend, is the client addresses the controller
	// admits (probes carry none): nil for all.
	Access *matcher.Access
}

// String says it in a few words: "api:80 ← shop/api
// spec.rules[0].http.paths[0]", "301 → /docs/", "400 from the controller
// (…)", "no route (404)", "bad request (400)".
func (o Outcome) String() string {
	switch o.Kind {
	case "backend":
		switch a := o.Alternative; {
		case a != nil:
			return fmt.Sprintf("%s, or by chance (%s) %s", o.Route, a.When, a.Route)
		case o.Passthrough:
			return o.Route.String() + " (the TLS connection passed through)"
		case o.Access != nil:
			return o.Route.String() + " (" + accessText(o.Access) + ")"
		}
		return o.Route.String()
	case "redirect":
		return fmt.Sprintf("%d → %s", o.Redirect.Status, o.Redirect.Location)
	case "error":
		return fmt.Sprintf("%d from the controller (%s)", o.Status, o.Route)
	case "no route":
		return "no route (404)"
	}
	return "bad request (400)"
}

// same reports whether two outcomes look the same to a client: the same
// backend, the same redirect, or both no route, or both bad request.
func (o Outcome) same(p Outcome) bool {
	if o.Kind != p.Kind {
		return false
	}
	switch o.Kind {
	case "backend":
		if o.Passthrough != p.Passthrough || !sameAccess(o.Access, p.Access) || (o.Alternative == nil) != (p.Alternative == nil) ||
			o.Alternative != nil && !(o.Alternative.Route.Ingress == p.Alternative.Route.Ingress && sameBackend(o.Alternative.Route.Backend, p.Alternative.Route.Backend)) {
			return false
		}
		return o.Route.Ingress == p.Route.Ingress && sameBackend(o.Route.Backend, p.Route.Backend)
	case "redirect":
		return o.Redirect == p.Redirect
	case "error":
		return o.Status == p.Status
	}
	return true
}

// Decide returns the outcome of a request (as sent: Host and target) under
// a matcher, with the matcher's explanation.
func Decide(m *matcher.Matcher, host, target string, https bool) Outcome {
	return decide(m, host, target, https, nil, true)
}

// DecideProbe is [Decide] for a probe, its headers included.
func DecideProbe(m *matcher.Matcher, p Probe) Outcome {
	return decide(m, p.Host, p.Target, p.TLS, p.Header, true)
}

// decide is Decide with headers; the explanation, which costs more than
// the routing, only when explain is set.
func decide(m *matcher.Matcher, host, target string, https bool, header http.Header, explain bool) Outcome {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return Outcome{Kind: "bad request", Reason: err.Error()}
	}
	req := &http.Request{Method: "GET", Host: host, URL: u, Header: header}
	if https {
		req.TLS = &tls.ConnectionState{ServerName: sniOf(host)}
	}
	r, err := m.RouteRequest(req)
	path, perr := m.NormalizePath(u.EscapedPath())
	why := func() string {
		if !explain {
			return ""
		}
		return m.Explain(host, path).Reason
	}
	switch {
	case errors.Is(err, matcher.ErrBadRequest) || perr != nil:
		if !explain {
			return Outcome{Kind: "bad request"}
		}
		return Outcome{Kind: "bad request", Reason: fmt.Sprint(err)}
	case errors.Is(err, matcher.ErrNoRoute):
		return Outcome{Kind: "no route", Reason: why()}
	}
	o := Outcome{Kind: "backend", Route: r, Reason: why()}
	switch {
	case r.Action != nil && r.Action.Redirect.Status != 0:
		o.Kind, o.Redirect = "redirect", r.Action.Redirect
	case r.Action != nil && r.Action.Status != 0:
		o.Kind, o.Status = "error", r.Action.Status
	case r.Action != nil && len(r.Action.Alternatives) > 0:
		alt := r.Action.Alternatives[0] // a copy: the Matcher's own is shared
		o.Alternative = &alt
	case r.Action != nil && r.Action.Passthrough:
		o.Passthrough = true
	}
	if r.Action != nil && o.Kind == "backend" {
		o.Access = r.Action.Access
	}
	if explain && o.Passthrough {
		o.Reason = fmt.Sprintf("the TLS server name %s is an ssl-passthrough host of %s/%s: the connection is passed through to its backend before any HTTP routing", host, r.Ingress.Namespace, r.Ingress.Name)
	}
	if loc, _ := m.MatchRequest(req); explain && len(header) > 0 && r.Ingress != nil && (loc.Ingress != r.Ingress || loc.Path != r.Path) {
		o.Reason += fmt.Sprintf("; the request's headers send it to canary %s/%s instead (the explanation reads no headers)", r.Ingress.Namespace, r.Ingress.Name)
	}
	return o
}

// sameBackend reports whether two backends name the same Service port or
// resource, as backend.String would print them.
func sameBackend(a, b networkingv1.IngressBackend) bool {
	switch {
	case a.Service != nil && b.Service != nil:
		return a.Service.Name == b.Service.Name && a.Service.Port == b.Service.Port
	case a.Service != nil || b.Service != nil:
		return false
	}
	return backend.String(a) == backend.String(b)
}

// sniOf is the server name a client sends for a Host header: without the
// port and a trailing dot, none for an IP address (crypto/tls,
// hostnameInSNI).
func sniOf(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if net.ParseIP(host) != nil {
		return ""
	}
	return host
}

// sameAccess reports whether two address filters admit the same clients
// as written: the same deny and allow lists.
func sameAccess(a, b *matcher.Access) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.Deny, b.Deny) && slices.Equal(a.Allow, b.Allow)
}

// accessText says whom an address filter admits: "clients of 10.0.0.0/8
// only", "clients outside 10.1.0.0/16".
func accessText(a *matcher.Access) string {
	join := func(ps []netip.Prefix) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.String())
		}
		return strings.Join(s, ", ")
	}
	switch {
	case len(a.Allow) > 0 && len(a.Deny) > 0:
		return "clients of " + join(a.Allow) + " outside " + join(a.Deny) + " only"
	case len(a.Allow) > 0:
		return "clients of " + join(a.Allow) + " only"
	}
	return "clients outside " + join(a.Deny)
}
