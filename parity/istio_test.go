package parity_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The Istio code the Istio dialect follows. Istio tags its releases
// without Go's "v" prefix, so the Go module proxy serves its module only
// as pseudo-versions of commits: this one is a development snapshot of
// 2026-08-27 (commit eed52ebb66ad), the newest the proxy serves here, not a
// release.
const (
	istioModule  = "istio.io/istio"
	istioVersion = "v0.0.0-20260827124520-eed52ebb66ad"
)

// TestIstioParity routes random Ingress sets and requests derived from
// them through Istio's own Ingress conversion (pilot's VirtualServices),
// with the gateway's route configuration and Envoy's matching modelled
// (harness/istio and harness/envoy say which steps), and through the Istio
// dialect: every answer must be Istio's. Istio's conversion orders
// everything it reads, so no answer is order-dependent.
func TestIstioParity(t *testing.T) {
	dir := moduleCopy(t, istioModule, istioVersion)
	pkg := filepath.Join("pilot", "pkg", "config", "kube", "ingress")
	placeHarness(t, dir, pkg, "ingress", "istio", "envoy/ingresslib_envoy_test.go")

	rng := rand.New(rand.NewPCG(22, 3))
	sets := envoySets(rng, randomIstioSet)
	var answers harnessAnswers
	runHarness(t, dir, "./"+filepath.ToSlash(pkg), sets, &answers)
	if _, orderDependent, _ := compareAnswers(t, "Istio "+istioVersion[len(istioVersion)-12:], sets, answers, func(paritySet) matcher.Dialect { return matcher.Istio }); orderDependent > 0 {
		t.Errorf("%d answers depend on an order, which Istio's conversion does not have", orderDependent)
	}
}

// The pools the Istio generator draws from: hosts in other case (a rule
// host the API refuses, but Istio converts), paths of the three types and
// none, and the ImplementationSpecific shapes createFallbackStringMatch
// reads ("", "*", "/*", ".*", "x/*", "x.*").
var (
	istioHosts = []string{"foo.com", "foo.com", "bar.foo.com", "*.foo.com", "", "", "x.org", "Foo.com"}
	istioPaths = []string{"/", "/a", "/a/", "/a/b", "/ab", "/api", "/api/v1", "/api/v1/", "/A", "/a.b", "/x y", "/b%20c"}
	istioIS    = []string{"", "*", "/*", ".*", "/a/*", "/a.*", "/api.*", "/api/*", "/a/b/*"}
	istioTypes = []networkingv1.PathType{networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific}
)

// randomIstioSet draws one to five Ingresses: shared, wildcard, empty and
// other-case hosts; shared-prefix paths of every type and none; default
// backends (which Istio ignores); resource backends; equal creation times.
func randomIstioSet(rng *rand.Rand) []*networkingv1.Ingress {
	var ings []*networkingv1.Ingress
	for i := range 1 + rng.IntN(5) {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: []string{"default", "team"}[rng.IntN(2)], Name: fmt.Sprint("ing", rng.IntN(4)),
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(3), 0, time.UTC)),
		}}
		if slices.ContainsFunc(ings, func(o *networkingv1.Ingress) bool { return o.Namespace == ing.Namespace && o.Name == ing.Name }) {
			continue
		}
		if rng.IntN(5) == 0 {
			b := backend(fmt.Sprintf("def-%d", i))
			ing.Spec.DefaultBackend = &b
		}
		for ri := range 1 + rng.IntN(3) {
			r := networkingv1.IngressRule{Host: istioHosts[rng.IntN(len(istioHosts))]}
			if rng.IntN(10) > 0 {
				r.HTTP = &networkingv1.HTTPIngressRuleValue{}
			}
			for pi := range 1 + rng.IntN(4) {
				if r.HTTP == nil {
					break
				}
				p := networkingv1.HTTPIngressPath{Path: istioPaths[rng.IntN(len(istioPaths))], Backend: backend(fmt.Sprintf("s-%d-%d-%d", i, ri, pi))}
				pt := istioTypes[rng.IntN(len(istioTypes))]
				p.PathType = &pt
				if rng.IntN(8) == 0 {
					p.PathType = nil
				}
				if (p.PathType == nil || pt == networkingv1.PathTypeImplementationSpecific) && rng.IntN(2) == 0 {
					p.Path = istioIS[rng.IntN(len(istioIS))]
				}
				if rng.IntN(12) == 0 {
					p.Backend = networkingv1.IngressBackend{Resource: nil}
				}
				r.HTTP.Paths = append(r.HTTP.Paths, p)
			}
			ing.Spec.Rules = append(ing.Spec.Rules, r)
		}
		ings = append(ings, ing)
	}
	return ings
}
