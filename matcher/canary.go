package matcher

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Canary is the traffic-shaping policy of an ingress-nginx canary Ingress
// (nginx.ingress.kubernetes.io/canary: "true"), as the dialect's
// controller reads its annotations: the request header, header value or
// pattern and cookie that send a request to the canary, and the share of
// the others it gets.
type Canary struct {
	Header        string // canary-by-header
	HeaderValue   string // canary-by-header-value
	HeaderPattern string // canary-by-header-pattern
	Cookie        string // canary-by-cookie
	// Weight of WeightTotal requests go to the canary (canary-weight,
	// canary-weight-total), WeightTotal as the controller's parser reads
	// it (ingress-nginx keeps a total under 100, which its balancer then
	// reads as 100; Traefik's provider raises it to 100).
	Weight, WeightTotal int

	// HeaderPattern compiled by Compile; nil when RE2 cannot read it (a
	// diagnostic says so). RouteRequest evaluates only the policies of
	// the Matcher's own Alternatives.
	re *regexp.Regexp
}

// readNGINXCanary reads a canary Ingress's policy as ingress-nginx does
// (internal/ingress/annotations/canary, Parse): a header, header value or
// cookie outside letters, digits and -._~/: and a pattern outside the
// regular-expression characters fail validation and read as unset (the
// parser logs it and goes on), a weight that is not an integer as 0 and a
// total as 100.
func readNGINXCanary(a map[string]string) Canary {
	// The validators match the value without its spaces (ValidateRegex's
	// removeSpace); the parser uses it trimmed.
	str := func(key string, valid *regexp.Regexp) string {
		if v := a[key]; valid.MatchString(strings.ReplaceAll(v, " ", "")) {
			return strings.TrimSpace(v)
		}
		return ""
	}
	c := Canary{
		Header:        str(nginxCanaryHeader, nginxBasicChars),
		HeaderValue:   str(nginxCanaryHeaderValue, nginxBasicChars),
		HeaderPattern: str(nginxCanaryHeaderRegex, nginxValidServerName),
		Cookie:        str(nginxCanaryCookie, nginxBasicChars),
		WeightTotal:   100,
	}
	if n, err := strconv.Atoi(a[nginxCanaryWeight]); err == nil {
		c.Weight = n
	}
	if n, err := strconv.Atoi(a[nginxCanaryWeightTotal]); err == nil {
		c.WeightTotal = n
	}
	c.compile()
	return c
}

// readTINCanary reads a canary Ingress's policy as Traefik's ingress-nginx
// provider does (build.go): the strings as written, an integer that does
// not parse as unset, the total at least 100 and the weight within 0 and
// the total.
func readTINCanary(a map[string]string) Canary {
	atoi := func(key string) int {
		n, _ := strconv.Atoi(a[key])
		return n
	}
	c := Canary{
		Header: a[nginxCanaryHeader], HeaderValue: a[nginxCanaryHeaderValue],
		HeaderPattern: a[nginxCanaryHeaderRegex], Cookie: a[nginxCanaryCookie],
		WeightTotal: max(atoi(nginxCanaryWeightTotal), 100),
	}
	c.Weight = min(max(atoi(nginxCanaryWeight), 0), c.WeightTotal)
	c.compile()
	return c
}

// compile compiles HeaderPattern, bounded as every expression of the
// package is.
func (c *Canary) compile() {
	if c.HeaderPattern != "" {
		c.re, _ = dialectRegex(c.HeaderPattern)
	}
}

// String says when the controller picks the canary, in the order it
// tests: "header X-Canary: always, else cookie canary: always, else
// weight 20 of 100".
func (c Canary) String() string {
	var when []string
	if c.Header != "" {
		switch {
		case c.HeaderValue != "":
			when = append(when, fmt.Sprintf("header %s: %s", c.Header, c.HeaderValue))
		case c.HeaderPattern != "":
			when = append(when, fmt.Sprintf("header %s matches %s", c.Header, c.HeaderPattern))
		default:
			when = append(when, fmt.Sprintf("header %s: always", c.Header))
		}
	}
	if c.Cookie != "" {
		when = append(when, fmt.Sprintf("cookie %s: always", c.Cookie))
	}
	if c.Weight > 0 {
		when = append(when, fmt.Sprintf("weight %d of %d", c.Weight, c.total()))
	}
	if len(when) == 0 {
		return "never (no canary-by-header, canary-by-cookie or canary-weight)"
	}
	return strings.Join(when, ", else ")
}

// total is the weight total both controllers use: at least 100.
func (c *Canary) total() int { return max(c.WeightTotal, 100) }

// canaryPick is what a controller does with a request a canary could take.
type canaryPick uint8

const (
	pickPrimary  canaryPick = iota // the route's own backend
	pickCanary                     // the canary's
	pickWeighted                   // either: the canary Weight of total times
)

// byWeight is the pick of a request that no header or cookie decides:
// math.random(total) <= weight in ingress-nginx's balancer.lua; a
// weighted round robin of total-weight and weight in Traefik, where a
// service of weight 0 is never added.
func (c *Canary) byWeight() canaryPick {
	switch {
	case c.Weight <= 0:
		return pickPrimary
	case c.Weight >= c.total():
		return pickCanary
	}
	return pickWeighted
}

// nginxPick is ingress-nginx's route_to_alternative_balancer
// (rootfs/etc/nginx/lua/balancer.lua) for the first alternative of an
// upstream: the header, when the request has it: equal to HeaderValue,
// else matching HeaderPattern (PCRE there, RE2 here), else "always" picks
// the canary and "never" the primary, anything else goes on; then the
// cookie: "always" or "never"; then the weight. Session affinity is not
// modelled.
func (c *Canary) nginxPick(h http.Header) canaryPick {
	if c.Header != "" {
		if v, ok := nginxHeaderVar(h, c.Header); ok {
			switch {
			case c.HeaderValue != "":
				if v == c.HeaderValue {
					return pickCanary
				}
			case c.HeaderPattern != "":
				if c.re != nil && c.re.MatchString(v) {
					return pickCanary
				}
			case v == "always":
				return pickCanary
			case v == "never":
				return pickPrimary
			}
		}
	}
	if c.Cookie != "" {
		switch v, _ := nginxCookieVar(h, c.Cookie); v {
		case "always":
			return pickCanary
		case "never":
			return pickPrimary
		}
	}
	return c.byWeight()
}

// nginxHeaderVar is nginx's $http_<name> as Lua reads it (ngx.var
// lower-cases the name, the template replaced '-' by '_'): the values of
// the request headers whose names, lower-cased with '-' as '_', are that
// name, joined by ", " (nginx 1.23 and later). nginx drops a header whose
// name has a byte other than a letter, digit or '-' (ignore_invalid_headers
// on, underscores_in_headers off: ingress-nginx's defaults).
func nginxHeaderVar(h http.Header, name string) (string, bool) {
	want := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	var keys []string
	for k := range h {
		if len(k) == len(want) && nginxHeaderName(k) == want {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", false
	}
	slices.Sort(keys)
	var vals []string
	for _, k := range keys {
		vals = append(vals, h[k]...)
	}
	return strings.Join(vals, ", "), true
}

// nginxHeaderName is a request header name as nginx's variables name it
// (lower case, '-' as '_'), or "" for a name nginx drops.
func nginxHeaderName(k string) string {
	b := make([]byte, len(k))
	for i := range len(k) {
		switch c := k[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b[i] = c
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c == '-':
			b[i] = '_'
		default:
			return ""
		}
	}
	return string(b)
}

// nginxCookieVar is nginx's $cookie_<name> (ngx_http_parse_multi_header_lines,
// nginx 1.23 and later): in each Cookie header in order, the first pair
// whose name is name in any case, spaces allowed around '=', its value up
// to the next ';' (spaces after it kept); pairs are separated by ';' or
// ','.
func nginxCookieVar(h http.Header, name string) (string, bool) {
	for _, line := range h.Values("Cookie") {
		for s := line; s != ""; {
			if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
				rest := strings.TrimLeft(s[len(name):], " ")
				if v, ok := strings.CutPrefix(rest, "="); ok {
					v = strings.TrimLeft(v, " ")
					if i := strings.IndexByte(v, ';'); i >= 0 {
						v = v[:i]
					}
					return v, true
				}
			}
			i := strings.IndexAny(s, ";,")
			if i < 0 {
				break
			}
			s = strings.TrimLeft(s[i+1:], " ")
		}
	}
	return "", false
}

// tinTerm is one test of a canary router's rule (translator.go,
// appendCanaryRule and appendNonCanaryRule), as Traefik's muxer runs it:
// Header(key, value) — a value of the header equal to value — or
// HeaderRegexp(key, re) — a value matching re —, and, when unless is set,
// && !Header(unless, "never").
type tinTerm struct {
	key, value, unless string // keys canonical (http.CanonicalHeaderKey)
	re                 *regexp.Regexp
}

// tinCond is the condition of a canary router: any of its terms.
type tinCond []tinTerm

func (c tinCond) match(h http.Header) bool {
	for _, t := range c {
		vals := h[t.key]
		ok := false
		if t.re != nil {
			ok = slices.ContainsFunc(vals, t.re.MatchString)
		} else {
			ok = slices.Contains(vals, t.value)
		}
		if ok && (t.unless == "" || !slices.Contains(h[t.unless], "never")) {
			return true
		}
	}
	return false
}

// tinCanaryRules returns the conditions Traefik's ingress-nginx provider
// adds to a location's rule for its canary router (served by the canary)
// and its non-canary router (served by the location's own Service), with
// the text each adds to the rule; a nil condition is no router. ok is false
// when a regular expression of the canary rule does not compile: Traefik
// refuses that router.
func tinCanaryRules(c *Canary) (canary, nonCanary tinCond, canaryText, nonCanaryText string, ok bool) {
	q := strconv.Quote
	hdr := http.CanonicalHeaderKey(c.Header)
	plainHeader := c.Header != "" && c.HeaderValue == "" && c.HeaderPattern == ""
	var texts []string
	ok = true
	if c.Header != "" {
		switch {
		case c.HeaderValue == "" && c.HeaderPattern != "":
			re, err := dialectRegex(c.HeaderPattern)
			ok = err == nil // Traefik refuses the canary router, not the other
			canary = append(canary, tinTerm{key: hdr, re: re})
			texts = append(texts, "HeaderRegexp("+q(c.Header)+", "+q(c.HeaderPattern)+")")
		case c.HeaderValue != "":
			canary = append(canary, tinTerm{key: hdr, value: c.HeaderValue})
			texts = append(texts, "Header("+q(c.Header)+", "+q(c.HeaderValue)+")")
		default:
			canary = append(canary, tinTerm{key: hdr, value: "always"})
			texts = append(texts, "Header("+q(c.Header)+`, "always")`)
		}
	}
	if c.Cookie != "" {
		expr := `(^|;\s*)` + regexp.QuoteMeta(c.Cookie) + `=always(;|$)`
		re, err := dialectRegex(expr)
		ok = ok && err == nil
		t := tinTerm{key: "Cookie", re: re}
		text := `HeaderRegexp("Cookie", ` + q(expr) + ")"
		if plainHeader {
			t.unless = hdr
			text = "(" + text + " && !Header(" + q(c.Header) + `, "never"))`
		}
		canary = append(canary, t)
		texts = append(texts, text)
	}
	canaryText = strings.Join(texts, " || ")
	if c.Weight > 0 && (plainHeader || c.Cookie != "") {
		texts = texts[:0]
		if plainHeader {
			nonCanary = append(nonCanary, tinTerm{key: hdr, value: "never"})
			texts = append(texts, "Header("+q(c.Header)+`, "never")`)
		}
		if c.Cookie != "" {
			expr := `(^|;\s*)` + regexp.QuoteMeta(c.Cookie) + `=never(;|$)`
			re, err := dialectRegex(expr)
			if err != nil {
				return canary, nil, canaryText, "", ok
			}
			nonCanary = append(nonCanary, tinTerm{key: "Cookie", re: re})
			texts = append(texts, `HeaderRegexp("Cookie", `+q(expr)+")")
		}
		nonCanaryText = strings.Join(texts, " || ")
	}
	return canary, nonCanary, canaryText, nonCanaryText, ok
}
