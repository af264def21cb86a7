package ingress

import (
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Order decides between two Ingresses whose rules tie — two equivalent
// paths for matcher, two TLS entries for one host for tlsselect, two default
// backends: it returns a negative number when a comes first (wins), a
// positive one when b does, and 0 when it cannot tell them apart. An Order
// must be a strict weak order. The packages that take one break its ties by
// namespace and name, so every Order ends in a total order.
type Order func(a, b *networkingv1.Ingress) int

// OldestFirst is the default Order: the Ingress created first wins
// (creationTimestamp), then the namespace, then the name, in ascending
// order (docs/semantics.md, "Precedence", step 3).
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

// Compare is o with its ties broken by [ByName]; a nil Order is
// [OldestFirst].
func (o Order) Compare(a, b *networkingv1.Ingress) int {
	if o == nil {
		return OldestFirst(a, b)
	}
	if c := o(a, b); c != 0 {
		return c
	}
	return ByName(a, b)
}
