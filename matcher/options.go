package matcher

import (
	"strings"

	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
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
	tieBreak       func(a, b *networkingv1.Ingress) int
}

func defaultOptions() options {
	return options{normalize: true, tieBreak: OldestFirst}
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
// paths tie after length and type: cmp returns a negative number when a wins
// over b. Ingresses it finds equal are still ordered by namespace and name,
// then rule and path order (step 4). The same order chooses the default
// backend. The default is [OldestFirst]; cmp must be a strict weak order.
func WithTieBreak(cmp func(a, b *networkingv1.Ingress) int) Option {
	return func(o *options) {
		if cmp != nil {
			o.tieBreak = cmp
		}
	}
}

// OldestFirst is the default tie-break: the Ingress created first wins, then
// the namespace, then the name, in ascending order.
func OldestFirst(a, b *networkingv1.Ingress) int {
	if c := a.CreationTimestamp.Time.Compare(b.CreationTimestamp.Time); c != 0 {
		return c
	}
	return ByName(a, b)
}

// ByName orders Ingresses by namespace, then name, ignoring age.
func ByName(a, b *networkingv1.Ingress) int {
	if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
		return c
	}
	return strings.Compare(a.Name, b.Name)
}
