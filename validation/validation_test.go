package validation_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/validation"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"pgregory.net/rapid"
)

// wantErr is a field.Error without its origin bookkeeping: type, field,
// bad value and detail, all compared.
type wantErr struct {
	Type     field.ErrorType
	Field    string
	BadValue any
	Detail   string
}

func flat(errs field.ErrorList) []wantErr {
	out := []wantErr{}
	for _, e := range errs {
		out = append(out, wantErr{e.Type, e.Field, e.BadValue, e.Detail})
	}
	return out
}

func want(w []wantErr) []wantErr {
	if w == nil {
		return []wantErr{}
	}
	return w
}

// TestValidateIngressTable: every rule, accepted and rejected, with the
// full error (type, field, value, detail) in the server's order.
func TestValidateIngressTable(t *testing.T) {
	for _, c := range ingressCases {
		w, ok := wantIngress[c.rule]
		if !ok {
			t.Fatalf("no expectation for %q", c.rule)
		}
		ing := validIngress()
		c.mutate(ing)
		if diff := cmp.Diff(want(w), flat(validation.ValidateIngress(ing))); diff != "" {
			t.Errorf("ValidateIngress, rule %q (-want +got):\n%s", c.rule, diff)
		}
	}
}

func TestValidateIngressClassTable(t *testing.T) {
	for _, c := range classCases {
		w, ok := wantClass[c.rule]
		if !ok {
			t.Fatalf("no expectation for %q", c.rule)
		}
		cl := validClass()
		c.mutate(cl)
		before := cl.DeepCopy()
		if diff := cmp.Diff(want(w), flat(validation.ValidateIngressClass(cl))); diff != "" {
			t.Errorf("ValidateIngressClass, rule %q (-want +got):\n%s", c.rule, diff)
		}
		if diff := cmp.Diff(before, cl); diff != "" {
			t.Errorf("ValidateIngressClass changed its argument (-before +after):\n%s", diff)
		}
	}
}

func TestValidateIngressUpdate(t *testing.T) {
	rfc := "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	// An old object with an invalid TLS secret name keeps being accepted.
	old := validIngress()
	old.ResourceVersion = "1"
	old.Spec.TLS[0].SecretName = "Bad_Secret"
	upd := old.DeepCopy()
	upd.Spec.TLS[0].SecretName = "Still_Bad"
	if diff := cmp.Diff([]wantErr{}, flat(validation.ValidateIngressUpdate(upd, old))); diff != "" {
		t.Errorf("update keeping an invalid secret name (-want +got):\n%s", diff)
	}
	fresh := validIngress()
	fresh.ResourceVersion = "1"
	if diff := cmp.Diff([]wantErr{{field.ErrorTypeInvalid, "spec.tls[0].secretName", "Still_Bad", rfc}}, flat(validation.ValidateIngressUpdate(upd, fresh))); diff != "" {
		t.Errorf("update introducing an invalid secret name (-want +got):\n%s", diff)
	}
	// An old object with an invalid wildcard-host rule keeps being accepted.
	oldW := validIngress()
	oldW.ResourceVersion = "1"
	oldW.Spec.Rules[0].Host = "*.bar.com"
	pathOf(oldW).PathType = nil
	updW := oldW.DeepCopy()
	if diff := cmp.Diff([]wantErr{}, flat(validation.ValidateIngressUpdate(updW, oldW))); diff != "" {
		t.Errorf("update keeping an invalid wildcard rule (-want +got):\n%s", diff)
	}
	if got := flat(validation.ValidateIngress(updW)); len(got) != 1 || got[0].Field != "spec.rules[0].http.paths[0].pathType" {
		t.Errorf("create of the same invalid wildcard rule = %v, want the pathType error", got)
	}
	// The class annotation is checked on create only; the name is immutable.
	a := validIngress()
	a.ResourceVersion = "1"
	b := a.DeepCopy()
	b.Annotations["kubernetes.io/ingress.class"] = "other"
	b.Name = "renamed"
	if diff := cmp.Diff([]wantErr{{field.ErrorTypeInvalid, "metadata.name", "renamed", "field is immutable"}}, flat(validation.ValidateIngressUpdate(b, a))); diff != "" {
		t.Errorf("update (-want +got):\n%s", diff)
	}
}

func TestValidateIngressClassUpdate(t *testing.T) {
	old := validClass()
	old.ResourceVersion = "1"
	upd := old.DeepCopy()
	upd.Spec.Controller = "example.com/other"
	if diff := cmp.Diff([]wantErr{{field.ErrorTypeInvalid, "spec.controller", "example.com/other", "field is immutable"}}, flat(validation.ValidateIngressClassUpdate(upd, old))); diff != "" {
		t.Errorf("controller change (-want +got):\n%s", diff)
	}
	// Declarative validation does not revalidate an unchanged empty kind,
	// so its handwritten error stays in place.
	old.Spec.Parameters.Kind = ""
	upd = old.DeepCopy()
	upd.Spec.Controller = "x"
	got := flat(validation.ValidateIngressClassUpdate(upd, old))
	var fields []string
	for _, e := range got {
		fields = append(fields, e.Field)
	}
	if diff := cmp.Diff([]string{"spec.controller", "spec.controller", "spec.parameters.kind"}, fields); diff != "" {
		t.Errorf("update with an unchanged empty kind (-want +got):\n%s", diff)
	}
}

func TestNil(t *testing.T) {
	for _, errs := range []field.ErrorList{validation.ValidateIngress(nil), validation.ValidateIngressClass(nil), validation.ValidateIngressUpdate(nil, nil), validation.ValidateIngressClassUpdate(nil, validClass())} {
		if len(errs) != 1 {
			t.Errorf("nil input gave %v, want one error", errs)
		}
	}
	if validation.Strict(nil) != nil || validation.Warnings(nil) != nil {
		t.Errorf("Strict(nil) or Warnings(nil) is not nil")
	}
}

func TestWarnings(t *testing.T) {
	ing := validIngress()
	ing.Annotations["kubernetes.io/ingress.class"] = "nginx"
	if got := validation.Warnings(ing); got != nil {
		t.Errorf("Warnings with ingressClassName set = %q, want none", got)
	}
	ing.Spec.IngressClassName = nil
	want := []string{`annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`}
	if diff := cmp.Diff(want, validation.Warnings(ing)); diff != "" {
		t.Errorf("Warnings (-want +got):\n%s", diff)
	}
}

func TestDefaultIngressClass(t *testing.T) {
	c := validClass()
	d := validation.DefaultIngressClass(c)
	if c.Spec.Parameters.Scope != nil || d.Spec.Parameters.Scope == nil || *d.Spec.Parameters.Scope != "Cluster" {
		t.Errorf("DefaultIngressClass: scope %v (original %v), want Cluster on the copy only", d.Spec.Parameters.Scope, c.Spec.Parameters.Scope)
	}
}

func TestStrict(t *testing.T) {
	ing := validIngress()
	p := ing.Spec.Rules[0].HTTP.Paths
	exact := networkingv1.PathTypeExact
	specific := networkingv1.PathTypeImplementationSpecific
	p = append(p,
		networkingv1.HTTPIngressPath{Path: "/api/(v1|v2)", PathType: &exact, Backend: svc("a", 80)},
		networkingv1.HTTPIngressPath{Path: "/caf\u00e9 menu", PathType: &exact, Backend: svc("a", 80)},
		networkingv1.HTTPIngressPath{Path: "/ok-path_1.2~x", PathType: &exact, Backend: svc("a", 80)},
		networkingv1.HTTPIngressPath{Path: "/re(.*)", PathType: &specific, Backend: svc("a", 80)},
	)
	ing.Spec.Rules[0].HTTP.Paths = p
	ing.Spec.Rules = append(ing.Spec.Rules, networkingv1.IngressRule{Host: "other.com"}, networkingv1.IngressRule{Host: "a.wild.com"})
	ing.Spec.TLS = append(ing.Spec.TLS, networkingv1.IngressTLS{Hosts: []string{"*.wild.com", "unused.com"}})
	var got []string
	for _, d := range validation.Strict(ing) {
		if d.Severity != ingress.Warning || d.Object != ing {
			t.Errorf("Strict: %v has severity %v and object %v, want a warning about the Ingress", d, d.Severity, d.Object)
		}
		got = append(got, string(d.Kind)+" "+d.String())
	}
	want := []string{
		`RegexLikePath default/web: spec.rules[0].http.paths[1].path: "/api/(v1|v2)" looks like a regular expression, but a Exact path matches it literally; fix: use pathType ImplementationSpecific with a controller that reads it as a regular expression (ingress-nginx: annotation nginx.ingress.kubernetes.io/use-regex: "true"), or write the literal path`,
		`NonStrictPathCharacters default/web: spec.rules[0].http.paths[2].path: "/café menu" has characters outside [A-Za-z0-9/._~-], which ingress-nginx rejects for Exact paths (strict-validate-path-type); fix: remove or percent-encode those characters, or use pathType ImplementationSpecific`,
		`UnservedTLSHost default/web: spec.tls[1].hosts[1]: TLS host "unused.com": no rule of this Ingress serves it; its certificate is never used for routing by this Ingress; fix: add a rule with host "unused.com", or remove the host from spec.tls[1].hosts`,
		`UncoveredRuleHost default/web: spec.rules[1].host: rule host "other.com": the Ingress has TLS, but none of its TLS hosts covers it; fix: add "other.com" to the hosts of a spec.tls entry whose certificate covers it`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Strict (-want +got):\n%s", diff)
	}
	if f := validation.Strict(validIngress()); len(f) != 0 {
		t.Errorf("Strict(valid) = %v, want none", f)
	}
}

func TestKubectlMessage(t *testing.T) {
	one := field.ErrorList{field.Required(field.NewPath("spec", "rules").Index(0).Child("http", "paths").Index(0).Child("pathType"), "pathType must be specified")}
	if got, want := validation.KubectlMessage("Ingress", "web", one), `The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified`; got != want {
		t.Errorf("KubectlMessage(1 error) =\n%s\nwant\n%s", got, want)
	}
	two := append(one, field.Invalid(field.NewPath("spec", "ingressClassName"), "X", "bad"))
	want := "The Ingress \"web\" is invalid: \n* spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n* spec.ingressClassName: Invalid value: \"X\": bad"
	if got := validation.KubectlMessage("Ingress", "web", two); got != want {
		t.Errorf("KubectlMessage(2 errors) =\n%s\nwant\n%s", got, want)
	}
	if validation.KubectlMessage("Ingress", "web", nil) != "" {
		t.Errorf("KubectlMessage(no errors) is not empty")
	}
}

// TestPropertyHarmlessChanges: a valid Ingress stays valid when a backend
// is renamed to another valid name and its paths are reordered.
func TestPropertyHarmlessChanges(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ing := validIngress()
		prefix := networkingv1.PathTypePrefix
		for i := range rapid.IntRange(0, 5).Draw(t, "paths") {
			ing.Spec.Rules[0].HTTP.Paths = append(ing.Spec.Rules[0].HTTP.Paths, networkingv1.HTTPIngressPath{
				Path: "/" + rapid.StringMatching(`[a-z0-9]{1,8}(/[a-z0-9]{1,8}){0,2}`).Draw(t, "path"), PathType: &prefix, Backend: svc(fmt.Sprintf("s%d", i), 80)})
		}
		if errs := validation.ValidateIngress(ing); len(errs) != 0 {
			t.Fatalf("generated Ingress is invalid: %v", errs)
		}
		paths := ing.Spec.Rules[0].HTTP.Paths
		i := rapid.IntRange(0, len(paths)-1).Draw(t, "rename")
		paths[i].Backend.Service.Name = rapid.StringMatching(`[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?`).Draw(t, "name")
		perm := rapid.Permutation(paths).Draw(t, "order")
		ing.Spec.Rules[0].HTTP.Paths = perm
		if errs := validation.ValidateIngress(ing); len(errs) != 0 {
			t.Fatalf("after a harmless change: %v", errs)
		}
	})
}

// FuzzValidate: no object decoded from any JSON makes a function panic.
func FuzzValidate(f *testing.F) {
	seed, _ := json.Marshal(validIngress())
	f.Add(string(seed))
	f.Add(`{"metadata":{"name":"x","finalizers":["a"],"annotations":{"kubernetes.io/ingress.class":"y"}},"spec":{"ingressClassName":"z","rules":[{"host":"*.","http":{"paths":[{}]}}],"tls":[{"hosts":["10.0.0.1"]}]}}`)
	class, _ := json.Marshal(validClass())
	f.Add(string(class))
	f.Fuzz(func(t *testing.T, in string) {
		var ing networkingv1.Ingress
		if json.Unmarshal([]byte(in), &ing) == nil {
			validation.ValidateIngress(&ing)
			validation.ValidateIngressUpdate(&ing, &ing)
			validation.Strict(&ing)
			validation.Warnings(&ing)
		}
		var c networkingv1.IngressClass
		if json.Unmarshal([]byte(in), &c) == nil {
			errs := validation.ValidateIngressClass(&c)
			validation.ValidateIngressClassUpdate(&c, &c)
			_ = validation.KubectlMessage("IngressClass", c.Name, errs)
			if strings.Contains(validation.KubectlMessage("IngressClass", c.Name, errs), "%!") {
				t.Fatalf("bad format")
			}
		}
	})
}
