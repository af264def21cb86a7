package e2e_test

// TestHAProxyParity checks the matcher's HAProxy dialect against real
// HAProxy. For random sets of Ingresses it writes the map files and the
// frontend haproxy-ingress generates (pkg/haproxy/types/maps.go:
// AddHostnamePathMapping, buildMapKey, rebuildMatchFiles, sort; the
// frontend of rootfs/etc/templates/haproxy/haproxy.tmpl as its
// instance_test.go shows it), runs HAProxy on a unix socket with one
// backend per path that answers with the path's name, and compares
// HAProxy's answer with the matcher's for requests derived from the paths.
// The map writer below is written from haproxy-ingress's code, separately
// from the dialect.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestHAProxyParity(t *testing.T) {
	bin := proxyBinary(t, "haproxy", "haproxy", "INGRESSLIB_REQUIRE_HAPROXY")
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 3))
	agree, total := 0, 0
	kinds := map[string]int{}
	var failures []string
	for set := 0; set < envInt("INGRESSLIB_HAPROXY_SETS", 150) && len(failures) < 20; set++ {
		ings := randomHAProxySet(rng)
		m := matcher.Compile(ings, matcher.WithDialect(matcher.HAProxy))
		sock := filepath.Join(dir, fmt.Sprintf("haproxy-%d.sock", set))
		stop := startHAProxy(t, bin, filepath.Join(dir, fmt.Sprintf("set-%d", set)), sock, ings)
		for _, rq := range derivedRequests(ings, rng) {
			total++
			want := nginxAnswer(t, sock, rq.host, rq.target)
			got := outcomeOf(m, false, rq.host, rq.target)
			if got == want {
				agree++
				kinds[answerKind(got)]++
				continue
			}
			if len(failures) < 20 {
				failures = append(failures, fmt.Sprintf("set %d: Host %q GET %s: haproxy %s, matcher %s\n%s", set, rq.host, rq.target, want, got, m.Explain(rq.host, rq.target)))
			}
		}
		stop()
	}
	t.Logf("haproxy dialect vs %s: %d of %d requests agree (%d backend, %d no route)", haproxyVersion(bin), agree, total, kinds["backend"], kinds["no route"])
	for _, f := range failures {
		t.Error(f)
	}
	if total < 1000 || kinds["backend"] == 0 || kinds["no route"] == 0 {
		t.Errorf("only %d requests compared (%v)", total, kinds)
	}
}

func haproxyVersion(bin string) string {
	out, _ := exec.Command(bin, "-v").CombinedOutput()
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSuffix(strings.Fields(first + " ? ?")[0]+" "+strings.Fields(first + " ? ?")[2], " ")
}

var haPathTypes = []string{"", "", "begin", "prefix", "exact", "regex"}

func randomHAProxySet(rng *rand.Rand) []*networkingv1.Ingress {
	var ings []*networkingv1.Ingress
	for i := range 1 + rng.IntN(4) {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: "ns", Name: fmt.Sprintf("ing%d", i), Annotations: map[string]string{},
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, rng.IntN(4), 0, time.UTC)),
		}}
		pt := haPathTypes[rng.IntN(len(haPathTypes))]
		if pt != "" {
			ing.Annotations["haproxy-ingress.github.io/path-type"] = pt
		}
		if rng.IntN(5) == 0 {
			b := svc(fmt.Sprintf("def%d", i))
			ing.Spec.DefaultBackend = &b
		}
		rules := 1 + rng.IntN(2)
		if ing.Spec.DefaultBackend != nil && rng.IntN(2) == 0 {
			rules = 0
		}
		for range rules {
			rule := networkingv1.IngressRule{Host: nginxHosts[rng.IntN(len(nginxHosts))], IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
			for p := 1 + rng.IntN(3); p > 0; p-- {
				t := nginxTypes[rng.IntN(len(nginxTypes))]
				path := nginxPaths[rng.IntN(len(nginxPaths))]
				if pt == "regex" && t == networkingv1.PathTypeImplementationSpecific && rng.IntN(2) == 0 {
					path = nginxRegexes[rng.IntN(len(nginxRegexes))]
				}
				rule.HTTP.Paths = append(rule.HTTP.Paths, networkingv1.HTTPIngressPath{Path: path, PathType: &t, Backend: svc(fmt.Sprintf("s%d", p))})
			}
			ing.Spec.Rules = append(ing.Spec.Rules, rule)
		}
		ings = append(ings, ing)
	}
	return ings
}

// startHAProxy writes the configuration of the Ingresses into dir and runs
// HAProxy until stop is called. haproxy -D binds its sockets before it
// returns.
func startHAProxy(t *testing.T, bin, dir, sock string, ings []*networkingv1.Ingress) (stop func()) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	hostFiles, defFiles, backends := haRender(ings)
	var b strings.Builder
	fmt.Fprintf(&b, "global\n    pidfile %s\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 10s\n    timeout server 10s\n", filepath.Join(dir, "haproxy.pid"))
	fmt.Fprintf(&b, "frontend _front_http\n    bind unix@%s\n", sock)
	b.WriteString("    http-request set-var(req.path) path\n    http-request set-var(req.host) hdr(host),field(1,:),lower\n    http-request set-var(req.base) var(req.host),concat(\\#,req.path)\n")
	writeChain := func(files []haTestFile, variable, sample, name string) {
		first := true
		for i, f := range files {
			if len(f.lines) == 0 {
				continue
			}
			file := filepath.Join(dir, fmt.Sprintf("%s_%02d_%s.map", name, i, f.method))
			if err := os.WriteFile(file, []byte(strings.Join(f.lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			conv := sample
			if f.method == "beg" {
				conv += ",lower"
			}
			cond := ""
			if !first {
				cond = fmt.Sprintf(" if !{ var(%s) -m found }", variable)
			}
			if variable == "req.defaultbackend" {
				if cond == "" {
					cond = " if !{ var(req.backend) -m found }"
				} else {
					cond += " !{ var(req.backend) -m found }"
				}
			}
			fmt.Fprintf(&b, "    http-request set-var(%s) %s,map_%s(%s)%s\n", variable, conv, f.method, file, cond)
			first = false
		}
	}
	writeChain(hostFiles, "req.backend", "var(req.base)", "host")
	writeChain(defFiles, "req.defaultbackend", `str(<default>\#),concat(,req.path)`, "defaulthost")
	b.WriteString("    use_backend %[var(req.backend)] if { var(req.backend) -m found }\n    use_backend %[var(req.defaultbackend)] if { var(req.defaultbackend) -m found }\n    default_backend _error404\n")
	for _, id := range backends {
		fmt.Fprintf(&b, "backend %s\n    http-request return status 200 content-type text/plain string %q\n", haBackendName(id), id)
	}
	b.WriteString("backend _error404\n    http-request return status 404\n")
	conf := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(conf, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-D", "-q", "-f", conf).CombinedOutput(); err != nil {
		t.Fatalf("haproxy: %v\n%s\n%s", err, out, b.String())
	}
	return func() {
		pid, err := os.ReadFile(filepath.Join(dir, "haproxy.pid"))
		if err != nil {
			return
		}
		if n, err := strconv.Atoi(strings.TrimSpace(string(pid))); err == nil {
			if p, err := os.FindProcess(n); err == nil {
				p.Kill()
			}
		}
	}
}

func haBackendName(id string) string {
	return "b_" + regexp.MustCompile(`[^A-Za-z0-9_]`).ReplaceAllString(id, "_")
}

// The map writer, after haproxy-ingress's code.

type haTestEntry struct {
	hostname, path, match, key, value string
	order                             int
	elem, upper                       int // priority file, -1 for none
}

type haTestFile struct {
	method string // str, dir, beg, reg
	lines  []string
}

var haMethod = map[string]string{"exact": "str", "prefix": "dir", "begin": "beg", "regex": "reg"}

// haRender returns the map files of the named hosts and of the default
// host, in the frontend's order, and the route ids of the backends.
func haRender(all []*networkingv1.Ingress) (hostFiles, defFiles []haTestFile, backends []string) {
	ings := slices.Clone(all)
	slices.SortStableFunc(ings, func(a, b *networkingv1.Ingress) int {
		if c := a.CreationTimestamp.Compare(b.CreationTimestamp.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Namespace+"/"+a.Name, b.Namespace+"/"+b.Name)
	})
	var hostEntries, defEntries []*haTestEntry
	seen := map[string]bool{}
	order := 0
	add := func(host, path, match, id string) {
		k := host + " " + match + " " + path
		if seen[k] {
			return
		}
		seen[k] = true
		hostname, isDefault := host, host == ""
		if isDefault {
			hostname = "<default>"
		}
		if strings.HasPrefix(host, "*.") { // convertWildcardToRegex, convertPathToRegex
			hostname = "^[^.]+" + regexp.QuoteMeta(host[1:]) + "$"
			switch match {
			case "begin":
				path = regexp.QuoteMeta(path)
			case "exact":
				path = regexp.QuoteMeta(path) + "$"
			case "prefix":
				path = regexp.QuoteMeta(path)
				if !strings.HasSuffix(path, "/") {
					path += "(/.*)?"
				}
			}
			match = "regex"
		} else if match == "regex" {
			hostname = "^" + regexp.QuoteMeta(hostname) + "$"
		}
		hostname = strings.ToLower(hostname)
		if match == "begin" {
			path = strings.ToLower(path)
		}
		key := hostname // buildMapKey
		if match == "regex" {
			if strings.HasSuffix(key, "$") {
				key = key[:len(key)-1]
			} else {
				key += "[^/]*"
			}
		}
		key += "#" + path
		e := &haTestEntry{hostname: hostname, path: path, match: match, key: key, value: haBackendName(id), order: order, elem: -1, upper: -1}
		order++
		if isDefault {
			defEntries = append(defEntries, e)
		} else {
			hostEntries = append(hostEntries, e)
		}
		backends = append(backends, id)
	}
	for _, ing := range ings {
		pt := ing.Annotations["haproxy-ingress.github.io/path-type"]
		for ri, r := range ing.Spec.Rules {
			for pi, p := range r.HTTP.Paths {
				match := "begin"
				switch {
				case *p.PathType == networkingv1.PathTypeExact:
					match = "exact"
				case *p.PathType == networkingv1.PathTypePrefix:
					match = "prefix"
				case pt == "prefix" || pt == "exact" || pt == "regex":
					match = pt
				}
				add(r.Host, p.Path, match, routeID(ing, ri, pi))
			}
		}
	}
	for _, ing := range ings {
		if ing.Spec.DefaultBackend == nil || slices.ContainsFunc(defEntries, func(e *haTestEntry) bool { return e.path == "/" }) {
			continue
		}
		add("", "/", "begin", "default:"+ing.Namespace+"/"+ing.Name)
	}
	return haFiles(hostEntries), haFiles(defEntries), backends
}

// haFiles is rebuildMatchFiles, hosts in sorted order.
func haFiles(entries []*haTestEntry) []haTestFile {
	byHost := map[string][]*haTestEntry{}
	for _, e := range entries {
		byHost[e.hostname] = append(byHost[e.hostname], e)
	}
	hosts := make([]string, 0, len(byHost))
	for h := range byHost {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	type file struct {
		match   string
		entries []*haTestEntry
	}
	var prio []*file
	for _, h := range hosts {
		list := byHost[h]
		sort.SliceStable(list, func(i, j int) bool { return list[i].path > list[j].path })
		for i, e1 := range list {
			for _, e2 := range list[i+1:] {
				overlaps := e1.match != e2.match && e1.path != e2.path && e1.match != "exact" && e2.match != "exact" &&
					e1.match != "regex" && e2.match != "regex" && strings.HasPrefix(e1.path, e2.path)
				if !overlaps {
					continue
				}
				if e1.elem < 0 {
					start := max(e1.upper, 0)
					e1.elem = -1
					for k := start; k < len(prio); k++ {
						if prio[k].match == e1.match {
							e1.elem = k
							break
						}
					}
					if e1.elem < 0 {
						prio = append(prio, &file{match: e1.match})
						e1.elem = len(prio) - 1
					}
					prio[e1.elem].entries = append(prio[e1.elem].entries, e1)
				}
				e2.upper = e1.elem
			}
		}
	}
	files := []*file{{match: "exact"}}
	files = append(files, prio...)
	defaults := map[string]*file{"prefix": {match: "prefix"}, "begin": {match: "begin"}, "regex": {match: "regex"}}
	files = append(files, defaults["prefix"], defaults["begin"], defaults["regex"])
	for _, e := range entries {
		switch {
		case e.elem >= 0:
		case e.match == "exact":
			files[0].entries = append(files[0].entries, e)
		default:
			defaults[e.match].entries = append(defaults[e.match].entries, e)
		}
	}
	var out []haTestFile
	for _, f := range files {
		es := f.entries
		sort.SliceStable(es, func(i, j int) bool {
			a, b := es[i], es[j]
			switch f.match {
			case "exact":
				if a.key == b.key {
					return a.order < b.order
				}
				return a.key < b.key
			case "regex":
				if len(a.key) != len(b.key) {
					return len(a.key) > len(b.key)
				}
				if a.key == b.key {
					return a.order < b.order
				}
				return a.key < b.key
			}
			if a.hostname == b.hostname {
				if a.path == b.path {
					return a.order < b.order
				}
				return a.path > b.path
			}
			return a.key < b.key
		})
		tf := haTestFile{method: haMethod[f.match]}
		for _, e := range es {
			tf.lines = append(tf.lines, e.key+" "+e.value)
		}
		out = append(out, tf)
	}
	return out
}
