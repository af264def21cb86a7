package classresolve_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/classresolve"
	"github.com/ingresslib/ingress/manifest"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func class(name, controller string, at time.Duration, isDefault string) *networkingv1.IngressClass {
	c := &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(t0.Add(at))},
		Spec:       networkingv1.IngressClassSpec{Controller: controller},
	}
	if isDefault != "" {
		c.Annotations = map[string]string{classresolve.DefaultAnnotation: isDefault}
	}
	return c
}

func ingress(name string, field *string, annotation string) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: name}}
	ing.Spec.IngressClassName = field
	if annotation != "" {
		ing.Annotations = map[string]string{classresolve.ClassAnnotation: annotation}
	}
	return ing
}

func ptr(s string) *string { return &s }

func names(cs []*networkingv1.IngressClass) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// TestDefaultClass follows the DefaultIngressClass admission plugin of
// Kubernetes 1.37 (plugin/pkg/admission/network/defaultingressclass).
func TestDefaultClass(t *testing.T) {
	tests := []struct {
		rule    string
		classes []*networkingv1.IngressClass
		want    string // "" for nil
	}{
		{"no classes", nil, ""},
		{"none marked", []*networkingv1.IngressClass{class("a", "x/y", 0, "")}, ""},
		{"exactly \"true\"", []*networkingv1.IngressClass{class("a", "x/y", 0, "True"), class("b", "x/y", 0, "yes"), class("c", "x/y", 0, "1")}, ""},
		{"one marked", []*networkingv1.IngressClass{class("a", "x/y", 0, ""), class("b", "x/y", 0, "true")}, "b"},
		{"several: the newest", []*networkingv1.IngressClass{class("old", "x/y", 0, "true"), class("new", "x/y", time.Hour, "true")}, "new"},
		{"several: nanoseconds count", []*networkingv1.IngressClass{class("a", "x/y", time.Nanosecond, "true"), class("b", "x/y", 0, "true")}, "a"},
		{"several, same time: name ascending", []*networkingv1.IngressClass{class("zeta", "x/y", 0, "true"), class("alpha", "x/y", 0, "true")}, "alpha"},
		{"nil entries skipped", []*networkingv1.IngressClass{nil, class("a", "x/y", 0, "true")}, "a"},
	}
	for _, tt := range tests {
		got := ""
		if c := classresolve.DefaultClass(tt.classes); c != nil {
			got = c.Name
		}
		if got != tt.want {
			t.Errorf("%s: DefaultClass = %q, want %q", tt.rule, got, tt.want)
		}
	}
}

// TestDocsClasses: the IngressClass examples of the concept page; its
// nginx-example is the default.
func TestDocsClasses(t *testing.T) {
	set, err := manifest.Load("../testdata/docs/current/ingressclasses.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c := classresolve.DefaultClass(set.IngressClasses); c == nil || c.Name != "nginx-example" {
		t.Errorf("DefaultClass(docs) = %v, want nginx-example", c)
	}
	r := classresolve.New("k8s.io/ingress-nginx", set.IngressClasses)
	min, err := manifest.Load("../testdata/docs/current/minimal-ingress.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Decide(min.Ingresses[0]); !d.Owned {
		t.Errorf("minimal-ingress (class nginx-example) not owned by k8s.io/ingress-nginx: %s", d.Reason)
	}
}

func TestClassOf(t *testing.T) {
	tests := []struct {
		ing             *networkingv1.Ingress
		annotationFirst bool
		want            string
		src             classresolve.Source
	}{
		{ingress("f", ptr("nginx"), ""), false, "nginx", classresolve.Field},
		{ingress("a", nil, "traefik"), false, "traefik", classresolve.Annotation},
		{ingress("both", ptr("nginx"), "traefik"), false, "nginx", classresolve.Field},
		{ingress("both", ptr("nginx"), "traefik"), true, "traefik", classresolve.Annotation},
		{ingress("field only, annotation first", ptr("nginx"), ""), true, "nginx", classresolve.Field},
		{ingress("none", nil, ""), false, "", classresolve.None},
		{nil, false, "", classresolve.None},
	}
	for _, tt := range tests {
		got, src := classresolve.ClassOf(tt.ing, tt.annotationFirst)
		if got != tt.want || src != tt.src {
			t.Errorf("ClassOf(%v, %v) = %q, %v; want %q, %v", tt.ing, tt.annotationFirst, got, src, tt.want, tt.src)
		}
	}
}

func TestDecide(t *testing.T) {
	classes := []*networkingv1.IngressClass{
		class("nginx", "k8s.io/ingress-nginx", 0, "true"),
		class("traefik", "traefik.io/ingress-controller", 0, ""),
	}
	ings := []*networkingv1.Ingress{
		ingress("by-field", ptr("nginx"), ""),
		ingress("by-annotation", nil, "nginx"),
		ingress("other", ptr("traefik"), ""),
		ingress("unknown", ptr("haproxy"), ""),
		ingress("classless", nil, ""),
		ingress("both", ptr("traefik"), "nginx"),
	}
	type row struct {
		Name   string
		Owned  bool
		Reason string
	}
	decide := func(r *classresolve.Resolver) []row {
		var out []row
		for _, ing := range ings {
			d := r.Decide(ing)
			out = append(out, row{ing.Name, d.Owned, d.Reason})
		}
		return out
	}
	want := []row{
		{"by-field", true, `class "nginx" (from spec.ingressClassName) is this controller's`},
		{"by-annotation", true, `class "nginx" (from annotation kubernetes.io/ingress.class) is this controller's`},
		{"other", false, `class "traefik" (from spec.ingressClassName) belongs to controller "traefik.io/ingress-controller"`},
		{"unknown", false, `class "haproxy" (from spec.ingressClassName) names no IngressClass`},
		{"classless", false, "names no class (neither spec.ingressClassName nor the kubernetes.io/ingress.class annotation)"},
		{"both", false, `class "traefik" (from spec.ingressClassName) belongs to controller "traefik.io/ingress-controller"`},
	}
	if diff := cmp.Diff(want, decide(classresolve.New("k8s.io/ingress-nginx", classes))); diff != "" {
		t.Errorf("Decide (-want +got):\n%s", diff)
	}
	got := decide(classresolve.New("k8s.io/ingress-nginx", classes, classresolve.WithClassless(), classresolve.AnnotationFirst()))
	if !got[4].Owned || got[4].Reason != "names no class, and classless Ingresses are owned (WithClassless)" || !got[5].Owned {
		t.Errorf("WithClassless, AnnotationFirst: %+v", got)
	}
	got = decide(classresolve.New("k8s.io/ingress-nginx", classes, classresolve.AssumeDefaultClass()))
	if !got[4].Owned || got[4].Reason != `names no class; the default class "nginx" would be assigned and is this controller's` {
		t.Errorf("AssumeDefaultClass: %+v", got[4])
	}
	got = decide(classresolve.New("traefik.io/ingress-controller", classes, classresolve.AssumeDefaultClass()))
	if got[4].Owned {
		t.Errorf("AssumeDefaultClass for another controller owns the classless Ingress")
	}
	r := classresolve.New("k8s.io/ingress-nginx", classes)
	owned, skipped := r.Filter(append(ings, nil))
	if len(owned) != 2 || owned[0].Name != "by-field" || owned[1].Name != "by-annotation" || len(skipped) != 5 || skipped[4].Reason != "nil Ingress" {
		t.Errorf("Filter = %d owned, %d skipped (%+v)", len(owned), len(skipped), skipped)
	}
	if !r.Owns(ings[0]) || r.Owns(ings[2]) {
		t.Errorf("Owns disagrees with Decide")
	}
}

func TestSeveralDefaults(t *testing.T) {
	classes := []*networkingv1.IngressClass{class("a", "x/a", 0, "true"), class("b", "x/b", time.Second, "true")}
	r := classresolve.New("x/a", classes)
	if c, err := r.Default(); err != nil || c.Name != "b" {
		t.Errorf("Default() = %v, %v; want b", c, err)
	}
	msg := `2 IngressClasses are marked as default (b, a): the newest, "b", is assigned to Ingresses created without a class; mark at most one`
	want := []string{
		"SeveralDefaultClasses Warning b: metadata.annotations[ingressclass.kubernetes.io/is-default-class]: " + msg + " (related: )",
		"SeveralDefaultClasses Warning a: metadata.annotations[ingressclass.kubernetes.io/is-default-class]: " + msg + " (related: b)",
	}
	if diff := cmp.Diff(want, flat(r.Diagnostics())); diff != "" {
		t.Errorf("Diagnostics (-want +got):\n%s", diff)
	}
	refuse := classresolve.New("x/a", classes, classresolve.RefuseSeveralDefaults(), classresolve.AssumeDefaultClass())
	if _, err := refuse.Default(); !errors.Is(err, classresolve.ErrSeveralDefaults) {
		t.Errorf("RefuseSeveralDefaults: Default() error = %v", err)
	}
	if refuse.Owns(ingress("classless", nil, "")) {
		t.Errorf("RefuseSeveralDefaults with AssumeDefaultClass owns a classless Ingress")
	}
	dup := classresolve.New("x/a", []*networkingv1.IngressClass{class("a", "x/a", 0, ""), class("a", "x/b", 0, "")})
	wantDup := []string{`DuplicateClass Warning a: metadata.name: IngressClass "a" is given twice; the first (controller "x/a") is used (related: a)`}
	if diff := cmp.Diff(wantDup, flat(dup.Diagnostics())); diff != "" {
		t.Errorf("duplicate class: Diagnostics (-want +got):\n%s", diff)
	}
	if d := dup.Diagnostics(); len(d) == 1 && (d[0].Object == d[0].Related || d[0].Object.(*networkingv1.IngressClass).Spec.Controller != "x/b") {
		t.Errorf("duplicate class: the diagnostic is not about the second class, related to the first: %+v", d[0])
	}
}

// flat renders diagnostics as "Kind Severity object: field: message
// (related: object)".
func flat(ds []ingresslib.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %s %s (related: %s)", d.Kind, d.Severity, d, ingresslib.ObjectName(d.Related)))
	}
	return out
}

func TestParametersOf(t *testing.T) {
	set, err := manifest.Load("../testdata/docs/current/ingressclasses.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range set.IngressClasses {
		p, ok, err := classresolve.ParametersOf(c)
		got = append(got, map[bool]string{true: p.String(), false: "none"}[ok]+map[bool]string{true: " err", false: ""}[err != nil])
	}
	want := []string{
		"IngressParameters.k8s.example.com external-lb",
		"ClusterIngressParameter.k8s.example.net external-config-1",
		"IngressParameter.k8s.example.com external-configuration/external-config",
		"none",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParametersOf(docs) (-want +got):\n%s", diff)
	}
	bad := []struct {
		ref  networkingv1.IngressClassParametersReference
		want string
	}{
		{networkingv1.IngressClassParametersReference{Kind: "K"}, `IngressClass "c": spec.parameters: kind and name are required`},
		{networkingv1.IngressClassParametersReference{Kind: "K", Name: "n", Scope: ptr("Namespace")}, `IngressClass "c": spec.parameters.namespace: required with scope Namespace`},
		{networkingv1.IngressClassParametersReference{Kind: "K", Name: "n", Namespace: ptr("ns")}, `IngressClass "c": spec.parameters.namespace: forbidden with scope Cluster`},
		{networkingv1.IngressClassParametersReference{Kind: "K", Name: "n", Scope: ptr("Global")}, `IngressClass "c": spec.parameters.scope: "Global", want Cluster or Namespace`},
	}
	for _, b := range bad {
		c := class("c", "x/y", 0, "")
		c.Spec.Parameters = &b.ref
		if _, _, err := classresolve.ParametersOf(c); err == nil || err.Error() != b.want {
			t.Errorf("ParametersOf(%+v) error = %v, want %s", b.ref, err, b.want)
		}
	}
}

// slowDefault is the reference twin of DefaultClass, from the admission
// plugin's rule: among the non-nil classes whose annotation is exactly
// "true", the newest by creationTimestamp in nanoseconds, ties by name, then
// the first given.
func slowDefault(classes []*networkingv1.IngressClass) *networkingv1.IngressClass {
	var best *networkingv1.IngressClass
	for _, c := range classes {
		if c == nil || c.Annotations["ingressclass.kubernetes.io/is-default-class"] != "true" {
			continue
		}
		if best == nil {
			best = c
			continue
		}
		tc, tb := c.CreationTimestamp.UnixNano(), best.CreationTimestamp.UnixNano()
		if tc > tb || tc == tb && c.Name < best.Name {
			best = c
		}
	}
	return best
}

// slowOwned is the reference twin of Resolver.Owns with AssumeDefaultClass
// and no other option: the class from spec.ingressClassName, else from the
// annotation, else the default class; owned when the first IngressClass of
// that name has the controller.
func slowOwned(controller string, classes []*networkingv1.IngressClass, ing *networkingv1.Ingress) bool {
	var class *networkingv1.IngressClass
	name, named := ing.Annotations["kubernetes.io/ingress.class"]
	if ing.Spec.IngressClassName != nil {
		name, named = *ing.Spec.IngressClassName, true
	}
	if !named {
		class = slowDefault(classes)
	} else {
		for _, c := range classes {
			if c != nil && c.Name == name {
				class = c
				break
			}
		}
	}
	return class != nil && class.Spec.Controller == controller
}

// FuzzResolve: no IngressClasses or Ingress decoded from JSON make the
// package panic, and DefaultClass and Owns agree with their reference twins.
func FuzzResolve(f *testing.F) {
	f.Add(`[{"metadata":{"name":"a","annotations":{"ingressclass.kubernetes.io/is-default-class":"true"}},"spec":{"controller":"x/y","parameters":{"kind":"K","name":"n","scope":"Namespace"}}},null]`,
		`{"metadata":{"annotations":{"kubernetes.io/ingress.class":"a"}}}`)
	f.Add(`[{"metadata":{"name":"b","creationTimestamp":"2026-01-01T00:00:00Z","annotations":{"ingressclass.kubernetes.io/is-default-class":"true"}},"spec":{"controller":"x/y"}},`+
		`{"metadata":{"name":"a","creationTimestamp":"2026-01-01T00:00:00Z","annotations":{"ingressclass.kubernetes.io/is-default-class":"true"}},"spec":{"controller":"o/p"}},`+
		`{"metadata":{"name":"c","annotations":{"ingressclass.kubernetes.io/is-default-class":"True"}},"spec":{"controller":"x/y"}}]`, `{}`)
	f.Add(`[{"metadata":{"name":"a"},"spec":{"controller":"o/p"}},{"metadata":{"name":"a"},"spec":{"controller":"x/y"}}]`, `{"spec":{"ingressClassName":"a"}}`)
	f.Fuzz(func(t *testing.T, classesJSON, ingJSON string) {
		var classes []*networkingv1.IngressClass
		var ing networkingv1.Ingress
		if json.Unmarshal([]byte(classesJSON), &classes) != nil || json.Unmarshal([]byte(ingJSON), &ing) != nil {
			return
		}
		if got, want := classresolve.DefaultClass(classes), slowDefault(classes); got != want {
			t.Fatalf("DefaultClass = %v, reference twin says %v", got, want)
		}
		for _, c := range classes {
			classresolve.ParametersOf(c)
		}
		r := classresolve.New("x/y", classes, classresolve.AssumeDefaultClass())
		if got, want := r.Owns(&ing), slowOwned("x/y", classes, &ing); got != want {
			t.Fatalf("Owns = %v, reference twin says %v (%s)", got, want, r.Decide(&ing).Reason)
		}
	})
}
