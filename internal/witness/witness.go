package witness

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Reading is how a controller reads a path as a regular expression: which
// part of the request path the expression must match, and whether letters
// match regardless of case.
type Reading uint8

const (
	// FullMatch reads the expression as matching the whole path, case
	// sensitively, as Contour and Envoy read a safe_regex and the Gateway
	// API reads a RegularExpression path: ^(?:re)$.
	FullMatch Reading = iota
	// PrefixFold reads the expression as matching the start of the path,
	// ignoring case, as ingress-nginx does with `location ~* "^re"`:
	// (?i)^(?:re).
	PrefixFold
	// Prefix reads the expression as written, with Go's RE2 semantics, as
	// Traefik's PathRegexp and HAProxy's regex matching do: anchored at the
	// start only if it starts with ^, and otherwise matching anywhere in
	// the path.
	Prefix
)

// name returns the constant's name, for error messages.
func (r Reading) name() string {
	switch r {
	case FullMatch:
		return "FullMatch"
	case PrefixFold:
		return "PrefixFold"
	case Prefix:
		return "Prefix"
	}
	return fmt.Sprintf("Reading(%d)", uint8(r))
}

// Bounds on the work For and Matches do.
const (
	// maxExpr is the longest expression accepted, in bytes.
	maxExpr = 4096
	// maxProgram bounds the estimated number of instructions of the
	// compiled expression: compiling costs time and memory in proportion,
	// and matching a path may cost its length times the program. Repeats
	// multiply (".{0,1000}" is some 2000 instructions), so without it a
	// 4096-byte expression compiles to some two million instructions
	// (a second and 300 MB). It is twice what package regexbound lets the
	// matcher compile, so that For refuses no expression the matcher
	// accepts; within it, checking the witnesses of an expression made to
	// be costly takes about a second.
	maxProgram = 8192
	// maxWitness is the longest witness For returns, in bytes.
	maxWitness = 8192
)

// Errors For and Matches wrap, so that tests can tell the reasons apart.
var (
	errTooLarge = errors.New("expression too large")
	errTooLong  = errors.New("witness longer than 8192 bytes")
	errNoMatch  = errors.New("expression matches nothing")
	errRejected = errors.New("the walk built a string the reading does not match")
	errNoPath   = errors.New("no request path")
)

// parse parses re with the flags regexp.Compile uses and refuses it if it
// is over the bounds.
func parse(re string) (*syntax.Regexp, error) {
	if len(re) > maxExpr {
		return nil, fmt.Errorf("witness: expression of %d bytes: %w (the bound is %d bytes)", len(re), errTooLarge, maxExpr)
	}
	tree, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	if n := program(tree); n > maxProgram {
		return nil, fmt.Errorf("witness: %q: %w: its program has some %d instructions (the bound is %d)", re, errTooLarge, n, maxProgram)
	}
	return tree, nil
}

// compile compiles re under the reading. re is parsed on its own first, so
// that the reading's wrapping cannot change its meaning: "a)|(b" does not
// parse, though "^(?:a)|(b)$" does.
func compile(re string, r Reading) (*regexp.Regexp, error) {
	if r > Prefix {
		return nil, fmt.Errorf("witness: unknown reading %s", r.name())
	}
	if _, err := parse(re); err != nil {
		return nil, err
	}
	expr := re
	switch r {
	case FullMatch:
		expr = `^(?:` + re + `)$`
	case PrefixFold:
		expr = `(?i)^(?:` + re + `)`
	}
	rx, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	return rx, nil
}

// Matches reports whether path matches re under the reading. The error
// says why re cannot be checked: it does not compile, or it is over the
// bounds For applies to an expression (see the package documentation).
func Matches(re string, r Reading, path string) (bool, error) {
	rx, err := compile(re, r)
	if err != nil {
		return false, err
	}
	return rx.MatchString(path), nil
}

// A Witness is a request path derived from a regular expression, with how
// it was derived and whether the expression matches it.
//
// How is one of "the shortest match", "a longer match", "the case flipped",
// "one element deeper", "one byte appended", "a near miss: the last
// character removed" and "a near miss: one literal byte changed". The
// shortest and the longer match always match; For returns an error rather
// than one that does not. The case flipped, one element deeper and one byte
// appended are expected to match, but need not: "(?-i)" turns case folding
// off, and "$" or "\b" can end the match. Near misses are expected not to
// match, but may. Match says what Matches answered in every case.
type Witness struct {
	// Path is the decoded request path, starting with '/'. It holds no
	// NUL or newline; the caller percent-encodes what a request line
	// cannot carry as is.
	Path string
	// How says how Path was derived from the expression.
	How string
	// Reading is the reading Path was made for and checked under.
	Reading Reading
	// Match reports whether the expression matches Path under Reading.
	Match bool
}

// The values of Witness.How.
const (
	howShortest = "the shortest match"
	howLonger   = "a longer match"
	howFlipped  = "the case flipped"
	howDeeper   = "one element deeper"
	howAppended = "one byte appended"
	howShorter  = "a near miss: the last character removed"
	howChanged  = "a near miss: one literal byte changed"
)

// For returns witnesses of re under the reading: the shortest path re
// matches; a longer one, with every quantifier taken once more and a
// different alternative and character where there is one; for PrefixFold,
// the shortest with the case of its ASCII letters flipped; for PrefixFold
// and Prefix, the shortest one element deeper ("/deeper" appended, or
// "deeper" after a trailing '/') and with one byte ("x") appended; and two
// near misses: the shortest with its last character removed, and with one
// byte that a literal of re put there changed. Each witness is checked as
// Matches checks it, with re compiled once. A path is returned once: when
// the longer walk builds the shortest again, as for "/b$", there is no
// longer match.
//
// The error says why no witness could be made: re does not parse with Go's
// RE2 syntax, is over the bounds (see the package documentation), matches
// nothing, needs a NUL or newline where the walk goes, or matches no
// string starting with '/' that the walk can build; or the walk built a string
// that the reading rejects, because an empty-width assertion rules it out
// ("$/a", "/a\bb"). The error names re and that string.
func For(re string, r Reading) ([]Witness, error) {
	if r > Prefix {
		return nil, fmt.Errorf("witness: unknown reading %s", r.name())
	}
	tree, err := parse(re)
	if err != nil {
		return nil, err
	}
	w := newWalker(tree)
	root := w.facts[tree]
	if !root.viable {
		return nil, fmt.Errorf("witness: %q: %w", re, errNoMatch)
	}
	if root.min > maxWitness {
		return nil, fmt.Errorf("witness: %q: %w: its shortest match has %d bytes or more", re, errTooLong, root.min)
	}
	short, lit, err := w.build(tree, false)
	if err != nil {
		return nil, fmt.Errorf("witness: %q: %w", re, err)
	}
	long, _, err := w.build(tree, true)
	if err != nil {
		return nil, fmt.Errorf("witness: %q: %w", re, err)
	}
	rx, err := compile(re, r)
	if err != nil {
		return nil, err
	}
	shortest, offset, err := asPath(rx, re, r, howShortest, short)
	if err != nil {
		return nil, err
	}
	longer, _, err := asPath(rx, re, r, howLonger, long)
	if err != nil {
		return nil, err
	}

	// asPath has checked that the reading matches the shortest.
	ws := []Witness{{Path: shortest, How: howShortest, Reading: r, Match: true}}
	var tooLong error
	add := func(path, how string) {
		if len(path) > maxWitness {
			tooLong = fmt.Errorf("witness: %q: %w: %s has %d bytes", re, errTooLong, how, len(path))
			return
		}
		for _, x := range ws {
			if x.Path == path {
				return
			}
		}
		ws = append(ws, Witness{Path: path, How: how, Reading: r, Match: rx.MatchString(path)})
	}
	add(longer, howLonger)
	if r == PrefixFold {
		if f := FlipCase(shortest); f != shortest {
			add(f, howFlipped)
		}
	}
	if r != FullMatch {
		if strings.HasSuffix(shortest, "/") {
			add(shortest+"deeper", howDeeper)
		} else {
			add(shortest+"/deeper", howDeeper)
		}
		add(shortest+"x", howAppended)
	}
	if _, n := utf8.DecodeLastRuneInString(shortest); len(shortest) > n {
		add(shortest[:len(shortest)-n], howShorter)
	}
	if c, ok := changeLiteral(shortest, lit, offset); ok {
		add(c, howChanged)
	}
	if tooLong != nil {
		return nil, tooLong
	}
	return ws, nil
}

// asPath turns a string the walk built into a request path: s itself if it
// starts with '/', or else "/"+s. The reading must match the path; offset
// is where s starts in it.
func asPath(rx *regexp.Regexp, re string, r Reading, how, s string) (path string, offset int, err error) {
	if i := strings.IndexAny(s, "\x00\n"); i >= 0 {
		return "", 0, fmt.Errorf("witness: %q: %w: %s %q holds %q, which a request path cannot carry", re, errNoPath, how, s, s[i])
	}
	if strings.HasPrefix(s, "/") {
		if !rx.MatchString(s) {
			return "", 0, fmt.Errorf("witness: %q under %s: %w: %s %q", re, r.name(), errRejected, how, s)
		}
		return s, 0, nil
	}
	if p := "/" + s; rx.MatchString(p) {
		return p, 1, nil
	}
	return "", 0, fmt.Errorf("witness: %q under %s: %w: %s %q does not start with '/', and %q does not match", re, r.name(), errNoPath, how, s, "/"+s)
}

// FlipCase returns path with the case of its ASCII letters flipped.
func FlipCase(path string) string {
	b := []byte(path)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// changeLiteral changes one byte of path that a literal of the expression
// put there: the last such letter or digit, or failing one, the last such
// byte but the leading '/'. lit marks the literal bytes of the walk's
// string, which starts at offset in path. A letter becomes the next letter
// ('z' becomes 'a'), a digit the next digit, anything else 'x'.
func changeLiteral(path string, lit []bool, offset int) (string, bool) {
	at := -1
	for i := len(lit) - 1; i >= 0; i-- {
		if !lit[i] || i+offset == 0 {
			continue
		}
		if c := path[i+offset]; isAlnum(c) {
			at = i + offset
			break
		}
		if at < 0 {
			at = i + offset
		}
	}
	if at < 0 {
		return "", false
	}
	b := []byte(path)
	switch c := b[at]; {
	case c == 'z':
		b[at] = 'a'
	case c == 'Z':
		b[at] = 'A'
	case c == '9':
		b[at] = '0'
	case isAlnum(c):
		b[at] = c + 1
	default:
		b[at] = 'x'
	}
	return string(b), true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
