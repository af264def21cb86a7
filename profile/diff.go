package profile

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// A Probe is a request derived from one path of an Ingress to tell
// profiles apart.
type Probe struct {
	// Host is the Host header; Target the request target (path and query,
	// percent-encoded as sent).
	Host, Target string
	// Ingress, RuleIndex and PathIndex locate the path it is derived from;
	// PathIndex is -1 for a probe of a rule's host alone.
	Ingress              *networkingv1.Ingress
	RuleIndex, PathIndex int
	// How says how it was derived: "the path", "one segment deeper", ...
	How string
}

// URL returns the probe as an http:// URL.
func (p Probe) URL() string { return "http://" + p.Host + p.Target }

// Probes derives requests from every path of the Ingresses: for each, the
// path itself, one segment deeper, its parent, the trailing slash toggled,
// the case flipped, a suffix glued on, dot segments (one climbing above
// the root), a doubled slash,
// percent-encoding (one letter, and the slashes as %2F) and a query string;
// regular expressions are first turned into a path they match. Each is sent
// to the rule's host (for a wildcard, a name one label and two labels
// under it; for a rule without host, a host no rule names). Probes are in
// the order of the Ingresses, rules and paths, without duplicates.
func Probes(ingresses []*networkingv1.Ingress) []Probe {
	var out []Probe
	seen := map[[2]string]bool{}
	add := func(p Probe) {
		if p.Target == "" || p.Target[0] != '/' {
			p.Target = "/" + p.Target
		}
		k := [2]string{strings.ToLower(p.Host), p.Target}
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, p)
	}
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		if ing.Spec.DefaultBackend != nil && len(ing.Spec.Rules) == 0 {
			add(Probe{Host: "unnamed.example", Target: "/", Ingress: ing, RuleIndex: -1, PathIndex: -1, How: "a host no rule names"})
		}
		for ri, r := range ing.Spec.Rules {
			hosts := probeHosts(r.Host)
			if r.HTTP == nil {
				for _, h := range hosts {
					add(Probe{Host: h, Target: "/", Ingress: ing, RuleIndex: ri, PathIndex: -1, How: "the rule's host"})
				}
				continue
			}
			for pi, hp := range r.HTTP.Paths {
				for _, d := range derive(literalPath(hp.Path)) {
					for _, h := range hosts {
						add(Probe{Host: h, Target: d.target, Ingress: ing, RuleIndex: ri, PathIndex: pi, How: d.how})
					}
				}
			}
		}
	}
	return out
}

func probeHosts(host string) []string {
	switch {
	case host == "":
		return []string{"unnamed.example"}
	case strings.HasPrefix(host, "*."):
		return []string{"one" + host[1:], "two.labels" + host[1:]}
	}
	return []string{host}
}

type derived struct{ target, how string }

func derive(p string) []derived {
	if p == "" {
		p = "/"
	}
	trimmed := strings.TrimSuffix(p, "/")
	parent := trimmed[:strings.LastIndexByte(trimmed, '/')+1]
	toggled := trimmed + "/"
	if strings.HasSuffix(p, "/") {
		toggled = trimmed
	}
	out := []derived{
		{p, "the path"},
		{trimmed + "/deeper", "one segment deeper"},
		{parent, "its parent"},
		{toggled, "the trailing slash toggled"},
		{flipCase(p), "the case flipped"},
		{trimmed + "x", "a suffix glued on"},
		{"/." + p, "a dot segment"},
		{"/x/.." + p, "a dot-dot segment"},
		{"/.." + p, "a dot-dot segment above the root"},
		{"/" + p, "a doubled slash"},
		{encodeOne(p), "a letter percent-encoded"},
		{strings.ReplaceAll(trimmed+"/deeper", "/", "%2F")[3:], "slashes encoded as %2F"},
		{p + "?q=1", "a query string"},
	}
	return out
}

func flipCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// encodeOne percent-encodes the last letter of s.
func encodeOne(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if c := s[i]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return s[:i] + fmt.Sprintf("%%%02X", c) + s[i+1:]
		}
	}
	return s + "%2E"
}

// literalPath turns a path that may be a regular expression into a path it
// matches: classes and groups become one letter or digit, quantifiers and
// anchors go. A plain path is returned as it is.
func literalPath(p string) string {
	if !strings.ContainsAny(p, `^$()[]{}*+?|\`) {
		return p
	}
	r := strings.NewReplacer(
		"(/|$)", "/", "(.*)", "x", ".*", "x", ".+", "x", "[0-9]+", "7", "[0-9]", "7", `\d+`, "7", `\d`, "7",
		"[a-z]+", "k", "[a-z]", "k", "[A-Za-z]+", "k", "[^/]+", "k", "[^/]*", "k", `\w+`, "k", `\.`, ".",
		"^", "", "$", "", "(", "", ")", "", "?", "", "+", "", "*", "", "|", "",
	)
	out := r.Replace(p)
	if out == "" || out[0] != '/' {
		out = "/" + out
	}
	return out
}

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
}

// String says it in a few words: "api:80 ← shop/api
// spec.rules[0].http.paths[0]", "301 → /docs/", "400 from the controller
// (…)", "no route (404)", "bad request (400)".
func (o Outcome) String() string {
	switch o.Kind {
	case "backend":
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
		return backend.String(o.Route.Backend) == backend.String(p.Route.Backend) && o.Route.Ingress == p.Route.Ingress
	case "redirect":
		return o.Redirect == p.Redirect
	case "error":
		return o.Status == p.Status
	}
	return true
}

// Decide returns the outcome of a request (as sent: Host and target) under
// a matcher.
func Decide(m *matcher.Matcher, host, target string, https bool) Outcome {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return Outcome{Kind: "bad request", Reason: err.Error()}
	}
	req := &http.Request{Method: "GET", Host: host, URL: u}
	if https {
		req.TLS = &tls.ConnectionState{}
	}
	r, err := m.RouteRequest(req)
	path, perr := m.NormalizePath(u.EscapedPath())
	switch {
	case errors.Is(err, matcher.ErrBadRequest) || perr != nil:
		return Outcome{Kind: "bad request", Reason: fmt.Sprint(err)}
	case errors.Is(err, matcher.ErrNoRoute):
		return Outcome{Kind: "no route", Reason: m.Explain(host, path).Reason}
	}
	o := Outcome{Kind: "backend", Route: r, Reason: m.Explain(host, path).Reason}
	switch {
	case r.Action != nil && r.Action.Redirect.Status != 0:
		o.Kind, o.Redirect = "redirect", r.Action.Redirect
	case r.Action != nil && r.Action.Status != 0:
		o.Kind, o.Status = "error", r.Action.Status
	}
	return o
}

// A Difference is a probe whose outcome differs between two profiles.
type Difference struct {
	Probe    Probe
	From, To Outcome
}

// Diff routes every probe of the Ingresses under both profiles and returns
// those whose outcomes differ, in probe order, and the number of probes.
// Outcomes differ when the backend or its Ingress, the redirect, or the
// kind of answer (backend, redirect, no route, bad request) differs.
func Diff(ingresses []*networkingv1.Ingress, from, to Profile) (diffs []Difference, probes int) {
	mf, mt := from.Compile(ingresses), to.Compile(ingresses)
	all := Probes(ingresses)
	for _, p := range all {
		a, b := Decide(mf, p.Host, p.Target, false), Decide(mt, p.Host, p.Target, false)
		if !a.same(b) {
			diffs = append(diffs, Difference{Probe: p, From: a, To: b})
		}
	}
	return diffs, len(all)
}
