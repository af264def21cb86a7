package manifest_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const docs = "../testdata/docs"

// TestLoadDocs loads every example manifest of the two concept pages.
func TestLoadDocs(t *testing.T) {
	set, err := manifest.Load(docs)
	if err != nil {
		t.Fatalf("Load(%q): %v", docs, err)
	}
	// Both pages define Ingresses of the same names: the later ones
	// replace the first, as in a cluster, and are noted as duplicates.
	if got, want := len(set.Ingresses), 8; got != want {
		t.Errorf("Load(%q) read %d Ingresses, want %d", docs, got, want)
	}
	if got, want := len(set.IngressClasses), 4; got != want {
		t.Errorf("Load(%q) read %d IngressClasses, want %d", docs, got, want)
	}
	if got, want := len(set.Secrets), 1; got != want {
		t.Errorf("Load(%q) read %d TLS Secrets, want %d", docs, got, want)
	}
	converted := 0
	duplicates := 0
	for _, n := range set.Notes {
		if n.Duplicate != nil {
			duplicates++
			continue
		}
		if !n.Converted {
			t.Errorf("unexpected note: %s", n)
			continue
		}
		converted++
		if !strings.HasPrefix(n.Source.File, filepath.Join(docs, "v1.17")) {
			t.Errorf("note for a file outside v1.17: %s", n)
		}
	}
	if converted != 6 {
		t.Errorf("%d conversion notes, want 6 (one per v1.17 Ingress)", converted)
	}
	if duplicates != 6 {
		t.Errorf("%d duplicate notes, want 6 (the v1.17 page's Ingresses have the current page's names)", duplicates)
	}
	for _, ing := range set.Ingresses {
		if src, ok := set.Source(ing); !ok || src.Doc < 1 {
			t.Errorf("Source(%s) = %v, %v", ing.Name, src, ok)
		}
	}
}

// TestConversionGolden compares the networking.k8s.io/v1 form of each v1.17
// example with its golden file (go test ./manifest -update rewrites them).
func TestConversionGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(docs, "v1.17", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no v1.17 examples")
	}
	for _, f := range files {
		set, err := manifest.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.MarshalIndent(set.Ingresses, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("..", "testdata", "manifest", strings.TrimSuffix(filepath.Base(f), ".yaml")+".v1.json")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		raw, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./manifest -update to create it)", err)
		}
		// Read the golden objects and write them again, so that the JSON
		// form of this apimachinery release (which omits a zero
		// creationTimestamp from v0.34 on) is compared, not the release's.
		var objs []*networkingv1.Ingress
		if err := json.Unmarshal(raw, &objs); err != nil {
			t.Fatalf("%s: %v", golden, err)
		}
		want, err := json.MarshalIndent(objs, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("conversion of %s (-want +got):\n%s", f, diff)
		}
	}
}

// TestV117RoutesLikeCurrent routes the requests the pages describe through
// each v1.17 example and its current-page equivalent: the service must be
// the same (the pages name some services differently; the table says which).
func TestV117RoutesLikeCurrent(t *testing.T) {
	type req struct{ host, path, old, cur string }
	pairs := []struct {
		old, cur string
		reqs     []req
	}{
		{"minimal-ingress.yaml", "minimal-ingress.yaml", []req{
			{"", "/testpath", "test", "test"}, {"", "/testpath/x", "test", "test"}, {"", "/other", "", ""}}},
		{"ingress.yaml", "test-ingress.yaml", []req{
			{"", "/", "testsvc", "test"}, {"any.host", "/x", "testsvc", "test"}}},
		{"simple-fanout-example.yaml", "simple-fanout-example.yaml", []req{
			{"foo.bar.com", "/foo", "service1", "service1"}, {"foo.bar.com", "/bar/x", "service2", "service2"}, {"foo.bar.com", "/baz", "", ""}}},
		{"name-virtual-host-ingress.yaml", "name-virtual-host-ingress.yaml", []req{
			{"foo.bar.com", "/", "service1", "service1"}, {"bar.foo.com", "/x", "service2", "service2"}, {"other.com", "/", "", ""}}},
		{"name-virtual-host-ingress-no-third-host.yaml", "name-virtual-host-ingress-no-third-host.yaml", []req{
			{"first.bar.com", "/", "service1", "service1"}, {"10.0.0.1", "/", "service3", "service3"}, {"", "/x", "service3", "service3"}}},
		{"tls-example-ingress.yaml", "tls-example-ingress.yaml", []req{
			{"sslexample.foo.com", "/", "service1", ""}, {"https-example.foo.com", "/", "", "service1"}}},
	}
	route := func(file string) *matcher.Matcher {
		set, err := manifest.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		return matcher.Compile(set.Ingresses)
	}
	svc := func(m *matcher.Matcher, host, path string) string {
		r, ok := m.Match(host, path)
		if !ok || r.Backend.Service == nil {
			return ""
		}
		return r.Backend.Service.Name
	}
	for _, p := range pairs {
		old, cur := route(filepath.Join(docs, "v1.17", p.old)), route(filepath.Join(docs, "current", p.cur))
		for _, r := range p.reqs {
			if got := svc(old, r.host, r.path); got != r.old {
				t.Errorf("v1.17 %s: Match(%q, %q) = %q, want %q", p.old, r.host, r.path, got, r.old)
			}
			if got := svc(cur, r.host, r.path); got != r.cur {
				t.Errorf("current %s: Match(%q, %q) = %q, want %q", p.cur, r.host, r.path, got, r.cur)
			}
		}
	}
}

func TestConversionDetails(t *testing.T) {
	const in = `apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old, namespace: ns}
spec:
  ingressClassName: nginx
  backend: {serviceName: def, servicePort: http}
  rules:
  - host: a.com
    http:
      paths:
      - {path: /x, pathType: Exact, backend: {serviceName: x, servicePort: 8080}}
      - {path: /r, backend: {resource: {kind: Bucket, name: b}}}
  - host: b.com
`
	set, err := manifest.Read(strings.NewReader(in), "old.yaml")
	if err != nil || len(set.Ingresses) != 1 {
		t.Fatalf("Read: %v, %d Ingresses", err, len(set.Ingresses))
	}
	ing := set.Ingresses[0]
	exact, specific := networkingv1.PathTypeExact, networkingv1.PathTypeImplementationSpecific
	class := "nginx"
	want := networkingv1.IngressSpec{
		IngressClassName: &class,
		DefaultBackend:   &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "def", Port: networkingv1.ServiceBackendPort{Name: "http"}}},
		Rules: []networkingv1.IngressRule{
			{Host: "a.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{
				{Path: "/x", PathType: &exact, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "x", Port: networkingv1.ServiceBackendPort{Number: 8080}}}},
				{Path: "/r", PathType: &specific, Backend: networkingv1.IngressBackend{Resource: &corev1Ref}},
			}}}},
			{Host: "b.com"},
		},
	}
	if diff := cmp.Diff(want, ing.Spec); diff != "" {
		t.Errorf("converted spec (-want +got):\n%s", diff)
	}
	if ing.APIVersion != "networking.k8s.io/v1" || ing.Namespace != "ns" {
		t.Errorf("converted Ingress is %s in %q, want networking.k8s.io/v1 in ns", ing.APIVersion, ing.Namespace)
	}
	if len(set.Notes) != 1 || !set.Notes[0].Converted || set.Notes[0].String() != `old.yaml:1: document 1: extensions/v1beta1 Ingress "old" converted to networking.k8s.io/v1 (extensions/v1beta1 was removed in Kubernetes 1.22; update the manifest)` {
		t.Errorf("notes = %v", set.Notes)
	}
}

// TestErrors: a bad document gives an error naming file, document and field;
// the other documents still load.
func TestErrors(t *testing.T) {
	const in = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: good1}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: badtype}
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: x, port: {number: eighty}}}
---
kind: Ingress
metadata: {name: noversion}
---
apiVersion: v1
metadata: {name: nokind}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: typo}
spec: {rulez: []}
---
a: [1, 2
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: v1
kind: Secret
metadata: {name: opaque}
type: Opaque
---
- just
- a list
---
apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: item0}
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: item1}
  spec: {defaultBackend: 7}
---
# only a comment
---
apiVersion: networking.k8s.io/v1
kind: IngressList
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: good2}
`
	set, err := manifest.Read(strings.NewReader(in), "bad.yaml")
	var names []string
	for _, ing := range set.Ingresses {
		names = append(names, ing.Name)
	}
	if diff := cmp.Diff([]string{"good1", "item0", "good2"}, names); diff != "" {
		t.Errorf("Ingresses read (-want +got):\n%s", diff)
	}
	var msgs []string
	for _, e := range unjoin(err) {
		var me *manifest.Error
		if !errors.As(e, &me) {
			t.Errorf("error %v is not a *manifest.Error", e)
		}
		msgs = append(msgs, e.Error())
	}
	want := []string{
		"bad.yaml:5: document 2: spec.rules[0].http.paths[0].backend.service.port.number: wrong type: a string where int32 is wanted",
		`bad.yaml:16: document 3: apiVersion: missing in a document of kind "Ingress"`,
		"bad.yaml:19: document 4: kind: missing: every document needs apiVersion and kind",
		`bad.yaml:22: document 5: unknown field "spec.rulez"`,
		"bad.yaml:27: document 6: invalid YAML: line 27: did not find expected ',' or ']'",
		"bad.yaml:38: document 9: the document is not an object (want apiVersion, kind, metadata…)",
		"bad.yaml:41: document 10, items[1]: spec.defaultBackend: wrong type: a number where v1.IngressBackend is wanted",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	var notes []string
	for _, n := range set.Notes {
		notes = append(notes, n.String())
	}
	wantNotes := []string{
		`bad.yaml:29: document 7: v1 ConfigMap "cm" skipped: not an Ingress, IngressClass or TLS Secret`,
		`bad.yaml:33: document 8: Secret "opaque" skipped: its type is "Opaque", not kubernetes.io/tls`,
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestJSONStream(t *testing.T) {
	in := `{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"a"}}
{"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"c"},"spec":{"controller":"x.io/y"}}
{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"b"}}]}`
	set, err := manifest.Read(strings.NewReader(in), "stream.json")
	if err != nil || len(set.Ingresses) != 2 || len(set.IngressClasses) != 1 {
		t.Fatalf("Read(JSON stream) = %d Ingresses, %d classes, %v; want 2, 1, nil", len(set.Ingresses), len(set.IngressClasses), err)
	}
	_, err = manifest.Read(strings.NewReader(`{"apiVersion":"v1", `), "cut.json")
	if err == nil || !strings.HasPrefix(err.Error(), "cut.json: document 1: invalid JSON") {
		t.Errorf("Read(cut JSON) error = %v", err)
	}
}

// TestHelmCreateTemplate: the Ingress template helm create writes begins
// with "{{- if", which is no JSON: it is reported as a template of an
// Ingress, with the hint to render it.
func TestHelmCreateTemplate(t *testing.T) {
	in := "{{- if .Values.ingress.enabled -}}\n{{- $fullName := include \"x.fullname\" . -}}\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {{ $fullName }}\n{{- end }}\n"
	_, err := manifest.Read(strings.NewReader(in), "ingress.yaml")
	var me *manifest.Error
	if !errors.As(err, &me) || !me.Template || me.Kind != "Ingress" || !strings.Contains(me.Hint, "helm template") {
		t.Errorf("helm create's template: %v", err)
	}
}

// TestFlowStyleYAML: a document in YAML's flow style begins with '{' as
// JSON does; it is read as YAML, as kubectl reads it, documents after it
// too.
func TestFlowStyleYAML(t *testing.T) {
	in := `{ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "flow" }, spec: { defaultBackend: { service: { name: web, port: { number: 80 } } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: block}
`
	set, err := manifest.Read(strings.NewReader(in), "flow.yaml")
	if err != nil || len(set.Ingresses) != 2 || set.Ingresses[0].Name != "flow" || set.Ingresses[0].Spec.DefaultBackend == nil {
		t.Fatalf("Read(flow style) = %d Ingresses, %v", len(set.Ingresses), err)
	}
	// JSON whose first value does not parse stays a JSON error: the
	// values after it are not silently dropped.
	bad := `{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"a"},}
{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"b"}}`
	if _, err := manifest.Read(strings.NewReader(bad), "bad.json"); err == nil || !strings.Contains(err.Error(), "invalid JSON") {
		t.Errorf("JSON with a trailing comma: %v", err)
	}
	// Two flow nodes without "---" between them are refused, not read as
	// the first alone.
	two := "{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: a}}\n{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: b}}\n"
	if set, err := manifest.Read(strings.NewReader(two), "two.yaml"); err == nil || len(set.Ingresses) != 0 {
		t.Errorf("two flow nodes in one document: %d Ingresses, %v", len(set.Ingresses), err)
	}
	// A comment after the node is no second node.
	one := "{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: 'it''s', namespace: \"a}b\"}} # done\n"
	if set, err := manifest.Read(strings.NewReader(one), "one.yaml"); err != nil || len(set.Ingresses) != 1 || set.Ingresses[0].Name != "it's" {
		t.Errorf("one flow node and a comment: %v", err)
	}
}

func TestLoadPaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ing := func(n string) string {
		return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: " + n + "}\n"
	}
	write("a.yaml", ing("a"))
	write("sub/b.yml", ing("b"))
	write("sub/c.json", `{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"c"}}`)
	write("sub/README.md", "not a manifest")
	set, err := manifest.LoadFrom(strings.NewReader(ing("stdin")), dir, "-")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, i := range set.Ingresses {
		names = append(names, i.Name)
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "stdin"}, names); diff != "" {
		t.Errorf("LoadFrom(dir, -) (-want +got):\n%s", diff)
	}
	if _, err := manifest.Load(filepath.Join(dir, "missing.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want not-exist", err)
	}
}

var corev1Ref = corev1.TypedLocalObjectReference{Kind: "Bucket", Name: "b"}

func TestIngressClassV1beta1(t *testing.T) {
	const in = `apiVersion: networking.k8s.io/v1beta1
kind: IngressClass
metadata:
  name: external-lb
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: example.com/ingress-controller
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb, scope: Namespace, namespace: cfg}
`
	set, err := manifest.Read(strings.NewReader(in), "class.yaml")
	if err != nil || len(set.IngressClasses) != 1 {
		t.Fatalf("Read: %v, %d classes", err, len(set.IngressClasses))
	}
	c := set.IngressClasses[0]
	group, scope, ns := "k8s.example.com", "Namespace", "cfg"
	want := networkingv1.IngressClassSpec{Controller: "example.com/ingress-controller", Parameters: &networkingv1.IngressClassParametersReference{
		APIGroup: &group, Kind: "IngressParameters", Name: "external-lb", Scope: &scope, Namespace: &ns}}
	if diff := cmp.Diff(want, c.Spec); diff != "" || c.APIVersion != "networking.k8s.io/v1" || c.Annotations["ingressclass.kubernetes.io/is-default-class"] != "true" {
		t.Errorf("converted IngressClass %s (-want +got):\n%s", c.APIVersion, diff)
	}
	if len(set.Notes) != 1 || !set.Notes[0].Converted || set.Notes[0].Kind != "IngressClass" {
		t.Errorf("notes = %v", set.Notes)
	}
}

func TestDuplicateAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	ing := "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec: {defaultBackend: {service: {name: %s, port: {number: 80}}}}\n"
	os.WriteFile(filepath.Join(dir, "base.yaml"), []byte(fmt.Sprintf(ing, "base")), 0o644)
	os.WriteFile(filepath.Join(dir, "overlay.yaml"), []byte("# the prod overlay\n---\n"+fmt.Sprintf(ing, "prod")), 0o644)
	set, err := manifest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The later one replaces the first, as in a cluster.
	if len(set.Ingresses) != 1 || set.Ingresses[0].Spec.DefaultBackend.Service.Name != "prod" {
		t.Fatalf("Ingresses: %v", set.Ingresses)
	}
	if src, _ := set.Source(set.Ingresses[0]); src.File != filepath.Join(dir, "overlay.yaml") {
		t.Errorf("source of the Ingress kept: %v", src)
	}
	if len(set.Notes) != 1 || set.Notes[0].Duplicate == nil || set.Notes[0].Duplicate.File != filepath.Join(dir, "base.yaml") {
		t.Fatalf("notes: %v", set.Notes)
	}
	want := filepath.Join(dir, "overlay.yaml") + `:3: document 2: Ingress "shop/web" is also defined by ` + filepath.Join(dir, "base.yaml") + `:1: document 1`
	if got := set.Notes[0].String(); !strings.HasPrefix(got, want) {
		t.Errorf("note %q\nwant it to start %q", got, want)
	}
}

func TestTemplatesAndHints(t *testing.T) {
	in := "# a chart's template\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {{ .Release.Name }}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: old-shape}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {serviceName: web, servicePort: 80}\n"
	_, err := manifest.Read(strings.NewReader(in), "t.yaml")
	errs := unjoin(err)
	if len(errs) != 2 {
		t.Fatalf("errors: %v", errs)
	}
	var tmpl, shape *manifest.Error
	errors.As(errs[0], &tmpl)
	errors.As(errs[1], &shape)
	if !tmpl.Template || tmpl.Routing() || tmpl.Kind != "Ingress" || tmpl.Source.Doc != 2 || tmpl.Source.Line != 3 ||
		tmpl.Error() != "t.yaml:3: document 2: a template of an Ingress, not a manifest (it has {{ … }}); render it first: helm template RELEASE CHART | ingressroute -f -" {
		t.Errorf("template: %+v\n%s", tmpl, tmpl)
	}
	if !shape.Routing() || !strings.Contains(shape.Hint, "v1beta1 shape") || shape.Source.Line != 8 {
		t.Errorf("v1beta1 shape: %+v\n%s", shape, shape)
	}
	// The reverse: a v1 body under a v1beta1 apiVersion.
	for _, api := range []string{"networking.k8s.io/v1beta1", "extensions/v1beta1"} {
		_, err = manifest.Read(strings.NewReader("apiVersion: "+api+"\nkind: Ingress\nmetadata: {name: new-shape}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n"), "t.yaml")
		var me *manifest.Error
		if !errors.As(err, &me) || !strings.Contains(me.Hint, "change its apiVersion to networking.k8s.io/v1") {
			t.Errorf("%s with a v1 backend: %v", api, err)
		}
	}
}

// BenchmarkRead50k reads 50,000 Ingresses of one stream, a few of them
// defined twice: linear in the number of Ingresses (the duplicate check is
// a map lookup).
func BenchmarkRead50k(b *testing.B) {
	var doc strings.Builder
	for i := range 50_000 {
		fmt.Fprintf(&doc, "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ing%d, namespace: ns}\nspec:\n  rules:\n  - host: h%d.example\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}\n", i%49_990, i)
	}
	text := doc.String()
	b.ResetTimer()
	for range b.N {
		set, err := manifest.Read(strings.NewReader(text), "big.yaml")
		if err != nil || len(set.Ingresses) != 50_000 {
			b.Fatalf("%v: %d Ingresses", err, len(set.Ingresses))
		}
	}
}

// TestLoadSymlinkedDirectory: a path that is a symbolic link to a
// directory is read as the directory, not as a file.
func TestLoadSymlinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	doc := "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec: {defaultBackend: {service: {name: s, port: {number: 80}}}}\n"
	if err := os.WriteFile(filepath.Join(real, "a.yaml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	set, err := manifest.Load(link)
	if err != nil || len(set.Ingresses) != 1 {
		t.Fatalf("Load(%s): %d Ingresses, %v", link, len(set.Ingresses), err)
	}
	if src, _ := set.Source(set.Ingresses[0]); src.File != filepath.Join(link, "a.yaml") {
		t.Errorf("source %q", src.File)
	}
}
