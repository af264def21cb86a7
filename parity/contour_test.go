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

// The Contour release the Contour dialect follows.
const (
	contourModule  = "github.com/projectcontour/contour"
	contourVersion = "v1.33.8"
)

// TestContourParity routes random Ingress sets and requests derived from
// them through Contour's own code (its DAG, route sorter and Envoy route
// configuration) with Envoy's matching modelled from its documentation
// (harness/contour says which steps), and through the Contour dialect:
// every answer of the dialect must be one Contour gives; where Contour's
// answer depends on the order of its Ingress map, the dialect must give one
// of its answers and report a DialectConflict.
func TestContourParity(t *testing.T) {
	dir := moduleCopy(t, contourModule, contourVersion)
	pkg := filepath.Join("internal", "xdscache", "v3")
	placeHarness(t, dir, pkg, "v3", "contour", "envoy/ingresslib_envoy_test.go")

	rng := rand.New(rand.NewPCG(22, 2))
	sets := envoySets(rng, randomContourSet)
	var answers harnessAnswers
	runHarness(t, dir, "./"+filepath.ToSlash(pkg), sets, &answers)
	compareAnswers(t, "Contour "+contourVersion, sets, answers, func(paritySet) matcher.Dialect { return matcher.Contour })
}

// The pools the Contour generator draws from.
var (
	contourHosts = []string{"foo.com", "foo.com", "bar.foo.com", "*.foo.com", "", "", "x.org"}
	contourPaths = []string{"/", "/a", "/a/", "/a/b", "/ab", "/api", "/api/v1", "/api/v1/", "", "/A", "/a.b", "/x y", "/api/v[0-9]+", "/a/.*", "/b%20c"}
)

// randomContourSet draws one to five Ingresses: wildcard, empty and shared
// hosts, shared-prefix paths of every type (regular expressions among the
// ImplementationSpecific ones), paths with the same condition in one
// Ingress and in several, default backends, equal creation times.
func randomContourSet(rng *rand.Rand) []*networkingv1.Ingress {
	var ings []*networkingv1.Ingress
	for i := range 1 + rng.IntN(5) {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: []string{"default", "team"}[rng.IntN(2)], Name: fmt.Sprint("ing", i),
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(3), 0, time.UTC)),
		}}
		randomRules(rng, ing, i, contourHosts, contourPaths, nil, false, 14)
		ings = append(ings, ing)
	}
	return ings
}

// malformedEscape reports whether a request target holds a '%' not
// followed by two hex digits.
func malformedEscape(target string) bool {
	for i := 0; i < len(target); i++ {
		if target[i] == '%' && (i+2 >= len(target) || !isHex(target[i+1]) || !isHex(target[i+2])) {
			return true
		}
	}
	return false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// envoySets draws the Ingress sets of a controller that configures Envoy,
// with their requests, but those with a malformed escape (a cut "%2"),
// Envoy's answer to which is not modelled.
func envoySets(rng *rand.Rand, draw func(*rand.Rand) []*networkingv1.Ingress) []paritySet {
	var sets []paritySet
	for range envInt("INGRESSLIB_PARITY_SETS", 400) {
		ings := draw(rng)
		reqs := slices.DeleteFunc(derivedRequests(ings, rng, 70), func(r request) bool { return malformedEscape(r.Target) })
		sets = append(sets, paritySet{Ingresses: ings, Requests: reqs[:min(len(reqs), 60)]})
	}
	return sets
}
