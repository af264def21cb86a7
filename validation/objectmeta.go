package validation

// The API server's validation of metadata, as Kubernetes 1.37 words it.
// apimachinery's own (ValidateObjectMeta and the label-key and label-value
// checks behind it) changed its wording and error types between v0.31 and
// v0.37 — "characters" became "bytes", "a qualified name" became "a valid
// label key", empty owner-reference fields became Required errors with an
// index — so the answer would depend on the release a user resolves. These
// functions give 1.37's answer with any release from v0.31 on; only the DNS
// name checks of k8s.io/apimachinery/pkg/util/validation, whose wording did
// not change, are shared.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	totalAnnotationSizeLimit = 256 << 10 // bytes of all annotation keys and values
	fieldManagerMaxLength    = 128
	subresourceMaxLength     = 256
	labelKeyMaxLength        = 63
	labelValueMaxLength      = 63
	dnsSubdomainMaxLength    = 253

	labelKeyFmt         = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
	labelKeyErrMsg      = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
	labelValueFmt       = "(" + labelKeyFmt + ")?"
	labelValueErrMsg    = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
	dnsLabelFmt         = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
	dnsSubdomainFmt     = dnsLabelFmt + "(\\." + dnsLabelFmt + ")*"
	dnsSubdomainErrMsg  = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
	fieldImmutableError = "field is immutable"
)

var (
	labelKeyRegexp     = regexp.MustCompile("^" + labelKeyFmt + "$")
	labelValueRegexp   = regexp.MustCompile("^" + labelValueFmt + "$")
	dnsSubdomainRegexp = regexp.MustCompile("^" + dnsSubdomainFmt + "$")
)

// maxLenError and regexError word a message as Kubernetes 1.37's
// validate/content package does.
func maxLenError(n int) string { return fmt.Sprintf("must be no more than %d bytes", n) }

func regexError(msg, re string, examples ...string) string {
	msg += " (e.g. "
	for i, e := range examples {
		if i > 0 {
			msg += " or "
		}
		msg += "'" + e + "', "
	}
	return msg + "regex used for validation is '" + re + "')"
}

// labelKeyErrors is 1.37's label-key (qualified name) check: an optional
// DNS-subdomain prefix and '/', then a name of at most 63 bytes.
func labelKeyErrors(value string) []string {
	var errs []string
	parts := strings.Split(value, "/")
	var name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		prefix := parts[0]
		name = parts[1]
		if prefix == "" {
			errs = append(errs, "prefix part must be non-empty")
		} else {
			if len(prefix) > dnsSubdomainMaxLength {
				errs = append(errs, "prefix part "+maxLenError(dnsSubdomainMaxLength))
			}
			if !dnsSubdomainRegexp.MatchString(prefix) {
				errs = append(errs, "prefix part "+regexError(dnsSubdomainErrMsg, dnsSubdomainFmt, "example.com"))
			}
		}
	default:
		return append(errs, "a valid label key "+regexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc")+
			" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")
	}
	if name == "" {
		errs = append(errs, "name part must be non-empty")
	} else if len(name) > labelKeyMaxLength {
		errs = append(errs, "name part "+maxLenError(labelKeyMaxLength))
	}
	if !labelKeyRegexp.MatchString(name) {
		errs = append(errs, "name part "+regexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc"))
	}
	return errs
}

// labelValueErrors is 1.37's label-value check.
func labelValueErrors(value string) []string {
	var errs []string
	if len(value) > labelValueMaxLength {
		errs = append(errs, maxLenError(labelValueMaxLength))
	}
	if !labelValueRegexp.MatchString(value) {
		errs = append(errs, regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"))
	}
	return errs
}

// nameIsDNSSubdomain and nameIsDNSLabel are apimachinery's name checks: a
// prefix for generated names may end in '-' (its last two bytes are masked,
// as the API server does).
func nameIsDNSSubdomain(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return validation.IsDNS1123Subdomain(name)
}

func nameIsDNSLabel(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return validation.IsDNS1123Label(name)
}

func maskTrailingDash(name string) string {
	if len(name) > 1 && strings.HasSuffix(name, "-") {
		return name[:len(name)-2] + "a"
	}
	return name
}

// validateObjectMeta is the API server's metadata validation on create,
// after the name is generated: generateName, name, namespace (required for
// a namespaced object, forbidden otherwise), generation, labels,
// annotations, owner references, finalizers, managed fields.
func validateObjectMeta(meta *metav1.ObjectMeta, namespaced bool, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if meta.GenerateName != "" {
		for _, msg := range nameIsDNSSubdomain(meta.GenerateName, true) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("generateName"), meta.GenerateName, msg))
		}
	}
	if meta.Name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), "name or generateName is required"))
	} else {
		for _, msg := range nameIsDNSSubdomain(meta.Name, false) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), meta.Name, msg))
		}
	}
	if namespaced {
		if meta.Namespace == "" {
			allErrs = append(allErrs, field.Required(fldPath.Child("namespace"), ""))
		} else {
			for _, msg := range nameIsDNSLabel(meta.Namespace, false) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("namespace"), meta.Namespace, msg))
			}
		}
	} else if meta.Namespace != "" {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("namespace"), "not allowed on this type"))
	}
	allErrs = append(allErrs, nonnegative(meta.Generation, fldPath.Child("generation"))...)
	allErrs = append(allErrs, validateLabels(meta.Labels, fldPath.Child("labels"))...)
	allErrs = append(allErrs, validateAnnotations(meta.Annotations, fldPath.Child("annotations"))...)
	allErrs = append(allErrs, validateOwnerReferences(meta.OwnerReferences, fldPath.Child("ownerReferences"))...)
	allErrs = append(allErrs, validateFinalizers(meta.Finalizers, fldPath.Child("finalizers"))...)
	return append(allErrs, validateManagedFields(meta.ManagedFields, fldPath.Child("managedFields"))...)
}

// validateObjectMetaUpdate is the API server's metadata validation on
// update.
func validateObjectMetaUpdate(meta, old *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if old.DeletionTimestamp != nil {
		known := map[string]bool{}
		for _, f := range old.Finalizers {
			known[f] = true
		}
		extra := map[string]bool{}
		for _, f := range meta.Finalizers {
			if !known[f] {
				extra[f] = true
			}
		}
		if len(extra) > 0 {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("finalizers"),
				fmt.Sprintf("no new finalizers can be added if the object is being deleted, found new finalizers %#v", sortedKeys(extra))))
		}
	}
	if meta.ResourceVersion == "" {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("resourceVersion"), meta.ResourceVersion, "must be specified for an update"))
	}
	allErrs = append(allErrs, nonnegative(meta.Generation, fldPath.Child("generation"))...)
	if meta.Generation < old.Generation {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("generation"), meta.Generation, "must not be decremented"))
	}
	allErrs = append(allErrs, immutable(meta.Name, old.Name, fldPath.Child("name"))...)
	allErrs = append(allErrs, immutable(meta.Namespace, old.Namespace, fldPath.Child("namespace"))...)
	allErrs = append(allErrs, immutable(meta.UID, old.UID, fldPath.Child("uid"))...)
	allErrs = append(allErrs, immutable(meta.CreationTimestamp, old.CreationTimestamp, fldPath.Child("creationTimestamp"))...)
	allErrs = append(allErrs, immutable(meta.DeletionTimestamp, old.DeletionTimestamp, fldPath.Child("deletionTimestamp"))...)
	allErrs = append(allErrs, immutable(meta.DeletionGracePeriodSeconds, old.DeletionGracePeriodSeconds, fldPath.Child("deletionGracePeriodSeconds"))...)
	allErrs = append(allErrs, validateLabels(meta.Labels, fldPath.Child("labels"))...)
	allErrs = append(allErrs, validateAnnotations(meta.Annotations, fldPath.Child("annotations"))...)
	allErrs = append(allErrs, validateOwnerReferences(meta.OwnerReferences, fldPath.Child("ownerReferences"))...)
	return append(allErrs, validateManagedFields(meta.ManagedFields, fldPath.Child("managedFields"))...)
}

// sortedKeys returns the keys of a map in order. The API server walks
// labels and annotations in map order, so its errors come in any order;
// these come in key order, one of the server's, the same on every call.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// immutable is the API server's immutable-field rule: semantically equal
// or an error naming the new value.
func immutable(newVal, oldVal any, fldPath *field.Path) field.ErrorList {
	if apiequality.Semantic.DeepEqual(oldVal, newVal) {
		return nil
	}
	return field.ErrorList{field.Invalid(fldPath, newVal, fieldImmutableError)}
}

func nonnegative(v int64, fldPath *field.Path) field.ErrorList {
	if v < 0 {
		return field.ErrorList{field.Invalid(fldPath, v, "must be greater than or equal to 0")}
	}
	return nil
}

func validateLabels(labels map[string]string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, k := range sortedKeys(labels) {
		v := labels[k]
		for _, msg := range labelKeyErrors(k) {
			allErrs = append(allErrs, field.Invalid(fldPath, k, msg))
		}
		for _, msg := range labelValueErrors(v) {
			allErrs = append(allErrs, field.Invalid(fldPath, v, msg))
		}
	}
	return allErrs
}

func validateAnnotations(annotations map[string]string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	size := 0
	for _, k := range sortedKeys(annotations) {
		v := annotations[k]
		// A label key, except that case does not matter.
		for _, msg := range labelKeyErrors(strings.ToLower(k)) {
			allErrs = append(allErrs, field.Invalid(fldPath, k, msg))
		}
		size += len(k) + len(v)
	}
	if size > totalAnnotationSizeLimit {
		allErrs = append(allErrs, tooLong(fldPath, totalAnnotationSizeLimit))
	}
	return allErrs
}

func validateOwnerReferences(refs []metav1.OwnerReference, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	firstController := ""
	for i, ref := range refs {
		p := fldPath.Index(i)
		gv, err := schema.ParseGroupVersion(ref.APIVersion)
		if ref.APIVersion == "" {
			allErrs = append(allErrs, field.Required(p.Child("apiVersion"), "must not be empty"))
		} else if err != nil || gv.Version == "" {
			allErrs = append(allErrs, field.Invalid(p.Child("apiVersion"), ref.APIVersion, "must be <group>/<version> or <version>"))
		}
		if ref.Kind == "" {
			allErrs = append(allErrs, field.Required(p.Child("kind"), "must not be empty"))
		}
		if ref.Name == "" {
			allErrs = append(allErrs, field.Required(p.Child("name"), "must not be empty"))
		}
		if ref.UID == "" {
			allErrs = append(allErrs, field.Required(p.Child("uid"), "must not be empty"))
		}
		if gvk := gv.WithKind(ref.Kind); gvk == (schema.GroupVersionKind{Version: "v1", Kind: "Event"}) {
			allErrs = append(allErrs, field.Invalid(p, ref, fmt.Sprintf("%s is disallowed from being an owner", gvk)))
		}
		if ref.Controller != nil && *ref.Controller {
			name := ref.Kind + "/" + ref.Name
			if firstController != "" {
				allErrs = append(allErrs, field.Invalid(fldPath, refs,
					fmt.Sprintf("Only one reference can have Controller set to true. Found \"true\" in references for %v and %v", firstController, name)))
			} else {
				firstController = name
			}
		}
	}
	return allErrs
}

func validateFinalizers(finalizers []string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	orphan, del := false, false
	for _, f := range finalizers {
		for _, msg := range labelKeyErrors(f) {
			allErrs = append(allErrs, field.Invalid(fldPath, f, msg))
		}
		orphan = orphan || f == metav1.FinalizerOrphanDependents
		del = del || f == metav1.FinalizerDeleteDependents
	}
	if orphan && del {
		allErrs = append(allErrs, field.Invalid(fldPath, finalizers,
			fmt.Sprintf("finalizer %s and %s cannot be both set", metav1.FinalizerOrphanDependents, metav1.FinalizerDeleteDependents)))
	}
	return allErrs
}

func validateManagedFields(entries []metav1.ManagedFieldsEntry, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, e := range entries {
		p := fldPath.Index(i)
		switch e.Operation {
		case "":
			allErrs = append(allErrs, field.Required(p.Child("operation"), "must not be empty"))
		case metav1.ManagedFieldsOperationApply, metav1.ManagedFieldsOperationUpdate:
		default:
			allErrs = append(allErrs, field.NotSupported(p.Child("operation"), e.Operation,
				[]string{string(metav1.ManagedFieldsOperationApply), string(metav1.ManagedFieldsOperationUpdate)}))
		}
		if e.FieldsType != "" && e.FieldsType != "FieldsV1" {
			allErrs = append(allErrs, field.Invalid(p.Child("fieldsType"), e.FieldsType, "must be `FieldsV1`"))
		}
		if len(e.Manager) > fieldManagerMaxLength {
			allErrs = append(allErrs, tooLong(p.Child("manager"), fieldManagerMaxLength))
		}
		for j, r := range e.Manager {
			if !unicode.IsPrint(r) {
				allErrs = append(allErrs, field.Invalid(p.Child("manager"), e.Manager, fmt.Sprintf("invalid character %#U (at position %d)", r, j)))
			}
		}
		if len(e.Subresource) > subresourceMaxLength {
			allErrs = append(allErrs, tooLong(p.Child("subresource"), subresourceMaxLength))
		}
	}
	return allErrs
}
