package conformance_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/profile"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

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
		}, conformance.WithFeatures(conformance.AllFeatures()...))
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
	for _, name := range []string{"ingress-nginx", "traefik", "contour", "istio", "haproxy"} {
		if _, _, fail, _ := reports[name].Counts(); fail == 0 {
			t.Errorf("profile %s passes every case: its differences from the documentation are not exercised", name)
		}
	}
	table := profileTable(reports)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- profiles table: go test ./conformance -run TestProfiles -update-readme -->\n", "<!-- end of profiles table -->\n"
	text := string(readme)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no profiles table between %q and %q", begin, end)
	}
	if got := text[i+len(begin) : j]; got != table {
		if *updateReadme {
			if err := os.WriteFile("../README.md", []byte(text[:i+len(begin)]+table+text[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's profiles table is out of date (go test ./conformance -run TestProfiles -update-readme):\n%s", table)
	}
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
