package conformance_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/profile"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

// profileFeatures are the controller features each profile declares:
// the cases of cases/controllers.yaml it must pass.
var profileFeatures = map[string][]conformance.Feature{
	"ingress-nginx":  {conformance.IngressNGINXRegex},
	"traefik":        {conformance.TraefikRulePriority},
	"traefik-strict": nil, // TraefikRulePriority includes string prefixes
	"contour":        {conformance.ContourImplementationSpecific},
	"istio":          {conformance.IstioPathLength, conformance.MultiLabelWildcards},
	"haproxy":        {conformance.HAProxyBegin},
	"gateway-api":    {conformance.MultiLabelWildcards},
}

var updateReadme = flag.Bool("update-readme", false, "rewrite README.md's table of the suite under every profile")

// profileRouter is a profile's matcher: paths normalised by the profile's
// own policy; a redirect the controller answers itself reaches no backend.
// Certificates are matcherRouter's: no profile changes TLS selection.
type profileRouter struct{ matcherRouter }

func (r profileRouter) Route(host, path string) (networkingv1.IngressBackend, bool) {
	p, err := r.m.NormalizePath(path)
	if err != nil {
		return networkingv1.IngressBackend{}, false
	}
	route, ok := r.m.Match(host, p)
	if route.Action != nil && route.Action.Redirect.Status != 0 {
		return networkingv1.IngressBackend{}, false
	}
	return route.Backend, ok
}

// TestProfiles runs the suite under every profile, declaring every feature
// (the suite's cases are the Kubernetes documentation and this library's
// defaults; a profile fails where its controller differs), and checks the
// README's table of the results. go test ./conformance -run TestProfiles
// -update-readme rewrites it.
func TestProfiles(t *testing.T) {
	reports := map[string]conformance.Report{}
	for _, p := range profile.All() {
		rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
			return profileRouter{matcherRouter{p.Compile(ings), tlsselect.Compile(ings)}}, nil
		}, conformance.WithFeatures(append(conformance.AllFeatures(), profileFeatures[p.Name]...)...))
		if err != nil {
			t.Fatal(err)
		}
		reports[p.Name] = rep
		if testing.Verbose() {
			t.Logf("%s: %s", p.Name, rep)
		}
	}
	if pass, _, fail, _ := reports["default"].Counts(); fail != 0 || pass == 0 {
		t.Errorf("the default profile fails %d cases", fail)
	}
	// Each profile passes the cases of its own controller's features.
	for name, feats := range profileFeatures {
		for _, res := range reports[name].Results {
			for _, f := range feats {
				if slices.Contains(res.Case.Features, f) && res.Status() != "passed" {
					t.Errorf("profile %s, case %s of its feature %s: %s %v", name, res.Case.Name, f, res.Status(), res.Failures)
				}
			}
		}
	}
	for _, name := range []string{"ingress-nginx", "traefik", "contour", "istio", "haproxy"} {
		if _, _, fail, _ := reports[name].Counts(); fail == 0 {
			t.Errorf("profile %s passes every case: its differences from the documentation are not exercised", name)
		}
	}
	checkReadmeSection(t, "<!-- profiles table: go test ./conformance -run TestProfiles -update-readme -->\n", "<!-- end of profiles table -->\n", profileTable(reports))
}

// profileTable renders case × profile: pass, fail (requests answered
// wrongly in some path order, of the case's requests), skip.
func profileTable(reports map[string]conformance.Report) string {
	var b strings.Builder
	names := profile.Names()
	b.WriteString("| case |")
	for _, n := range names {
		fmt.Fprintf(&b, " %s |", n)
	}
	b.WriteString("\n| --- |")
	for range names {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	first := reports[names[0]]
	for i, res := range first.Results {
		fmt.Fprintf(&b, "| %s |", res.Case.Name)
		for _, n := range names {
			r := reports[n].Results[i]
			switch {
			case r.Skipped != "":
				b.WriteString(" skip |")
			case len(r.Failures) > 0:
				fmt.Fprintf(&b, " **fail** %d/%d |", len(r.Failures), len(r.Case.Requests)+len(r.Case.TLS))
			default:
				b.WriteString(" pass |")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("| **cases passed** |")
	for _, n := range names {
		p, s, f, _ := reports[n].Counts()
		fmt.Fprintf(&b, " %d of %d |", p, p+s+f)
	}
	b.WriteString("\n")
	return b.String()
}

// TestFeatureTable keeps README.md's table of what each feature gates in
// step with the cases (-update-readme rewrites it).
func TestFeatureTable(t *testing.T) {
	cases, err := conformance.Cases()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| feature | cases that need it | requests that need it (case: count) |\n| --- | --- | --- |\n")
	for _, f := range append(conformance.AllFeatures(), conformance.HostFallThrough) {
		var whole, some []string
		for _, c := range cases {
			if slices.Contains(c.Features, f) {
				whole = append(whole, "`"+c.Name+"`")
				continue
			}
			n := 0
			for _, rq := range c.Requests {
				if slices.Contains(rq.Features, f) {
					n++
				}
			}
			for _, rq := range c.TLS {
				if slices.Contains(rq.Features, f) {
					n++
				}
			}
			if n > 0 {
				some = append(some, fmt.Sprintf("`%s`: %d", c.Name, n))
			}
		}
		if len(whole)+len(some) == 0 {
			t.Errorf("feature %s gates nothing", f)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f, strings.Join(whole, ", "), strings.Join(some, ", "))
	}
	checkReadmeSection(t, "<!-- features table: go test ./conformance -run TestFeatureTable -update-readme -->\n", "<!-- end of features table -->\n", b.String())
}

// checkReadmeSection compares README.md between two markers with want, or
// rewrites it under -update-readme.
func checkReadmeSection(t *testing.T, begin, end, want string) {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no section between %q and %q", begin, end)
	}
	if text[i+len(begin):j] == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile("../README.md", []byte(text[:i+len(begin)]+want+text[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md between %q and %q is out of date (go test ./conformance -update-readme):\n%s", begin, end, want)
}
