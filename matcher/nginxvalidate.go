package matcher

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// ingress-nginx validates annotation values (enable-annotation-validation,
// on by default since v1.9: internal/ingress/annotations/parser,
// validators.go). An annotation parser that returns the validation error
// makes the Extractor refuse the Ingress (annotations.go, Extract), and
// the store does not load it (store.go, syncIngress); other parsers log it
// and read the annotation as absent. Empty values are not validated.
var (
	// The character classes of validators.go.
	nginxValidServerName = regexp.MustCompile(`^[/\-._~a-zA-Z0-9/:\^$\[\](){}*+?|&=\\]*$`) // IsValidRegex
	nginxValidURL        = regexp.MustCompile(`^[\-._~a-zA-Z0-9/::?&=]*$`)                 // URLIsValidRegex
	nginxBasicChars      = regexp.MustCompile(`^[/\-._~a-zA-Z0-9/:]*$`)                    // BasicCharsRegex
	nginxURLWithVariable = regexp.MustCompile(`^[\-._~a-zA-Z0-9/:, :?&=$]*$`)              // URLWithNginxVariableRegex
	nginxPathWithCapture = regexp.MustCompile(`^/?[\-._~a-zA-Z0-9/:/$]*$`)                 // RegexPathWithCapture
	nginxAuthTypeValue   = regexp.MustCompile(`basic|digest`)                              // auth/main.go, unanchored
	nginxHTTPErrors      = regexp.MustCompile(`^(?:[4,5]\d{2},?)*$`)                       // customhttperrors/main.go
)

// nginxRefusedValue returns the first annotation of an Ingress whose
// value fails ingress-nginx's validation in a parser that passes the
// error on, so that the controller does not load the Ingress, and the rule
// it breaks; "" when there is none. The parsers: redirect
// (from-to-www-redirect, then temporal-redirect, and only without one
// permanent-redirect and permanent-redirect-code), alias (server-alias,
// each name), defaultbackend, auth (auth-type), authreq (auth-url),
// authtls (auth-tls-secret), proxyssl (proxy-ssl-secret),
// customhttperrors and globalratelimit (global-rate-limit).
func nginxRefusedValue(ing *networkingv1.Ingress) (key, rule string) {
	a := ing.Annotations
	get := func(name string) (string, bool) {
		v := a[NGINXAnnotationPrefix+name]
		return v, v != ""
	}
	noSpace := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	isInt := func(s string) bool { _, err := strconv.Atoi(s); return err == nil }
	isBool := func(s string) bool { _, err := strconv.ParseBool(s); return err == nil }
	// The redirect parser stops at the first error, and a temporal
	// redirect ends it before the permanent one is read.
	if v, ok := get("from-to-www-redirect"); ok && !isBool(v) {
		return "from-to-www-redirect", "a boolean (strconv.ParseBool)"
	}
	if v, ok := get("temporal-redirect"); ok {
		if !nginxValidURL.MatchString(v) {
			return "temporal-redirect", "letters, digits and -._~/:?&= only"
		}
		// redirect.go, isValidURL.
		if u, err := url.Parse(v); err != nil || !strings.HasPrefix(u.Scheme, "http") {
			return "temporal-redirect", "a URL with the scheme http or https"
		}
	} else {
		if v, ok := get("permanent-redirect"); ok && !nginxValidURL.MatchString(v) {
			return "permanent-redirect", "letters, digits and -._~/:?&= only"
		}
		if v, ok := get("permanent-redirect-code"); ok && !isInt(v) {
			return "permanent-redirect-code", "an integer"
		}
	}
	if v, ok := get("server-alias"); ok {
		for _, name := range strings.Split(v, ",") {
			if !nginxValidServerName.MatchString(strings.TrimSpace(name)) {
				return "server-alias", "names of letters, digits and -._~/:^$[](){}*+?|&=\\ only, separated by ','"
			}
		}
	}
	if v, ok := get("default-backend"); ok && len(validation.IsDNS1035Label(v)) > 0 {
		return "default-backend", "a Service name (a DNS-1035 label)"
	}
	for _, c := range []struct {
		name, rule string
		re         *regexp.Regexp
	}{
		{"auth-type", `"basic" or "digest"`, nginxAuthTypeValue},
		{"auth-url", "letters, digits, spaces and -._~/:,?&=$ only", nginxURLWithVariable},
		{"auth-tls-secret", "namespace/name of letters, digits and -._~/: only", nginxBasicChars},
		{"proxy-ssl-secret", "namespace/name of letters, digits and -._~/: only", nginxBasicChars},
		{"custom-http-errors", "4xx and 5xx codes separated by ','", nginxHTTPErrors},
	} {
		if v, ok := get(c.name); ok && !c.re.MatchString(noSpace(v)) {
			return c.name, c.rule
		}
	}
	if v, ok := get("global-rate-limit"); ok && !isInt(v) {
		return "global-rate-limit", "an integer"
	}
	return "", ""
}

// nginxPathAnnotation reads rewrite-target or app-root as ingress-nginx's
// rewrite parser does: a value that fails its validation
// (RegexPathWithCapture: an optional '/', then letters, digits and
// -._~/:$) is logged and read as absent.
func nginxPathAnnotation(a map[string]string, key string) string {
	v := a[key]
	if !nginxPathWithCapture.MatchString(v) {
		return ""
	}
	return v
}
