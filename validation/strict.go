package validation

import (
	"fmt"
	"strings"

	"github.com/ingresslib/ingress/hostmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Finding is a rule of [Strict] that an Ingress breaks.
type Finding struct {
	// Field is the field path ("spec.rules[0].http.paths[1].path"), Value
	// the offending value.
	Field, Value string
	// Detail says what is wrong and which controllers care.
	Detail string
	// Fix says how to change the manifest; "" when there is no single fix.
	Fix string
}

// String returns "field: value: detail (fix: …)".
func (f Finding) String() string {
	s := fmt.Sprintf("%s: %q: %s", f.Field, f.Value, f.Detail)
	if f.Fix != "" {
		s += " (fix: " + f.Fix + ")"
	}
	return s
}

// regexMeta are the characters that make an Exact or Prefix path look like
// a regular expression.
const regexMeta = `^$*+?()[]{}|\`

// Strict returns what the API server accepts but controllers reject or
// read differently, so that a manifest moves between controllers safely:
//
//   - an Exact or Prefix path with regular-expression characters
//     (^ $ * + ? ( ) [ ] { } | \): Exact and Prefix match them literally,
//     while users usually meant a pattern;
//   - otherwise, an Exact or Prefix path with characters outside
//     [A-Za-z0-9/._~-], which ingress-nginx's strict path validation
//     (strict-validate-path-type) rejects;
//   - a TLS host that no rule of the same Ingress serves;
//   - a rule host that none of the Ingress's TLS hosts covers, when the
//     Ingress has TLS entries with hosts (a client reaching it over HTTPS
//     gets a certificate for another name).
//
// Strict assumes the Ingress passed [ValidateIngress]; on an invalid one it
// reports what it can and never panics.
func Strict(ing *networkingv1.Ingress) []Finding {
	if ing == nil {
		return nil
	}
	var out []Finding
	rules := field.NewPath("spec", "rules")
	for i, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for j, p := range r.HTTP.Paths {
			if p.PathType == nil || (*p.PathType != networkingv1.PathTypeExact && *p.PathType != networkingv1.PathTypePrefix) {
				continue
			}
			fld := rules.Index(i).Child("http", "paths").Index(j).Child("path").String()
			switch {
			case strings.ContainsAny(p.Path, regexMeta):
				out = append(out, Finding{Field: fld, Value: p.Path,
					Detail: fmt.Sprintf("looks like a regular expression, but a %s path matches it literally", *p.PathType),
					Fix:    "use pathType ImplementationSpecific with a controller that reads it as a regular expression (ingress-nginx: annotation nginx.ingress.kubernetes.io/use-regex: \"true\"), or write the literal path"})
			case strings.IndexFunc(p.Path, func(c rune) bool { return !strictPathChar(c) }) >= 0:
				out = append(out, Finding{Field: fld, Value: p.Path,
					Detail: fmt.Sprintf("has characters outside [A-Za-z0-9/._~-], which ingress-nginx rejects for %s paths (strict-validate-path-type)", *p.PathType),
					Fix:    "remove or percent-encode those characters, or use pathType ImplementationSpecific"})
			}
		}
	}
	tls := field.NewPath("spec", "tls")
	hasTLSHosts := false
	for i, t := range ing.Spec.TLS {
		for j, h := range t.Hosts {
			hasTLSHosts = true
			served := false
			for _, r := range ing.Spec.Rules {
				served = served || hostmatch.Covers(h, r.Host) || hostmatch.Covers(r.Host, h)
			}
			if !served {
				out = append(out, Finding{Field: tls.Index(i).Child("hosts").Index(j).String(), Value: h,
					Detail: "no rule of this Ingress serves this host; its certificate is never used for routing by this Ingress",
					Fix:    fmt.Sprintf("add a rule with host %q, or remove the host from spec.tls[%d].hosts", h, i)})
			}
		}
	}
	if !hasTLSHosts {
		return out
	}
	for i, r := range ing.Spec.Rules {
		if r.Host == "" {
			continue
		}
		covered := false
		for _, t := range ing.Spec.TLS {
			for _, h := range t.Hosts {
				covered = covered || hostmatch.Covers(h, r.Host)
			}
		}
		if !covered {
			out = append(out, Finding{Field: rules.Index(i).Child("host").String(), Value: r.Host,
				Detail: "the Ingress has TLS, but none of its TLS hosts covers this rule's host",
				Fix:    fmt.Sprintf("add %q to the hosts of a spec.tls entry whose certificate covers it", r.Host)})
		}
	}
	return out
}

func strictPathChar(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("/._~-", c)
}

// KubectlMessage returns an ErrorList the way kubectl prints the API
// server's rejection of an object of the given kind and name: one line for
// one error; for several, a first line ending in "invalid: " (with kubectl's
// trailing space) and one "* field: message" line each. It returns "" for
// no errors.
func KubectlMessage(kind, name string, errs field.ErrorList) string {
	switch len(errs) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("The %s %q is invalid: %s", kind, name, errs[0].Error())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s %q is invalid: ", kind, name)
	for _, e := range errs {
		b.WriteString("\n* " + e.Error())
	}
	return b.String()
}
