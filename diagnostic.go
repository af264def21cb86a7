package ingress

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Object is a Kubernetes object a [Diagnostic] is about: an *Ingress or an
// *IngressClass of k8s.io/api/networking/v1. It is what an event recorder
// takes (the same method set as controller-runtime's client.Object).
type Object interface {
	metav1.Object
	runtime.Object
}

// Severity says how much a [Diagnostic] matters.
type Severity uint8

const (
	// Info is worth knowing and needs no change (a host shared by several
	// Ingresses).
	Info Severity = iota + 1
	// Warning is something that does not work as its author probably
	// meant: a path that never serves, a field the API server rejects, a
	// certificate that does not cover its host.
	Warning
)

// String returns "Info" or "Warning"; "Unknown" for other values.
func (s Severity) String() string {
	switch s {
	case Info:
		return "Info"
	case Warning:
		return "Warning"
	}
	return "Unknown"
}

// EventType returns the Kubernetes Event type for the severity: "Normal"
// for Info, "Warning" for Warning (and for the zero Severity).
func (s Severity) EventType() string {
	if s == Info {
		return "Normal"
	}
	return "Warning"
}

// Kind names what a [Diagnostic] is about, in the CamelCase of a
// Kubernetes Event reason: "PathShadowed", "SecretConflict". Each package
// declares the kinds it reports.
type Kind string

// Diagnostic is something a person should know about the objects a package
// read: matcher.Compile, tlsselect.Compile, classresolve.New and
// validation.Strict all report in this one shape, so that a controller turns
// every one of them into an Event with one loop:
//
//	for _, d := range diags {
//		recorder.Event(d.Object, d.Severity.EventType(), string(d.Kind), d.Message)
//	}
type Diagnostic struct {
	Kind     Kind
	Severity Severity
	// Object is the object concerned; nil when the input had a nil entry
	// (Field then names the entry: "ingresses[3]").
	Object Object
	// Field is the field path in Object, as in validation errors:
	// "spec.rules[0].http.paths[2].pathType"; "" for the whole object.
	Field string
	// Message says what is wrong and what follows from it.
	Message string
	// Related and RelatedField name the object and field that cause the
	// diagnostic: the path that wins over a shadowed one, the Ingress that
	// came first for a shared host or a conflicting Secret, the IngressClass
	// that wins as default. Nil and "" when there is none.
	Related      Object
	RelatedField string
}

// String returns "namespace/name: field: message", without the parts that
// are empty; it is safe on the zero Diagnostic.
func (d Diagnostic) String() string {
	var parts []string
	if n := ObjectName(d.Object); n != "" {
		parts = append(parts, n)
	}
	if d.Field != "" {
		parts = append(parts, d.Field)
	}
	return strings.Join(append(parts, d.Message), ": ")
}

// ObjectName returns "namespace/name", or the name of a cluster-scoped
// object; "" for nil. An object without a name (a manifest that lacks
// metadata.name) is "(no name)": "testing/(no name)".
func ObjectName(o Object) string {
	if o == nil {
		return ""
	}
	name := o.GetName()
	if name == "" {
		name = "(no name)"
	}
	if ns := o.GetNamespace(); ns != "" {
		return ns + "/" + name
	}
	return name
}
