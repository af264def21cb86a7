package classresolve

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	networkingv1 "k8s.io/api/networking/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// The annotations this package reads.
const (
	// ClassAnnotation is the deprecated annotation naming an Ingress's class.
	ClassAnnotation = networkingv1beta1.AnnotationIngressClass
	// DefaultAnnotation marks an IngressClass as the default when its value
	// is exactly "true".
	DefaultAnnotation = networkingv1.AnnotationIsDefaultIngressClass
)

// Source says where the class of an Ingress came from.
type Source uint8

const (
	// None: neither the field nor the annotation is set.
	None Source = iota
	// Field: spec.ingressClassName.
	Field
	// Annotation: the kubernetes.io/ingress.class annotation.
	Annotation
)

// String returns "none", "spec.ingressClassName" or the annotation's name.
func (s Source) String() string {
	switch s {
	case Field:
		return "spec.ingressClassName"
	case Annotation:
		return "annotation " + ClassAnnotation
	}
	return "none"
}

// ClassOf returns the class name an Ingress asks for and where it came
// from: spec.ingressClassName, else the annotation, or, with annotationFirst,
// the annotation before the field. An empty field or annotation value counts
// as set (and names no class).
func ClassOf(ing *networkingv1.Ingress, annotationFirst bool) (string, Source) {
	if ing == nil {
		return "", None
	}
	ann, hasAnn := ing.Annotations[ClassAnnotation]
	if annotationFirst && hasAnn {
		return ann, Annotation
	}
	if ing.Spec.IngressClassName != nil {
		return *ing.Spec.IngressClassName, Field
	}
	if hasAnn {
		return ann, Annotation
	}
	return "", None
}

// IsDefault reports whether an IngressClass is marked as the default: its
// ingressclass.kubernetes.io/is-default-class annotation is exactly "true".
func IsDefault(c *networkingv1.IngressClass) bool {
	return c != nil && c.Annotations[DefaultAnnotation] == "true"
}

// Defaults returns the IngressClasses marked as default in the order the
// admission plugin ranks them: newest creationTimestamp first (nanoseconds),
// then name ascending. Nil entries are skipped.
func Defaults(classes []*networkingv1.IngressClass) []*networkingv1.IngressClass {
	var out []*networkingv1.IngressClass
	for _, c := range classes {
		if IsDefault(c) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b *networkingv1.IngressClass) int {
		ta, tb := a.CreationTimestamp.UnixNano(), b.CreationTimestamp.UnixNano()
		switch {
		case ta > tb:
			return -1
		case ta < tb:
			return +1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// DefaultClass returns the IngressClass the API server's DefaultIngressClass
// admission plugin assigns to an Ingress created without a class: the
// newest of those marked default, ties by name; nil when none is marked.
func DefaultClass(classes []*networkingv1.IngressClass) *networkingv1.IngressClass {
	if d := Defaults(classes); len(d) > 0 {
		return d[0]
	}
	return nil
}

// ErrSeveralDefaults is returned by [Resolver.Default] with
// [RefuseSeveralDefaults] when more than one class is marked default.
var ErrSeveralDefaults = errors.New("several IngressClasses are marked as default")

// Option changes a Resolver's reading of the silent points.
type Option func(*options)

type options struct {
	annotationFirst bool
	refuse          bool
	classless       bool
	assumeDefault   bool
}

// AnnotationFirst reads the kubernetes.io/ingress.class annotation before
// spec.ingressClassName (Contour and Istio do).
func AnnotationFirst() Option { return func(o *options) { o.annotationFirst = true } }

// RefuseSeveralDefaults makes [Resolver.Default] fail when several classes
// are marked default, as the admission plugin did before Kubernetes 1.25.
func RefuseSeveralDefaults() Option { return func(o *options) { o.refuse = true } }

// WithClassless makes the controller own Ingresses that name no class
// (ingress-nginx's --watch-ingress-without-class).
func WithClassless() Option { return func(o *options) { o.classless = true } }

// AssumeDefaultClass gives a classless Ingress the default class, as the
// admission plugin would on creation: for manifests not yet applied.
func AssumeDefaultClass() Option { return func(o *options) { o.assumeDefault = true } }

// Resolver decides which Ingresses a controller owns, given the cluster's
// IngressClasses. It is immutable and safe for concurrent use.
type Resolver struct {
	controller string
	opts       options
	byName     map[string]*networkingv1.IngressClass
	defaults   []*networkingv1.IngressClass
	diags      []ingress.Diagnostic
}

// New returns a Resolver for the controller named controller (the value of
// spec.controller it implements, such as "k8s.io/ingress-nginx").
func New(controller string, classes []*networkingv1.IngressClass, opts ...Option) *Resolver {
	r := &Resolver{controller: controller, byName: map[string]*networkingv1.IngressClass{}}
	for _, o := range opts {
		if o != nil {
			o(&r.opts)
		}
	}
	for _, c := range classes {
		if c == nil {
			continue
		}
		if prev, dup := r.byName[c.Name]; dup {
			r.diags = append(r.diags, ingress.Diagnostic{Kind: DuplicateClass, Severity: ingress.Warning, Object: c, Field: "metadata.name",
				Message: fmt.Sprintf("IngressClass %q is given twice; the first (controller %q) is used", c.Name, prev.Spec.Controller),
				Related: prev, RelatedField: "metadata.name"})
			continue
		}
		r.byName[c.Name] = c
	}
	r.defaults = Defaults(classes)
	if n := len(r.defaults); n > 1 {
		names := make([]string, n)
		for i, c := range r.defaults {
			names[i] = c.Name
		}
		what := fmt.Sprintf("the newest, %q, is assigned to Ingresses created without a class", names[0])
		if r.opts.refuse {
			what = "creating an Ingress without a class is refused"
		}
		msg := fmt.Sprintf("%d IngressClasses are marked as default (%s): %s; mark at most one", n, strings.Join(names, ", "), what)
		for i, c := range r.defaults {
			d := ingress.Diagnostic{Kind: SeveralDefaultClasses, Severity: ingress.Warning, Object: c, Field: defaultField, Message: msg}
			if i > 0 {
				d.Related, d.RelatedField = r.defaults[0], defaultField
			}
			r.diags = append(r.diags, d)
		}
	}
	return r
}

// Default returns the default class (nil when none), or ErrSeveralDefaults
// with RefuseSeveralDefaults when more than one is marked.
func (r *Resolver) Default() (*networkingv1.IngressClass, error) {
	switch {
	case len(r.defaults) == 0:
		return nil, nil
	case len(r.defaults) > 1 && r.opts.refuse:
		return nil, ErrSeveralDefaults
	}
	return r.defaults[0], nil
}

// The kinds of [ingress.Diagnostic] a Resolver reports; both are warnings,
// about an IngressClass (Object).
const (
	// SeveralDefaultClasses: more than one IngressClass is marked default;
	// one diagnostic per such class, Related naming the one assigned (the
	// newest) on the others.
	SeveralDefaultClasses ingress.Kind = "SeveralDefaultClasses"
	// DuplicateClass: an IngressClass name given twice; Related is the first,
	// which is used.
	DuplicateClass ingress.Kind = "DuplicateClass"
)

const defaultField = "metadata.annotations[" + DefaultAnnotation + "]"

// Diagnostics returns what is wrong with the IngressClasses: several
// defaults, a name given twice.
func (r *Resolver) Diagnostics() []ingress.Diagnostic { return slices.Clone(r.diags) }

// Decision is the answer for one Ingress.
type Decision struct {
	Ingress *networkingv1.Ingress
	Owned   bool
	// Class is the class name the Ingress asks for (or the default class
	// assumed), Source where it came from.
	Class  string
	Source Source
	// Reason says why the Ingress is owned or not, for a person.
	Reason string
}

// Decide says whether the controller owns an Ingress, and why.
func (r *Resolver) Decide(ing *networkingv1.Ingress) Decision {
	d := Decision{Ingress: ing}
	if ing == nil {
		d.Reason = "nil Ingress"
		return d
	}
	d.Class, d.Source = ClassOf(ing, r.opts.annotationFirst)
	if d.Source == None {
		switch def, err := r.Default(); {
		case r.opts.classless:
			d.Owned, d.Reason = true, "names no class, and classless Ingresses are owned (WithClassless)"
			return d
		case r.opts.assumeDefault && err == nil && def != nil:
			d.Class = def.Name
			if def.Spec.Controller == r.controller {
				d.Owned, d.Reason = true, fmt.Sprintf("names no class; the default class %q would be assigned and is this controller's", def.Name)
			} else {
				d.Reason = fmt.Sprintf("names no class; the default class %q would be assigned and belongs to controller %q", def.Name, def.Spec.Controller)
			}
			return d
		}
		d.Reason = "names no class (neither spec.ingressClassName nor the " + ClassAnnotation + " annotation)"
		return d
	}
	c, ok := r.byName[d.Class]
	switch {
	case !ok:
		d.Reason = fmt.Sprintf("class %q (from %s) names no IngressClass", d.Class, d.Source)
	case c.Spec.Controller != r.controller:
		d.Reason = fmt.Sprintf("class %q (from %s) belongs to controller %q", d.Class, d.Source, c.Spec.Controller)
	default:
		d.Owned, d.Reason = true, fmt.Sprintf("class %q (from %s) is this controller's", d.Class, d.Source)
	}
	return d
}

// Owns reports whether the controller owns an Ingress.
func (r *Resolver) Owns(ing *networkingv1.Ingress) bool { return r.Decide(ing).Owned }

// Filter returns the Ingresses the controller owns, in their order, and a
// Decision with its reason for each one it does not own.
func (r *Resolver) Filter(ingresses []*networkingv1.Ingress) (owned []*networkingv1.Ingress, skipped []Decision) {
	for _, ing := range ingresses {
		if d := r.Decide(ing); d.Owned {
			owned = append(owned, ing)
		} else {
			skipped = append(skipped, d)
		}
	}
	return owned, skipped
}

// Parameters is where an IngressClass's parameters live.
type Parameters struct {
	// APIGroup is "" for the core group.
	APIGroup, Kind, Name string
	// Scope is "Cluster" or "Namespace"; Namespace is set only for
	// Namespace scope.
	Scope, Namespace string
}

// GroupKind returns the parameters' group and kind.
func (p Parameters) GroupKind() schema.GroupKind {
	return schema.GroupKind{Group: p.APIGroup, Kind: p.Kind}
}

// String returns "Kind.group namespace/name" or "Kind.group name".
func (p Parameters) String() string {
	if p.Scope == networkingv1.IngressClassParametersReferenceScopeNamespace {
		return p.GroupKind().String() + " " + p.Namespace + "/" + p.Name
	}
	return p.GroupKind().String() + " " + p.Name
}

// ParametersOf resolves spec.parameters of an IngressClass. ok is false
// when the class has none. The scope defaults to Cluster. An error names
// the field when the reference cannot be fetched: no kind or name, an
// unknown scope, Namespace scope without a namespace, Cluster scope with
// one.
func ParametersOf(c *networkingv1.IngressClass) (p Parameters, ok bool, err error) {
	if c == nil || c.Spec.Parameters == nil {
		return Parameters{}, false, nil
	}
	ref := c.Spec.Parameters
	p = Parameters{Kind: ref.Kind, Name: ref.Name, Scope: networkingv1.IngressClassParametersReferenceScopeCluster}
	if ref.APIGroup != nil {
		p.APIGroup = *ref.APIGroup
	}
	if ref.Scope != nil {
		p.Scope = *ref.Scope
	}
	where := fmt.Sprintf("IngressClass %q: spec.parameters", c.Name)
	switch {
	case p.Kind == "" || p.Name == "":
		return p, true, fmt.Errorf("%s: kind and name are required", where)
	case p.Scope == networkingv1.IngressClassParametersReferenceScopeNamespace:
		if ref.Namespace == nil || *ref.Namespace == "" {
			return p, true, fmt.Errorf("%s.namespace: required with scope Namespace", where)
		}
		p.Namespace = *ref.Namespace
	case p.Scope == networkingv1.IngressClassParametersReferenceScopeCluster:
		if ref.Namespace != nil {
			return p, true, fmt.Errorf("%s.namespace: forbidden with scope Cluster", where)
		}
	default:
		return p, true, fmt.Errorf("%s.scope: %q, want Cluster or Namespace", where, p.Scope)
	}
	return p, true, nil
}
