package parity_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestTraefikIngressNGINXParity routes random Ingress sets and requests
// derived from them through the code of Traefik's ingress-nginx provider
// (harness/traefik-ingress-nginx: the provider, its middlewares that
// answer themselves, the muxer and the entry point's path handling) and
// through the TraefikIngressNGINX dialect: every answer of the dialect
// must be one Traefik gives, redirects with their Location; where
// Traefik's answer depends on an order it does not define (routers of
// equal priority, a router key two hosts share), the dialect must give one
// of its answers and report a DialectConflict.
func TestTraefikIngressNGINXParity(t *testing.T) {
	dir := traefikModuleCopy(t)
	pkg := filepath.Join("pkg", "provider", "kubernetes", "ingress-nginx")
	// The RewriteTarget middleware marks its tracing span through
	// pkg/middlewares/observability, which imports Traefik's whole static
	// configuration, and through it every ACME DNS provider (modules the
	// build would have to download): its one call, SetStatusErrorf, is
	// made a no-op in the copy. Nothing else of Traefik's is changed.
	rt := filepath.Join(dir, "pkg", "middlewares", "ingressnginx", "rewritetarget", "rewrite_target.go")
	b, err := os.ReadFile(rt)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, edit := range [][2]string{
		{"\t\"github.com/traefik/traefik/v3/pkg/middlewares/observability\"\n", ""},
		{"observability.SetStatusErrorf(req.Context(), ", "_ = fmt.Sprintf("},
	} {
		if strings.Count(src, edit[0]) != 1 {
			t.Fatalf("%s does not have %q once: Traefik's code moved", rt, edit[0])
		}
		src = strings.Replace(src, edit[0], edit[1], 1)
	}
	place(t, filepath.Dir(rt), filepath.Base(rt), []byte(src))
	// The harness is an external test package: the RewriteTarget
	// middleware it builds imports the provider's package.
	placeHarness(t, dir, pkg, "ingressnginx_test", "traefik-ingress-nginx")
	place(t, dir, filepath.Join(pkg, "ingresslib_export_test.go"), readHarness(t, "traefik-ingress-nginx/ingresslib_export_test.go"))
	place(t, dir, filepath.Join(pkg, "ingresslib_entrypoint_test.go"),
		traefikExtract(t, dir, "ingressnginx_test", "server_entrypoint_tcp.go", `"net/http"; "strings"; "github.com/rs/zerolog/log"`, "", "denyFragment", "normalizePath", "sanitizePath", "unreservedCharacters"))

	rng := rand.New(rand.NewPCG(22, 4))
	var sets []paritySet
	for range envInt("INGRESSLIB_PARITY_SETS", 400) {
		ings := randomTINSet(rng)
		reqs := derivedRequests(ings, rng, 60)
		for k := range reqs {
			reqs[k].TLS = rng.IntN(2) == 0 // arrives at websecure
		}
		sets = append(sets, paritySet{Ingresses: ings, Requests: reqs})
	}
	var answers harnessAnswers
	runHarness(t, dir, "./"+filepath.ToSlash(pkg), sets, &answers)
	compareAnswers(t, "Traefik "+traefikVersion+"'s ingress-nginx provider", sets, answers, func(paritySet) matcher.Dialect { return matcher.TraefikIngressNGINX })
}

// randomTINSet draws one to five Ingresses with the shapes ingress-nginx
// users have and the provider reads its own way: wildcard, empty and
// shared hosts, shared-prefix paths of every type (and none), paths the
// provider's strict path check refuses, regular expressions under
// use-regex and rewrite-target (whose middleware may answer itself), ssl-redirect and force-ssl-redirect with
// values that are not "true", TLS sections, app-root, permanent and
// temporal redirects with their codes, server aliases,
// from-to-www-redirect (with www hosts among the rule hosts), snippets, default
// backends with and without rules, resource backends, equal creation
// times.
func randomTINSet(rng *rand.Rand) []*networkingv1.Ingress {
	const prefix = matcher.NGINXAnnotationPrefix
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	var ings []*networkingv1.Ingress
	for i := range 1 + rng.IntN(5) {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: pick("default", "team"), Name: fmt.Sprint("ing", i), Annotations: map[string]string{},
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(3), 0, time.UTC)),
		}}
		a := ing.Annotations
		regex := false
		if rng.IntN(5) == 0 {
			a[prefix+"use-regex"] = pick("true", "True", "false", "1")
			regex = a[prefix+"use-regex"] != "false" && a[prefix+"use-regex"] != "1"
		}
		if rng.IntN(6) == 0 {
			// Under rewrite-target the host's paths are regular
			// expressions, as under use-regex.
			a[prefix+"rewrite-target"] = pick("/", "/$1", "/$2", "/x/$1", "$1", "https://new.org$1", "https://new.org/", "/a", " https://new.org/")
			regex = true
		}
		if rng.IntN(6) == 0 {
			a[prefix+"ssl-redirect"] = pick("true", "false", "yes", "FALSE")
		}
		if rng.IntN(8) == 0 {
			a[prefix+"force-ssl-redirect"] = pick("true", "1", "TRUE")
		}
		if rng.IntN(6) == 0 {
			a[prefix+"app-root"] = pick("/app", "app", "/app/x?y=1")
		}
		switch rng.IntN(10) {
		case 0:
			a[prefix+"permanent-redirect"] = pick("https://example.org/new", "https://example.org/", "http://other.org/p?q=1")
			if rng.IntN(2) == 0 {
				a[prefix+"permanent-redirect-code"] = pick("308", "302", "999", "x")
			}
		case 1:
			a[prefix+"temporal-redirect"] = pick("https://example.org/tmp", "https://example.org/")
			if rng.IntN(2) == 0 {
				a[prefix+"temporal-redirect-code"] = pick("307", "301", "200")
			}
		}
		if rng.IntN(10) == 0 {
			a[prefix+"server-alias"] = pick("x.org", "alias.org, X.org", "foo.com")
		}
		if rng.IntN(6) == 0 {
			a[prefix+"from-to-www-redirect"] = pick("true", "TRUE", "1")
		}
		if rng.IntN(15) == 0 {
			a[prefix+pick("configuration-snippet", "server-snippet", "auth-snippet")] = pick("return 200;", "")
		}
		if rng.IntN(3) == 0 {
			ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{pick("foo.com", "*.foo.com", "x.org")}, SecretName: "tls"}}
		}
		randomRules(rng, ing, i, traefikHosts, traefikPaths, traefikRegex, regex, 12)
		ings = append(ings, ing)
	}
	return ings
}
