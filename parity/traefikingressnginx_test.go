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
	// The RewriteTarget and IPAllowList middlewares mark their tracing
	// span through pkg/middlewares/observability, which imports Traefik's
	// whole static configuration, and through it every ACME DNS provider
	// (modules the build would have to download): their one call,
	// SetStatusErrorf, is made a no-op in the copy. Nothing else of
	// Traefik's is changed.
	for _, file := range [][]string{
		{"ingressnginx", "rewritetarget", "rewrite_target.go"},
		{"ipallowlist", "ip_allowlist.go"},
	} {
		rt := filepath.Join(append([]string{dir, "pkg", "middlewares"}, file...)...)
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
	}
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
		canaryHeaders(rng, reqs)
		clientAddrs(rng, ings, reqs)
		sets = append(sets, paritySet{Ingresses: ings, Requests: reqs})
	}
	var answers harnessAnswers
	runHarness(t, dir, "./"+filepath.ToSlash(pkg), sets, &answers)
	compareAnswers(t, "Traefik "+traefikVersion+"'s ingress-nginx provider", sets, answers, func(paritySet) matcher.Dialect { return matcher.TraefikIngressNGINX })
	// The canaries must be exercised: requests a canary serves, by its
	// router (a header or cookie) or by chance (weighted); and TLS
	// connections passed through.
	byRouter, byChance, passed, refused := 0, 0, 0, 0
	received := map[string]int{} // answers whose backend received another Host, path, prefix or scheme
	for i := range answers {
		for j, a := range answers[i] {
			for _, ans := range a.Answers {
				for _, k := range []string{"host", "path", "xfp", "proto"} {
					if strings.Contains(ans, " "+k+"=") {
						received[k]++
					}
				}
				switch {
				case strings.HasPrefix(ans, "pass "):
					passed++
				case ans == "403":
					refused++
				case strings.Contains(ans, "|"):
					byChance++
				case strings.Contains(ans, "/c0-") || strings.Contains(ans, "/c1-"):
					if len(sets[i].Requests[j].Headers) > 0 {
						byRouter++
					}
				}
			}
		}
	}
	t.Logf("answers of a canary: %d by header or cookie, %d weighted; %d TLS connections passed through (ssl-passthrough); %d refused by client address (403)", byRouter, byChance, passed, refused)
	t.Logf("answers whose backend received another request: %d with upstream-vhost's Host, %d with rewrite-target's path, %d with X-Forwarded-Prefix, %d over backend-protocol's scheme", received["host"], received["path"], received["xfp"], received["proto"])
	if envInt("INGRESSLIB_PARITY_SETS", 400) >= 400 && (byRouter < 100 || byChance < 100 || passed < 50 || refused < 50) {
		t.Errorf("the sets exercise canaries, ssl-passthrough or allow lists too little: %d answers by header or cookie, %d weighted, %d passed through, %d refused", byRouter, byChance, passed, refused)
	}
	if envInt("INGRESSLIB_PARITY_SETS", 400) >= 400 && (received["host"] < 50 || received["path"] < 50 || received["xfp"] < 20 || received["proto"] < 50) {
		t.Errorf("the sets exercise what the backend receives too little: %v", received)
	}
}

// randomTINSet draws one to five Ingresses with the shapes ingress-nginx
// users have and the provider reads its own way: wildcard, empty and
// shared hosts, shared-prefix paths of every type (and none), paths the
// provider's strict path check refuses, regular expressions under
// use-regex and rewrite-target (whose middleware may answer itself), ssl-redirect and force-ssl-redirect with
// values that are not "true", TLS sections, app-root, permanent and
// temporal redirects with their codes, server aliases,
// from-to-www-redirect (with www hosts among the rule hosts),
// x-forwarded-prefix, upstream-vhost (with the location's variables, and
// empty), backend-protocol, snippets, default
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
			a[prefix+"x-forwarded-prefix"] = pick("/$1", "/pre", "/a?b", "$2")
		}
		if rng.IntN(8) == 0 {
			a[prefix+"upstream-vhost"] = pick("up.test", "$service_name.$namespace.svc", "$service_name:$service_port$location_path", "")
		}
		if rng.IntN(8) == 0 {
			a[prefix+"backend-protocol"] = pick("HTTPS", "grpc", "GRPCS", " grpc", "AUTO_HTTP", "fcgi")
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
		if rng.IntN(8) == 0 {
			a[prefix+pick("whitelist-source-range", "allowlist-source-range")] = pick("10.0.0.0/8", "10.0.0.0/8, 192.168.1.1", "::1/128,10.1.2.3", "10.1.2.3/8")
		}
		passthrough := false
		if rng.IntN(6) == 0 {
			a[prefix+"ssl-passthrough"] = pick("true", "True", "false")
			passthrough = a[prefix+"ssl-passthrough"] != "false"
		}
		if rng.IntN(3) == 0 {
			ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{pick("foo.com", "*.foo.com", "x.org")}, SecretName: "tls"}}
		}
		randomRules(rng, ing, i, traefikHosts, traefikPaths, traefikRegex, regex, 12)
		if passthrough && rng.IntN(3) != 0 {
			// The backend passed to is a rule's path "/".
			for ri := range ing.Spec.Rules {
				r := &ing.Spec.Rules[ri]
				pt := networkingv1.PathTypePrefix
				r.HTTP.Paths = append([]networkingv1.HTTPIngressPath{{Path: "/", PathType: &pt, Backend: backend(fmt.Sprintf("tls-%d-%d", i, ri))}}, r.HTTP.Paths...)
			}
		}
		shareBackends(rng, ing)
		ings = append(ings, ing)
	}
	if rng.IntN(2) == 0 {
		ings = append(ings, randomCanaries(rng, ings)...)
	}
	return ings
}

// shareBackends points some paths of an Ingress at the Service of an
// earlier path: a canary of that Service serves them all.
func shareBackends(rng *rand.Rand, ing *networkingv1.Ingress) {
	var first *networkingv1.IngressBackend
	for ri := range ing.Spec.Rules {
		if ing.Spec.Rules[ri].HTTP == nil {
			continue
		}
		for pi := range ing.Spec.Rules[ri].HTTP.Paths {
			b := &ing.Spec.Rules[ri].HTTP.Paths[pi].Backend
			switch {
			case first == nil && b.Service != nil:
				first = b
			case first != nil && rng.IntN(4) == 0:
				*b = *first.DeepCopy()
			}
		}
	}
}

// randomCanaries draws one or two canary Ingresses, each made from the
// rules of a regular Ingress of the set: same hosts, paths and pathTypes
// (now and then another pathType, a path dropped, or the primary's own
// Service), in its namespace or another, with a policy by header (value,
// pattern), cookie and weight, in the shapes both controllers read their
// own way.
func randomCanaries(rng *rand.Rand, ings []*networkingv1.Ingress) []*networkingv1.Ingress {
	const prefix = matcher.NGINXAnnotationPrefix
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	var out []*networkingv1.Ingress
	for k := range 1 + rng.IntN(2) {
		from := ings[rng.IntN(len(ings))]
		if len(from.Spec.Rules) == 0 {
			continue
		}
		can := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: from.Namespace, Name: fmt.Sprint("canary", k), Annotations: map[string]string{prefix + "canary": "true"},
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(3), 0, time.UTC)),
		}}
		if rng.IntN(6) == 0 {
			can.Namespace = pick("default", "team")
		}
		a := can.Annotations
		if rng.IntN(2) == 0 {
			a[prefix+"canary-by-header"] = pick("X-Canary", "x-canary")
			switch rng.IntN(4) {
			case 0:
				a[prefix+"canary-by-header-value"] = "v2"
			case 1:
				a[prefix+"canary-by-header-pattern"] = pick("^v[0-9]$", "v")
			}
		}
		if rng.IntN(3) == 0 {
			a[prefix+"canary-by-cookie"] = "canary"
		}
		if rng.IntN(3) != 0 {
			a[prefix+"canary-weight"] = pick("0", "30", "30", "100", "150")
			if rng.IntN(3) == 0 {
				a[prefix+"canary-weight-total"] = pick("50", "200", "x")
			}
		}
		for _, r := range from.Spec.Rules {
			r := *r.DeepCopy()
			if r.HTTP == nil {
				continue
			}
			var paths []networkingv1.HTTPIngressPath
			for pi, p := range r.HTTP.Paths {
				if rng.IntN(5) == 0 {
					continue
				}
				if rng.IntN(8) != 0 {
					p.Backend = backend(fmt.Sprintf("c%d-%d", k, pi))
				}
				if rng.IntN(8) == 0 {
					pt := networkingv1.PathTypeExact
					p.PathType = &pt
				}
				paths = append(paths, p)
			}
			r.HTTP.Paths = paths
			can.Spec.Rules = append(can.Spec.Rules, r)
		}
		out = append(out, can)
	}
	return out
}

// clientAddrs gives every request a client address when an Ingress has
// an allow list.
func clientAddrs(rng *rand.Rand, ings []*networkingv1.Ingress, reqs []request) {
	for _, ing := range ings {
		for _, k := range []string{"whitelist-source-range", "allowlist-source-range"} {
			if _, ok := ing.Annotations[matcher.NGINXAnnotationPrefix+k]; ok {
				addrs := []string{"10.1.2.3", "10.9.9.9", "192.168.1.1", "172.16.0.1", "::1"}
				for i := range reqs {
					reqs[i].Addr = addrs[rng.IntN(len(addrs))]
				}
				return
			}
		}
	}
}

// canaryHeaders gives some requests the headers and cookies the canaries
// of randomCanaries test, in the cases the controllers read differently.
func canaryHeaders(rng *rand.Rand, reqs []request) {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	for k := range reqs {
		switch rng.IntN(4) {
		case 0:
			reqs[k].Headers = []string{pick("X-Canary", "x-canary"), pick("always", "never", "v2", "v10", "Always")}
		case 1:
			reqs[k].Headers = []string{"Cookie", pick("canary=always", "canary=never", "a=1; canary=always", "Canary=always", "canary=always, b=2")}
		case 2:
			reqs[k].Headers = []string{"X-Canary", pick("always", "never"), "Cookie", pick("canary=always", "canary=never")}
		}
	}
}
