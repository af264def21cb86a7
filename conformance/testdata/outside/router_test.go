// Package mycontroller is a controller's own module that requires
// ingresslib and runs its conformance suite, as a user would. The library's
// TestOutsideModule runs this module's test offline; it is kept tidy and
// lists only what it imports.
package mycontroller

import (
	"testing"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

type router struct{ m *matcher.Matcher }

func (r router) Route(host, path string) (networkingv1.IngressBackend, bool) {
	route, ok := r.m.Match(host, path)
	return route.Backend, ok
}

func TestConformance(t *testing.T) {
	conformance.Run(t, func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return router{matcher.Compile(ings)}, nil
	}, conformance.WithFeatures(conformance.DefaultBackend, conformance.HostClaim, conformance.MultipleIngresses))
}
