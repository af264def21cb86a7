package validation

import (
	"fmt"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/internal/tlscover"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The kinds of [ingress.Diagnostic] that [Strict] reports; all are
// warnings. UnservedTLSHost and UncoveredRuleHost are the kinds tlsselect
// reports for the same findings.
const (
	// RegexLikePath: an Exact or Prefix path with regular-expression
	// characters, matched literally.
	RegexLikePath ingress.Kind = "RegexLikePath"
	// NonStrictPathCharacters: an Exact or Prefix path with characters that
	// ingress-nginx's strict path validation rejects.
	NonStrictPathCharacters ingress.Kind = "NonStrictPathCharacters"
	// UnservedTLSHost: a TLS host no rule of the same Ingress serves.
	UnservedTLSHost ingress.Kind = "UnservedTLSHost"
	// UncoveredRuleHost: a rule host of an Ingress with TLS hosts that none
	// of them covers.
	UncoveredRuleHost ingress.Kind = "UncoveredRuleHost"
)

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
// Each finding is an [ingress.Diagnostic] (a warning, one of the kinds
// above) whose message ends with "; fix: " and how to change the manifest.
// Strict assumes the Ingress passed [ValidateIngress]; on an invalid one it
// reports what it can and never panics.
func Strict(ing *networkingv1.Ingress) []ingress.Diagnostic {
	if ing == nil {
		return nil
	}
	var out []ingress.Diagnostic
	add := func(kind ingress.Kind, fld string, msg, fix string) {
		out = append(out, ingress.Diagnostic{Kind: kind, Severity: ingress.Warning, Object: ing, Field: fld, Message: msg + "; fix: " + fix})
	}
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
				add(RegexLikePath, fld, fmt.Sprintf("%q looks like a regular expression, but a %s path matches it literally", p.Path, *p.PathType),
					"use pathType ImplementationSpecific with a controller that reads it as a regular expression (ingress-nginx: annotation nginx.ingress.kubernetes.io/use-regex: \"true\"), or write the literal path")
			case strings.IndexFunc(p.Path, func(c rune) bool { return !strictPathChar(c) }) >= 0:
				add(NonStrictPathCharacters, fld, fmt.Sprintf("%q has characters outside [A-Za-z0-9/._~-], which ingress-nginx rejects for %s paths (strict-validate-path-type)", p.Path, *p.PathType),
					"remove or percent-encode those characters, or use pathType ImplementationSpecific")
			}
		}
	}
	tls := field.NewPath("spec", "tls")
	unserved, uncovered := tlscover.Check(ing)
	for _, h := range unserved {
		add(UnservedTLSHost, tls.Index(h.Entry).Child("hosts").Index(h.Index).String(),
			fmt.Sprintf("TLS host %q: no rule of this Ingress serves it; its certificate is never used for routing by this Ingress", h.Host),
			fmt.Sprintf("add a rule with host %q, or remove the host from spec.tls[%d].hosts", h.Host, h.Entry))
	}
	for _, i := range uncovered {
		host := ing.Spec.Rules[i].Host
		add(UncoveredRuleHost, rules.Index(i).Child("host").String(),
			fmt.Sprintf("rule host %q: the Ingress has TLS, but none of its TLS hosts covers it", host),
			fmt.Sprintf("add %q to the hosts of a spec.tls entry whose certificate covers it", host))
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
