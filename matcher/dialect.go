package matcher

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
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
	//   - An Ingress with a snippet annotation (configuration-snippet,
	//     server-snippet, auth-snippet, modsecurity-snippet,
	//     stream-snippet: risk Critical) is refused whole, as at
	//     ingress-nginx's default annotations-risk-level since v1.12
	//     ([WithNGINXSnippets] routes it). So is one with an annotation
	//     value that fails the controller's validation in a parser that
	//     passes the error on (parser/validators.go, annotations.go
	//     Extract): permanent-redirect or temporal-redirect outside
	//     [-._~/:?&=[:alnum:]] (https://x/$1 is refused), a
	//     permanent-redirect-code, limit-rps, limit-rpm or
	//     limit-connections that is not an integer, a
	//     from-to-www-redirect, ssl-passthrough or http2-push-preload that
	//     is not a boolean, a server-alias name, default-backend,
	//     auth-type, auth-url, auth-tls-secret, proxy-ssl-secret,
	//     custom-http-errors, upstream-vhost, x-forwarded-prefix,
	//     load-balance, limit-allowlist, upstream-hash-by,
	//     client-body-buffer-size, ssl-ciphers or another value out of its
	//     pattern (nginxvalidate.go lists them). A rewrite-target or
	//     app-root out of its pattern (an optional '/', then
	//     [-._~/:$[:alnum:]]) is read as absent, as is an invalid
	//     backend-protocol (HTTP) or global-rate-limit (no limit).
	//   - One nginx server per host as written; rules without host go to
	//     the default server "_", which also answers unknown hosts. nginx
	//     compares server names without regard to case and keeps the first
	//     of two that differ only in case (a rule host with capitals, which
	//     the API server rejects), in byte order: "Foo.com" serves foo.com. A wildcard host
	//     *.foo.com becomes the server name ~^(?<subdomain>[\w-]+)\.foo\.com$:
	//     one label of letters, digits, '_' and '-'
	//     (internal/ingress/controller/template/template.go, buildServerName);
	//     nginx compiles one with a capital letter caseless, so *.Foo.com
	//     serves a.foo.com.
	//   - Paths of all Ingresses of a host are merged in the controller's
	//     order: creationTimestamp, equal times by "namespace/name"
	//     descending (internal/ingress/controller/store/store.go,
	//     sortIngressSlice); a path equal to one already there with the same
	//     pathType is ignored (the first wins), and one equal with another
	//     pathType is added beside it (internal/ingress/controller/
	//     controller.go, getBackendServers).
	//   - ImplementationSpecific, and a missing pathType, are read as Prefix
	//     (internal/k8s/main.go, SetDefaultNGINXPathType). A Prefix path /foo becomes the prefix
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
	//     spec.defaultBackend of the first Ingress with a rule for the host
	//     (for "_", of the first Ingress with a defaultBackend and no rules),
	//     else the controller's default backend, which answers 404: no route.
	//     A host's location / carries that first Ingress's annotations
	//     (createServers, locationApplyAnnotations); "_"'s has no
	//     redirects.
	//   - nginx.ingress.kubernetes.io/app-root on any path of a host answers
	//     a request for / with 302 to the app root.
	//   - permanent-redirect (status permanent-redirect-code, 301 unless
	//     within 300-308) and temporal-redirect (status
	//     temporal-redirect-code, v1.12+, else 302; it wins over a
	//     permanent one) make every location of the Ingress, and the
	//     host's location / when the Ingress is the host's first, answer
	//     "return code URL;" (annotations/redirect/redirect.go; nginx.tmpl):
	//     the URL as written, without the request's query, before the
	//     https redirect; after app-root and nginx's own trailing-slash
	//     301. A code that is no redirect (300, 304-306) answers the URL as
	//     the body: Action.Status.
	//   - server-alias adds names to a host's server: the aliases of the
	//     first Ingress of the host with a list, less the host and the
	//     other servers' names as written (createServers). nginx matches
	//     exact names (an alias conflicting with a name written before it
	//     is ignored), then its leading wildcards ("*.foo.com" at any
	//     depth, ".foo.com" also foo.com), then regular expressions ("~…",
	//     and the wildcard hosts) in configuration order. A request for an
	//     alias gets the https redirect only where a certificate names it.
	//   - from-to-www-redirect on a Service path of host h adds a server
	//     www.h (h for www.h) unless a server of that name exists, written
	//     before the others, that answers every request, http and https,
	//     with 308 to $scheme://h and the request URI without one trailing
	//     '/' (pkg/util/ingress, BuildRedirects; nginx.tmpl). [Matcher.Match]
	//     gives its Location as "//h"; RouteRequest the full URL. On a
	//     wildcard host it names a server www.*.foo.com, which nginx
	//     refuses to load: reported.
	//   - ssl-redirect (default true) answers a cleartext request with 308
	//     to https when the controller has a certificate for the request's
	//     host or its wildcard name (certificate.lua), that is when an
	//     Ingress with any spec.tls entry has a rule for that name
	//     (createServers); force-ssl-redirect always does. The location's
	//     annotations decide, the host's location / included: an unmatched
	//     path of a host with a certificate is redirected too, and answered
	//     404 over https (Action.NotFound). The target is the Host without
	//     its port and the request URI without one trailing '/', unless
	//     preserve-trailing-slash (lua_ingress.lua).
	//   - ssl-passthrough does nothing unless the controller runs with
	//     --enable-ssl-passthrough ([WithNGINXSSLPassthrough]).
	//   - allowlist-source-range (else whitelist-source-range) and
	//     denylist-source-range (annotations/ipallowlist, ipdenylist;
	//     nginx.tmpl) are Action.Access of every location of the Ingress,
	//     the host's location / included: "deny" lines, then "allow" lines
	//     and "deny all", in the access phase, after every redirect:
	//     [Matcher.RouteRequest] answers 403 to a RemoteAddr they refuse.
	//     An empty value or an entry that is no address or CIDR denies the
	//     location, which answers 503 (and, having no proxy_pass, no
	//     trailing-slash 301).
	//   - What the backend receives is Action.Upstream (nginx.tmpl;
	//     template.go, buildProxyPass). A rewrite-target that differs from
	//     the location's path (a Prefix path /foo is /foo/ by then, so a
	//     target /foo rewrites it) is
	//     `rewrite "(?i)<path>" <target> break;`: [Matcher.RouteRequest]
	//     gives the new path, the target with $1 to $9 the groups of the
	//     location's expression on the normalised path (an absent group is
	//     empty; other variables stay as written), decoded as nginx's
	//     $uri; the query follows unchanged. It runs in the rewrite phase,
	//     before the https redirect and the allow and deny lists: an empty
	//     path answers 500, and a target that begins with http://,
	//     https:// or $scheme answers 302 to it with the request's query —
	//     on the host's location / too, which carries the annotation.
	//     x-forwarded-prefix is the X-Forwarded-Prefix header, with the
	//     same groups, written only with a rewrite; upstream-vhost the Host
	//     header (else the client's); backend-protocol the protocol
	//     (HTTPS, GRPC, GRPCS, AUTO_HTTP, FCGI; anything else is HTTP). A
	//     value that fails the annotation's validation is absent.
	//   - auth-url (with auth-method and auth-signin) and auth-type with
	//     auth-secret are Action.Auth (annotations/authreq, auth;
	//     nginx.tmpl's auth_request and auth_basic): the request reaches
	//     the backend only when the authentication service answers 2xx, or
	//     its credentials are valid; a 401 goes to the sign-in URL (302)
	//     when there is one. An auth-url without a scheme and a host, an
	//     auth-method that is no method, or an auth-type without
	//     auth-secret denies the location: 503, reported on the annotation.
	//   - default-backend and custom-http-errors are Action.DefaultBackend
	//     and Action.ErrorCodes: the Service serves the location while its
	//     own Service has no ready endpoints, and the listed statuses of
	//     the backend's answers are replaced by its answer, else by the
	//     controller's default backend's (controller.go,
	//     getBackendServers; nginx.tmpl's error_page). Endpoints are the
	//     cluster's: Compile reads neither. The annotation does not take
	//     the host's unmatched requests: where no spec.defaultBackend
	//     serves them, the host's location / goes to the controller's
	//     default backend, which the controller never replaces by the
	//     annotation's Service (the upstream-default-backend is skipped).
	//   - Canary Ingresses (nginx.ingress.kubernetes.io/canary: "true")
	//     make no servers. Each Service port is one upstream, made by the
	//     first Ingress with a path to it (or the last whose
	//     spec.defaultBackend names it): a canary's upstream serves no
	//     location, so a regular path to it gets none, and a canary's path
	//     to a regular upstream is a location like any other
	//     (createUpstreams). A canary path merges its upstream into the
	//     upstream of each location of its host's server (the catch-all
	//     server for a rule without host, or a canary's default backend,
	//     any path) with the same path as written and pathType, up to the
	//     first location of the canary's own upstream; one that merges
	//     nowhere deletes it (mergeAlternativeBackends). The canary then
	//     serves every location of that upstream, in every server, as
	//     Action.Alternatives; nginx's balancer consults only the first
	//     alternative of an upstream, with the policy of the Ingress that
	//     made the canary's upstream ([Canary]). [Matcher.RouteRequest]
	//     picks as balancer.lua does: the header (equal to
	//     canary-by-header-value, matching canary-by-header-pattern, or
	//     "always"/"never"; its name in any case, '-' and '_' alike, two
	//     lines joined by ", "), then the cookie ("always"/"never", its
	//     name in any case), then the weight (0: never; the total, at
	//     least 100: always; else by chance, and the route keeps that
	//     alternative). Session affinity is not modelled.
	IngressNGINX

	// Traefik routes as the Kubernetes Ingress provider of Traefik v3.7
	// (pkg/provider/kubernetes/ingress/kubernetes.go, loadRouter;
	// pkg/muxer/http/mux.go; pkg/server/server_entrypoint_tcp.go):
	//
	//   - Each path is a router whose rule is Host("h") (a wildcard too:
	//     Host("*.foo.com") matches one first label of any bytes) joined by
	//     " && " to Path("/p") for Exact and PathPrefix("/p") for Prefix,
	//     ImplementationSpecific and a missing pathType; strings are written
	//     with %q. PathPrefix is a plain string prefix, so /foo matches
	//     /foobar. A path with a resource backend, or none, gets no router;
	//     a rule without host and a path without path give an empty rule,
	//     which Traefik rejects. Two paths of one Ingress with the same rule
	//     text are one router, the later path's.
	//   - The entry point cleans the request path with url.URL.JoinPath
	//     (sanitizePath: "/api/." is "/api") after decoding unreserved
	//     characters; the muxer then routes by the path with everything but
	//     reserved characters decoded ("/%40v" is not "/@v").
	//   - A router's priority is the length of its rule text, and all
	//     routers of all hosts are tried in priority order: a rule without
	//     host competes with host rules, and Prefix /foo (PathPrefix, 10
	//     bytes more than Path) wins over Exact /foo. Routers of equal
	//     priority are in no defined order; Compile orders them by the
	//     tie-break order and reports them.
	//   - spec.defaultBackend is used only from an Ingress without rules, as
	//     a router PathPrefix("/") of priority math.MinInt32; the first one
	//     wins, and routers of a lower priority never serve.
	//   - Entry points: a router serves Traefik's web (cleartext) and
	//     websecure (TLS terminated on the entry point, as Traefik's Helm
	//     chart configures it) entry points, or those router.entrypoints
	//     names; a router with TLS (router.tls empty or "true" in any case,
	//     or a router.tls.* annotation without router.tls) serves no
	//     cleartext request. [Matcher.Match] and Explain answer for
	//     cleartext requests; [Matcher.MatchRequest] and RouteRequest for a
	//     request over TLS when its TLS field is set (one that arrives at
	//     websecure). Middlewares are assumed to exist: Traefik drops a
	//     router whose middleware it cannot find.
	//   - The router.* annotations are decoded as Traefik's label decoder
	//     does: names after the prefix in any case, the last of two keys
	//     that differ only in case. A key that names no field of the router
	//     configuration (a typo such as router.middleware), a priority that
	//     is not a 64-bit integer or an observability switch that is not a
	//     boolean skips the whole Ingress; a priority above MaxInt64-1000
	//     rejects its routers (pkg/server/router/router.go,
	//     maxUserPriority). router.rulesyntax is ignored: rules are read
	//     with the v3 syntax.
	Traefik

	// TraefikStrict is [Traefik] with the provider's strictPrefixMatching
	// option (Traefik v3.5 and later): Prefix and ImplementationSpecific
	// paths /foo become (Path("/foo") || PathPrefix("/foo/")), element-wise
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

	// Contour routes as Contour v1.33 builds Envoy's configuration from
	// Ingresses (internal/dag/ingress_processor.go, dag.go;
	// internal/sorter/sorter.go; internal/envoy/v3/listener.go):
	//
	//   - One Envoy virtual host per rule host, "*" for rules without host;
	//     Envoy picks the exact domain, then the longest wildcard suffix,
	//     then "*", and never tries another. It reads the Host header
	//     lower-cased, without a numeric port (Contour sets
	//     ignore_port_in_host_matching), a trailing dot kept: foo.com. is
	//     not foo.com and reaches "*". A wildcard host *.foo.com
	//     adds a header match on :authority, the Host as sent, so that only
	//     one label matches: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.foo\.com(:[0-9]+)?,
	//     case-sensitive (wildcardDomainHeaderMatch): a.b.foo.com and
	//     X.foo.com reach the *.foo.com virtual host and get 404.
	//   - Prefix /foo/ and /foo both become the segment prefix /foo (all
	//     trailing slashes trimmed), Prefix / a string prefix; Exact is
	//     exact; ImplementationSpecific is a regular expression matching
	//     the whole path when it contains one of ^+*[]%, else a string
	//     prefix.
	//   - Routes are ordered exact, then regular expressions, then
	//     prefixes, longer first; the first that matches wins.
	//   - Routes with the same condition (Prefix /foo and /foo/) replace
	//     each other in the virtual host's map (VirtualHost.AddRoute): in
	//     one Ingress the later path wins; from several Ingresses the
	//     winner depends on the order of Contour's Ingress map, so Compile
	//     keeps the first in tie-break order and reports the rest as
	//     DialectConflict.
	//   - spec.defaultBackend of every Ingress becomes its first rule, a
	//     string prefix / in the "*" virtual host (rulesFromSpec), which a
	//     later Prefix or ImplementationSpecific / without host replaces: it
	//     serves only hosts that have no virtual host of their own.
	//   - Envoy normalises the path (normalize_path: dot segments,
	//     unreserved characters decoded, other escapes kept) and merges
	//     slashes.
	Contour

	// Istio routes as istiod converts Ingresses to VirtualServices
	// (pilot/pkg/config/kube/ingress/virtualservices.go and ingress.go) and
	// builds its ingress gateway's virtual hosts from them
	// (pilot/pkg/networking/core/gateway.go; route/route.go):
	//
	//   - One virtual service per rule host as written ("*" for none); Envoy
	//     picks the exact domain, then the longest wildcard suffix (any
	//     number of labels), then "*", by the Host header as Envoy reads it:
	//     a numeric port dropped (ignore_port_in_host_matching), a trailing
	//     dot kept, so "foo.com." reaches "*".
	//   - Rules are taken in creationTimestamp order, then by Ingress
	//     name, then namespace (name before namespace), then rule index;
	//     their routes are then sorted, stably, by the length of the path
	//     as written, longest first, Exact before the others at equal
	//     length: Prefix /foo/ (5 bytes) comes before Exact /foo.
	//   - Rule hosts that differ only in case (which the API server
	//     rejects) are virtual services of one virtual host: their routes
	//     one after the other, by the names istiod gives the virtual
	//     services' gateways and then the virtual services, catch-all
	//     routes (prefix "/") last (SortVHostRoutes).
	//   - Prefix is element-wise under Istio's Ingress route semantics
	//     (path_separated_prefix, trailing '/' trimmed); ImplementationSpecific
	//     follows createFallbackStringMatch: "", "*", "/*" and ".*" match
	//     everything, "x.*" and "x/*" are element-wise prefixes of x, any
	//     other path is Exact.
	//   - spec.defaultBackend is ignored.
	//   - Request paths are normalised as Istio's default BASE
	//     normalisation does: dot segments resolved, repeated slashes
	//     kept ("/a//." is "/a//").
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

	// TraefikIngressNGINX routes as Traefik's ingress-nginx provider (the
	// "Kubernetes Ingress NGINX" provider of Traefik v3.7,
	// pkg/provider/kubernetes/ingress-nginx: build.go, translator.go,
	// middleware.go), which reads ingress-nginx's annotations to take over
	// its Ingresses:
	//
	//   - Ingresses are read oldest first, equal times by namespace/name
	//     descending. One is skipped whole for a snippet annotation
	//     (unless [WithNGINXSnippets]) or for a path of type Exact or
	//     Prefix (or none) with a character outside [[:alnum:]._-/]
	//     (strictValidatePathType).
	//   - An ssl-passthrough Ingress ("true" in any case) routes none of
	//     its paths: for each rule with a host, a TCP router HostSNI("h")
	//     passes TLS connections with that server name (any case;
	//     "*.foo.com" one label) through to the backend of the rule's
	//     first path "/" (without paths, spec.defaultBackend), before any
	//     HTTP router: [Matcher.RouteRequest] answers a request over TLS
	//     with that route, Action.Passthrough set; and an HTTP router
	//     Host("h") sends cleartext requests there, behind a 308 to https
	//     when the Ingress has spec.tls or force-ssl-redirect.
	//   - allowlist-source-range (else whitelist-source-range) is an
	//     IPAllowList middleware after the redirect middlewares:
	//     Action.Access, 403 to a RemoteAddr outside it
	//     ([Matcher.RouteRequest]); denylist-source-range is not read.
	//   - A canary Ingress's path finds the Service of the regular path
	//     of its namespace with the same host, path and pathType (Prefix
	//     when missing), unless an earlier canary took that path or it
	//     names that Service port itself; the last canary of a Service
	//     (namespace, name, port) is attached to every location of it,
	//     in every host. Such a location's service is a weighted round
	//     robin of its Service (weight total-weight, the total at least
	//     100) and the canary (weight), a service of weight 0 left out:
	//     Action.Alternatives. With canary-by-header or canary-by-cookie a
	//     canary router is added, the location's rule && (Header("h",
	//     "always") — or the header's value, or HeaderRegexp for the
	//     pattern — || HeaderRegexp("Cookie", "(^|;\s*)c=always(;|$)")),
	//     and with a weight too a non-canary router for "never", served
	//     by the location's Service. They rank by the length of their
	//     rule like every router, so a canary router of /a outranks a
	//     router of /a/b with a shorter rule. [Matcher.Match] answers for
	//     requests without headers, which no such router matches;
	//     [Matcher.RouteRequest] reads the request's headers (the cookie's
	//     name is case-sensitive) and settles the weight (0: the Service;
	//     the total: the canary; else by chance, the alternative kept).
	//   - Each Service path is a router, for cleartext and TLS requests
	//     alike, whose rule is Host("h") (with its server-alias hosts
	//     or'ed in) joined by " && " to Path("/p") for Exact; for Prefix,
	//     ImplementationSpecific and none: PathPrefix("/") for "/",
	//     (Path("/p") || PathPrefix("/p/")) for any other (trailing '/'
	//     trimmed), or PathRegexp("(?i)^/p") when any Ingress of the rule
	//     host has use-regex or rewrite-target (Exact stays Path). A path
	//     "" adds no condition.
	//   - As under [Traefik], a router's priority is the length of its
	//     rule and routers of all hosts compete: a hostless rule with a
	//     longer text beats the host's own, a Prefix beats a longer Exact;
	//     there is no trailing-slash redirect. Request paths are cleaned as
	//     Traefik's entry point does (/../a is /a, %2F stays encoded).
	//   - spec.defaultBackend of the first Ingress without rules is a
	//     router PathPrefix("/") of priority math.MinInt32 for every host;
	//     that of an Ingress with rules a router Host("h") per rule host,
	//     under one key, so one host's survives (in no defined order).
	//   - Redirects are per Ingress, on its own routers (Action): with
	//     any spec.tls entry (unless ssl-redirect is not "true") or
	//     force-ssl-redirect, cleartext requests get 308 to https (the
	//     Host without its port as RedirectScheme's pattern reads it, the
	//     cleaned path, the query; 502 where Go's url.Parse refuses the
	//     result, as for an IPv6 Host with a port); app-root 302 for the
	//     path "/"; permanent-redirect and temporal-redirect (their
	//     Location is the annotation's URL, without the request's query;
	//     under use-regex only a URL whose path begins, case-sensitively,
	//     with the location's path is redirected, and the rest of the URL
	//     is appended). A boolean annotation is true only for "true" in
	//     any case.
	//   - from-to-www-redirect on a rule host h (not a wildcard) whose
	//     counterpart www.h (or h for www.h) is no rule host adds a router
	//     Host("www.h") without path, at that rule's length, answering 308
	//     to h with the request's scheme, port, path and query, one
	//     trailing '/' of the whole URL removed. [Matcher.Match] gives its
	//     Location as "//h"; RouteRequest gives the full URL.
	//   - rewrite-target (unless equal to the path) is a middleware after
	//     the redirects that replaces every match of the location's path,
	//     as a case-insensitive unanchored regular expression, in the path
	//     the entry point left: [Matcher.RouteRequest] answers for it
	//     (Action.Status 500 for an empty result, 400 for a result with
	//     dot segments or repeated slashes, a 302 Redirect for a URL, with
	//     the request's query when it has none), and forwards otherwise,
	//     with the new path (decoded) in Action.Upstream.Path and
	//     x-forwarded-prefix (when it passes the provider's check) as the
	//     path with every match replaced by it: Upstream.ForwardedPrefix.
	//     A default backend's location has no path: its target is the
	//     annotation without $n references. The middleware searches again
	//     after each match, which an expression like /(a.*z|a) makes
	//     quadratic in the path; RouteRequest evaluates it within about 4
	//     million steps and answers ErrBadRequest beyond.
	//   - What the backend receives and who asks first
	//     (traefiknginxforward.go; middleware.go, translator.go):
	//     upstream-vhost is Upstream.Host, with $namespace, $ingress_name,
	//     $service_name, $service_port and $location_path filled in (an
	//     empty value puts the router in error); backend-protocol, in
	//     upper case and not trimmed, is the Service's scheme: HTTPS and
	//     GRPCS "HTTPS", GRPC "GRPC" (h2c), else HTTP, and always HTTP for
	//     a spec.defaultBackend without rules; auth-url (auth-method,
	//     auth-signin with the parameter rd, the request's Host and URI
	//     after upstream-vhost and rewrite-target) and auth-type are
	//     Action.Auth, and an auth-url without scheme and host answers
	//     500; custom-http-errors is Action.ErrorCodes only with
	//     default-backend on the same Ingress (a status that does not
	//     parse puts the router in error), default-backend
	//     Action.DefaultBackend. RouteRequest adds them; Match does not.
	TraefikIngressNGINX
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

	TraefikIngressNGINX: "traefik-ingress-nginx",
}

// hasEngine reports whether the dialect routes with its own engine rather
// than the index of the default precedence (which GatewayAPI shares).
func (d Dialect) hasEngine() bool {
	switch d {
	case IngressNGINX, Traefik, TraefikStrict, Contour, Istio, HAProxy, TraefikIngressNGINX:
		return true
	}
	return false
}

// String returns the dialect's name: "default", "ingress-nginx",
// "traefik", "traefik-strict", "gateway-api", "contour", "istio",
// "haproxy" or "traefik-ingress-nginx".
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

// missingPathType returns the pathType the dialect's controller reads for a
// path without one (API-invalid, but found in real manifests), and false
// when it skips such a path as the default dialect does.
func (d Dialect) missingPathType() (networkingv1.PathType, bool) {
	switch d {
	case IngressNGINX:
		return networkingv1.PathTypePrefix, true // internal/k8s/main.go, SetDefaultNGINXPathType
	case TraefikIngressNGINX:
		return networkingv1.PathTypePrefix, true // translator.go, buildRule
	case Traefik, TraefikStrict, Contour, Istio:
		return networkingv1.PathTypeImplementationSpecific, true // loadRouter; ingress_processor.go; createFallbackStringMatch
	}
	return "", false
}

// controller names the dialect's controller in diagnostics.
func (d Dialect) controller() string {
	switch d {
	case IngressNGINX:
		return "ingress-nginx"
	case Traefik, TraefikStrict:
		return "Traefik"
	case TraefikIngressNGINX:
		return "Traefik's ingress-nginx provider"
	case Contour:
		return "Contour"
	case Istio:
		return "Istio"
	case HAProxy:
		return "haproxy-ingress"
	case GatewayAPI:
		return "a Gateway API conversion"
	}
	return "the library"
}

// applyDialect sets the options a dialect implies, over what the caller
// gave.
func (o *options) applyDialect() {
	switch o.dialect {
	case IngressNGINX:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		o.policy, o.normalize = pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash, RejectAboveRoot: true}, true
	case Traefik, TraefikStrict, TraefikIngressNGINX:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		// The entry point's normalizePath and sanitizePath, then the
		// muxer's routing path (server_entrypoint_tcp.go, mux.go).
		o.policy, o.normalize = pathmatch.Policy{Decode: pathmatch.DecodeUnlessReserved, GoPathClean: true}, true
	case Contour:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		// Envoy's normalize_path and merge_slashes (listener.go).
		o.policy, o.normalize = pathmatch.Policy{Decode: pathmatch.DecodeUnreserved}, true
	case Istio:
		o.specific = pathmatch.AsStringPrefix()
		o.fallThrough, o.perHostDefault = false, false
		// Istio's BASE: normalize_path, no merge_slashes.
		o.policy, o.normalize = pathmatch.Policy{KeepRepeatedSlashes: true, Decode: pathmatch.DecodeUnreserved}, true
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
	// redirects a cleartext (http) request to https (ingress-nginx's
	// ssl-redirect and force-ssl-redirect: 308). [Matcher.RouteRequest]
	// applies it to requests without TLS, to https://, the Host header
	// without its port, and the request URI without one trailing '/'
	// unless PreserveTrailingSlash (lua_ingress.lua, redirect_host and
	// the preserve-trailing-slash annotation).
	HTTPSRedirect int
	// PreserveTrailingSlash keeps the request URI's trailing '/' in the
	// Location of HTTPSRedirect (ingress-nginx's preserve-trailing-slash;
	// always under TraefikIngressNGINX).
	PreserveTrailingSlash bool
	// Status, when not 0, is a status the controller answers itself once
	// the route is chosen, instead of forwarding the request. Under
	// IngressNGINX: a permanent-redirect-code that is no redirect (300,
	// 304-306), answered with the URL as body. Under TraefikIngressNGINX,
	// set by [Matcher.RouteRequest] only because it depends on the
	// request: the rewrite-target middleware's 400 when the rewritten path
	// has dot segments or repeated slashes and 500 when it is empty, and
	// 502 when Go's url.Parse refuses the Location of the https or www
	// redirect (an IPv6 Host header with a port).
	Status int
	// NotFound says that the controller answers 404 itself once the
	// HTTPSRedirect does not apply: the route is its own default backend,
	// reached here only for the redirect (ingress-nginx's location / of a
	// host with a certificate). [Matcher.RouteRequest] answers
	// [ErrNoRoute] for a request with TLS.
	NotFound bool
	// Access, when not nil, is who may reach the route by client address
	// (ingress-nginx's allowlist-source-range, or whitelist-source-range,
	// and denylist-source-range): [Matcher.RouteRequest] answers 403
	// (Status) to a request whose RemoteAddr it refuses, once no redirect
	// has answered; a request without a RemoteAddr it can read keeps the
	// route, with Access.
	Access *Access
	// Passthrough says that the controller passes the TLS connection
	// through to Backend without terminating it (ssl-passthrough): the
	// backend sees the TLS stream, and answers whatever path is asked.
	// Set by [Matcher.RouteRequest] for a request over TLS whose server
	// name is a passthrough host.
	Passthrough bool
	// Alternatives are other backends the controller may send the request
	// to instead of Backend (ingress-nginx canary Ingresses), in the order
	// the controller considers them.
	Alternatives []Alternative
	// Upstream, when not nil, is how the request Backend receives differs
	// from the client's: another path, Host or protocol.
	Upstream *Upstream
	// Auth, when not nil, is a check the controller makes before it
	// forwards the request: the request reaches Backend only when it
	// passes.
	Auth *Auth
	// DefaultBackend, when not nil, is the Service of ingress-nginx's
	// default-backend annotation, in the route's namespace (its first
	// port): it serves the route's requests while Backend's Service has no
	// ready endpoints, and answers instead of Backend with the statuses
	// of ErrorCodes. It serves nothing while it has no ready endpoints
	// itself (controller.go, getBackendServers).
	DefaultBackend *networkingv1.IngressServiceBackend
	// ErrorCodes are statuses of Backend's answers that the controller
	// replaces (ingress-nginx's custom-http-errors): the request goes on
	// to DefaultBackend, or to the controller's own default backend, with
	// the status in an X-Code header, and its answer is the client's.
	ErrorCodes []int
}

// isZero reports whether the action asks nothing besides forwarding:
// nil stands for such an action.
func (a *Action) isZero() bool {
	return a.Redirect.Status == 0 && a.HTTPSRedirect == 0 && !a.PreserveTrailingSlash && a.Status == 0 && !a.NotFound &&
		a.Access == nil && !a.Passthrough && len(a.Alternatives) == 0 && a.Upstream == nil && a.Auth == nil &&
		a.DefaultBackend == nil && len(a.ErrorCodes) == 0
}

// Upstream is how the request a backend receives differs from the
// client's, under ingress-nginx: its rewrite-target, x-forwarded-prefix,
// upstream-vhost and backend-protocol annotations (nginx.tmpl;
// template.go, buildProxyPass).
type Upstream struct {
	// RewriteTarget is the rewrite-target as written. nginx rewrites the
	// request's path with `rewrite "(?i)<location path>" <target> break;`:
	// the path becomes the target, its $1 to $9 the groups of the
	// location's expression (empty when absent); any other '$' is an nginx
	// variable, kept here as written. A target that begins with http://,
	// https:// or $scheme makes the location a 302 redirect to it instead.
	RewriteTarget string
	// Path is the path Backend receives after RewriteTarget, decoded as
	// nginx's $uri is (nginx escapes it again on the way, and the query
	// follows unchanged). Only [Matcher.RouteRequest] sets it; "" when the
	// path is not rewritten and Backend receives the client's request URI.
	Path string
	// ForwardedPrefix is the X-Forwarded-Prefix header the controller adds
	// (x-forwarded-prefix, written only with a rewrite): as written from
	// [Matcher.Match], its $1 to $9 filled in by [Matcher.RouteRequest].
	ForwardedPrefix string
	// Host is the Host header Backend receives (upstream-vhost, trimmed;
	// nginx variables other than the location's stay as written); "" when
	// it is the client's.
	Host string
	// Protocol is how the controller speaks to Backend (backend-protocol,
	// in upper case): "HTTPS", "GRPC", "GRPCS", "AUTO_HTTP" (the
	// request's own scheme) or "FCGI"; "" for HTTP, the default.
	Protocol string

	re *regexp.Regexp // the location's expression, for the groups
}

// Auth is a check ingress-nginx makes before it forwards a request: its
// auth-url, auth-method and auth-signin annotations (external
// authentication: nginx.tmpl's auth_request), or auth-type with
// auth-secret (nginx's own basic or digest authentication).
type Auth struct {
	// URL is the authentication service (auth-url), asked first with the
	// request's headers, no body, and the original URL in X-Original-URL:
	// a 2xx answer lets the request go on
	// to Backend, 401 and 403 are the client's answer, anything else
	// answers 500.
	URL string
	// Method is the method of the request to URL (auth-method); "" for
	// GET, the method of nginx's subrequests.
	Method string
	// SignIn, when not "", is where a 401 from URL sends the client
	// instead (auth-signin): a 302 to it with a parameter
	// (auth-signin-redirect-param, "rd") naming the request's URL. From
	// [Matcher.Match] the parameter's value is written as nginx.tmpl writes
	// it, "$pass_access_scheme://$http_host$escaped_request_uri";
	// [Matcher.RouteRequest] fills it in.
	SignIn string
	// Basic is "basic" or "digest" when nginx asks the client for
	// credentials itself (auth-type, with the users of auth-secret): a
	// request without valid ones is answered 401. The Secret is the
	// cluster's, and not read here.
	Basic string
}

// Redirect is an answer a controller gives itself.
type Redirect struct {
	// Status is the HTTP status, 300 to 308 (ingress-nginx: 301, 302,
	// 303, 307, 308; Traefik's ingress-nginx provider: any code its
	// annotations give); 0 for no redirect.
	Status int
	// Location is the target. A path ("/foo/", an app-root) is on the
	// request's scheme and host: a server puts them before it. "//host"
	// (from-to-www-redirect, from [Matcher.Match]) is the request's URL
	// on that host, which [Matcher.RouteRequest] writes out. Anything
	// else is an absolute URL, used as it is (https redirects,
	// permanent-redirect, a rewrite-target URL).
	Location string
}

// Access is an address filter nginx applies to a location: deny rules,
// then allow rules, the first that matches decides; with allow rules,
// any other address is refused, without, admitted.
type Access struct {
	Deny, Allow []netip.Prefix
}

// Admits reports whether the filter lets a client address through.
func (a *Access) Admits(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range a.Deny {
		if p.Contains(addr) {
			return false
		}
	}
	for _, p := range a.Allow {
		if p.Contains(addr) {
			return true
		}
	}
	return len(a.Allow) == 0
}

// sourceRanges reads a comma-separated list of CIDRs and addresses, each
// trimmed (ingress-nginx's ParseIPNets; Traefik's ip.NewChecker): the
// entries that parse, and bad when one does not.
func sourceRanges(v string) (prefixes []netip.Prefix, bad bool) {
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		if p, err := netip.ParsePrefix(e); err == nil {
			prefixes = append(prefixes, p.Masked())
		} else if ip, err := netip.ParseAddr(e); err == nil && ip.Zone() == "" {
			prefixes = append(prefixes, netip.PrefixFrom(ip, ip.BitLen()))
		} else {
			bad = true
		}
	}
	return prefixes, bad
}

// settleAccess applies an action's Access to the request's client
// address: a 403 when it is refused, the action without Access (nil when
// nothing else is left) when admitted; settled is false when the request
// has no address it can read.
func settleAccess(a *Action, r *http.Request) (out *Action, settled bool) {
	addr, ok := clientAddr(r)
	if !ok {
		return a, false
	}
	if !a.Access.Admits(addr) {
		return &Action{Status: http.StatusForbidden}, true
	}
	rest := *a
	rest.Access = nil
	if rest.isZero() {
		return nil, true
	}
	return &rest, true
}

// clientAddr is the client address of a request: its RemoteAddr
// ("ip:port", or an address alone).
func clientAddr(r *http.Request) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr(), true
	}
	addr, err := netip.ParseAddr(r.RemoteAddr)
	return addr, err == nil
}

// Alternative is a backend a controller may send a request to instead of
// the route's: an ingress-nginx canary.
type Alternative struct {
	// Route is the canary Ingress's path (its default backend: RuleIndex
	// -1) whose backend takes the request.
	Route Route
	// When says in words when the controller picks it: "header
	// X-Canary: always", "cookie canary: always", "weight 20 of 100".
	When string
	// Canary is the canary Ingress's policy as the controller reads it.
	Canary Canary
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
	if a.NotFound {
		parts = append(parts, "otherwise 404")
	}
	if a.Status != 0 {
		parts = append(parts, fmt.Sprintf("answers %d", a.Status))
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

// requestEngine is an engine whose controller, once it has chosen a
// route, answers some requests itself in a way that depends on more of the
// request than its host and path (its scheme, query, path as sent):
// [Matcher.RouteRequest] asks it for the route's final Action, or for
// [ErrNoRoute].
type requestEngine interface {
	requestAction(route Route, r *http.Request, path string) (Route, error)
}

// httpsRedirect is the redirect of a cleartext request to https that a
// route's action a asks for (HTTPSRedirect): to https://, the Host header
// without its port, and uri without one trailing '/' unless
// PreserveTrailingSlash.
func httpsRedirect(a *Action, host, uri string) *Action {
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	if !a.PreserveTrailingSlash && strings.HasSuffix(uri, "/") {
		uri = uri[:len(uri)-1]
	}
	return &Action{Redirect: Redirect{Status: a.HTTPSRedirect, Location: "https://" + host + uri}, Alternatives: a.Alternatives}
}

// passthroughEngine is an engine whose controller passes some TLS
// connections through by their server name (ssl-passthrough), before any
// HTTP routing: passthrough returns the route that takes them.
type passthroughEngine interface {
	passthrough(serverName string) (Route, bool)
}

// tlsEngine is an engine whose controller routes requests over TLS
// differently (Traefik's entry points): match answers for cleartext
// requests, matchTLS for requests over TLS.
type tlsEngine interface {
	matchTLS(host, path string) (Route, bool)
}
