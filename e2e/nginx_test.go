package e2e_test

// TestIngressNGINXParity checks the matcher's IngressNGINX dialect against
// real nginx. For random sets of Ingresses it writes the server and location
// blocks ingress-nginx v1.x generates (rootfs/etc/nginx/template/nginx.tmpl
// with internal/ingress/controller/template/template.go: buildServerName,
// buildLocation, enforceRegexModifier; internal/ingress/controller/
// controller.go: createServers, getBackendServers and the location sort;
// internal/ingress/controller/location.go: updateServerLocations), runs
// nginx on a unix socket with a backend that answers with the X-Route
// header each location sets, and compares nginx's answer with the
// matcher's for requests derived from the paths. The generator below is
// written from ingress-nginx's code, separately from the matcher's dialect;
// canaries too (createUpstreams, mergeAlternativeBackends), with
// balancer.lua's choice written as nginx if/set on $http_ and $cookie_
// variables, which nginx reads itself.

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// envInt is the positive integer in the environment variable name, else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func TestIngressNGINXParity(t *testing.T) {
	bin := proxyBinary(t, "nginx", "nginx-light", "INGRESSLIB_REQUIRE_NGINX")
	dir := t.TempDir()
	backend := filepath.Join(dir, "backend.sock")
	ln, err := net.Listen("unix", backend)
	if err != nil {
		t.Fatal(err)
	}
	go serveEcho(ln)
	t.Cleanup(func() { ln.Close() })

	rng := rand.New(rand.NewPCG(42, 1))
	agree, total, skipped := 0, 0, 0
	kinds := map[string]int{} // agreeing answers by kind: 301, 302, 400, no route, backend
	var failures []string
	for set := 0; set < envInt("INGRESSLIB_NGINX_SETS", 150); set++ { // about 17,000 requests
		ings := randomNGINXSet(rng)
		conf, ok := renderNGINX(ings, backend)
		m := matcher.Compile(ings, matcher.WithDialect(matcher.IngressNGINX))
		if !ok {
			// ingress-nginx would write a duplicate location, which nginx
			// refuses; the dialect must say so.
			skipped++
			if !hasKind(m, matcher.DialectConflict) {
				t.Errorf("set %d: nginx refuses the configuration, and the matcher reports no DialectConflict\n%s", set, conf)
			}
			continue
		}
		sock := filepath.Join(dir, fmt.Sprintf("nginx-%d.sock", set))
		stop := startNGINX(t, bin, dir, set, strings.ReplaceAll(conf, "@LISTEN@", "unix:"+sock))
		for _, rq := range derivedRequests(ings, rng) {
			total++
			headers := rq.headers
			if rq.addr != "" {
				headers = append([]string{"X-Real-IP", rq.addr}, headers...)
			}
			want := nginxAnswer(t, sock, rq.host, rq.target, headers...)
			got := outcomeOf(m, true, rq.host, rq.target, headers...)
			if got == want {
				agree++
				kinds[answerKind(got)]++
				// What the backend received, where the annotations
				// change it.
				if i, j := strings.Index(got, " path="), strings.Index(got, " host="); i >= 0 && j > i {
					if u, err := url.ParseRequestURI(rq.target); err == nil && got[i+len(" path="):j] != u.Path {
						kinds["rewritten"]++
					}
				}
				if strings.Contains(got, " host=up.test") {
					kinds["vhost"]++
				}
				if strings.Contains(got, " prefix=") {
					kinds["prefix"]++
				}
				continue
			}
			if len(failures) < 20 {
				failures = append(failures, fmt.Sprintf("set %d: Host %q GET %s %q: nginx %s, matcher %s\n%s\n%s", set, rq.host, rq.target, rq.headers, want, got, m.Explain(rq.host, rq.target), conf))
			}
		}
		stop()
		if len(failures) >= 20 {
			break
		}
	}
	t.Logf("ingress-nginx dialect vs nginx %s: %d of %d requests agree (%d backend, %d canary, %d canary by chance, %d no route, %d 301, %d 302, %d 308 to https, %d 400, %d 403 by client address, %d 500 for an empty rewrite, %d 503 for a list that does not parse; the backend received %d rewritten paths, %d upstream-vhost Hosts, %d X-Forwarded-Prefix headers); %d Ingress sets nginx would refuse, each reported as DialectConflict",
		nginxVersion(bin), agree, total, kinds["backend"], kinds["canary"], kinds["chance"], kinds["no route"], kinds["301"], kinds["302"], kinds["308"], kinds["400"], kinds["403"], kinds["500"], kinds["503"], kinds["rewritten"], kinds["vhost"], kinds["prefix"], skipped)
	for _, k := range []string{"backend", "canary", "chance", "no route", "301", "302", "308", "400", "403", "500", "503", "rewritten", "vhost", "prefix"} {
		if kinds[k] == 0 {
			t.Errorf("no request was answered %s: the generator does not reach it", k)
		}
	}
	for _, f := range failures {
		t.Error(f)
	}
	if total < 1000 {
		t.Errorf("only %d requests compared", total)
	}
}

// serveEcho answers every request on ln with the route it names, then
// what it received: the path (decoded), the Host header and
// X-Forwarded-Prefix. It reads the request itself: a rewritten path need
// not begin with '/', which Go's server would refuse.
func serveEcho(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			tp := textproto.NewReader(bufio.NewReader(c))
			line, err := tp.ReadLine()
			if err != nil {
				return
			}
			h, err := tp.ReadMIMEHeader()
			if err != nil {
				return
			}
			fields := strings.Fields(line)
			if len(fields) < 2 {
				return
			}
			path, _, _ := strings.Cut(fields[1], "?")
			if p, err := url.PathUnescape(path); err == nil {
				path = p
			}
			body := fmt.Sprintf("%s|%s|%s|%s", h.Get("X-Route"), path, h.Get("Host"), h.Get("X-Forwarded-Prefix"))
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
		}()
	}
}

// proxyBinary returns the path of a proxy's binary (on PATH or in
// /usr/sbin). Without one the test is skipped, or fails when the
// environment variable require is set, as .ci/run sets it.
func proxyBinary(t *testing.T, name, pkg, require string) string {
	t.Helper()
	if bin, err := exec.LookPath(name); err == nil {
		return bin
	}
	if _, err := os.Stat("/usr/sbin/" + name); err == nil {
		return "/usr/sbin/" + name
	}
	if os.Getenv(require) != "" {
		t.Fatalf("%s is not installed, and %s is set", name, require)
	}
	t.Skipf("%s is not installed (apt-get install %s); .ci/run installs it", name, pkg)
	return ""
}

// answerKind is the kind of an answer of outcomeOf or nginxAnswer.
func answerKind(a string) string {
	switch {
	case a == "no route" || a == "400" || a == "403" || a == "500" || a == "503":
		return a
	case strings.HasPrefix(a, "canary "):
		return "canary"
	case strings.Contains(a, " or canary "):
		return "chance"
	case strings.HasPrefix(a, "30"):
		return a[:3]
	}
	return "backend"
}

func hasKind(m *matcher.Matcher, k ingresslib.Kind) bool {
	for _, d := range m.Diagnostics() {
		if d.Kind == k {
			return true
		}
	}
	return false
}

func nginxVersion(bin string) string {
	out, _ := exec.Command(bin, "-v").CombinedOutput()
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "nginx version: "))
}

// startNGINX runs nginx with conf until stop is called. nginx daemonises
// only after it has bound its sockets, so it accepts requests once Run
// returns.
func startNGINX(t *testing.T, bin, dir string, set int, conf string) (stop func()) {
	t.Helper()
	prefix := filepath.Join(dir, fmt.Sprintf("set-%d", set))
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // the workers must reach the sockets in a 0700 directory
	}
	temps := ""
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		temps += fmt.Sprintf("    %s_temp_path %s;\n", k, filepath.Join(prefix, k))
	}
	full := fmt.Sprintf("%sworker_processes 1;\npid %s;\nerror_log %s;\nevents { worker_connections 64; }\nhttp {\n    access_log off;\n%s    server_names_hash_bucket_size 128;\n%s}\n",
		user, filepath.Join(prefix, "nginx.pid"), filepath.Join(prefix, "error.log"), temps, conf)
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(full), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", prefix, "-e", filepath.Join(prefix, "error.log"), "-c", confPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
		t.Fatalf("nginx: %v\n%s\n%s\n%s", err, out, log, full)
	}
	return func() {
		exec.Command(bin, "-p", prefix, "-e", filepath.Join(prefix, "error.log"), "-c", confPath, "-s", "stop").Run()
	}
}

// nginxAnswer sends one request as written (no client-side cleaning) and
// reads nginx's answer in the words outcomeOf uses.
func nginxAnswer(t *testing.T, sock, host, target string, headers ...string) string {
	t.Helper()
	c, err := net.DialTimeout("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	var lines strings.Builder
	for i := 0; i+1 < len(headers); i += 2 {
		lines.WriteString(headers[i] + ": " + headers[i+1] + "\r\n")
	}
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", target, host, lines.String())
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&body)
	switch resp.StatusCode {
	case 200:
		parts := strings.SplitN(body.String(), "|", 4)
		switch {
		case parts[0] == "default-backend":
			return "no route"
		case len(parts) < 4:
			return body.String() // a backend that names its route only (HAProxy's)
		}
		return parts[0] + received(parts[1], parts[2], parts[3])
	case 308: // the https redirect: host and URI matter
		return fmt.Sprintf("%d %s", resp.StatusCode, resp.Header.Get("Location"))
	case 301, 302, 303, 307:
		return fmt.Sprintf("%d %s", resp.StatusCode, sameHostURI(resp.Header.Get("Location"), host))
	case 404:
		return "no route"
	}
	return strconv.Itoa(resp.StatusCode)
}

// outcomeOf is the matcher's answer in the same words; with received,
// what the backend receives too.
func outcomeOf(m *matcher.Matcher, withReceived bool, host, target string, headers ...string) string {
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = host
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return "400"
	}
	req.URL = u
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "X-Real-IP" {
			req.RemoteAddr = net.JoinHostPort(headers[i+1], "1234") // the client address
			continue
		}
		req.Header.Add(headers[i], headers[i+1])
	}
	loc, _ := m.MatchRequest(req) // the location, before a canary is picked
	r, err := m.RouteRequest(req)
	switch {
	case errors.Is(err, matcher.ErrBadRequest):
		return "400"
	case errors.Is(err, matcher.ErrNoRoute):
		return "no route"
	case r.Action != nil && r.Action.Redirect.Status == 308:
		return fmt.Sprintf("%d %s", r.Action.Redirect.Status, r.Action.Redirect.Location)
	case r.Action != nil && r.Action.Redirect.Status != 0:
		return fmt.Sprintf("%d %s", r.Action.Redirect.Status, sameHostURI(r.Action.Redirect.Location, host))
	case r.Action != nil && r.Action.Status != 0:
		return strconv.Itoa(r.Action.Status)
	}
	// What the backend receives: the client's path and Host unless the
	// action says otherwise.
	path, vhost, prefix := u.Path, host, ""
	if r.Action != nil && r.Action.Upstream != nil {
		up := r.Action.Upstream
		if up.Path != "" {
			path = up.Path
		}
		if up.Host != "" {
			vhost = up.Host
		}
		prefix = up.ForwardedPrefix
	}
	got := received(path, vhost, prefix)
	if !withReceived {
		got = ""
	}
	switch {
	case r.Ingress != loc.Ingress || r.RuleIndex != loc.RuleIndex || r.PathIndex != loc.PathIndex:
		return "canary " + r.Ingress.Namespace + "/" + r.Backend.Service.Name + got // picked: its Service answers
	case r.Action != nil && len(r.Action.Alternatives) > 0:
		alt := r.Action.Alternatives[0].Route
		return routeID(r.Ingress, r.RuleIndex, r.PathIndex) + " or canary " + alt.Ingress.Namespace + "/" + alt.Backend.Service.Name + got
	}
	return routeID(r.Ingress, r.RuleIndex, r.PathIndex) + got
}

// received is what a backend received, in the words of both answers.
func received(path, host, prefix string) string {
	s := " path=" + path + " host=" + host
	if prefix != "" {
		s += " prefix=" + prefix
	}
	return s
}

// sameHostURI is a Location without scheme and host when it points at the
// request's own host (nginx makes a path absolute with it), else whole.
func sameHostURI(loc, host string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	h := host
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	if u.Host == "" || strings.EqualFold(strings.TrimSuffix(u.Hostname(), "."), strings.TrimSuffix(h, ".")) {
		return u.RequestURI()
	}
	return loc
}

func routeID(ing *networkingv1.Ingress, ri, pi int) string {
	if ri < 0 {
		return "default:" + ing.Namespace + "/" + ing.Name
	}
	return fmt.Sprintf("%s/%s/%d/%d", ing.Namespace, ing.Name, ri, pi)
}

// The pools the generator draws from: hosts, plain paths and the regular
// expressions of use-regex Ingresses (all read alike by PCRE and RE2).
var (
	nginxHosts   = []string{"a.test", "b.test", "*.w.test", "", "A.test", "*.W.test", "www.b.test"}
	nginxPaths   = []string{"/", "/foo", "/foo/", "/foo/bar", "/foobar", "/bar", "/Foo", "/api", "/api/v1", "/docs/", "/a.b", "/foo/bar/"}
	nginxRegexes = []string{"/api/v[0-9]+", "/u/(.*)", "/items/[a-z]+/edit", "/docs(/|$)(.*)", "/foo", "/b.r"}
	nginxTypes   = []networkingv1.PathType{networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific}
)

func randomNGINXSet(rng *rand.Rand) []*networkingv1.Ingress {
	n := 1 + rng.IntN(4)
	var ings []*networkingv1.Ingress
	for i := 0; i < n; i++ {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: "ns", Name: fmt.Sprintf("ing%d", i), Annotations: map[string]string{},
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(4), 0, time.UTC)),
		}}
		regex := rng.IntN(5) == 0
		if regex {
			if rng.IntN(3) == 0 {
				ing.Annotations["nginx.ingress.kubernetes.io/rewrite-target"] = []string{"/$2", "/$2", "/", "/$1", "/new/$1$2", "https://example.org/$1", "$2", "$2"}[rng.IntN(8)]
				if rng.IntN(3) == 0 {
					ing.Annotations["nginx.ingress.kubernetes.io/x-forwarded-prefix"] = []string{"/$1", "/pre"}[rng.IntN(2)]
				}
			} else {
				ing.Annotations["nginx.ingress.kubernetes.io/use-regex"] = "true"
			}
		}
		if rng.IntN(10) == 0 {
			ing.Annotations["nginx.ingress.kubernetes.io/app-root"] = "/app1"
		}
		if rng.IntN(8) == 0 {
			ing.Annotations["nginx.ingress.kubernetes.io/upstream-vhost"] = []string{"up.test", " up.test:8080 "}[rng.IntN(2)]
		}
		if !regex && rng.IntN(20) == 0 {
			// A Prefix path equal to its target rewrites once split.
			ing.Annotations["nginx.ingress.kubernetes.io/rewrite-target"] = "/foo"
		}
		if rng.IntN(6) == 0 {
			ing.Annotations["nginx.ingress.kubernetes.io/from-to-www-redirect"] = []string{"true", "1", "false"}[rng.IntN(3)]
		}
		if rng.IntN(6) == 0 {
			ing.Annotations["nginx.ingress.kubernetes.io/server-alias"] = []string{"alias.test", "alias.test, b.test", "*.star.test, ALIAS.test", ".dot.test", "~^re[0-9]+\\.test$", "x.w.test", "~^[a-z]+\\.W\\.test$"}[rng.IntN(7)]
		}
		switch rng.IntN(12) {
		case 0:
			ing.Annotations["nginx.ingress.kubernetes.io/permanent-redirect"] = []string{"https://example.org/new", "https://example.org/p?a=b&c=d", "http://other.test/"}[rng.IntN(3)]
			if rng.IntN(2) == 0 {
				ing.Annotations["nginx.ingress.kubernetes.io/permanent-redirect-code"] = []string{"308", "302", "307", "999", "300"}[rng.IntN(5)]
			}
		case 1:
			ing.Annotations["nginx.ingress.kubernetes.io/temporal-redirect"] = "https://example.org/t"
		}
		// Certificates and the https redirect (lua_ingress.lua): some
		// Ingresses list hosts in spec.tls, maybe not their own.
		if rng.IntN(3) == 0 {
			h := nginxHosts[rng.IntN(len(nginxHosts))]
			ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{h}, SecretName: "tls"}}
		}
		for _, a := range []string{"ssl-redirect", "force-ssl-redirect", "preserve-trailing-slash"} {
			if rng.IntN(8) == 0 {
				ing.Annotations["nginx.ingress.kubernetes.io/"+a] = strconv.FormatBool(rng.IntN(2) == 0)
			}
		}
		if rng.IntN(8) == 0 {
			ing.Annotations["nginx.ingress.kubernetes.io/"+[]string{"whitelist-source-range", "allowlist-source-range"}[rng.IntN(2)]] =
				[]string{"10.0.0.0/8", "10.0.0.0/8, 192.168.1.1", "::1/128,10.1.2.3", "10.1.2.3/8", "not-an-ip", "", "192.168.1.1/33"}[rng.IntN(7)]
		}
		if rng.IntN(10) == 0 {
			ing.Annotations["nginx.ingress.kubernetes.io/denylist-source-range"] = []string{"10.1.0.0/16", "192.168.1.1", "10.0.0.0/8,::1"}[rng.IntN(3)]
		}
		if rng.IntN(5) == 0 {
			b := svc(fmt.Sprintf("def%d", i))
			ing.Spec.DefaultBackend = &b
		}
		rules := 1 + rng.IntN(2)
		if ing.Spec.DefaultBackend != nil && rng.IntN(2) == 0 {
			rules = 0
		}
		for r := 0; r < rules; r++ {
			rule := networkingv1.IngressRule{Host: nginxHosts[rng.IntN(len(nginxHosts))], IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
			for p := 1 + rng.IntN(3); p > 0; p-- {
				pt := nginxTypes[rng.IntN(len(nginxTypes))]
				path := nginxPaths[rng.IntN(len(nginxPaths))]
				if regex && rng.IntN(2) == 0 {
					path, pt = nginxRegexes[rng.IntN(len(nginxRegexes))], networkingv1.PathTypeImplementationSpecific
				}
				hp := networkingv1.HTTPIngressPath{Path: path, PathType: &pt, Backend: svc(fmt.Sprintf("s%d", p))}
				if rng.IntN(15) == 0 {
					hp.PathType = nil // API-invalid, found in real manifests
				}
				rule.HTTP.Paths = append(rule.HTTP.Paths, hp)
			}
			ing.Spec.Rules = append(ing.Spec.Rules, rule)
		}
		ings = append(ings, ing)
	}
	if rng.IntN(3) == 0 {
		ings = append(ings, randomNGINXCanary(rng, ings[rng.IntN(len(ings))]))
	}
	return ings
}

// randomNGINXCanary is a canary Ingress with the rules of from (now and
// then a path dropped, another pathType, or the primary's own Service), by
// header (its value, its pattern), cookie and weight.
func randomNGINXCanary(rng *rand.Rand, from *networkingv1.Ingress) *networkingv1.Ingress {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	const p = "nginx.ingress.kubernetes.io/"
	can := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
		Namespace: "ns", Name: "canary", Annotations: map[string]string{p + "canary": "true"},
		CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(4), 0, time.UTC)),
	}}
	a := can.Annotations
	if rng.IntN(3) != 0 {
		a[p+"canary-by-header"] = pick("X-Canary", "x-canary")
		switch rng.IntN(4) {
		case 0:
			a[p+"canary-by-header-value"] = "v2"
		case 1:
			a[p+"canary-by-header-pattern"] = "^v[0-9]$"
		}
	}
	if rng.IntN(2) == 0 {
		a[p+"canary-by-cookie"] = "canary"
	}
	if rng.IntN(2) == 0 {
		a[p+"canary-weight"] = pick("0", "30", "100", "60")
		if rng.IntN(3) == 0 {
			a[p+"canary-weight-total"] = pick("50", "200")
		}
	}
	if rng.IntN(5) == 0 {
		b := svc("cdef")
		can.Spec.DefaultBackend = &b
	}
	for _, r := range from.Spec.Rules {
		r := *r.DeepCopy()
		var paths []networkingv1.HTTPIngressPath
		for pi, hp := range r.HTTP.Paths {
			if rng.IntN(6) == 0 {
				continue
			}
			if rng.IntN(6) != 0 {
				hp.Backend = svc(fmt.Sprint("c", pi))
			}
			if rng.IntN(8) == 0 {
				pt := networkingv1.PathTypeExact
				hp.PathType = &pt
			}
			paths = append(paths, hp)
		}
		r.HTTP.Paths = paths
		can.Spec.Rules = append(can.Spec.Rules, r)
	}
	return can
}

func svc(name string) networkingv1.IngressBackend {
	return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: 80}}}
}

type nginxRequest struct {
	host, target string
	headers      []string // name, value, …: the canaries' header and cookie
	addr         string   // the client address, when not ""
}

// derivedRequests are the requests that can tell locations apart, derived
// from each path: the path, one segment deeper, its parent, the trailing
// slash toggled, capitals, a suffix glued on, dot segments, "//", %2F and
// percent-encoding, "..", and a query string; for each host of the set, a
// name under each wildcard (one label, two labels, with '_'), an unknown
// host, capitals and a port.
func derivedRequests(ings []*networkingv1.Ingress, rng *rand.Rand) []nginxRequest {
	hosts := []string{"unknown.test", "A.TEST", "a.test:8080", "x.w.test", "x.y.w.test", "x_y.w.test", "a.test.", "X.W.TEST:81",
		"alias.test", "Alias.Test", "x.star.test", "x.y.star.test", "dot.test", "x.dot.test", "re7.test", "xyz.w.test"}
	paths := []string{"/", "/app1", "/../x", "/%2e%2e/x", "/foo/..%2Fbar"}
	for _, ing := range ings {
		for _, r := range ing.Spec.Rules {
			if r.Host != "" && !strings.HasPrefix(r.Host, "*.") {
				hosts = append(hosts, r.Host)
				// The other side of a from-to-www-redirect.
				if bare, ok := strings.CutPrefix(r.Host, "www."); ok {
					hosts = append(hosts, bare)
				} else {
					hosts = append(hosts, "www."+r.Host, "WWW."+r.Host+":8080")
				}
			}
			for _, p := range r.HTTP.Paths {
				base := literalOf(p.Path)
				trimmed := strings.TrimSuffix(base, "/")
				parent := trimmed[:strings.LastIndexByte(trimmed, '/')+1]
				paths = append(paths, base, trimmed, trimmed+"/", trimmed+"/deeper", trimmed+"x", parent,
					strings.ToUpper(base), "/."+base, "/x/.."+base, strings.Replace(base, "/", "//", 1),
					strings.ReplaceAll(trimmed+"/deeper", "/", "%2F")[3:], percentOne(base, rng), trimmed+"?q=1", trimmed+"/?q=/")
			}
		}
	}
	slices.Sort(hosts)
	hosts = slices.Compact(hosts)
	slices.Sort(paths)
	paths = slices.Compact(paths)
	var out []nginxRequest
	for _, h := range hosts {
		for _, p := range paths {
			if p == "" || p[0] != '/' {
				p = "/" + p
			}
			out = append(out, nginxRequest{host: h, target: p})
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	if len(out) > 150 {
		out = out[:150]
	}
	// With allow or deny lists, every request comes from a client address
	// (X-Real-IP, which the servers read: the socket has none).
	for _, ing := range ings {
		a := ing.Annotations
		_, al := a["nginx.ingress.kubernetes.io/allowlist-source-range"]
		_, wl := a["nginx.ingress.kubernetes.io/whitelist-source-range"]
		_, dl := a["nginx.ingress.kubernetes.io/denylist-source-range"]
		if al || wl || dl {
			addrs := []string{"10.1.2.3", "10.9.9.9", "192.168.1.1", "172.16.0.1", "::1"}
			for k := range out {
				out[k].addr = addrs[rng.IntN(len(addrs))]
			}
			break
		}
	}
	// With a canary, some requests carry its header or cookie (one line
	// each: Debian's nginx 1.22 reads only the first line of a header,
	// ingress-nginx's 1.25 joins them).
	for _, ing := range ings {
		if !ngFlag(ing.Annotations, "canary", false) {
			continue
		}
		pick := func(s ...string) string { return s[rng.IntN(len(s))] }
		for k := range out {
			switch rng.IntN(4) {
			case 0:
				out[k].headers = []string{pick("X-Canary", "x-canary", "X_Canary"), pick("always", "never", "v2", "v10", "Always")}
			case 1:
				out[k].headers = []string{"Cookie", pick("canary=always", "canary=never", "a=1; canary=always", "CANARY = always", "x=1, canary=always", "canary=always, x=1", "canaryx=always")}
			case 2:
				out[k].headers = []string{"X-Canary", pick("always", "never", "v2"), "Cookie", pick("canary=always", "canary=never")}
			}
		}
		break
	}
	return out
}

// literalOf returns a path a regular expression of the pools matches, or the
// path itself.
func literalOf(p string) string {
	r := strings.NewReplacer("[0-9]+", "7", "(.*)", "x", "[a-z]+", "k", "(/|$)", "/", ".", ".")
	return r.Replace(p)
}

// percentOne percent-encodes one letter of p.
func percentOne(p string, rng *rand.Rand) string {
	for range 4 {
		i := rng.IntN(len(p))
		if c := p[i]; 'a' <= c && c <= 'z' {
			return p[:i] + fmt.Sprintf("%%%02X", c) + p[i+1:]
		}
	}
	return p
}

// The generator of ingress-nginx's configuration, after its code.

type ngLocation struct {
	path         string
	pathType     networkingv1.PathType
	isDefBackend bool
	route        string // the X-Route value
	useRegex     bool
	rewrite      string
	appRoot      string
	// upstream-vhost and x-forwarded-prefix (validated, trimmed): the
	// Host header the backend receives (else $best_http_host, the
	// client's) and, with a rewrite, the X-Forwarded-Prefix header.
	vhost, xfp string
	// lua_ingress.lua's location config: ssl_redirect (default true),
	// force_ssl_redirect, preserve_trailing_slash.
	sslRedirect, forceSSL, preserveSlash bool
	// The redirect parser's URL and Code (permanent-redirect, its code;
	// temporal-redirect, 302): nginx.tmpl writes "return Code URL;".
	redirectURL  string
	redirectCode int
	// deny and allow are the location's denylist and allowlist as
	// nginx.tmpl writes them ("deny x;", then "allow y; deny all;"), and
	// denied says one does not parse: the location answers 503.
	deny, allow []string
	denied      bool
	// ups is the location's upstream, "namespace/service/port"; "" for
	// the controller's default backend.
	ups string
	// canary is the first alternative of the upstream, if any.
	canary *ngCanary
}

// ngCanary is a canary's traffic-shaping policy (annotations/canary,
// Parse) and the X-Route its Service answers with.
type ngCanary struct {
	header, value, pattern, cookie string
	weight, total                  int
	route                          string
}

func ngCanaryOf(a map[string]string, route string) *ngCanary {
	const p = "nginx.ingress.kubernetes.io/"
	c := &ngCanary{header: a[p+"canary-by-header"], value: a[p+"canary-by-header-value"], pattern: a[p+"canary-by-header-pattern"], cookie: a[p+"canary-by-cookie"], total: 100, route: route}
	if n, err := strconv.Atoi(a[p+"canary-weight"]); err == nil {
		c.weight = n
	}
	if n, err := strconv.Atoi(a[p+"canary-weight-total"]); err == nil {
		c.total = n
	}
	return c
}

// lines are balancer.lua's route_to_alternative_balancer in nginx's own
// terms, choosing the X-Route of a location that proxies to primary: the
// header ($http_<name>, as Lua reads it), then the cookie ($cookie_<name>),
// then the weight (by chance: both routes, joined by " or ").
func (c *ngCanary) lines(primary string) string {
	var b strings.Builder
	b.WriteString("            set $pick \"\";\n")
	if c.header != "" {
		v := "$http_" + strings.ToLower(strings.ReplaceAll(c.header, "-", "_"))
		switch {
		case c.value != "":
			fmt.Fprintf(&b, "            if (%s = %q) {\n                set $pick C;\n            }\n", v, c.value)
		case c.pattern != "":
			fmt.Fprintf(&b, "            if (%s ~ %q) {\n                set $pick C;\n            }\n", v, c.pattern)
		default:
			fmt.Fprintf(&b, "            if (%s = always) {\n                set $pick C;\n            }\n            if (%s = never) {\n                set $pick P;\n            }\n", v, v)
		}
	}
	if c.cookie != "" {
		fmt.Fprintf(&b, "            set $k \"$pick:$cookie_%s\";\n            if ($k = \":always\") {\n                set $pick C;\n            }\n            if ($k = \":never\") {\n                set $pick P;\n            }\n", strings.ToLower(c.cookie))
	}
	total := 100
	if c.total > 100 {
		total = c.total
	}
	byWeight := "R"
	switch {
	case c.weight <= 0:
		byWeight = "P"
	case c.weight >= total:
		byWeight = "C"
	}
	fmt.Fprintf(&b, "            set $k \"$pick:\";\n            if ($k = \":\") {\n                set $pick %s;\n            }\n", byWeight)
	fmt.Fprintf(&b, "            set $xr %q;\n            if ($pick = C) {\n                set $xr %q;\n            }\n            if ($pick = R) {\n                set $xr %q;\n            }\n", primary, c.route, primary+" or "+c.route)
	return b.String()
}

// ngAnnotate sets what locationApplyAnnotations sets on a location from an
// Ingress's annotations, as far as the test renders it.
// ngFlag is a boolean annotation as parser.GetBoolAnnotation reads it.
func ngFlag(a map[string]string, k string, def bool) bool {
	if v, err := strconv.ParseBool(a["nginx.ingress.kubernetes.io/"+k]); err == nil {
		return v
	}
	return def
}

// ngSourceRange is ipallowlist's and ipdenylist's Parse (ParseIPNets): the
// CIDRs and addresses of the first of the annotations with a value, as
// net.IPNet and net.IP print them; bad when one entry is neither or the
// value is empty.
func ngSourceRange(a map[string]string, keys ...string) (list []string, bad bool) {
	v, ok := "", false
	for _, k := range keys {
		if v, ok = a["nginx.ingress.kubernetes.io/"+k]; ok && v != "" {
			break
		}
	}
	if !ok {
		return nil, false
	}
	if v == "" {
		return nil, true
	}
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		if _, n, err := net.ParseCIDR(e); err == nil {
			list = append(list, n.String())
		} else if ip := net.ParseIP(e); ip != nil {
			list = append(list, ip.String())
		} else {
			return nil, true
		}
	}
	return list, false
}

func ngAnnotate(l *ngLocation, a map[string]string) {
	flag := func(k string, def bool) bool { return ngFlag(a, k, def) }
	var badAllow, badDeny bool
	l.allow, badAllow = ngSourceRange(a, "allowlist-source-range", "whitelist-source-range")
	l.deny, badDeny = ngSourceRange(a, "denylist-source-range")
	l.denied = badAllow || badDeny
	l.useRegex = flag("use-regex", false)
	l.rewrite, l.appRoot = a["nginx.ingress.kubernetes.io/rewrite-target"], a["nginx.ingress.kubernetes.io/app-root"]
	l.vhost, l.xfp = strings.TrimSpace(a["nginx.ingress.kubernetes.io/upstream-vhost"]), strings.TrimSpace(a["nginx.ingress.kubernetes.io/x-forwarded-prefix"])
	l.sslRedirect, l.forceSSL, l.preserveSlash = flag("ssl-redirect", true), flag("force-ssl-redirect", false), flag("preserve-trailing-slash", false)
	// annotations/redirect/redirect.go, Parse: temporal first (302), else
	// permanent with permanent-redirect-code, 301 outside 300-308.
	l.redirectURL, l.redirectCode = "", 0
	if tr := a["nginx.ingress.kubernetes.io/temporal-redirect"]; tr != "" {
		l.redirectURL, l.redirectCode = tr, 302
	} else if pr := a["nginx.ingress.kubernetes.io/permanent-redirect"]; pr != "" {
		code, err := strconv.Atoi(a["nginx.ingress.kubernetes.io/permanent-redirect-code"])
		if err != nil || code < 300 || code > 308 {
			code = 301
		}
		l.redirectURL, l.redirectCode = pr, code
	}
}

type ngServer struct {
	hostname  string
	locations []*ngLocation
	// redirectWWW: a location of the server has from-to-www-redirect
	// (getBackendServers, server.RedirectFromToWWW).
	redirectWWW bool
	// aliases: server-alias (createServers: the first Ingress of the
	// host with a non-empty list; then the host and server names dropped).
	aliases []string
}

// renderNGINX returns the server blocks for the Ingresses (listening on
// @LISTEN@), and false when nginx would refuse them (a duplicate location).
func renderNGINX(all []*networkingv1.Ingress, backend string) (string, bool) {
	ings := slices.Clone(all)
	// store.go, sortIngressSlice: creationTimestamp, then for equal times
	// "namespace/name" descending (return in > jn).
	slices.SortStableFunc(ings, func(a, b *networkingv1.Ingress) int {
		if c := a.CreationTimestamp.Compare(b.CreationTimestamp.Time); c != 0 {
			return c
		}
		return strings.Compare(b.Namespace+"/"+b.Name, a.Namespace+"/"+a.Name)
	})
	servers := map[string]*ngServer{}
	prefix := networkingv1.PathTypePrefix
	isCanary := func(ing *networkingv1.Ingress) bool { return ngFlag(ing.Annotations, "canary", false) }
	upsOf := func(ns string, b *networkingv1.IngressBackend) string {
		if b == nil || b.Service == nil {
			return ""
		}
		return fmt.Sprintf("%s/%s/%d", ns, b.Service.Name, b.Service.Port.Number)
	}
	// createUpstreams: an upstream per Service port, made by the first
	// Ingress with a path to it, or anew by each whose default backend
	// names it; one a canary made is NoServer.
	owner := map[string]*networkingv1.Ingress{}
	canaries := 0
	for _, ing := range ings {
		if isCanary(ing) {
			canaries++
		}
		if u := upsOf(ing.Namespace, ing.Spec.DefaultBackend); u != "" {
			owner[u] = ing
		}
		for _, rule := range ing.Spec.Rules {
			for _, path := range rule.HTTP.Paths {
				if u := upsOf(ing.Namespace, &path.Backend); u != "" && owner[u] == nil {
					owner[u] = ing
				}
			}
		}
	}
	noServer := func(u string) bool { return owner[u] != nil && isCanary(owner[u]) }
	// createServers, which skips canary Ingresses.
	servers["_"] = &ngServer{hostname: "_", locations: []*ngLocation{{path: "/", pathType: prefix, isDefBackend: true, route: "default-backend"}}}
	for _, ing := range ings {
		if isCanary(ing) {
			continue
		}
		un, defUps := "default-backend", ""
		if ing.Spec.DefaultBackend != nil {
			un, defUps = "default:"+ing.Namespace+"/"+ing.Name, upsOf(ing.Namespace, ing.Spec.DefaultBackend)
			if def := servers["_"].locations[0]; def.isDefBackend && len(ing.Spec.Rules) == 0 {
				def.isDefBackend, def.route, def.ups = false, un, defUps
			}
		}
		for _, rule := range ing.Spec.Rules {
			host := rule.Host
			if host == "" {
				host = "_"
			}
			if _, ok := servers[host]; ok {
				continue
			}
			root := &ngLocation{path: "/", pathType: prefix, isDefBackend: true, route: un, ups: defUps}
			ngAnnotate(root, ing.Annotations) // locationApplyAnnotations
			servers[host] = &ngServer{hostname: host, locations: []*ngLocation{root}}
		}
	}
	// createServers, the alias loop: the parser splits at ',', trims,
	// drops empty ones, dedups and sorts (annotations/alias/main.go).
	for _, ing := range ings {
		if isCanary(ing) {
			continue
		}
		var aliases []string
		for _, a := range strings.Split(ing.Annotations["nginx.ingress.kubernetes.io/server-alias"], ",") {
			if a = strings.TrimSpace(a); a != "" && !slices.Contains(aliases, a) {
				aliases = append(aliases, a)
			}
		}
		slices.Sort(aliases)
		for _, rule := range ing.Spec.Rules {
			host := rule.Host
			if host == "" {
				host = "_"
			}
			if len(servers[host].aliases) == 0 {
				servers[host].aliases = aliases
			}
		}
	}
	for host, s := range servers {
		var kept []string
		for _, a := range s.aliases {
			if _, isServer := servers[a]; a != host && !isServer {
				kept = append(kept, a)
			}
		}
		s.aliases = kept
	}
	// The certificate loop of createServers: every rule host of an
	// Ingress with a spec.tls entry gets a certificate.
	certs := map[string]bool{}
	for _, ing := range ings {
		if len(ing.Spec.TLS) == 0 || isCanary(ing) {
			continue
		}
		for _, rule := range ing.Spec.Rules {
			if rule.Host != "" {
				certs[rule.Host] = true
			}
		}
	}
	// getBackendServers
	for _, ing := range ings {
		a := ing.Annotations
		for ri, rule := range ing.Spec.Rules {
			host := rule.Host
			if host == "" {
				host = "_"
			}
			server := servers[host]
			if server == nil { // a canary's host
				server = servers["_"]
			}
			for pi, path := range rule.HTTP.Paths {
				ups := upsOf(ing.Namespace, &path.Backend)
				if noServer(ups) {
					continue // "Backend is not referenced to by a server"
				}
				// internal/k8s/main.go, SetDefaultNGINXPathType
				if path.PathType == nil || *path.PathType == networkingv1.PathTypeImplementationSpecific {
					path.PathType = &prefix
				}
				nginxPath := "/"
				if path.Path != "" {
					nginxPath = path.Path
				}
				addLoc := true
				for _, loc := range server.locations {
					if loc.path != nginxPath {
						continue
					}
					if loc.pathType != *path.PathType {
						break
					}
					addLoc = false
					if !loc.isDefBackend {
						break
					}
					loc.route, loc.isDefBackend, loc.ups = routeID(ing, ri, pi), false, ups
					ngAnnotate(loc, a)
					server.redirectWWW = server.redirectWWW || ngFlag(a, "from-to-www-redirect", false)
					break
				}
				if addLoc {
					loc := &ngLocation{path: nginxPath, pathType: *path.PathType, route: routeID(ing, ri, pi), ups: ups}
					ngAnnotate(loc, a)
					server.locations = append(server.locations, loc)
					server.redirectWWW = server.redirectWWW || ngFlag(a, "from-to-www-redirect", false)
				}
			}
		}
	}
	// mergeAlternativeBackends, with the locations in the order they were
	// added: for each canary path (its default backend: every location of
	// the catch-all server), the locations of its host's server with its
	// path as written and pathType, up to one of the canary's own
	// upstream, get it as an alternative (once); a canary upstream that
	// merged nowhere and is no location's is deleted.
	alts := map[string][]string{}
	deleted := map[string]bool{}
	merge := func(server *ngServer, alt string, test func(*ngLocation) bool) {
		merged, altIsPri := false, false
		for _, l := range server.locations {
			if l.ups == "" {
				continue // the controller's default upstream: never merged into
			}
			if l.ups == alt {
				altIsPri = true
				break
			}
			if noServer(l.ups) || !test(l) {
				continue
			}
			merged = true
			if !slices.Contains(alts[l.ups], alt) {
				alts[l.ups] = append(alts[l.ups], alt)
			}
		}
		if !altIsPri && !merged {
			deleted[alt] = true
		}
	}
	for _, ing := range ings {
		if !isCanary(ing) || canaries == len(ings) {
			continue
		}
		if u := upsOf(ing.Namespace, ing.Spec.DefaultBackend); u != "" && !deleted[u] {
			merge(servers["_"], u, func(*ngLocation) bool { return true })
		}
		for _, rule := range ing.Spec.Rules {
			host := rule.Host
			if host == "" {
				host = "_"
			}
			server, ok := servers[host]
			for _, path := range rule.HTTP.Paths {
				u := upsOf(ing.Namespace, &path.Backend)
				if deleted[u] || !ok {
					continue
				}
				pt := prefix
				if path.PathType != nil && *path.PathType != networkingv1.PathTypeImplementationSpecific {
					pt = *path.PathType
				}
				merge(server, u, func(l *ngLocation) bool { return l.path == path.Path && l.pathType == pt })
			}
		}
	}
	// balancer.lua consults an upstream's first alternative, with the
	// policy of the Ingress that made the canary's upstream.
	for _, s := range servers {
		for _, l := range s.locations {
			if as := alts[l.ups]; len(as) > 0 && !deleted[as[0]] {
				l.canary = ngCanaryOf(owner[as[0]].Annotations, "canary "+strings.Join(strings.Split(as[0], "/")[:2], "/"))
			}
		}
	}
	var names []string
	for name, s := range servers {
		names = append(names, name)
		sortStable(s.locations, func(i, j *ngLocation) bool { return i.path > j.path })
		sortStable(s.locations, func(i, j *ngLocation) bool { return len(i.path) > len(j.path) })
		s.locations = ngUpdateServerLocations(s.locations)
	}
	slices.Sort(names)
	var b strings.Builder
	// lua_ingress.lua's redirect_to_https, in nginx's own terms: a
	// certificate for $host or its wildcard name (certificate.lua,
	// get_pem_cert_uid), the Host header without its port (redirect_host),
	// the request URI without one trailing '/'.
	b.WriteString("    map $host $has_cert {\n        default 0;\n")
	for h := range certs {
		if strings.ToLower(h) != h {
			// certificate.lua looks the lower-cased host up among the
			// server names as written: a name with capitals never matches
			// (nginx's map would ignore case).
			continue
		}
		if strings.HasPrefix(h, "*.") {
			fmt.Fprintf(&b, "        ~^[^.]+%s$ 1;\n", strings.ReplaceAll(h[1:], ".", `\.`))
		} else {
			fmt.Fprintf(&b, "        %s 1;\n", h)
		}
	}
	b.WriteString("    }\n    map $http_host $redirect_host {\n        ~^(?<h>[^:]*) $h;\n    }\n")
	b.WriteString("    map $request_uri $redirect_uri {\n        ~^(?<u>.*)/$ $u;\n        default $request_uri;\n    }\n")
	// pkg/util/ingress, BuildRedirects, and nginx.tmpl's RedirectServers,
	// written before the other servers: for each flagged server h (in
	// name order) a server www.h (h for www.h) unless one of that name
	// exists, answering 308 to $scheme://h and the request URI without one
	// trailing '/' ($redirect_to; the https port is 443).
	for _, name := range names {
		s := servers[name]
		if !s.redirectWWW {
			continue
		}
		from := "www." + name
		if rest, ok := strings.CutPrefix(name, "www."); ok {
			from = rest
		}
		if _, exists := servers[from]; exists {
			continue
		}
		if strings.Contains(from, "*") {
			// "www.*.w.test": nginx refuses to load it ("invalid server
			// name or wildcard").
			return b.String(), false
		}
		fmt.Fprintf(&b, "    server {\n        server_name %s;\n        listen @LISTEN@;\n        return 308 $scheme://%s$redirect_uri;\n    }\n", from, name)
	}
	for _, name := range names {
		s := servers[name]
		enforceRegex := false
		for _, l := range s.locations {
			enforceRegex = enforceRegex || ngNeedsRewrite(l) || l.useRegex
		}
		listen := "@LISTEN@"
		if name == "_" {
			listen += " default_server"
		}
		fmt.Fprintf(&b, "    server {\n        listen %s;\n        server_name %s;\n", listen, strings.Join(append([]string{ngServerName(name)}, s.aliases...), " "))
		// The test's client address, over the unix socket: X-Real-IP.
		b.WriteString("        set_real_ip_from unix:;\n        real_ip_header X-Real-IP;\n")
		seen := map[string]bool{}
		for _, l := range s.locations {
			if l.appRoot != "" {
				fmt.Fprintf(&b, "        if ($uri = /) {\n            return 302 $scheme://$http_host%s;\n        }\n", l.appRoot)
			}
			loc := ngBuildLocation(l, enforceRegex)
			if seen[loc] {
				return b.String(), false
			}
			seen[loc] = true
			// The location's rewrite phase, in the controller's order:
			// nginx.tmpl's "return" (permanent-redirect and
			// temporal-redirect), buildProxyPass's rewrite (a 302 when
			// its target is a URL; else its "break" ends the rewrite
			// module's directives, so it comes last here), then
			// lua_ingress's https redirect, emulated with "return 308".
			redirect := ""
			if l.redirectURL != "" {
				redirect = fmt.Sprintf("            return %d %s;\n", l.redirectCode, l.redirectURL)
			}
			rewrite := ""
			if ngNeedsRewrite(l) {
				rewrite = fmt.Sprintf("            rewrite \"(?i)%s\" %s break;\n", l.path, l.rewrite)
				switch {
				case strings.HasPrefix(l.rewrite, "http://") || strings.HasPrefix(l.rewrite, "https://") || strings.HasPrefix(l.rewrite, "$scheme"):
					redirect, rewrite = redirect+rewrite, ""
				case !strings.HasPrefix(l.rewrite, "/"):
					// The rewrite may make an empty path, a 500 before
					// lua_ingress's redirect, which this location has to
					// write before the rewrite: the same expression and
					// target, tried first.
					redirect += fmt.Sprintf("            set $rw \"-\";\n            if ($uri ~* \"%s\") {\n                set $rw \"%s\";\n            }\n            if ($rw = \"\") {\n                return 500;\n            }\n", l.path, l.rewrite)
				}
			}
			uri := "$redirect_uri"
			if l.preserveSlash {
				uri = "$request_uri"
			}
			switch {
			case l.forceSSL:
				redirect += fmt.Sprintf("            return 308 https://$redirect_host%s;\n", uri)
			case l.sslRedirect: // not on the catch-all server's own location /: it has no rewrite settings
				redirect += fmt.Sprintf("            if ($has_cert) {\n                return 308 https://$redirect_host%s;\n            }\n", uri)
			}
			xr := fmt.Sprintf("            proxy_set_header X-Route %q;\n", l.route)
			if l.canary != nil {
				xr = l.canary.lines(l.route) + "            proxy_set_header X-Route $xr;\n"
			}
			// nginx.tmpl: a denied location only answers 503; others get
			// the denylist, then the allowlist and "deny all".
			if l.denied {
				fmt.Fprintf(&b, "        location %s {\n            return 503;\n        }\n", loc)
				continue
			}
			for _, ip := range l.deny {
				xr += "            deny " + ip + ";\n"
			}
			for _, ip := range l.allow {
				xr += "            allow " + ip + ";\n"
			}
			if len(l.allow) > 0 {
				xr += "            deny all;\n"
			}
			// nginx.tmpl: the Host header; buildProxyPass:
			// X-Forwarded-Prefix, with the rewrite only.
			if l.vhost != "" {
				xr += fmt.Sprintf("            proxy_set_header Host %q;\n", l.vhost)
			} else {
				xr += "            proxy_set_header Host $http_host;\n"
			}
			if rewrite != "" && l.xfp != "" {
				xr += fmt.Sprintf("            proxy_set_header X-Forwarded-Prefix %q;\n", l.xfp)
			}
			xr += rewrite
			fmt.Fprintf(&b, "        location %s {\n%s%s            proxy_pass http://unix:%s:;\n        }\n", loc, redirect, xr, backend)
		}
		b.WriteString("    }\n")
	}
	return b.String(), true
}

func sortStable(s []*ngLocation, less func(a, b *ngLocation) bool) {
	slices.SortStableFunc(s, func(a, b *ngLocation) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

// ngServerName is template.go's buildServerName.
func ngServerName(host string) string {
	if !strings.HasPrefix(host, "*") {
		return host
	}
	host = strings.Replace(host, "*.", "", 1)
	return `~^(?<subdomain>[\w-]+)\.` + strings.Join(strings.Split(host, "."), `\.`) + `$`
}

func ngNeedsRewrite(l *ngLocation) bool { return l.rewrite != "" && l.rewrite != l.path }

// ngBuildLocation is template.go's buildLocation.
func ngBuildLocation(l *ngLocation, enforceRegex bool) string {
	if enforceRegex {
		return fmt.Sprintf(`~* "^%s"`, l.path)
	}
	if l.pathType == networkingv1.PathTypeExact {
		return "= " + l.path
	}
	return l.path
}

// ngUpdateServerLocations is location.go's updateServerLocations.
func ngUpdateServerLocations(locations []*ngLocation) []*ngLocation {
	var out []*ngLocation
	exact := map[string]bool{}
	for _, l := range locations {
		if l.pathType == networkingv1.PathTypeExact {
			exact[l.path] = true
		}
	}
	for _, l := range locations {
		if l.path == "/" || l.pathType != networkingv1.PathTypePrefix || ngNeedsRewrite(l) || l.useRegex {
			out = append(out, l)
			continue
		}
		if exact[l.path] {
			l.path = ngNormalizePrefixPath(l.path)
			out = append(out, l)
			continue
		}
		el := *l
		l.path = ngNormalizePrefixPath(l.path)
		out = append(out, l)
		el.pathType = networkingv1.PathTypeExact
		out = append(out, &el)
	}
	return out
}

func ngNormalizePrefixPath(p string) string {
	if p == "/" || strings.HasSuffix(p, "/") {
		return p
	}
	return p + "/"
}
