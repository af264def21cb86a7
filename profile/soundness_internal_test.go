package profile

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ingresslib/ingress/internal/witness"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// diffSetsEnv names the environment variable that sets how many random
// Ingress sets TestDiffSoundness checks (each under every pair of
// profiles); CI sets it to 1,000.
const diffSetsEnv = "INGRESSLIB_DIFF_SETS"

// TestDiffSoundness: for random Ingress sets (regular expressions, redirects
// and TLS included) and every pair of profiles, every cause of difference
// found by brute force over a bounded request space — the set's hosts and
// names near them; paths built from the set's path elements and the
// witnesses of its regular expressions, up to three elements, with and
// without a trailing slash, and a few others; over http and https — is
// reported by Diff with at least one request. Zero reported differences
// then mean none in that space.
func TestDiffSoundness(t *testing.T) {
	sets := 12
	if n, err := strconv.Atoi(os.Getenv(diffSetsEnv)); err == nil && n > 0 {
		sets = n
	}
	profiles := All()
	rng := rand.New(rand.NewPCG(7, uint64(sets)))
	failures := 0
	causes := 0
	for set := 0; set < sets && failures < 10; set++ {
		ings := randomDiffSet(rng)
		space := requestSpace(ings)
		// Every profile's answer to every request of the space.
		answers := make([][]Outcome, len(profiles))
		matchers := make([]*matcher.Matcher, len(profiles))
		probes, none := probes(ings)
		rh := regexHosts(ings)
		for i, p := range profiles {
			m := p.Compile(ings)
			matchers[i] = m
			answers[i] = make([]Outcome, len(space))
			for j, q := range space {
				answers[i][j] = decide(m, q.Host, q.Target, q.TLS, q.Header, false)
			}
		}
		// Diff's probes do not depend on the order of the two profiles,
		// and its causes under one order mirror those under the other:
		// each pair is checked once.
		for i := range profiles {
			for j := i + 1; j < len(profiles); j++ {
				want := map[string]Probe{}
				for k, q := range space {
					if a, b := answers[i][k], answers[j][k]; !a.same(b) {
						key := causeKey(q, a, b)
						if _, ok := want[key]; !ok {
							want[key] = q
						}
					}
				}
				rep := diff(matchers[i], matchers[j], profiles[i], profiles[j], probes, none, rh, nil)
				got := map[string]bool{}
				for _, d := range rep.Differences {
					got[d.Key] = true
				}
				causes += len(want)
				for key, q := range want {
					if got[key] {
						continue
					}
					failures++
					if failures <= 10 {
						t.Errorf("set %d, %s → %s: the cause %q (e.g. GET %s) is not reported; Diff reported %d causes\n%s",
							set, profiles[i].Name, profiles[j].Name, key, q.URL(), len(rep.Differences), dumpSet(ings))
					}
				}
			}
		}
	}
	t.Logf("%d sets, %d profile pairs each: %d causes found by brute force, %d not reported by Diff", sets, len(profiles)*(len(profiles)-1)/2, causes, failures)
	if causes == 0 {
		t.Error("the generator found no difference at all")
	}
}

// randomDiffSet draws one to three Ingresses: hosts exact, wildcard, www
// and none; paths of every type (and none) sharing prefixes, regular
// expressions under use-regex and rewrite-target, redirects (ssl-redirect,
// app-root, from-to-www-redirect), what the backend receives
// (upstream-vhost, backend-protocol, x-forwarded-prefix) and who asks
// first (auth-url, custom-http-errors with and without default-backend),
// TLS sections and default backends.
func randomDiffSet(rng *rand.Rand) []*networkingv1.Ingress {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	hosts := []string{"a.test", "a.test", "www.a.test", "*.w.test", ""}
	paths := []string{"/", "/api", "/api/", "/api/v1", "/apix", "/Docs", "/a.b", ""}
	regexes := []string{"/api/v[0-9]+", "/[A-Z]{3}", "/(health|users)(/.*)?$", "/u/(.*)", "/a.*"}
	types := []string{"Exact", "Prefix", "ImplementationSpecific", ""}
	var ings []*networkingv1.Ingress
	for i := range 1 + rng.IntN(3) {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: fmt.Sprint("ing", i), Annotations: map[string]string{},
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(2), 0, time.UTC))}}
		a := ing.Annotations
		regex := rng.IntN(4) == 0
		if regex {
			if rng.IntN(3) == 0 {
				a["nginx.ingress.kubernetes.io/rewrite-target"] = "/$1"
			} else {
				a["nginx.ingress.kubernetes.io/use-regex"] = "true"
			}
		}
		if rng.IntN(8) == 0 {
			a["nginx.ingress.kubernetes.io/app-root"] = "/app"
		}
		if rng.IntN(8) == 0 {
			a["nginx.ingress.kubernetes.io/from-to-www-redirect"] = "true"
		}
		if rng.IntN(8) == 0 {
			a["nginx.ingress.kubernetes.io/force-ssl-redirect"] = "true"
		}
		if rng.IntN(10) == 0 {
			a["nginx.ingress.kubernetes.io/"+pick("whitelist-source-range", "denylist-source-range")] = pick("10.0.0.0/8", "10.0.0.0/8, 192.168.1.1")
		}
		// What the backend receives and who asks first.
		if rng.IntN(10) == 0 {
			a["nginx.ingress.kubernetes.io/upstream-vhost"] = pick("in.test", "$service_name.$namespace")
		}
		if rng.IntN(10) == 0 {
			a["nginx.ingress.kubernetes.io/backend-protocol"] = pick("GRPC", "HTTPS", "grpcs")
		}
		if rng.IntN(6) == 0 {
			a["nginx.ingress.kubernetes.io/x-forwarded-prefix"] = pick("/$1", "/pre")
		}
		if rng.IntN(12) == 0 {
			a["nginx.ingress.kubernetes.io/auth-url"] = pick("http://auth.test/check", "auth.test/check")
			if rng.IntN(2) == 0 {
				a["nginx.ingress.kubernetes.io/auth-signin"] = "https://login.test/start"
			}
		}
		if rng.IntN(12) == 0 {
			a["nginx.ingress.kubernetes.io/custom-http-errors"] = "404,503"
			if rng.IntN(2) == 0 {
				a["nginx.ingress.kubernetes.io/default-backend"] = "errors"
			}
		}
		if rng.IntN(4) == 0 {
			ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{pick("a.test", "*.w.test")}, SecretName: "tls"}}
		}
		if rng.IntN(5) == 0 {
			b := svcBackend(fmt.Sprint("def", i))
			ing.Spec.DefaultBackend = &b
		}
		for r := range rng.IntN(3) {
			rule := networkingv1.IngressRule{Host: pick(hosts...), IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
			for p := range 1 + rng.IntN(3) {
				path := pick(paths...)
				if regex && rng.IntN(2) == 0 {
					path = pick(regexes...)
				}
				hp := networkingv1.HTTPIngressPath{Path: path, Backend: svcBackend(fmt.Sprintf("s%d-%d-%d", i, r, p))}
				if t := pick(types...); t != "" {
					pt := networkingv1.PathType(t)
					hp.PathType = &pt
				}
				rule.HTTP.Paths = append(rule.HTTP.Paths, hp)
			}
			ing.Spec.Rules = append(ing.Spec.Rules, rule)
		}
		ings = append(ings, ing)
	}
	if rng.IntN(6) == 0 && len(ings[0].Spec.Rules) > 0 {
		ings = append(ings, diffCanary(rng, ings[0]))
	}
	return ings
}

// diffCanary is a canary Ingress with the rules of from, to other
// Services (now and then the primary's own), by header (or its value),
// cookie and weight.
func diffCanary(rng *rand.Rand, from *networkingv1.Ingress) *networkingv1.Ingress {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	const ann = "nginx.ingress.kubernetes.io/"
	can := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "canary", Annotations: map[string]string{ann + "canary": "true"},
		CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC))}}
	a := can.Annotations
	if rng.IntN(3) != 0 {
		a[ann+"canary-by-header"] = "X-Canary"
		if rng.IntN(3) == 0 {
			a[ann+"canary-by-header-value"] = "v2"
		}
	}
	if rng.IntN(2) == 0 {
		a[ann+"canary-by-cookie"] = "canary"
	}
	if rng.IntN(2) == 0 {
		a[ann+"canary-weight"] = pick("0", "30", "100")
	}
	for ri, r := range from.Spec.Rules {
		r := *r.DeepCopy()
		for pi := range r.HTTP.Paths {
			if rng.IntN(6) != 0 {
				r.HTTP.Paths[pi].Backend = svcBackend(fmt.Sprintf("c%d-%d", ri, pi))
			}
		}
		can.Spec.Rules = append(can.Spec.Rules, r)
	}
	return can
}

// canaryProbeHeaders are the headers TestDiffSoundness sends requests with
// when a set has a canary: those its policies test, and the spellings the
// profiles read differently.
var canaryProbeHeaders = [][]string{
	{"X-Canary", "always"}, {"X-Canary", "never"}, {"X-Canary", "v2"},
	{"Cookie", "Canary=always"}, {"Cookie", "x=1, canary=always"},
	{"X-Canary", "never", "Cookie", "canary=always"},
}

func svcBackend(name string) networkingv1.IngressBackend {
	return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: 80}}}
}

// requestSpace is the bounded request space of TestDiffSoundness.
func requestSpace(ings []*networkingv1.Ingress) []Probe {
	hosts := []string{"unnamed.example", "one.w.test", "two.labels.w.test", "A.TEST"}
	elems := []string{"x", "deeper"}
	var whole []string // paths and regular expression witnesses, whole
	for _, ing := range ings {
		for _, r := range ing.Spec.Rules {
			if r.Host != "" && !strings.HasPrefix(r.Host, "*.") {
				hosts = append(hosts, r.Host, "www."+r.Host, strings.TrimPrefix(r.Host, "www."))
			}
			for _, p := range r.HTTP.Paths {
				cands := []string{p.Path}
				if regexLike(p.Path) {
					for _, rd := range readings {
						ws, _ := witness.For(p.Path, rd.r)
						for _, w := range ws {
							cands = append(cands, w.Path)
						}
					}
				}
				for _, c := range cands {
					whole = append(whole, c)
					for _, e := range strings.Split(c, "/") {
						if e != "" {
							elems = append(elems, e, strings.ToUpper(e))
						}
					}
				}
			}
		}
	}
	slices.Sort(hosts)
	hosts = slices.Compact(hosts)
	slices.Sort(elems)
	elems = slices.Compact(elems)
	if len(elems) > 12 {
		elems = elems[:12]
	}
	paths := []string{"/", "/../x", "//", "/%2e%2e/x"}
	for _, w := range whole {
		paths = append(paths, w, w+"/", w+"/x", strings.TrimSuffix(w, "/"))
	}
	for _, a := range elems {
		paths = append(paths, "/"+a, "/"+a+"/")
		for _, b := range elems {
			paths = append(paths, "/"+a+"/"+b, "/"+a+"/"+b+"/")
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	var out []Probe
	for _, h := range hosts {
		for _, p := range paths {
			for _, tls := range []bool{false, true} {
				out = append(out, Probe{Host: h, Target: encodeTarget(escapePath(p)), TLS: tls})
			}
		}
	}
	if slices.ContainsFunc(ings, isCanary) {
		for _, p := range out[:len(out):len(out)] {
			for _, kv := range canaryProbeHeaders {
				q := p
				q.Header = http.Header{}
				for i := 0; i+1 < len(kv); i += 2 {
					q.Header.Add(kv[i], kv[i+1])
				}
				out = append(out, q)
			}
		}
	}
	return out
}

func dumpSet(ings []*networkingv1.Ingress) string {
	var b strings.Builder
	for _, ing := range ings {
		fmt.Fprintf(&b, "  %s/%s created %s annotations %v tls %v default %v\n", ing.Namespace, ing.Name, ing.CreationTimestamp.Format("15:04:05"), ing.Annotations, ing.Spec.TLS, ing.Spec.DefaultBackend != nil)
		for ri, r := range ing.Spec.Rules {
			for pi, p := range r.HTTP.Paths {
				pt := "<nil>"
				if p.PathType != nil {
					pt = string(*p.PathType)
				}
				fmt.Fprintf(&b, "    rule %d host %q path %d: %s %q → %s\n", ri, r.Host, pi, pt, p.Path, p.Backend.Service.Name)
			}
		}
	}
	return b.String()
}
