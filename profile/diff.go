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
	// path is the request's path, decoded, as a backend that receives the
	// request unchanged reads it.
	path string
	// Forwarding, for a backend, is what the controller does to the
	// request it forwards: the check it makes first, the path, Host and
	// protocol the backend receives, who answers the backend's errors
	// (the Auth, Upstream, DefaultBackend and ErrorCodes of the route's
	// [matcher.Action]); nil when it forwards the request as it came.
	Forwarding *Forwarding
}

// Forwarding is what a controller does to a request it forwards, besides
// choosing the backend.
type Forwarding struct {
	Auth           *matcher.Auth
	Upstream       *matcher.Upstream
	DefaultBackend string // a Service name
	ErrorCodes     []int
}

// forwardingOf is the Forwarding of an action, nil when there is none.
func forwardingOf(a *matcher.Action) *Forwarding {
	if a == nil || a.Auth == nil && a.Upstream == nil && a.DefaultBackend == nil && len(a.ErrorCodes) == 0 {
		return nil
	}
	f := &Forwarding{Auth: a.Auth, Upstream: a.Upstream, ErrorCodes: a.ErrorCodes}
	if a.DefaultBackend != nil {
		f.DefaultBackend = a.DefaultBackend.Name
	}
	return f
}

// Differences lists, in a few words each, how the request the backend
// receives under f differs from the one it receives under g, as a
// backend would see it: "path /v1 (rewrite-target /$1) against /api/v1
// (the request's)", "Host api.internal against the client's
// (upstream-vhost)". Empty when they agree: two rewrites that give the
// same path agree, and so does a rewrite that gives the request's own
// path. request is the request's path, decoded, which a backend receives
// without a rewrite.
func (f *Forwarding) Differences(g *Forwarding, request string) []string {
	if f == nil && g == nil {
		return nil // the common case, on Diff's path for every request
	}
	var a, b Forwarding
	if f != nil {
		a = *f
	}
	if g != nil {
		b = *g
	}
	var out []string
	up := func(x Forwarding) matcher.Upstream {
		if x.Upstream == nil {
			return matcher.Upstream{}
		}
		return *x.Upstream
	}
	ua, ub := up(a), up(b)
	// The path the backend receives (a rewrite known only as written,
	// from Match, stands for itself), and how to say it.
	path := func(u matcher.Upstream) (got, text string) {
		switch {
		case u.Path != "":
			return u.Path, u.Path + " (rewrite-target " + u.RewriteTarget + ")"
		case u.RewriteTarget != "":
			return "rewrite-target " + u.RewriteTarget, "rewritten by rewrite-target " + u.RewriteTarget // no path begins so
		}
		return request, request + " (the request's)"
	}
	pa, ta := path(ua)
	if pb, tb := path(ub); pa != pb {
		out = append(out, "path "+ta+" against "+tb)
	}
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	if ua.Host != ub.Host {
		out = append(out, "Host "+or(ua.Host, "the client's")+" against "+or(ub.Host, "the client's")+" (upstream-vhost)")
	}
	if ua.ForwardedPrefix != ub.ForwardedPrefix {
		out = append(out, "X-Forwarded-Prefix "+or(ua.ForwardedPrefix, "none")+" against "+or(ub.ForwardedPrefix, "none")+" (x-forwarded-prefix)")
	}
	if ua.Protocol != ub.Protocol {
		out = append(out, "protocol "+or(ua.Protocol, "HTTP")+" against "+or(ub.Protocol, "HTTP")+" (backend-protocol)")
	}
	auth := func(x *matcher.Auth) string {
		if x == nil {
			return "none"
		}
		var s []string
		if x.URL != "" {
			s = append(s, "auth-url "+or(x.Method, "GET")+" "+x.URL)
		}
		if x.SignIn != "" {
			s = append(s, "sign-in "+x.SignIn)
		}
		if x.Basic != "" {
			s = append(s, x.Basic+" authentication")
		}
		return strings.Join(s, ", ")
	}
	if aa, ab := auth(a.Auth), auth(b.Auth); aa != ab {
		out = append(out, "authentication "+aa+" against "+ab)
	}
	if !slices.Equal(a.ErrorCodes, b.ErrorCodes) || a.DefaultBackend != b.DefaultBackend {
		errs := func(x Forwarding) string {
			s := "none"
			if len(x.ErrorCodes) > 0 {
				s = strings.Trim(fmt.Sprint(x.ErrorCodes), "[]") + " answered by " + or(x.DefaultBackend, "the controller's default backend")
			}
			if x.DefaultBackend != "" {
				s += ", Service " + x.DefaultBackend + " while the backend has no endpoints"
			}
			return s
		}
		out = append(out, "error pages "+errs(a)+" against "+errs(b)+" (custom-http-errors, default-backend)")
	}
	return out
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
			return o.Route.String() + " (" + accessText(o.Access) + ")" + o.Forwarding.text()
		}
		return o.Route.String() + o.Forwarding.text()
	case "redirect":
		return fmt.Sprintf("%d → %s", o.Redirect.Status, o.Redirect.Location)
	case "error":
		return fmt.Sprintf("%d from the controller (%s)", o.Status, o.Route)
	case "no route":
		return "no route (404)"
	}
	return "bad request (400)"
}

// key is a Forwarding in a form that does not depend on the request (the
// rewrite as written), for grouping differences by cause: "" for none.
func (f *Forwarding) key() string {
	if f == nil {
		return ""
	}
	var up matcher.Upstream
	if f.Upstream != nil {
		up = *f.Upstream
	}
	var au matcher.Auth
	if f.Auth != nil {
		au = *f.Auth
	}
	return fmt.Sprintf(" forwarding[rewrite=%s host=%s prefix=%t protocol=%s auth=%s,%s,%t,%s errors=%v default=%s]",
		up.RewriteTarget, up.Host, up.ForwardedPrefix != "", up.Protocol, au.URL, au.Method, au.SignIn != "", au.Basic, f.ErrorCodes, f.DefaultBackend)
}

// text is a Forwarding in a few words in parentheses, after a route: ""
// for none.
func (f *Forwarding) text() string {
	if s := f.String(); s != "" {
		return " (" + s + ")"
	}
	return ""
}

// written is a Forwarding as the annotations that make it, independent of
// the request: "rewrite-target /, upstream-vhost app.internal".
func (f *Forwarding) written() string {
	if f == nil {
		return ""
	}
	var s []string
	if up := f.Upstream; up != nil {
		for _, kv := range [][2]string{{"rewrite-target", up.RewriteTarget}, {"x-forwarded-prefix", up.ForwardedPrefix}, {"upstream-vhost", up.Host}, {"backend-protocol", up.Protocol}} {
			if kv[1] != "" {
				s = append(s, kv[0]+" "+kv[1])
			}
		}
	}
	if au := f.Auth; au != nil {
		if au.URL != "" {
			s = append(s, "auth-url "+au.URL)
		}
		if au.Basic != "" {
			s = append(s, "auth-type "+au.Basic)
		}
	}
	if len(f.ErrorCodes) > 0 {
		s = append(s, "custom-http-errors "+strings.Trim(strings.ReplaceAll(fmt.Sprint(f.ErrorCodes), " ", ","), "[]"))
	}
	if f.DefaultBackend != "" {
		s = append(s, "default-backend "+f.DefaultBackend)
	}
	return strings.Join(s, ", ")
}

// String says in a few words what the backend receives and who else
// answers: "path /v1, Host api.internal, after auth-url http://auth/";
// "" for nil.
func (f *Forwarding) String() string {
	if f == nil {
		return ""
	}
	var s []string
	if up := f.Upstream; up != nil {
		switch {
		case up.Path != "":
			s = append(s, "path "+up.Path)
		case up.RewriteTarget != "":
			s = append(s, "path rewritten to "+up.RewriteTarget)
		}
		if up.Host != "" {
			s = append(s, "Host "+up.Host)
		}
		if up.ForwardedPrefix != "" {
			s = append(s, "X-Forwarded-Prefix "+up.ForwardedPrefix)
		}
		if up.Protocol != "" {
			s = append(s, up.Protocol)
		}
	}
	if au := f.Auth; au != nil {
		if au.URL != "" {
			s = append(s, "after auth-url "+au.URL)
		}
		if au.Basic != "" {
			s = append(s, "after "+au.Basic+" authentication")
		}
	}
	if len(f.ErrorCodes) > 0 {
		s = append(s, "its "+strings.Trim(fmt.Sprint(f.ErrorCodes), "[]")+" replaced")
	}
	if f.DefaultBackend != "" {
		s = append(s, "falling back to "+f.DefaultBackend)
	}
	return strings.Join(s, ", ")
}

// same reports whether two outcomes look the same to a client: the same
// backend, receiving the same request, the same redirect, or both no
// route, or both bad request.
func (o Outcome) same(p Outcome) bool {
	if o.Kind != p.Kind {
		return false
	}
	switch o.Kind {
	case "backend":
		if len(o.Forwarding.Differences(p.Forwarding, o.path)) > 0 {
			return false
		}
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
	o := Outcome{Kind: "backend", Route: r, Reason: why(), path: u.Path}
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
		o.Forwarding = forwardingOf(r.Action)
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
