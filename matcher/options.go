package matcher

import (
	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/pathmatch"
)

// An Option sets one of the behaviours the Kubernetes documentation leaves
// to the controller. Options are given to [Compile] and fixed for the life of
// the Matcher.
type Option func(*options)

type options struct {
	fallThrough    bool
	perHostDefault bool
	specific       pathmatch.Interpretation
	policy         pathmatch.Policy
	normalize      bool
	tieBreak       ingress.Order
	dialect        Dialect
	// nginxSnippets: ingress-nginx's annotations-risk-level is Critical
	// (WithNGINXSnippets)
	nginxSnippets bool
	// nginxPassthrough: ingress-nginx runs with --enable-ssl-passthrough
	// (WithNGINXSSLPassthrough)
	nginxPassthrough bool
	// set by dialects only
	multiLabelWildcard   bool // a wildcard group covers any number of labels
	defaultOnlyUnclaimed bool // the default backend serves only requests no host group claims
}

func defaultOptions() options {
	return options{normalize: true, tieBreak: ingress.OldestFirst}
}

// WithHostFallThrough lets a request whose path matches none of the paths of
// the most specific host group fall through to the next group: exact host,
// then wildcard host, then the rules without host, then the default backend
// (Traefik behaves so). By default the most specific host group with any
// path claims the request and there is no fall-through (nginx and the
// Envoy-based controllers behave so).
func WithHostFallThrough() Option {
	return func(o *options) { o.fallThrough = true }
}

// WithImplementationSpecific sets how ImplementationSpecific paths are
// matched; the default is [pathmatch.AsPrefix]. Paths read as Exact, Prefix or
// string prefix are indexed; regular expressions and caller functions are
// tried one after another, so their cost grows with their number.
func WithImplementationSpecific(is pathmatch.Interpretation) Option {
	return func(o *options) { o.specific = is }
}

// WithPerHostDefaultBackend makes spec.defaultBackend serve the hosts of its
// own Ingress (ingress-nginx behaves so): when the host group that claims a
// request has no matching path, the oldest defaultBackend among the Ingresses
// that have rules in that group serves. When none of them has one, or no
// host group claims the request, the global default backend serves, as
// without this option: the oldest defaultBackend of all.
func WithPerHostDefaultBackend() Option {
	return func(o *options) { o.perHostDefault = true }
}

// WithPathPolicy sets the normalisation [Matcher.MatchRequest] applies to a
// request path before matching; the default is the zero [pathmatch.Policy]
// (remove dot segments, merge repeated slashes, keep %2F encoded).
func WithPathPolicy(p pathmatch.Policy) Option {
	return func(o *options) { o.policy, o.normalize = p, true }
}

// WithoutPathNormalization makes [Matcher.MatchRequest] match the URL's
// escaped path exactly as received, as [Matcher.Match] does.
func WithoutPathNormalization() Option {
	return func(o *options) { o.normalize = false }
}

// WithTieBreak replaces precedence step 3, which orders Ingresses whose
// paths tie after length and type: order returns a negative number when a
// wins over b. Ingresses it finds equal are still ordered by namespace and
// name, then rule and path order (step 4). The same order chooses the
// default backend. The default is [ingress.OldestFirst]; order must be a
// strict weak order. tlsselect takes the same [ingress.Order].
func WithTieBreak(order ingress.Order) Option {
	return func(o *options) {
		if order != nil {
			o.tieBreak = order
		}
	}
}

// WithNGINXSnippets makes the IngressNGINX dialect route Ingresses that
// carry a snippet annotation (configuration-snippet, server-snippet,
// auth-snippet, modsecurity-snippet, stream-snippet), as ingress-nginx
// does in a cluster whose annotations-risk-level is Critical. By default,
// as ingress-nginx since v1.12 (annotations-risk-level High), such an
// Ingress is refused whole: it routes nothing and is reported. The
// TraefikIngressNGINX dialect reads it as the provider's
// allowSnippetAnnotations (configuration-snippet, server-snippet and
// auth-snippet); other dialects ignore it.
func WithNGINXSnippets() Option {
	return func(o *options) { o.nginxSnippets = true }
}

// WithNGINXSSLPassthrough routes as an ingress-nginx controller started
// with --enable-ssl-passthrough (off by default, when the
// nginx.ingress.kubernetes.io/ssl-passthrough annotation does nothing):
// a TLS connection whose server name is, byte for byte, the name of a
// server whose first Ingress has ssl-passthrough: "true" is passed through
// to the backend of that server's location / (controller.go,
// getConfiguration; the controller's tcpproxy), unless that is the
// controller's default backend. Other dialects ignore it.
func WithNGINXSSLPassthrough() Option {
	return func(o *options) { o.nginxPassthrough = true }
}
