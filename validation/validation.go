package validation

import (
	"fmt"
	"net"
	"strings"

	"github.com/ingresslib/ingress/internal/dnsname"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	// ClassAnnotation is the deprecated annotation that named an Ingress's
	// class before spec.ingressClassName.
	ClassAnnotation              = "kubernetes.io/ingress.class"
	maxLenIngressClassController = 250
)

// The values the API server lists in a NotSupported error, sorted.
var (
	supportedPathTypes = []string{string(networkingv1.PathTypeExact), string(networkingv1.PathTypeImplementationSpecific), string(networkingv1.PathTypePrefix)}
	supportedScopes    = []string{networkingv1.IngressClassParametersReferenceScopeCluster, networkingv1.IngressClassParametersReferenceScopeNamespace}
)

// options are the API server's IngressValidationOptions: the relaxations
// an update grants to data an old object already had.
type options struct {
	allowInvalidSecretName       bool
	allowInvalidWildcardHostRule bool
}

// ValidateIngress returns what the Kubernetes 1.37 API server answers when
// the Ingress is created: the same errors, in the same order, with the same
// types, field paths and details. An empty metadata.namespace is accepted,
// as the server fills it in from the request; a metadata.generateName
// without a name is validated as the server validates the name it generates.
// Nil is valid input and yields a single error.
func ValidateIngress(ing *networkingv1.Ingress) field.ErrorList {
	if ing == nil {
		return field.ErrorList{field.Required(field.NewPath("metadata"), "nil Ingress")}
	}
	allErrs := validateIngress(ing, options{})
	if val, ok := ing.Annotations[ClassAnnotation]; ok && ing.Spec.IngressClassName != nil && val != *ing.Spec.IngressClassName {
		allErrs = append(allErrs, field.Invalid(field.NewPath("annotations").Child(ClassAnnotation), val, "must match `ingressClassName` when both are specified"))
	}
	return allErrs
}

// ValidateIngressUpdate returns what the API server answers when old is
// updated to ing: metadata update rules, then the create rules with two
// relaxations for data old already had — TLS secret names are not checked
// when one of old's is invalid, and the rule values (paths, backends) of
// wildcard-host rules are not checked when one of old's wildcard rules is
// invalid. The class-annotation check applies only on create.
func ValidateIngressUpdate(ing, old *networkingv1.Ingress) field.ErrorList {
	if ing == nil || old == nil {
		return field.ErrorList{field.Required(field.NewPath("metadata"), "nil Ingress")}
	}
	allErrs := validateObjectMetaUpdate(&ing.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, finalizers(&ing.ObjectMeta, field.NewPath("metadata"))...)
	opts := options{allowInvalidSecretName: hasInvalidSecretName(old), allowInvalidWildcardHostRule: hasInvalidWildcardRule(old)}
	return append(allErrs, validateIngress(ing, opts)...)
}

// Warnings returns the warnings the API server sends with a created
// Ingress: the deprecated class annotation without spec.ingressClassName.
func Warnings(ing *networkingv1.Ingress) []string {
	if ing == nil {
		return nil
	}
	if _, ok := ing.Annotations[ClassAnnotation]; ok && ing.Spec.IngressClassName == nil {
		return []string{fmt.Sprintf("annotation %q is deprecated, please use 'spec.ingressClassName' instead", ClassAnnotation)}
	}
	return nil
}

func validateIngress(ing *networkingv1.Ingress, opts options) field.ErrorList {
	allErrs := objectMeta(&ing.ObjectMeta, true, field.NewPath("metadata"))
	return append(allErrs, validateIngressSpec(&ing.Spec, field.NewPath("spec"), opts)...)
}

// objectMeta is the API server's ValidateObjectMeta after what it does
// before validating: a namespace taken from the request and a name
// generated from generateName.
func objectMeta(meta *metav1.ObjectMeta, namespaced bool, fldPath *field.Path) field.ErrorList {
	m := *meta
	switch {
	case namespaced && m.Namespace == "":
		m.Namespace = "default"
	case !namespaced:
		m.Namespace = "" // the server clears it on cluster-scoped objects
	}
	if m.Name == "" && m.GenerateName != "" {
		m.Name = generatedName(m.GenerateName)
	}
	allErrs := validateObjectMeta(&m, namespaced, fldPath)
	return append(allErrs, finalizers(&m, fldPath)...)
}

// generatedName is the shape of the name the API server's name generator
// makes: the prefix cut to 58 bytes, then five random characters.
func generatedName(prefix string) string {
	if len(prefix) > 58 {
		prefix = prefix[:58]
	}
	return prefix + "x2b4z"
}

// finalizers is the core API's extra finalizer rule: a name without '/' must
// be a standard finalizer.
func finalizers(meta *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, f := range meta.Finalizers {
		if !strings.Contains(f, "/") && f != "kubernetes" && f != metav1.FinalizerOrphanDependents && f != metav1.FinalizerDeleteDependents {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("finalizers").Index(i), f, "name is neither a standard finalizer name nor is it fully qualified"))
		}
	}
	return allErrs
}

func validateIngressSpec(spec *networkingv1.IngressSpec, fldPath *field.Path, opts options) field.ErrorList {
	allErrs := field.ErrorList{}
	if len(spec.Rules) == 0 && spec.DefaultBackend == nil {
		allErrs = append(allErrs, field.Invalid(fldPath, spec.Rules, "either `defaultBackend` or `rules` must be specified"))
	}
	if spec.DefaultBackend != nil {
		allErrs = append(allErrs, validateBackend(spec.DefaultBackend, fldPath.Child("defaultBackend"))...)
	}
	for i := range spec.Rules {
		allErrs = append(allErrs, validateRule(&spec.Rules[i], fldPath.Child("rules").Index(i), opts)...)
	}
	for i, t := range spec.TLS {
		tlsPath := fldPath.Child("tls").Index(i)
		for j, host := range t.Hosts {
			for _, msg := range dnsname.HostErrors(host) {
				allErrs = append(allErrs, field.Invalid(tlsPath.Child("hosts").Index(j), host, msg))
			}
		}
		if !opts.allowInvalidSecretName {
			for _, msg := range secretNameErrors(t.SecretName) {
				allErrs = append(allErrs, field.Invalid(tlsPath.Child("secretName"), t.SecretName, msg))
			}
		}
	}
	if spec.IngressClassName != nil {
		for _, msg := range nameIsDNSSubdomain(*spec.IngressClassName, false) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("ingressClassName"), *spec.IngressClassName, msg))
		}
	}
	return allErrs
}

func secretNameErrors(name string) []string {
	if name == "" {
		return nil
	}
	return nameIsDNSSubdomain(name, false)
}

func validateRule(rule *networkingv1.IngressRule, fldPath *field.Path, opts options) field.ErrorList {
	allErrs := field.ErrorList{}
	wildcard := false
	if rule.Host != "" {
		if isIP(rule.Host) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("host"), rule.Host, "must be a DNS name, not an IP address"))
		}
		wildcard = strings.Contains(rule.Host, "*")
		for _, msg := range dnsname.HostErrors(rule.Host) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("host"), rule.Host, msg))
		}
	}
	if !wildcard || !opts.allowInvalidWildcardHostRule {
		allErrs = append(allErrs, validateRuleValue(&rule.IngressRuleValue, fldPath)...)
	}
	return allErrs
}

func validateRuleValue(v *networkingv1.IngressRuleValue, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if v.HTTP == nil {
		return allErrs
	}
	httpPath := fldPath.Child("http")
	if len(v.HTTP.Paths) == 0 {
		allErrs = append(allErrs, field.Required(httpPath.Child("paths"), ""))
	}
	for i := range v.HTTP.Paths {
		allErrs = append(allErrs, validatePath(&v.HTTP.Paths[i], httpPath.Child("paths").Index(i))...)
	}
	return allErrs
}

func validatePath(p *networkingv1.HTTPIngressPath, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if p.PathType == nil {
		return append(allErrs, field.Required(fldPath.Child("pathType"), "pathType must be specified"))
	}
	switch *p.PathType {
	case networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific:
		for _, msg := range pathmatch.CheckPath(*p.PathType, p.Path) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("path"), p.Path, msg))
		}
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("pathType"), *p.PathType, supportedPathTypes))
	}
	return append(allErrs, validateBackend(&p.Backend, fldPath.Child("backend"))...)
}

// validateBackend checks a backend. Kubernetes 1.37 validates service names
// as DNS-1123 labels (RelaxedServiceNameValidation is GA and locked on), so
// a name may start with a digit.
func validateBackend(b *networkingv1.IngressBackend, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	switch {
	case b.Resource != nil && b.Service != nil:
		return append(allErrs, field.Invalid(fldPath, "", "cannot set both resource and service backends"))
	case b.Resource != nil:
		r := b.Resource
		allErrs = append(allErrs, localObjectReference(r.APIGroup, r.Kind, r.Name, fldPath.Child("resource"))...)
	case b.Service != nil:
		if b.Service.Name == "" {
			allErrs = append(allErrs, field.Required(fldPath.Child("service", "name"), ""))
		} else {
			for _, msg := range nameIsDNSLabel(b.Service.Name, false) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("service", "name"), b.Service.Name, msg))
			}
		}
		port := b.Service.Port
		switch {
		case port.Name != "" && port.Number != 0:
			allErrs = append(allErrs, field.Invalid(fldPath, "", "cannot set both port name & port number"))
		case port.Name != "":
			for _, msg := range validation.IsValidPortName(port.Name) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("service", "port", "name"), port.Name, msg))
			}
		case port.Number != 0:
			for _, msg := range validation.IsValidPortNum(int(port.Number)) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("service", "port", "number"), port.Number, msg))
			}
		default:
			allErrs = append(allErrs, field.Required(fldPath, "port name or number is required"))
		}
	default:
		allErrs = append(allErrs, field.Invalid(fldPath, "", "resource or service backend is required"))
	}
	return allErrs
}

// localObjectReference checks the apiGroup, kind and name of a resource
// backend or of IngressClass parameters.
func localObjectReference(apiGroup *string, kind, name string, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if apiGroup != nil {
		for _, msg := range validation.IsDNS1123Subdomain(*apiGroup) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("apiGroup"), *apiGroup, msg))
		}
	}
	if kind == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("kind"), ""))
	} else {
		for _, msg := range isPathSegmentName(kind) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("kind"), kind, msg))
		}
	}
	if name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), ""))
	} else {
		for _, msg := range isPathSegmentName(name) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), name, msg))
		}
	}
	return allErrs
}

// isIP reports whether s parses as an IP address the way the API server's
// netutils.ParseIPSloppy does: as net.ParseIP, but IPv4 octets may have
// leading zeros ("010.0.0.1").
func isIP(s string) bool {
	if net.ParseIP(s) != nil {
		return true
	}
	i := strings.LastIndexByte(s, ':') + 1 // an IPv4 part, alone or after IPv6
	octets := strings.Split(s[i:], ".")
	if len(octets) != 4 {
		return false
	}
	for j, o := range octets {
		t := strings.TrimLeft(o, "0")
		if t == "" && o != "" {
			t = "0"
		}
		octets[j] = t
	}
	return net.ParseIP(s[:i]+strings.Join(octets, ".")) != nil
}

func hasInvalidSecretName(old *networkingv1.Ingress) bool {
	for _, t := range old.Spec.TLS {
		if len(secretNameErrors(t.SecretName)) > 0 {
			return true
		}
	}
	return false
}

func hasInvalidWildcardRule(old *networkingv1.Ingress) bool {
	for i := range old.Spec.Rules {
		r := &old.Spec.Rules[i]
		if strings.Contains(r.Host, "*") && len(validateRuleValue(&r.IngressRuleValue, nil)) > 0 {
			return true
		}
	}
	return false
}

// ValidateIngressClass returns what the API server answers when the
// IngressClass is created. The server defaults spec.parameters.scope to
// Cluster before validating; so does ValidateIngressClass (on a copy: the
// argument is not changed).
func ValidateIngressClass(c *networkingv1.IngressClass) field.ErrorList {
	if c == nil {
		return field.ErrorList{field.Required(field.NewPath("metadata"), "nil IngressClass")}
	}
	return validateClass(c, nil)
}

// validateClass is ValidateIngressClass; old is the old object of an update.
func validateClass(c, old *networkingv1.IngressClass) field.ErrorList {
	allErrs := objectMeta(&c.ObjectMeta, false, field.NewPath("metadata"))
	specErrs, declarative := validateClassSpec(&c.Spec, field.NewPath("spec"), old)
	allErrs = append(allErrs, specErrs...)
	return append(allErrs, declarative...)
}

// ValidateIngressClassUpdate returns what the API server answers when old
// is updated to c: metadata update rules, spec.controller immutable, then
// the create rules.
func ValidateIngressClassUpdate(c, old *networkingv1.IngressClass) field.ErrorList {
	if c == nil || old == nil {
		return field.ErrorList{field.Required(field.NewPath("metadata"), "nil IngressClass")}
	}
	allErrs := validateObjectMetaUpdate(&c.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, finalizers(&c.ObjectMeta, field.NewPath("metadata"))...)
	allErrs = append(allErrs, immutable(c.Spec.Controller, old.Spec.Controller, field.NewPath("spec", "controller"))...)
	return append(allErrs, validateClass(c, old)...)
}

// DefaultIngressClass applies the API server's defaulting to a copy of the
// IngressClass and returns it: spec.parameters.scope becomes Cluster when
// parameters are set without a scope.
func DefaultIngressClass(c *networkingv1.IngressClass) *networkingv1.IngressClass {
	out := c.DeepCopy()
	if p := out.Spec.Parameters; p != nil && p.Scope == nil {
		scope := networkingv1.IngressClassParametersReferenceScopeCluster
		p.Scope = &scope
	}
	return out
}

// validateClassSpec returns the handwritten errors and, apart, the errors
// that Kubernetes 1.37 reports through declarative validation (beta,
// enforced by default): spec.parameters.kind and .name required. The server
// drops the handwritten twins of those and appends the declarative ones
// after every other error; on update only when the value changed, as
// declarative validation does not revalidate unchanged data.
func validateClassSpec(spec *networkingv1.IngressClassSpec, fldPath *field.Path, old *networkingv1.IngressClass) (field.ErrorList, field.ErrorList) {
	allErrs := field.ErrorList{}
	if len(spec.Controller) > maxLenIngressClassController {
		allErrs = append(allErrs, tooLong(fldPath.Child("controller"), maxLenIngressClassController))
	}
	allErrs = append(allErrs, validation.IsDomainPrefixedPath(fldPath.Child("controller"), spec.Controller)...)
	p := spec.Parameters
	if p == nil {
		return allErrs, nil
	}
	pPath := fldPath.Child("parameters")
	var oldKind, oldName *string
	if old != nil && old.Spec.Parameters != nil {
		oldKind, oldName = &old.Spec.Parameters.Kind, &old.Spec.Parameters.Name
	}
	var declarative field.ErrorList
	for _, e := range localObjectReference(p.APIGroup, p.Kind, p.Name, pPath) {
		changed := func(v *string, now string) bool { return v == nil || *v != now }
		if e.Type == field.ErrorTypeRequired &&
			(e.Field == pPath.Child("kind").String() && changed(oldKind, p.Kind) || e.Field == pPath.Child("name").String() && changed(oldName, p.Name)) {
			declarative = append(declarative, e)
			continue
		}
		allErrs = append(allErrs, e)
	}
	scope := networkingv1.IngressClassParametersReferenceScopeCluster // the server's defaulting
	if p.Scope != nil {
		scope = *p.Scope
	}
	switch scope {
	case networkingv1.IngressClassParametersReferenceScopeNamespace:
		if p.Namespace == nil {
			allErrs = append(allErrs, field.Required(pPath.Child("namespace"), "`parameters.scope` is set to 'Namespace'"))
		} else {
			for _, msg := range nameIsDNSLabel(*p.Namespace, false) {
				allErrs = append(allErrs, field.Invalid(pPath.Child("namespace"), *p.Namespace, msg))
			}
		}
	case networkingv1.IngressClassParametersReferenceScopeCluster:
		if p.Namespace != nil {
			allErrs = append(allErrs, field.Forbidden(pPath.Child("namespace"), "`parameters.scope` is set to 'Cluster'"))
		}
	default:
		allErrs = append(allErrs, field.NotSupported(pPath.Child("scope"), scope, supportedScopes))
	}
	return allErrs, declarative
}

// isPathSegmentName is the API server's check that a name can be a path
// segment, in Kubernetes 1.37's words: not "." or "..", no '/' or '%'. It is
// written here because apimachinery moved and reworded it between releases,
// and the answer must not depend on which release a user builds with.
func isPathSegmentName(name string) []string {
	for _, bad := range []string{".", ".."} {
		if name == bad {
			return []string{fmt.Sprintf(`may not be '%s'`, bad)}
		}
	}
	var errs []string
	for _, bad := range []string{"/", "%"} {
		if strings.Contains(name, bad) {
			errs = append(errs, fmt.Sprintf(`may not contain '%s'`, bad))
		}
	}
	return errs
}

// tooLong is the API server's TooLong error in Kubernetes 1.37's form: the
// value omitted, "may not be more than N bytes". apimachinery's
// field.TooLong words it differently before v0.34.
func tooLong(fldPath *field.Path, maxLength int) *field.Error {
	return &field.Error{Type: field.ErrorTypeTooLong, Field: fldPath.String(), BadValue: "<value omitted>",
		Detail: fmt.Sprintf("may not be more than %d bytes", maxLength)}
}
