package matcher

// What ingress-nginx does to a request it forwards, besides choosing the
// backend: the path after rewrite-target, the X-Forwarded-Prefix and Host
// headers, the protocol, external and basic authentication, and the
// backend that answers instead (default-backend, custom-http-errors).
// readNGINXForwarding reads the annotations as the controller's parsers
// do (internal/ingress/annotations); nginxForwarding.action puts them on a
// location's Action; nginxEngine.forward fills in, for one request, what
// depends on it: the groups of the location's expression in the rewritten
// path and the prefix, the sign-in redirect's URL, and the 302 of a
// rewrite-target that is a URL.

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
)

const (
	nginxXForwardedPrefix = NGINXAnnotationPrefix + "x-forwarded-prefix"
	nginxUpstreamVhost    = NGINXAnnotationPrefix + "upstream-vhost"
	nginxBackendProtocol  = NGINXAnnotationPrefix + "backend-protocol"
	nginxAuthURL          = NGINXAnnotationPrefix + "auth-url"
	nginxAuthMethod       = NGINXAnnotationPrefix + "auth-method"
	nginxAuthSignin       = NGINXAnnotationPrefix + "auth-signin"
	nginxAuthSigninParam  = NGINXAnnotationPrefix + "auth-signin-redirect-param"
	nginxAuthSecret       = NGINXAnnotationPrefix + "auth-secret"
	nginxDefaultBackend   = NGINXAnnotationPrefix + "default-backend"
	nginxCustomHTTPErrors = NGINXAnnotationPrefix + "custom-http-errors"
)

// The values the parsers accept: backendprotocol (validProtocols, any case,
// trimmed), authreq (methodsRegex, unanchored), and the characters of
// ValidateServerName (upstream-vhost).
var (
	nginxProtocols   = []string{"AUTO_HTTP", "HTTP", "HTTPS", "GRPC", "GRPCS", "FCGI"}
	nginxAuthMethods = regexp.MustCompile(`GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE`)
)

// nginxForwarding is what a location's annotations ask of the requests it
// forwards.
type nginxForwarding struct {
	upstream       Upstream // without the expression: the location adds it
	auth           *Auth
	defaultBackend string
	errorCodes     []int
	// deniedBy is the annotation whose value makes the controller deny
	// the location ("return 503;"), and why; "" when none does.
	deniedBy, deniedWhy string
}

// nginxValue is an annotation's value as the parsers read strings
// (parser.GetStringAnnotation, normalizeString): each line trimmed; ""
// when absent or blank.
func nginxValue(a map[string]string, key string) string {
	v := a[key]
	if !strings.Contains(v, "\n") {
		return strings.TrimSpace(v)
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	if v = strings.Join(lines, "\n"); strings.Trim(v, "\n") == "" {
		return ""
	}
	return v
}

func readNGINXForwarding(a map[string]string) nginxForwarding {
	var f nginxForwarding
	// x-forwarded-prefix: RegexPathWithCapture, else absent.
	if v := nginxValue(a, nginxXForwardedPrefix); nginxPathWithCapture.MatchString(v) {
		f.upstream.ForwardedPrefix = v
	}
	// upstream-vhost: ValidateServerName, else absent.
	if v := nginxValue(a, nginxUpstreamVhost); nginxValidServerName.MatchString(v) {
		f.upstream.Host = v
	}
	// backend-protocol: one of validProtocols, else HTTP.
	if v := strings.ToUpper(nginxValue(a, nginxBackendProtocol)); v != "HTTP" {
		for _, p := range nginxProtocols {
			if v == p {
				f.upstream.Protocol = v
			}
		}
	}
	// custom-http-errors: the Ingress is refused when the list does not
	// validate (nginxRefusedValue); an empty entry ("404,") is an Atoi
	// error, and the parser's error drops the annotation.
	if v := nginxValue(a, nginxCustomHTTPErrors); v != "" && nginxHTTPErrors.MatchString(v) {
		var codes []int
		for _, c := range strings.Split(v, ",") {
			n, err := strconv.Atoi(c)
			if err != nil {
				codes = nil
				break
			}
			codes = append(codes, n)
		}
		f.errorCodes = codes
	}
	// default-backend: a Service name the Ingress is refused without
	// (nginxRefusedValue); the Service must exist for the controller to
	// use it, which is the cluster's to say.
	f.defaultBackend = nginxValue(a, nginxDefaultBackend)
	// auth-url (authreq, Parse): a URL with a scheme and a host, else
	// the location is denied; auth-method must name a method.
	if v := nginxValue(a, nginxAuthURL); v != "" {
		u, err := url.Parse(v)
		switch {
		case err != nil || u.Scheme == "" || u.Host == "" || strings.Contains(u.Host, ".."):
			f.deniedBy, f.deniedWhy = nginxAuthURL, "is not a URL with a scheme and a host"
		case nginxValue(a, nginxAuthMethod) != "" && !nginxAuthMethods.MatchString(nginxValue(a, nginxAuthMethod)):
			f.deniedBy, f.deniedWhy = nginxAuthMethod, "is not an HTTP method"
		case a[NGINXAnnotationPrefix+"auth-response-headers"] != "" && !nginxHeaderNames.MatchString(strings.ReplaceAll(a[NGINXAnnotationPrefix+"auth-response-headers"], " ", "")):
			f.deniedBy, f.deniedWhy = NGINXAnnotationPrefix+"auth-response-headers", "is not a list of header names"
		case nginxAuthDropped(a):
			// The parser's error is no validation error: Extract drops the
			// external authentication, and the location is open.
		default:
			f.auth = &Auth{URL: v, Method: nginxValue(a, nginxAuthMethod)}
			if s := nginxValue(a, nginxAuthSignin); s != "" && nginxURLWithVariable.MatchString(s) {
				param := nginxValue(a, nginxAuthSigninParam)
				if !nginxValidURL.MatchString(param) {
					param = ""
				}
				f.auth.SignIn = nginxSignInURL(s, param)
			}
		}
	}
	// auth-type (auth, Parse): "basic" or "digest" (an unanchored match,
	// the value kept as written; another value refuses the Ingress:
	// nginxRefusedValue), with the Secret of auth-secret, else the
	// location is denied.
	if t := nginxValue(a, nginxAuthType); t != "" && f.deniedBy == "" {
		st := nginxValue(a, NGINXAnnotationPrefix+"auth-secret-type")
		switch {
		case st != "" && st != "auth-file" && st != "auth-map":
			f.deniedBy, f.deniedWhy = NGINXAnnotationPrefix+"auth-secret-type", `is neither "auth-file" nor "auth-map"`
		case nginxValue(a, nginxAuthSecret) == "":
			f.deniedBy, f.deniedWhy = nginxAuthSecret, "is missing: auth-type needs the Secret of its users"
		case !nginxBasicChars.MatchString(strings.ReplaceAll(a[nginxAuthSecret], " ", "")):
			f.deniedBy, f.deniedWhy = nginxAuthSecret, "is not a Secret's namespace/name"
		default:
			if f.auth == nil {
				f.auth = &Auth{}
			}
			f.auth.Basic = t
		}
	}
	// global-rate-limit-window that is no duration denies the location,
	// with or without global-rate-limit (globalratelimit, Parse).
	if w := a[NGINXAnnotationPrefix+"global-rate-limit-window"]; w != "" && f.deniedBy == "" {
		if _, err := time.ParseDuration(w); err != nil {
			f.deniedBy, f.deniedWhy = NGINXAnnotationPrefix+"global-rate-limit-window", "is not a duration"
		}
	}
	return f
}

// nginxHeaderNames is authreq's HeadersVariable.
var nginxHeaderNames = regexp.MustCompile(`^[A-Za-z0-9-_, ]*$`)

// nginxAuthDropped reports whether the external authentication parser
// fails with an error that is no validation error (authreq, Parse:
// auth-cache-duration, auth-request-redirect, auth-always-set-cookie), so
// that the controller drops the whole of it.
func nginxAuthDropped(a map[string]string) bool {
	get := func(k string) string { return a[NGINXAnnotationPrefix+k] }
	if v := get("auth-cache-duration"); v != "" && !nginxExtendedChars.MatchString(v) {
		return true
	}
	if v := get("auth-request-redirect"); v != "" && !nginxValidURL.MatchString(strings.ReplaceAll(v, " ", "")) {
		return true
	}
	if v := get("auth-always-set-cookie"); v != "" {
		if _, err := strconv.ParseBool(v); err != nil {
			return true
		}
	}
	return false
}

// nginxExtendedChars is the parsers' ExtendedCharsRegex.
var nginxExtendedChars = regexp.MustCompile(`^[/\-\.\_\~a-zA-Z0-9\/:, ]*$`)

// nginxSignInURL is the Location of the sign-in redirect as nginx.tmpl
// writes it (template.go, buildAuthSignURL): the URL with the redirect
// parameter appended, unless the URL's query already has it.
func nginxSignInURL(signIn, param string) string {
	u, err := url.Parse(signIn)
	if err != nil {
		return ""
	}
	if param == "" {
		param = "rd"
	}
	q := u.Query()
	switch {
	case len(q) == 0:
		return signIn + "?" + param + "=" + nginxRequestURL
	case q.Get(param) != "":
		return signIn
	}
	return signIn + "&" + param + "=" + nginxRequestURL
}

// nginxRequestURL is how nginx.tmpl names the request's URL in the
// sign-in redirect.
const nginxRequestURL = "$pass_access_scheme://$http_host$escaped_request_uri"

// action adds what the location asks of the requests it forwards to a,
// which may be nil; an action that answers the request itself (a redirect,
// a status) is returned as it is. rewrite is the location's rewrite-target
// when it rewrites, re the location's expression.
func (f *nginxForwarding) action(a *Action, l *nginxLoc) *Action {
	if a != nil && (a.Redirect.Status != 0 || a.Status != 0) {
		return a
	}
	up := f.upstream
	if l.needsRewrite() {
		up.RewriteTarget, up.re = l.ann.rewrite, l.re
	} else {
		up.ForwardedPrefix = "" // buildProxyPass writes it with the rewrite only
	}
	var out Action
	if a != nil {
		out = *a
	}
	if up != (Upstream{}) {
		out.Upstream = &up
	}
	out.Auth = f.auth
	if f.defaultBackend != "" {
		out.DefaultBackend = &networkingv1.IngressServiceBackend{Name: f.defaultBackend}
	}
	out.ErrorCodes = f.errorCodes
	if out.isZero() {
		return nil
	}
	return &out
}

// nginxRewritesToURL reports whether nginx's rewrite with this target is
// a redirect (ngx_http_rewrite_module: a replacement that begins with
// http://, https:// or $scheme).
func nginxRewritesToURL(target string) bool {
	return strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "$scheme")
}

// nginxExpand writes s with nginx's $1 to $9 replaced by the groups of
// the match m of an expression in subject (an absent group is empty);
// every other '$' stays as written.
func nginxExpand(s, subject string, m []int) string {
	if strings.IndexByte(s, '$') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) || s[i+1] < '1' || s[i+1] > '9' {
			b.WriteByte(s[i])
			continue
		}
		g := int(s[i+1] - '0')
		if 2*g+1 < len(m) && m[2*g] >= 0 {
			b.WriteString(subject[m[2*g]:m[2*g+1]])
		}
		i++
	}
	return b.String()
}

// rewrite returns the path and the X-Forwarded-Prefix the rewrite makes of
// a request's path: the target and the prefix with the groups of the
// location's expression; ok is false when the expression does not match.
// nginx answers an empty path 500 (ngx_http_script_regex_end_code: "the
// rewritten URI has a zero length").
func (up *Upstream) rewrite(path string) (p, prefix string, ok bool) {
	if path == "" {
		path = "/"
	}
	m := up.re.FindStringSubmatchIndex(path)
	if m == nil {
		return "", "", false
	}
	return nginxExpand(up.RewriteTarget, path, m), nginxExpand(up.ForwardedPrefix, path, m), true
}

// forward fills in what a forwarded request's action depends on: the
// rewritten path and the prefix, and the sign-in redirect's URL.
//
// The action returned is the caller's: its Upstream, Auth, DefaultBackend
// and ErrorCodes are copies, not the Matcher's.
func forward(a *Action, r *http.Request, path string) *Action {
	if a == nil || a.Upstream == nil && a.Auth == nil && a.DefaultBackend == nil && a.ErrorCodes == nil {
		return a
	}
	out := a.forwardingCopy()
	if up := out.Upstream; up != nil && up.re != nil {
		if p, prefix, ok := up.rewrite(path); ok {
			up.Path, up.ForwardedPrefix = p, prefix
		}
	}
	if au := out.Auth; au != nil && au.SignIn != "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		au.SignIn = strings.Replace(au.SignIn, nginxRequestURL, scheme+"://"+r.Host+nginxEscapeURI(r.URL.RequestURI()), 1)
	}
	return out
}

// forwardingCopy is a copy of the action whose Upstream, Auth,
// DefaultBackend and ErrorCodes are copies too.
func (a *Action) forwardingCopy() *Action {
	out := *a
	if a.Upstream != nil {
		up := *a.Upstream
		out.Upstream = &up
	}
	if a.Auth != nil {
		au := *a.Auth
		out.Auth = &au
	}
	if a.DefaultBackend != nil {
		db := *a.DefaultBackend
		out.DefaultBackend = &db
	}
	out.ErrorCodes = slices.Clone(a.ErrorCodes)
	return &out
}

// nginxEscapeURI stands for nginx's set_escape_uri (ngx_set_misc), which
// ingress-nginx uses for the sign-in redirect: every byte but letters,
// digits and -._~ percent-encoded, in upper case. set-misc's own table
// leaves a few more punctuation characters as they are; that is not
// modelled.
func nginxEscapeURI(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
