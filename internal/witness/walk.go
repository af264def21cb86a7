package witness

import (
	"regexp/syntax"
	"sort"
	"unicode"
	"unicode/utf8"
)

// huge is where the sizes below saturate: far above every bound, far
// below overflow.
const huge = 1 << 40

func add(a, b int) int { return min(a+b, huge) }

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= huge/b {
		return huge
	}
	return a * b
}

// program estimates the number of instructions re compiles to. It follows
// Simplify, which expands x{n,m} into n copies of x and m-n nested x?, and
// the compiler, which spends one instruction per rune of a literal, two per
// capture and one per loop or alternative.
func program(re *syntax.Regexp) int {
	n := 2 // match and fail
	var walk func(re *syntax.Regexp) int
	walk = func(re *syntax.Regexp) int {
		switch re.Op {
		case syntax.OpLiteral:
			return max(len(re.Rune), 1)
		case syntax.OpCapture:
			return add(walk(re.Sub[0]), 2)
		case syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
			return add(walk(re.Sub[0]), 1)
		case syntax.OpConcat, syntax.OpAlternate:
			s := len(re.Sub) - 1
			if re.Op == syntax.OpConcat {
				s = 0
			}
			for _, sub := range re.Sub {
				s = add(s, walk(sub))
			}
			return s
		case syntax.OpRepeat:
			s := walk(re.Sub[0])
			if re.Max == -1 {
				return add(mul(max(re.Min, 1), s), 1)
			}
			return add(mul(re.Min, s), mul(re.Max-re.Min, add(s, 1)))
		}
		return 1
	}
	return add(n, walk(re))
}

// facts are what the walks need to know of a node before they walk it.
type facts struct {
	// min is the length in bytes of the shortest walk's string,
	// saturated at huge.
	min int
	// viable says whether the node matches anything at all: false for
	// an empty character class, and for what must go through one.
	viable bool
	// alt and other are, for an alternation, the shortest viable
	// alternative (the first of equals) and the first other viable
	// alternative (alt if there is none).
	alt, other int
	// c1 and c2 are, for a character class, the characters the shortest
	// and the longer walk take.
	c1, c2 rune
}

// A walker builds the strings of the two walks over a parse tree.
type walker struct {
	facts  map[*syntax.Regexp]facts
	longer bool   // which walk: the shortest or the longer
	buf    []byte // the string built so far
	lit    []bool // for each byte of buf, whether a literal put it there
}

// newWalker measures every node of tree, children first.
func newWalker(tree *syntax.Regexp) *walker {
	w := &walker{facts: map[*syntax.Regexp]facts{}}
	w.measure(tree)
	return w
}

func (w *walker) measure(re *syntax.Regexp) facts {
	for _, sub := range re.Sub {
		w.measure(sub)
	}
	f := facts{viable: true}
	switch re.Op {
	case syntax.OpNoMatch:
		f.viable = false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			f.min = add(f.min, runeLen(literalRune(r, re.Flags, false)))
		}
	case syntax.OpCharClass:
		c1, ok := pickClass(re.Rune, -1)
		if !ok {
			f.viable = false
			break
		}
		c2, ok := pickClass(re.Rune, c1)
		if !ok {
			c2 = c1
		}
		f.c1, f.c2, f.min = c1, c2, runeLen(c1)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		f.min = 1
	case syntax.OpCapture, syntax.OpPlus:
		f = w.facts[re.Sub[0]]
	case syntax.OpStar, syntax.OpQuest:
	case syntax.OpRepeat:
		sub := w.facts[re.Sub[0]]
		if re.Min > 0 {
			f.viable = sub.viable
			f.min = mul(re.Min, sub.min)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			s := w.facts[sub]
			f.viable = f.viable && s.viable
			f.min = add(f.min, s.min)
		}
	case syntax.OpAlternate:
		f.viable, f.alt, f.other = false, -1, -1
		for i, sub := range re.Sub {
			s := w.facts[sub]
			if !s.viable {
				continue
			}
			if f.alt < 0 || s.min < f.min {
				f.alt, f.min = i, s.min
			}
			f.viable = true
		}
		for i, sub := range re.Sub {
			if i != f.alt && w.facts[sub].viable {
				f.other = i
				break
			}
		}
		if f.other < 0 {
			f.other = f.alt
		}
	default:
		// syntax.Parse makes no other node.
		f.viable = false
	}
	w.facts[re] = f
	return f
}

// build walks tree, the shortest walk or the longer one, and returns its
// string and which of its bytes literals put there.
func (w *walker) build(tree *syntax.Regexp, longer bool) (string, []bool, error) {
	w.longer, w.buf, w.lit = longer, nil, nil
	if err := w.emit(tree); err != nil {
		return "", nil, err
	}
	return string(w.buf), w.lit, nil
}

func (w *walker) emit(re *syntax.Regexp) error {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			w.rune(literalRune(r, re.Flags, w.longer), true)
		}
	case syntax.OpCharClass:
		f := w.facts[re]
		if w.longer {
			w.rune(f.c2, false)
		} else {
			w.rune(f.c1, false)
		}
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		if w.longer {
			w.rune('y', false)
		} else {
			w.rune('x', false)
		}
	case syntax.OpCapture:
		return w.emit(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		if w.longer {
			return w.repeat(re.Sub[0], 1)
		}
	case syntax.OpPlus:
		if w.longer {
			return w.repeat(re.Sub[0], 2)
		}
		return w.repeat(re.Sub[0], 1)
	case syntax.OpRepeat:
		n := re.Min
		if w.longer && (re.Max == -1 || re.Min < re.Max) {
			n++
		}
		return w.repeat(re.Sub[0], n)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := w.emit(sub); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		f := w.facts[re]
		if w.longer {
			return w.emit(re.Sub[f.other])
		}
		return w.emit(re.Sub[f.alt])
	case syntax.OpNoMatch:
		// Not reached: the walks enter only viable nodes.
		return errNoMatch
	}
	// Empty-width assertions and the empty match emit nothing.
	if len(w.buf) > maxWitness {
		return errTooLong
	}
	return nil
}

// repeat emits sub n times: it walks sub once and copies its string, so
// that nested repeats cost the length of their string, not the product of
// their counts times the size of sub. A sub that matches nothing is taken
// no times, which only an optional repeat leaves to do.
func (w *walker) repeat(sub *syntax.Regexp, n int) error {
	if n == 0 || !w.facts[sub].viable {
		return nil
	}
	start := len(w.buf)
	if err := w.emit(sub); err != nil {
		return err
	}
	end := len(w.buf)
	if piece := end - start; piece > 0 && piece*(n-1) > maxWitness-end {
		return errTooLong
	}
	for i := 1; i < n; i++ {
		w.buf = append(w.buf, w.buf[start:end]...)
		w.lit = append(w.lit, w.lit[start:end]...)
	}
	return nil
}

// rune appends r to the string, literal or not.
func (w *walker) rune(r rune, literal bool) {
	n := len(w.buf)
	w.buf = utf8.AppendRune(w.buf, r)
	// Only a one-byte rune is marked: changeLiteral changes one byte.
	one := literal && len(w.buf)-n == 1
	for range len(w.buf) - n {
		w.lit = append(w.lit, one)
	}
}

// runeLen is the number of bytes utf8.AppendRune writes for r.
func runeLen(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return utf8.RuneLen(utf8.RuneError)
}

// preferred lists the ASCII characters a character class contributes, in
// order of preference: what request paths commonly carry first — letters
// and digits, then the other unreserved characters of RFC 3986, then
// upper-case letters — and the characters that end or split a path
// element, start a query or fragment, or start a percent-encoding last.
var preferred []rune

// rank is each ASCII character's place in preferred, or -1.
var rank [utf8.RuneSelf]int

func init() {
	for c := 'a'; c <= 'z'; c++ {
		preferred = append(preferred, c)
	}
	for c := '0'; c <= '9'; c++ {
		preferred = append(preferred, c)
	}
	preferred = append(preferred, '-', '_', '.', '~')
	for c := 'A'; c <= 'Z'; c++ {
		preferred = append(preferred, c)
	}
	last := []rune{' ', '/', '?', '#', '%'}
	for c := rune('!'); c <= '~'; c++ {
		if !isAlnum(byte(c)) && c != '-' && c != '_' && c != '.' && c != '~' &&
			c != '/' && c != '?' && c != '#' && c != '%' {
			preferred = append(preferred, c)
		}
	}
	preferred = append(preferred, last...)
	for i := range rank {
		rank[i] = -1
	}
	for i, c := range preferred {
		rank[c] = i
	}
}

// pickClass returns the character of the class (sorted pairs of ranges,
// as syntax.Regexp holds them) that a path most likely carries, other than
// skip: the first of preferred in it, or else the smallest non-ASCII
// character, or else an ASCII control character, and a NUL or newline
// only when the class has nothing else (the caller refuses those).
// Surrogates, which no UTF-8 string holds, are never picked.
func pickClass(ranges []rune, skip rune) (rune, bool) {
	for _, c := range preferred {
		if c != skip && inClass(ranges, c) {
			return c, true
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := max(ranges[i], utf8.RuneSelf); c <= ranges[i+1]; c++ {
			switch {
			case 0xD800 <= c && c <= 0xDFFF:
				c = 0xE000 - 1
			case c != skip:
				return c, true
			}
		}
	}
	for c := rune(1); c < utf8.RuneSelf; c++ {
		if rank[c] < 0 && c != '\n' && c != skip && inClass(ranges, c) {
			return c, true
		}
	}
	for _, c := range []rune{0, '\n'} {
		if c != skip && inClass(ranges, c) {
			return c, true
		}
	}
	return 0, false
}

// inClass reports whether c is in the class.
func inClass(ranges []rune, c rune) bool {
	// The first pair whose upper end is at least c.
	i := sort.Search(len(ranges)/2, func(i int) bool { return ranges[2*i+1] >= c })
	return i < len(ranges)/2 && ranges[2*i] <= c
}

// literalRune returns what a literal rune emits. A case-sensitive literal
// emits the rune as written. The parser keeps only the smallest rune of
// the case-folding orbit of a case-insensitive one ("(?i)foo" parses as
// "FOO"), so what was written is lost: the shortest walk emits the member
// of the orbit a path most likely carries (for a letter, lower case), the
// longer walk the next one (upper case), so that the two differ.
func literalRune(r rune, flags syntax.Flags, longer bool) rune {
	if flags&syntax.FoldCase == 0 {
		return r
	}
	best, next := r, rune(-1)
	for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
		switch {
		case better(c, best):
			best, next = c, best
		case next < 0 || better(c, next):
			next = c
		}
	}
	if longer && next >= 0 {
		return next
	}
	return best
}

// better reports whether a path more likely carries a than b, in the
// order of pickClass.
func better(a, b rune) bool {
	ra, rb := order(a), order(b)
	return ra < rb || ra == rb && a < b
}

func order(c rune) int {
	switch {
	case c == 0 || c == '\n':
		return 3 * len(preferred)
	case c < utf8.RuneSelf && rank[c] >= 0:
		return rank[c]
	case c < utf8.RuneSelf:
		return 2 * len(preferred)
	}
	return len(preferred)
}
