package matcher

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/hostname"
	"github.com/ingresslib/ingress/internal/testgen"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"pgregory.net/rapid"
)

// This file holds the slow twins of the engines' indexes: each engine's
// lookup done as the controller describes it, trying its locations, routes
// or map lines one by one. A property checks that the indexed lookups
// agree with them. (Envoy's and Traefik's own linear scans are their
// explain methods, which TestPropertyDialectsOrderIndependent compares
// with Match.)

// nginxScanFind is nginxServer.find by trying every location: the exact
// location, else the longest prefix location unless the path is that of a
// location with a trailing slash (301), else the first regular expression
// in order, else that prefix.
func nginxScanFind(srv *nginxServer, path string) (*nginxLoc, nginxStep) {
	if srv.appRoot != nil && path == "/" {
		return srv.appRoot, stepAppRoot
	}
	for i := range srv.locs {
		if l := &srv.locs[i]; l.mod == "=" && l.path == path {
			return l, stepExact
		}
	}
	var prefix *nginxLoc
	for i := range srv.locs {
		if l := &srv.locs[i]; l.mod == "" && strings.HasPrefix(path, l.path) && (prefix == nil || len(l.path) > len(prefix.path)) {
			prefix = l
		}
	}
	if prefix == nil || len(prefix.path) < len(path) {
		for i := range srv.locs {
			if l := &srv.locs[i]; (l.mod == "" || l.mod == "=") && len(l.path) > 1 && l.path == path+"/" {
				return l, stepRedirect
			}
		}
	}
	for i := range srv.locs {
		if l := &srv.locs[i]; l.mod == "~*" && l.re.MatchString(path) {
			return l, stepRegex
		}
	}
	if prefix != nil {
		return prefix, stepPrefix
	}
	return nil, stepNone
}

// haScanFind is haproxyEngine.find by trying every line of every map file
// in order, a regular expression against the sample "host#path".
func haScanFind(e *haproxyEngine, host, path string) *haEntry {
	if path == "" {
		path = "/"
	}
	h := haproxyHost(host)
	for fi, x := range [2]*haMap{&e.hosts, &e.defaults} {
		name := h
		if fi == 1 {
			name = haproxyDefaultHost
		}
		for _, f := range x.files {
			for _, en := range f.entries {
				if en.matches(name, path, name+"#"+path) {
					return en
				}
			}
		}
	}
	return nil
}

var (
	engineHosts = []string{"", "foo.com", "FOO.com", "*.foo.com", "a.foo.com", "*.a.foo.com", "x#y.com", "bar.org"}
	enginePaths = []string{"/", "/a", "/a/", "/A/b", "/a/b", "/ab", "/a?b", "/a.*", "/(a|b)", "a|/b", "/[a-z]+/x", "/x#y", "/a/b/"}
	engineReqs  = []string{"foo.com", "FOO.COM:80", "a.foo.com", "b.a.foo.com", "x#y.com", "x#y.foo.com", "b.foo.com#z", "a.foo.com#/a", "bar.org", "nohost", ".foo.com", "a.b", ""}
)

// genEngineIngresses draws Ingresses for the engines: the annotations that
// change what they build (use-regex, rewrite-target and app-root for
// nginx, path-type for haproxy-ingress, pathmatcher and priority for
// Traefik), regular expressions with an alternation at the top, '#' and
// '?' in hosts and paths, and paths from testgen's pool of boundary
// lengths.
func genEngineIngresses(t *rapid.T) []*networkingv1.Ingress {
	pool := testgen.PathPool(t)
	pt := []networkingv1.PathType{networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific}
	var ings []*networkingv1.Ingress
	for i := range rapid.IntRange(1, 5).Draw(t, "ingresses") {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: fmt.Sprint("ing", i), Annotations: map[string]string{},
			CreationTimestamp: metav1.Unix(int64(rapid.IntRange(0, 2).Draw(t, "age")), 0)}}
		for _, a := range []struct{ key, values string }{
			{nginxUseRegex, "true"}, {nginxRewriteTarget, "/$1"}, {haproxyPathType, "regex prefix exact begin"},
			{traefikPathMatcher, "PathRegexp Path"}, {traefikPriority, "5 -2 0 x 99999999999999999999 -2147483649"},
		} {
			if rapid.IntRange(0, 3).Draw(t, "has-"+a.key) == 0 {
				ing.Annotations[a.key] = rapid.SampledFrom(strings.Fields(a.values)).Draw(t, a.key)
			}
		}
		for range rapid.IntRange(0, 3).Draw(t, "rules") {
			r := networkingv1.IngressRule{Host: rapid.SampledFrom(engineHosts).Draw(t, "host"), IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
			for p := range rapid.IntRange(1, 4).Draw(t, "paths") {
				path := rapid.SampledFrom(enginePaths).Draw(t, "path")
				if rapid.Bool().Draw(t, "pooled") {
					path = testgen.Path(t, pool, "pooled")
				}
				typ := rapid.SampledFrom(pt).Draw(t, "pathType")
				r.HTTP.Paths = append(r.HTTP.Paths, networkingv1.HTTPIngressPath{Path: path, PathType: &typ,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: fmt.Sprint(ing.Name, "-", p), Port: networkingv1.ServiceBackendPort{Number: 80}}}})
			}
			ing.Spec.Rules = append(ing.Spec.Rules, r)
		}
		if rapid.IntRange(0, 3).Draw(t, "default") == 0 {
			ing.Spec.DefaultBackend = &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "default-" + ing.Name, Port: networkingv1.ServiceBackendPort{Number: 80}}}
		}
		ings = append(ings, ing)
	}
	return ings
}

// engineRequest draws a request path: one of the Ingresses' paths or a
// path derived from one (testgen.Request), with its case changed, '?' or
// '#' added.
func engineRequest(t *rapid.T, ings []*networkingv1.Ingress) string {
	var paths []string
	for _, ing := range ings {
		for _, r := range ing.Spec.Rules {
			for _, p := range r.HTTP.Paths {
				paths = append(paths, p.Path)
			}
		}
	}
	p := rapid.SampledFrom(append(paths, enginePaths...)).Draw(t, "from")
	p = testgen.Request(t, []string{"a", "b", "x"}, p)
	switch rapid.IntRange(0, 5).Draw(t, "vary") {
	case 0:
		p = strings.ToUpper(p)
	case 1:
		p += "?q"
	case 2:
		p += "#f"
	}
	return p
}

// TestPropertyEnginesAgreeWithScans: the ingress-nginx and HAProxy engines'
// indexed lookups find what trying every location or map line in order
// finds.
func TestPropertyEnginesAgreeWithScans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ings := genEngineIngresses(t)
		nginx := compile(ings, newHasher(), []Option{WithDialect(IngressNGINX)}).eng.(*nginxEngine)
		ha := compile(ings, newHasher(), []Option{WithDialect(HAProxy)}).eng.(*haproxyEngine)
		for range 12 {
			host, path := rapid.SampledFrom(engineReqs).Draw(t, "reqHost"), engineRequest(t, ings)
			var buf [hostname.MaxLen]byte
			srv, _ := nginx.server(&buf, host)
			if got, want := pointerOf(srv.find(&nginx.m.hash, path)), pointerOf(nginxScanFind(srv, path)); got != want {
				t.Fatalf("ingress-nginx, server %q: find(%q) = %s, scanning the locations gives %s", srv.host, path, got, want)
			}
			got, _ := ha.find(host, path)
			if want := haScanFind(ha, host, path); got != want {
				t.Fatalf("haproxy: find(%q, %q) = %s, scanning the map files gives %s", host, path, haKey(got), haKey(want))
			}
		}
	})
}

func pointerOf(l *nginxLoc, step nginxStep) string {
	if l == nil {
		return "none"
	}
	return fmt.Sprintf("%s (step %d)", l, step)
}

func haKey(e *haEntry) string {
	if e == nil {
		return "none"
	}
	return e.key
}
