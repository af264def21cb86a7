package matcher

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/regexbound"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// A Dialect makes Compile route as a particular controller does, where the
// controller departs from the Kubernetes documentation or fills its silent
// points differently: how paths are read, which one wins, which hosts a
// wildcard covers, when a default backend serves, and what the controller
// answers itself (redirects). Each dialect's rules are written, with the
// controller source they come from, in the dialect's own documentation
// below; package profile names them for people.
//
// Under ingress-nginx, Traefik, Contour, Istio and haproxy-ingress, Compile
// builds what the controller builds (nginx locations, Traefik routers,
// Envoy route tables, HAProxy map files) and Match gives the answer the
// controller's own lookup gives over them — the first candidate in the
// controller's order that matches — found through indexes instead of
// trying candidates one after another, so that its cost does not grow with
// the paths of the host or of other hosts (see the package documentation,
// "Work per request"). [GatewayAPI] routes with the default dialect's index
// and options of its own. [WithImplementationSpecific],
// [WithHostFallThrough], [WithPerHostDefaultBackend] and [WithPathPolicy]
// are set by the dialect and ignored when given beside it.
type Dialect uint8

const (
	// DefaultDialect is this library's semantics, docs/semantics.md.
	DefaultDialect Dialect = iota

	// IngressNGINX routes as ingress-nginx v1.x (the controller retired in
	// March 2026) configures nginx, annotations included:
	//
	//   - One nginx server per host; rules without host go to the default
	//     server "_", which also answers unknown hosts. A wildcard host
	//     *.foo.com becomes the server name ~^(?<subdomain>[\w-]+)\.foo\.com$:
	//     one label of letters, digits, '_' and '-'
	//     (internal/ingress/controller/template/template.go, buildServerName).
	//   - Paths of all Ingresses of a host are merged in creationTimestamp
	//     order; a path equal to one already there with the same pathType is
	//     ignored (the first wins), and one equal with another pathType is
	//     added beside it (internal/ingress/controller/controller.go,
	//     getBackendServers).
	//   - ImplementationSpecific is read as Prefix (internal/k8s/main.go,
	//     SetDefaultNGINXPathType). A Prefix path /foo becomes the prefix
	//     location /foo/ plus the exact location = /foo; Exact becomes
	//     = /foo (controller/location.go, updateServerLocations; template.go,
	//     buildLocation). A request /foo that only the location /foo/ or
	//     = /foo/ has (a path written with its trailing slash) is answered
	//     by nginx itself with 301 to /foo/.
	//   - When any path of a host has nginx.ingress.kubernetes.io/use-regex:
	//     "true" or a rewrite-target that differs from the path, every
	//     location of that host, from every Ingress, becomes the regular
	//     expression ~* "^<path>": case-insensitive, anchored at the start
	//     only (a prefix), tried in the controller's order (longer paths
	//     first) — no Exact, no element-wise Prefix, no 301 remain
	//     (template.go, enforceRegexModifier and buildLocation).
	//   - nginx picks a location as nginx does: an exact location, else the
	//     301 above, else the first matching regular expression, else the
	//     longest prefix (http://nginx.org/en/docs/http/ngx_http_core_module.html#location).
	//   - The request path is normalised as nginx does before matching:
	//     percent-decoded (%2F included), dot segments resolved, slashes
	//     merged; a path that climbs above the root is a bad request (400).
	//   - Every server has a location / that goes to a default backend: the
	//     spec.defaultBackend of the oldest Ingress with a rule for the host
	//     (for "_", of the oldest Ingress with a defaultBackend and no rules),
	//     else the controller's default backend, which answers 404: no route.
	//   - nginx.ingress.kubernetes.io/app-root on any path of a host answers
	//     a request for / with 302 to the app root; ssl-redirect (default
	//     true, for hosts listed in spec.tls) and force-ssl-redirect answer
	//     cleartext requests with 308 to https (Action.HTTPSRedirect).
	//   - An Ingress with nginx.ingress.kubernetes.io/canary: "true" adds no
	//     location: its backends become Action.Alternatives of the location
	//     with the same host, path and pathType, with the condition
	//     (header, cookie, weight) under which nginx picks them.
	IngressNGINX

	// Traefik routes as the Kubernetes Ingress provider of Traefik v3
	// (pkg/provider/kubernetes/ingress/kubernetes.go, loadRouter and
	// buildHostRule; pkg/muxer/http/mux.go):
	//
	//   - Each path is a router whose rule is Host(`h`) (or
	//     HostRegexp(`^[a-zA-Z0-9-]+\.foo\.com$`) for *.foo.com: one label)
	//     joined by " && " to Path(`/p`) for Exact and PathPrefix(`/p`) for
	//     Prefix and ImplementationSpecific; PathPrefix is a plain string
	//     prefix, so /foo matches /foobar.
	//   - A router's priority is the length of its rule text, and all
	//     routers of all hosts are tried in priority order: a rule without
	//     host competes with host rules, and Prefix /foo (PathPrefix, 10
	//     bytes more than Path) wins over Exact /foo. Routers of equal
	//     priority are in no defined order; Compile orders them by the
	//     tie-break order and reports them.
	//   - spec.defaultBackend is used only from an Ingress without rules, as
	//     a router PathPrefix(`/`) of the lowest priority; the first one wins.
	Traefik

	// TraefikStrict is [Traefik] with the provider's strictPrefixMatching
	// option (Traefik v3.5 and later): Prefix and ImplementationSpecific
	// paths /foo become (Path(`/foo`) || PathPrefix(`/foo/`)), element-wise
	// as the Kubernetes documentation says; priorities are still rule
	// lengths.
	TraefikStrict

	// GatewayAPI routes as a conformant Gateway API implementation routes
	// the HTTPRoutes a faithful conversion of the Ingresses gives: each rule
	// a route rule for its host, Exact as Exact, Prefix and
	// ImplementationSpecific as PathPrefix (element-wise, trailing '/'
	// ignored: sigs.k8s.io/gateway-api apis/v1/httproute_types.go), and
	// spec.defaultBackend a PathPrefix / rule with no hostname.
	//
	//   - A wildcard hostname *.foo.com matches any number of labels
	//     (a.foo.com and a.b.foo.com); the most specific hostname wins: an
	//     exact one, then the longest wildcard suffix (HTTPRouteSpec.Hostnames).
	//   - Within the hostname, Exact beats the longest PathPrefix, then the
	//     oldest route, then namespace/name, then rule order
	//     (HTTPRouteRule precedence) — the default precedence.
	//   - A request whose hostname has routes but whose path matches none of
	//     them gets 404: the defaultBackend rule serves only requests whose
	//     host no hostname claims.
	GatewayAPI

	// Contour routes as Contour v1.3x builds Envoy's configuration from
	// Ingresses (internal/dag/ingress_processor.go; internal/sorter/sorter.go):
	//
	//   - One Envoy virtual host per rule host, "*" for rules without host;
	//     Envoy picks the exact domain, then the longest wildcard suffix,
	//     then "*", and never tries another. A wildcard host *.foo.com
	//     adds a header match so that only one label matches: a.b.foo.com
	//     reaches the *.foo.com virtual host and gets 404.
	//   - Prefix /foo/ and /foo both become the segment prefix /foo (all
	//     trailing slashes trimmed), Prefix / a string prefix; Exact is
	//     exact; ImplementationSpecific is a regular expression matching
	//     the whole path when it contains one of ^+*[]%, else a string
	//     prefix.
	//   - Routes are ordered exact, then regular expressions, then
	//     prefixes, longer first; the first that matches wins.
	//   - Routes with the same condition (Prefix /foo and /foo/ of two
	//     Ingresses) replace each other in Contour's maps in no defined
	//     order; Compile keeps the first in tie-break order and reports
	//     the rest as DialectConflict.
	//   - spec.defaultBackend of every Ingress becomes a string prefix /
	//     in the "*" virtual host: it serves only hosts that have no
	//     virtual host of their own.
	Contour

	// Istio routes as istiod converts Ingresses to VirtualServices
	// (pilot/pkg/config/kube/ingress/virtualservices.go and ingress.go):
	//
	//   - One virtual service per rule host ("*" for none); Envoy picks the
	//     exact domain, then the longest wildcard suffix (any number of
	//     labels), then "*".
	//   - Rules are taken in creationTimestamp order, then by Ingress
	//     name, then namespace (name before namespace), then rule index;
	//     their routes are then sorted, stably, by the length of the path
	//     as written, longest first, Exact before the others at equal
	//     length: Prefix /foo/ (5 bytes) comes before Exact /foo.
	//   - Prefix is element-wise under Istio's Ingress route semantics
	//     (path_separated_prefix, trailing '/' trimmed); ImplementationSpecific
	//     follows createFallbackStringMatch: "", "*", "/*" and ".*" match
	//     everything, "x.*" and "x/*" are element-wise prefixes of x, any
	//     other path is Exact.
	//   - spec.defaultBackend is ignored.
	//   - Request paths are normalised as Istio's default BASE
	//     normalisation does: dot segments resolved, repeated slashes
	//     kept.
	Istio

	// HAProxy routes as haproxy-ingress (jcmoraisjr/haproxy-ingress,
	// v0.14 and later) configures HAProxy (pkg/haproxy/types/maps.go; the
	// frontend of rootfs/etc/templates/haproxy/haproxy.tmpl):
	//
	//   - Each path is a line "host#path" of a map file by match type:
	//     Exact is map_str, Prefix map_dir (element-wise, trailing '/'
	//     ignored), ImplementationSpecific the haproxy-ingress.github.io/path-type
	//     annotation, "begin" by default: map_beg, a string prefix that
	//     ignores case. A wildcard host *.foo.com becomes the regular
	//     expression ^[^.]+\.foo\.com (one label) and its paths regular
	//     expressions, in the regex map.
	//   - The frontend tries the exact map, then priority maps that put a
	//     longer prefix or begin path of a host before a shorter one of the
	//     other type, then prefix, begin and regex; the first line that
	//     matches wins (longer paths first within a file, regular
	//     expressions by length).
	//   - When no line of the request's host matches, the rules without
	//     host (the "<default>" host) are tried the same way: the request
	//     falls through to them. spec.defaultBackend is the default
	//     host's path / (begin), unless it has one.
	//   - The request is keyed by the Host header before any ':' and in
	//     lower case, and the path as received: no decoding, no dot
	//     segments resolved, no slashes merged; a trailing dot on the host
	//     is kept (and matches nothing).
	HAProxy
)

var dialectNames = [...]string{
	DefaultDialect: "default",
	IngressNGINX:   "ingress-nginx",
	Traefik:        "traefik",
	TraefikStrict:  "traefik-strict",
	GatewayAPI:     "gateway-api",
	Contour:        "contour",
	Istio:          "istio",
	HAProxy:        "haproxy",
}

// hasEngine reports whether the dialect routes with its own engine rather
// than the index of the default precedence (which GatewayAPI shares).
func (d Dialect) hasEngine() bool {
	switch d {
	case IngressNGINX, Traefik, TraefikStrict, Contour, Istio, HAProxy:
		return true
	}
	return false
}

// String returns the dialect's name: "default", "ingress-nginx",
// "traefik", "traefik-strict", "gateway-api", "contour", "istio" or
// "haproxy".
func (d Dialect) String() string {
	if int(d) < len(dialectNames) {
		return dialectNames[d]
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

// dialectRegex compiles a regular expression a dialect writes for its
// controller, under the bound every compiled pattern has
// (pathmatch.MaxRegexWidth, pathmatch.MaxRegexProgram).
func dialectRegex(expr string) (*regexp.Regexp, error) {
	re, _, err := regexbound.Compile(expr)
	return re, err
}

// tooCostly reports whether err is dialectRegex's refusal of an expression
// over the bound, which the controllers themselves would run.
func tooCostly(err error) bool { return errors.Is(err, regexbound.ErrTooLarge) }

// Dialects returns every Dialect, DefaultDialect first.
func Dialects() []Dialect {
	ds := make([]Dialect, len(dialectNames))
	for i := range ds {
		ds[i] = Dialect(i)
	}
	return ds
}

// WithDialect makes Compile route as the dialect's controller does. An
// unknown Dialect is read as [DefaultDialect].
func WithDialect(d Dialect) Option {
	return func(o *options) {
		if int(d) >= len(dialectNames) {
			d = DefaultDialect
		}
		o.dialect = d
	}
}

// applyDialect sets the options a dialect implies, over what the caller
// gave.
func (o *options) applyDialect() {
	switch o.dialect {
	case IngressNGINX:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		o.policy, o.normalize = pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash, RejectAboveRoot: true}, true
	case Traefik, TraefikStrict:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
	case Contour:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		o.policy, o.normalize = pathmatch.Policy{}, true
	case Istio:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		o.policy, o.normalize = pathmatch.Policy{KeepRepeatedSlashes: true}, true
	case HAProxy:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		o.normalize = false
	case GatewayAPI:
		o.specific = pathmatch.AsPrefix()
		o.fallThrough, o.perHostDefault = false, false
		o.multiLabelWildcard, o.defaultOnlyUnclaimed = true, true
	}
}

// Action is what a controller does with a request besides forwarding it to
// the route's backend. Only dialects set it; see [WithDialect].
type Action struct {
	// Redirect, when its Status is not 0, is the answer the controller
	// gives itself instead of forwarding the request: ingress-nginx's 301
	// to the path with a trailing slash, its 302 to the app-root.
	Redirect Redirect
	// HTTPSRedirect, when not 0, is the status with which the controller
	// redirects a cleartext (http) request to https, with the same host
	// and path (ingress-nginx's ssl-redirect and force-ssl-redirect: 308).
	// [Matcher.RouteRequest] applies it to requests without TLS.
	HTTPSRedirect int
	// Alternatives are other backends the controller may send the request
	// to instead of Backend (ingress-nginx canary Ingresses), in the order
	// the controller considers them.
	Alternatives []Alternative
}

// Redirect is an answer a controller gives itself.
type Redirect struct {
	// Status is the HTTP status: 301, 302, 308; 0 for no redirect.
	Status int
	// Location is the target: a path ("/foo/") or, for app-root, the
	// configured path; a server puts its scheme and host before it.
	Location string
}

// Alternative is a backend a controller may send a request to instead of
// the route's: an ingress-nginx canary.
type Alternative struct {
	Route Route
	// When says in words when the controller picks it: "header
	// X-Canary: always", "cookie canary: always", "weight 20 of 100".
	When string
}

// String describes the action in a few words: "301 → /foo/",
// "cleartext: 308 → https", "canary: 2 alternatives"; "" for nil.
func (a *Action) String() string {
	if a == nil {
		return ""
	}
	var parts []string
	if a.Redirect.Status != 0 {
		parts = append(parts, fmt.Sprintf("%d → %s", a.Redirect.Status, a.Redirect.Location))
	}
	if a.HTTPSRedirect != 0 {
		parts = append(parts, fmt.Sprintf("cleartext requests: %d → https", a.HTTPSRedirect))
	}
	for _, alt := range a.Alternatives {
		parts = append(parts, fmt.Sprintf("canary %s when %s", alt.Route.Ingress.Namespace+"/"+alt.Route.Ingress.Name, alt.When))
	}
	return strings.Join(parts, "; ")
}

// eachRule calls fn for every rule of the Ingress that has http paths and
// a host that can match (hostKey: lower-case, "" for a rule without host),
// in order; the dialects build their tables from these.
func eachRule(ing *networkingv1.Ingress, fn func(ri int, r *networkingv1.IngressRule, host string, rank hostmatch.Rank)) {
	for ri := range ing.Spec.Rules {
		r := &ing.Spec.Rules[ri]
		if r.HTTP == nil {
			continue
		}
		if host, rank, ok := hostKey(r.Host); ok {
			fn(ri, r, host, rank)
		}
	}
}

// winnerFirst puts the winning candidate first, keeping the others in order.
func winnerFirst(cands []Candidate) {
	slices.SortStableFunc(cands, func(a, b Candidate) int {
		switch {
		case a.Won == b.Won:
			return 0
		case a.Won:
			return -1
		}
		return 1
	})
}

// engine is a dialect's lookup.
type engine interface {
	match(host, path string) (Route, bool)
	explain(host, path string) Explanation
}
