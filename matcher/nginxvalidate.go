package matcher

import (
	"net/url"
	"regexp"
	"slices"
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
// each name), defaultbackend, auth (auth-type; auth-secret-type after a
// valid auth-type), authreq (auth-url), authtls (auth-tls-secret),
// proxyssl (proxy-ssl-secret), customhttperrors, and those below. Not
// checked, because they depend on Secrets the cluster holds: auth-realm
// and auth-tls-error-page, -pass-certificate-to-upstream and -match-cn
// (read only once the Secret is found), fastcgi-params-configmap's
// ConfigMap.
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
	// The other parsers that pass a validation error on (annotations/
	// clientbodybuffersize, connection, fastcgi, http2pushpreload,
	// loadbalancing, opentelemetry, ratelimit, sslcipher, sslpassthrough,
	// upstreamhashby, upstreamvhost, xforwardedprefix, auth). An invalid
	// global-rate-limit is not among them: the parser disables the limit.
	for _, k := range []string{"ssl-passthrough", "http2-push-preload", "upstream-hash-by-subset"} {
		if v, ok := get(k); ok && !isBool(v) {
			return k, "a boolean (strconv.ParseBool)"
		}
	}
	for _, k := range []string{"limit-rpm", "limit-rps", "limit-connections", "upstream-hash-by-subset-size"} {
		if v, ok := get(k); ok && !isInt(v) {
			return k, "an integer"
		}
	}
	for _, c := range []struct {
		name, rule string
		re         *regexp.Regexp
	}{
		{"x-forwarded-prefix", "an optional '/', then letters, digits and -._~/:$ only", nginxPathWithCapture},
		{"client-body-buffer-size", "a size: digits, then b, k, m or g", nginxSize},
		{"connection-proxy-header", `"close" or "keep-alive"`, nginxConnection},
		{"fastcgi-index", "letters, digits and .-_ only", nginxFastCGIIndex},
		{"fastcgi-params-configmap", "namespace/name of letters, digits and -._~/: only", nginxBasicChars},
		{"ssl-ciphers", "an OpenSSL cipher list", nginxCiphers},
		{"upstream-hash-by", "letters, digits and -_${} only", nginxVariable},
	} {
		if v, ok := get(c.name); ok && !c.re.MatchString(noSpace(v)) {
			return c.name, c.rule
		}
	}
	if v, ok := get("upstream-vhost"); ok && !nginxValidServerName.MatchString(strings.TrimSpace(v)) {
		return "upstream-vhost", "a name of letters, digits and -._~/:^$[](){}*+?|&=\\ only"
	}
	if v, ok := get("load-balance"); ok && !slices.Contains(nginxLoadBalance, strings.TrimSpace(v)) {
		return "load-balance", strings.Join(nginxLoadBalance, ", ")
	}
	limitList, key := a[NGINXAnnotationPrefix+"limit-allowlist"], "limit-allowlist"
	if limitList == "" {
		limitList, key = a[NGINXAnnotationPrefix+"limit-whitelist"], "limit-whitelist"
	}
	if _, bad := sourceRanges(limitList); limitList != "" && bad {
		return key, "addresses and CIDRs separated by ','"
	}
	if t, ok := get("auth-type"); ok && nginxAuthTypeValue.MatchString(noSpace(t)) {
		if v, ok := get("auth-secret-type"); ok && !nginxAuthSecretType.MatchString(noSpace(v)) {
			return "auth-secret-type", `"auth-file" or "auth-map"`
		}
	}
	if on, ok := get("enable-opentelemetry"); ok && on != "" {
		if b, err := strconv.ParseBool(on); err == nil && b {
			if v, ok := get("opentelemetry-operation-name"); ok && !nginxOperationName.MatchString(noSpace(v)) {
				return "opentelemetry-operation-name", "letters, digits, '_' and '-' only"
			}
		}
	}
	return "", ""
}

// The validators of the other refusing parsers.
var (
	nginxSize           = regexp.MustCompile(`^(?i)\d+[bkmg]?$`)                                                             // SizeRegex
	nginxConnection     = regexp.MustCompile(`^(close|keep-alive)$`)                                                         // connection/main.go
	nginxFastCGIIndex   = regexp.MustCompile(`^[A-Za-z0-9.\-\_]+$`)                                                          // fastcgi/main.go
	nginxCiphers        = regexp.MustCompile(`^(?:(?:[A-Za-z0-9!:+\-])*(?:@STRENGTH)*(?:@SECLEVEL=[0-5])*(?:@STRENGTH)*)*$`) // sslcipher/main.go
	nginxVariable       = regexp.MustCompile(`^[A-Za-z0-9\-_\$\{\}]*$`)                                                      // NGINXVariable, upstreamhashby
	nginxAuthSecretType = regexp.MustCompile(`auth-file|auth-map`)                                                           // auth/main.go, unanchored
	nginxOperationName  = regexp.MustCompile(`^[A-Za-z0-9_\-]*$`)                                                            // opentelemetry/main.go
	nginxLoadBalance    = []string{"round_robin", "chash", "chashsubset", "sticky_balanced", "sticky_persistent", "ewma"}
)

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
