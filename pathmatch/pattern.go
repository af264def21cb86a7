package pathmatch

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/ingresslib/ingress/internal/pathtype"
	"github.com/ingresslib/ingress/internal/regexbound"
	networkingv1 "k8s.io/api/networking/v1"
)

// Interpretation says how ImplementationSpecific paths are matched. The zero
// value is [AsPrefix], this library's default; the others come from the
// functions named As…. An Interpretation never changes how Exact and Prefix
// paths match.
type Interpretation struct {
	kind interpretationKind
	fn   func(pattern, path string) bool
}

type interpretationKind uint8

const (
	kindPrefix interpretationKind = iota
	kindExact
	kindStringPrefix
	kindRegex
	kindRegexFold
	kindFunc
)

var kindNames = [...]string{"Prefix", "Exact", "StringPrefix", "Regex", "RegexFold", "Func"}

// String returns the interpretation's name: Prefix, Exact, StringPrefix,
// Regex, RegexFold or Func.
func (i Interpretation) String() string { return kindNames[i.kind] }

// AsPrefix reads ImplementationSpecific as Prefix (the default; Contour,
// Traefik and the Gateway API's PathPrefix behave so).
func AsPrefix() Interpretation { return Interpretation{kind: kindPrefix} }

// AsExact reads ImplementationSpecific as Exact (Istio behaves so).
func AsExact() Interpretation { return Interpretation{kind: kindExact} }

// AsStringPrefix reads ImplementationSpecific as a plain string prefix with no
// regard for '/': /foo matches /foobar (nginx "location /foo" behaves so).
func AsStringPrefix() Interpretation { return Interpretation{kind: kindStringPrefix} }

// AsRegex reads ImplementationSpecific as an RE2 regular expression matched
// case-sensitively from the start of the request path (like nginx
// "location ~ ^pattern"); it need not match the whole path. A pattern that
// does not compile, or whose matching would cost more than the bound of
// [ErrRegexTooLarge], makes [Compile] fail.
func AsRegex() Interpretation { return Interpretation{kind: kindRegex} }

// AsRegexFold is [AsRegex] matched case-insensitively (like nginx
// "location ~* ^pattern", which ingress-nginx emits for use-regex).
func AsRegexFold() Interpretation { return Interpretation{kind: kindRegexFold} }

// AsFunc reads ImplementationSpecific with the caller's function, which
// reports whether the pattern matches the request path. It is called with
// "/" for an empty request path. The function must be safe for concurrent
// use and must not retain its arguments.
func AsFunc(match func(pattern, path string) bool) Interpretation {
	return Interpretation{kind: kindFunc, fn: match}
}

// The bound on what matching a regular expression may cost. Go's regexp
// runs in time linear in the request path times the number of program
// instructions a match may revisit at every byte: those inside or after a
// loop, an optional part or a bounded repeat, or all of them in an
// expression not anchored at the start (literal text and classes at a
// fixed position cost once, whatever their length). That number is the
// expression's width. Every regular expression this module compiles from an
// Ingress — [AsRegex] and [AsRegexFold] here, and the expressions the
// matcher's dialects write for a controller — is refused when its width
// exceeds MaxRegexWidth or its program exceeds MaxRegexProgram
// instructions, so that matching any accepted expression against a path of
// n bytes costs O(n × MaxRegexWidth + MaxRegexProgram): on an 8 to 64 KB
// path at most 100 times what "/(?:.*)x" costs, where "/(?:.{0,1000}){8}x"
// would cost thousands of times more.
const (
	MaxRegexWidth   = regexbound.MaxWidth
	MaxRegexProgram = regexbound.MaxProgram
)

// ErrRegexTooLarge is wrapped by the error of [Compile] for a regular
// expression over [MaxRegexWidth] or [MaxRegexProgram]; test it with
// errors.Is.
var ErrRegexTooLarge = regexbound.ErrTooLarge

// Pattern is a compiled Ingress path: its type, its pattern and, for
// ImplementationSpecific, the [Interpretation] it is matched with. The zero
// Pattern matches nothing. A Pattern is immutable and safe for concurrent use.
type Pattern struct {
	pathType networkingv1.PathType
	text     string
	// how matches: Exact, Prefix, StringPrefix, Regex (both cases) or Func.
	how interpretationKind
	re  *regexp.Regexp
	fn  func(pattern, path string) bool
	ok  bool
}

// Compile returns the Pattern for a path of the given type. The Interpretation
// applies only when pathType is ImplementationSpecific. Compile fails for a
// path type other than Exact, Prefix and ImplementationSpecific, for an
// ImplementationSpecific regular expression that does not compile or is
// over the bound of [ErrRegexTooLarge], and for [AsFunc] with a nil
// function.
func Compile(pathType networkingv1.PathType, pattern string, is Interpretation) (Pattern, error) {
	p := Pattern{pathType: pathType, text: pattern, ok: true}
	switch pathType {
	case networkingv1.PathTypeExact:
		p.how = kindExact
	case networkingv1.PathTypePrefix:
		p.how = kindPrefix
	case networkingv1.PathTypeImplementationSpecific:
		p.how = is.kind
		switch is.kind {
		case kindRegex, kindRegexFold:
			expr := "^(?:" + pattern + ")"
			if is.kind == kindRegexFold {
				expr = "(?i)" + expr
			}
			re, _, err := regexbound.Compile(expr)
			switch {
			case errors.Is(err, ErrRegexTooLarge):
				return Pattern{}, fmt.Errorf("pathmatch: ImplementationSpecific path %q as a regular expression: %w", pattern, err)
			case err != nil:
				return Pattern{}, fmt.Errorf("pathmatch: ImplementationSpecific path %q is not a valid RE2 regular expression: %w", pattern, err)
			}
			p.re = re
		case kindFunc:
			if is.fn == nil {
				return Pattern{}, fmt.Errorf("pathmatch: ImplementationSpecific path %q: AsFunc was given a nil function", pattern)
			}
			p.fn = is.fn
		}
	case "":
		return Pattern{}, fmt.Errorf("pathmatch: path %q has no pathType", pattern)
	default:
		return Pattern{}, fmt.Errorf("pathmatch: path %q has pathType %q; want Exact, Prefix or ImplementationSpecific", pattern, pathType)
	}
	return p, nil
}

// MustCompile is like [Compile] but panics if the pattern cannot be compiled.
// It is meant for patterns written in the program, as with regexp.MustCompile.
func MustCompile(pathType networkingv1.PathType, pattern string, is Interpretation) Pattern {
	p, err := Compile(pathType, pattern, is)
	if err != nil {
		panic(err)
	}
	return p
}

// Type returns the declared path type.
func (p Pattern) Type() networkingv1.PathType { return p.pathType }

// String returns the pattern as written in the Ingress.
func (p Pattern) String() string { return p.text }

// Interpretation returns how the pattern is matched: Exact, Prefix,
// StringPrefix, Regex, RegexFold or Func. For Exact and Prefix paths it is
// their own type.
func (p Pattern) Interpretation() Interpretation {
	return Interpretation{kind: p.how, fn: p.fn}
}

// Match reports whether the pattern matches the request path. An empty
// request path is read as "/".
func (p Pattern) Match(path string) bool {
	if !p.ok {
		return false
	}
	if path == "" {
		path = "/"
	}
	switch p.how {
	case kindExact:
		return p.text == path
	case kindPrefix:
		return MatchPrefix(p.text, path)
	case kindStringPrefix:
		return MatchStringPrefix(p.text, path)
	case kindRegex, kindRegexFold:
		return p.re.MatchString(path)
	default:
		return p.fn(p.text, path)
	}
}

// Len returns the length used by precedence step 1: the pattern's size in
// bytes, measured without one trailing '/' when the pattern is matched as
// Prefix (so Prefix /foo and /foo/ both have length 4, and Prefix / has 0).
// For a pattern that [Pattern.Key] can index, Len is the length of its key.
func (p Pattern) Len() int {
	key, _, _ := p.Key()
	return len(key)
}

// Continuation is a set of the ways a request path may go on after the key
// of a [Pattern] for the pattern to match it.
type Continuation uint8

const (
	// AtEnd: the request path ends where the key ends.
	AtEnd Continuation = 1 << iota
	// AtSlash: the request path goes on with '/'.
	AtSlash
	// AtAny: the request path goes on with any byte other than '/'.
	AtAny
)

// Key returns how the pattern can be found by looking up prefixes of a
// request path in a table, as the matcher package does: the pattern matches
// a request path exactly when the path starts with key and what follows the
// key is one of the continuations in at. The key's length is the pattern's
// precedence length ([Pattern.Len]).
//
//	pattern                                   key          at
//	Exact /foo                                /foo         AtEnd
//	Prefix /foo/ (or /foo)                    /foo         AtEnd|AtSlash
//	Prefix /                                  ""           AtEnd|AtSlash
//	ImplementationSpecific, AsStringPrefix    the pattern  AtEnd|AtSlash|AtAny
//
// ImplementationSpecific read as Prefix or Exact is keyed like Prefix or
// Exact. ok is false for patterns no key describes — regular expressions,
// caller functions, the zero Pattern — whose key is their text.
func (p Pattern) Key() (key string, at Continuation, ok bool) {
	if !p.ok {
		return p.text, 0, false
	}
	return keyOf(p.how, p.text)
}

func keyOf(how interpretationKind, text string) (string, Continuation, bool) {
	switch how {
	case kindExact:
		return text, AtEnd, true
	case kindPrefix:
		return trimPrefix(text), AtEnd | AtSlash, true
	case kindStringPrefix:
		return text, AtEnd | AtSlash | AtAny, true
	case kindRegex, kindRegexFold, kindFunc:
		return text, 0, false // tried one by one (TestEveryKindDecided)
	}
	return text, 0, false
}

// Compare orders two patterns by precedence steps 1 and 2 (see the package
// documentation): it returns -1 when a takes precedence over b, +1 when b
// takes precedence over a, and 0 when they tie. Sorting with
// slices.SortFunc(patterns, Compare) puts the pattern that wins first.
// Compare says nothing about whether either pattern matches a request: apply
// it to the patterns that do.
func Compare(a, b Pattern) int {
	if la, lb := a.Len(), b.Len(); la != lb {
		if la > lb {
			return -1
		}
		return +1
	}
	ra, rb := pathtype.Rank(a.pathType), pathtype.Rank(b.pathType)
	switch {
	case ra < rb:
		return -1
	case ra > rb:
		return +1
	}
	return 0
}
