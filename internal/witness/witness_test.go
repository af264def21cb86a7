package witness

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

var readings = []Reading{FullMatch, PrefixFold, Prefix}

// table holds path expressions of real manifests, with the strings the two
// walks build from them (the same under every reading). longer is empty
// where the expression matches one path only under FullMatch, so that the
// longer walk builds the shortest again and For returns no longer match.
var table = []struct {
	re, shortest, longer string
}{
	{`/[A-Z]{3}`, "/AAA", "/BBB"},
	{`/(health|users|metrics)(/.*)?$`, "/users", "/health/y"},
	{`/api/v[0-9]+`, "/api/v0", "/api/v11"},
	{`/u/(.*)`, "/u/", "/u/y"},
	{`/items/[a-z]+/edit`, "/items/a/edit", "/items/bb/edit"},
	{`/docs(/|$)(.*)`, "/docs", "/docs/y"},
	{`/b.r`, "/bxr", "/byr"},
	{`^/api/v[0-9]+`, "/api/v0", "/api/v11"},
	{`/a.*`, "/a", "/ay"},
	{`/b$`, "/b", ""},
	{`/a/(b|c)`, "/a/b", "/a/c"},
	{`/(?i)foo`, "/foo", "/FOO"},
	{`/[^/]+/x`, "/a/x", "/bb/x"},
	{`/\d{2,4}-\w+`, "/00-a", "/111-bb"},
	{`/x{0}y`, "/y", ""},
	{`/(a|bb|ccc)+`, "/a", "/bbbb"},
	{`/\.well-known/.*`, "/.well-known/", "/.well-known/y"},
	{`/([0-9]{4})/([0-9]{2})`, "/0000/00", "/1111/11"},
}

// tb is what check needs of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// find returns the witness of ws made the given way.
func find(ws []Witness, how string) (Witness, bool) {
	for _, w := range ws {
		if w.How == how {
			return w, true
		}
	}
	return Witness{}, false
}

// check asserts what holds of every answer of For whatever the
// expression: the error comes without witnesses; otherwise the shortest
// comes first, every witness is a path of bounded length made for r, its
// Match is what Matches answers, no path comes twice, and the walk's
// witnesses (the shortest and the longer match) match.
func check(t tb, re string, r Reading, ws []Witness, err error) {
	t.Helper()
	if err != nil {
		if ws != nil {
			t.Fatalf("For(%q, %s) = %+v with error %v", re, r.name(), ws, err)
		}
		return
	}
	if len(ws) == 0 || ws[0].How != howShortest {
		t.Fatalf("For(%q, %s) = %+v: the shortest match does not come first", re, r.name(), ws)
	}
	seen := map[string]bool{}
	for _, w := range ws {
		if !strings.HasPrefix(w.Path, "/") || strings.ContainsAny(w.Path, "\x00\n") || len(w.Path) > maxWitness {
			t.Fatalf("For(%q, %s): %s %q is not a request path of at most %d bytes", re, r.name(), w.How, w.Path, maxWitness)
		}
		if w.Reading != r {
			t.Errorf("For(%q, %s): %s %q made for %s", re, r.name(), w.How, w.Path, w.Reading.name())
		}
		if seen[w.Path] {
			t.Errorf("For(%q, %s): %q returned twice", re, r.name(), w.Path)
		}
		seen[w.Path] = true
		m, err := Matches(re, r, w.Path)
		if err != nil {
			t.Fatalf("Matches(%q, %s, %q): %v, though For succeeded", re, r.name(), w.Path, err)
		}
		if m != w.Match {
			t.Errorf("For(%q, %s): %s %q has Match %v, Matches says %v", re, r.name(), w.How, w.Path, w.Match, m)
		}
		switch w.How {
		case howShortest, howLonger:
			if !m {
				t.Errorf("For(%q, %s): %s %q does not match", re, r.name(), w.How, w.Path)
			}
		case howFlipped, howDeeper, howAppended, howShorter, howChanged:
		default:
			t.Errorf("For(%q, %s): unknown How %q", re, r.name(), w.How)
		}
	}
}

// TestTable: under every reading, For returns the shortest match the walk
// builds and a different, longer one, and both match.
func TestTable(t *testing.T) {
	for _, c := range table {
		for _, r := range readings {
			ws, err := For(c.re, r)
			if err != nil {
				t.Errorf("For(%q, %s): %v", c.re, r.name(), err)
				continue
			}
			check(t, c.re, r, ws, err)
			if got := ws[0].Path; got != c.shortest {
				t.Errorf("For(%q, %s): shortest %q, want %q", c.re, r.name(), got, c.shortest)
			}
			long, ok := find(ws, howLonger)
			switch {
			case c.longer == "" && ok:
				t.Errorf("For(%q, %s): longer match %q, want none: the expression matches %q only", c.re, r.name(), long.Path, c.shortest)
			case c.longer != "" && !ok:
				t.Errorf("For(%q, %s): no longer match, want %q", c.re, r.name(), c.longer)
			case ok && (long.Path != c.longer || long.Path == ws[0].Path || !long.Match):
				t.Errorf("For(%q, %s): longer match %q (Match %v), want %q", c.re, r.name(), long.Path, long.Match, c.longer)
			}
		}
	}
}

// TestShortestAlternative: an alternation contributes one alternative, not
// all of them, to the shortest match.
func TestShortestAlternative(t *testing.T) {
	const re = `/(health|users|metrics)(/.*)?$`
	for _, r := range readings {
		ws, err := For(re, r)
		if err != nil {
			t.Fatalf("For(%q, %s): %v", re, r.name(), err)
		}
		switch got := ws[0].Path; got {
		case "/health", "/users", "/metrics":
		default:
			t.Errorf("For(%q, %s): shortest %q, want one of /health, /users, /metrics", re, r.name(), got)
		}
	}
}

// TestCaseFlipped: under FullMatch "/[A-Z]{3}" matches three upper-case
// letters; under PrefixFold their lower-case flip matches too, and only
// PrefixFold makes one.
func TestCaseFlipped(t *testing.T) {
	const re = `/[A-Z]{3}`
	for _, r := range readings {
		ws, err := For(re, r)
		if err != nil {
			t.Fatalf("For(%q, %s): %v", re, r.name(), err)
		}
		if s := ws[0]; len(s.Path) != 4 || !s.Match {
			t.Errorf("For(%q, %s): shortest %q (Match %v), want 4 bytes that match", re, r.name(), s.Path, s.Match)
		}
		f, ok := find(ws, howFlipped)
		if r != PrefixFold {
			if ok {
				t.Errorf("For(%q, %s): case flipped %q, want none", re, r.name(), f.Path)
			}
			continue
		}
		if m, _ := Matches(re, r, f.Path); !ok || f.Path != strings.ToLower(ws[0].Path) || !f.Match || !m {
			t.Errorf("For(%q, PrefixFold): case flipped %q (found %v, Match %v, Matches %v), want %q matching",
				re, f.Path, ok, f.Match, m, strings.ToLower(ws[0].Path))
		}
	}
	// (?-i) turns folding off: the flip is made and reported as not
	// matching.
	ws, err := For(`(?-i)/API`, PrefixFold)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := find(ws, howFlipped); !ok || f.Path != "/api" || f.Match {
		t.Errorf(`For("(?-i)/API", PrefixFold): case flipped %+v, want "/api" not matching`, f)
	}
}

// TestDerived: the witnesses derived from the shortest, under each
// reading, with Match as computed.
func TestDerived(t *testing.T) {
	type w = struct {
		path  string
		match bool
	}
	for _, c := range []struct {
		re   string
		r    Reading
		want map[string]w
	}{
		{`/api/v[0-9]+`, Prefix, map[string]w{
			howDeeper:   {"/api/v0/deeper", true},
			howAppended: {"/api/v0x", true},
			howShorter:  {"/api/v", false},
			howChanged:  {"/api/w0", false},
		}},
		{`/api/v[0-9]+`, FullMatch, map[string]w{
			howShorter: {"/api/v", false},
			howChanged: {"/api/w0", false},
		}},
		// The trailing '/' is not doubled.
		{`/u/(.*)`, PrefixFold, map[string]w{
			howFlipped:  {"/U/", true},
			howDeeper:   {"/u/deeper", true},
			howAppended: {"/u/x", true},
			howShorter:  {"/u", false},
			howChanged:  {"/v/", false},
		}},
		// $ ends the match: one element deeper is made and does not match.
		{`/b$`, Prefix, map[string]w{
			howDeeper:   {"/b/deeper", false},
			howAppended: {"/bx", false},
			howShorter:  {"/", false},
			howChanged:  {"/c", false},
		}},
		// Only a literal byte is changed: here the '/' between the
		// classes, not a digit a class put there.
		{`/([0-9]{4})/([0-9]{2})`, FullMatch, map[string]w{
			howShorter: {"/0000/0", false},
			howChanged: {"/0000x00", false},
		}},
		// Unanchored, the near miss "/a" still matches ("a" anywhere).
		{`a`, Prefix, map[string]w{
			howDeeper:   {"/a/deeper", true},
			howAppended: {"/ax", true},
			howShorter:  {"/", false},
			howChanged:  {"/b", false},
		}},
		{`/a+`, Prefix, map[string]w{
			howLonger:   {"/aa", true},
			howDeeper:   {"/a/deeper", true},
			howAppended: {"/ax", true},
			howShorter:  {"/", false},
			howChanged:  {"/b", false},
		}},
	} {
		ws, err := For(c.re, c.r)
		if err != nil {
			t.Errorf("For(%q, %s): %v", c.re, c.r.name(), err)
			continue
		}
		check(t, c.re, c.r, ws, err)
		for how, want := range c.want {
			got, ok := find(ws, how)
			if !ok || got.Path != want.path || got.Match != want.match {
				t.Errorf("For(%q, %s): %s = %q (found %v, Match %v), want %q (Match %v)",
					c.re, c.r.name(), how, got.Path, ok, got.Match, want.path, want.match)
			}
		}
		for _, x := range ws {
			if _, ok := c.want[x.How]; !ok && x.How != howShortest && x.How != howLonger {
				t.Errorf("For(%q, %s): unexpected %s %q", c.re, c.r.name(), x.How, x.Path)
			}
		}
	}
}

// TestMatches: each reading anchors and folds as the controllers it
// stands for do.
func TestMatches(t *testing.T) {
	for _, c := range []struct {
		re   string
		r    Reading
		path string
		want bool
	}{
		{`/api`, FullMatch, "/api", true},
		{`/api`, FullMatch, "/api/x", false},
		{`/api`, FullMatch, "/API", false},
		{`/a|/b`, FullMatch, "/bx", false}, // the alternation is grouped
		{`/api`, PrefixFold, "/API/x", true},
		{`/api`, PrefixFold, "/x/api", false},
		{`/a|/b`, PrefixFold, "/x/b", false},
		{`(?-i)/api`, PrefixFold, "/API", false},
		{`api`, Prefix, "/x/api", true},
		{`^/api`, Prefix, "/x/api", false},
		{`/api`, Prefix, "/API", false},
	} {
		got, err := Matches(c.re, c.r, c.path)
		if err != nil || got != c.want {
			t.Errorf("Matches(%q, %s, %q) = %v, %v; want %v", c.re, c.r.name(), c.path, got, err, c.want)
		}
	}
	// The reading's wrapping must not make an expression compile that
	// does not on its own.
	for _, r := range readings {
		if _, err := Matches(`a)|(b`, r, "/a"); err == nil {
			t.Errorf("Matches(`a)|(b`, %s): no error", r.name())
		}
	}
	if _, err := Matches(`/a`, Reading(3), "/a"); err == nil {
		t.Error("Matches with Reading(3): no error")
	}
}

// TestErrors: For says why it cannot make a witness, and returns none,
// rather than returning a path the reading does not match.
func TestErrors(t *testing.T) {
	for _, c := range []struct {
		re   string
		r    Reading
		want error // nil for the parser's errors
	}{
		{`(`, FullMatch, nil},
		{`/a{1000}{1000}`, FullMatch, nil},
		{`/(?:a{1000}){2}`, FullMatch, nil}, // nested repeats over 1000
		{"/" + strings.Repeat("a", 4999), FullMatch, errTooLarge},
		// 4096 bytes whose program Simplify would make some two million
		// instructions long.
		{"/" + strings.Repeat(".{0,1000}", 455), Prefix, errTooLarge},
		// A program of 9000 instructions.
		{"/" + strings.Repeat("a{1000}", 9), FullMatch, errTooLarge},
		// Witnesses over 8192 bytes: the shortest, the longer and one
		// element deeper ('é' is two bytes).
		{"/" + strings.Repeat("é{1000}", 5), FullMatch, errTooLong},
		{"/" + strings.Repeat("(?:é{1000})?", 5), FullMatch, errTooLong},
		{"/" + strings.Repeat("é{1000}", 4) + strings.Repeat("a", 190), Prefix, errTooLong},
		// Assertions the walk ignores rule out its string.
		{`$/a`, FullMatch, errRejected},
		{`$/a`, PrefixFold, errRejected},
		{`$/a`, Prefix, errRejected},
		{`/a\bb`, FullMatch, errRejected},
		{`/a\Bb|/x\B`, Prefix, errRejected},
		{`/a$(?:x)?`, FullMatch, errRejected}, // the longer walk's "/ax"
		{`/a^`, PrefixFold, errRejected},
		// Nothing, or nothing a path can carry.
		{`/[^\x00-\x{10FFFF}]`, FullMatch, errNoMatch},
		{`/a|[^\x00-\x{10FFFF}]x`, FullMatch, nil}, // a viable alternative is enough
		{`/a\nb`, FullMatch, errNoPath},
		{`/a[\x00\n]`, Prefix, errNoPath},
		// No path: nothing that starts with '/'.
		{`api`, FullMatch, errNoPath},
		{`api`, PrefixFold, errNoPath},
		{`^api`, Prefix, errNoPath},
	} {
		ws, err := For(c.re, c.r)
		switch {
		case c.re == `/a|[^\x00-\x{10FFFF}]x`:
			if err != nil || ws[0].Path != "/a" {
				t.Errorf("For(%q, %s) = %+v, %v; want /a", c.re, c.r.name(), ws, err)
			}
			continue
		case err == nil:
			t.Errorf("For(%.40q, %s) = %+.200v, want an error", c.re, c.r.name(), ws)
		case ws != nil:
			t.Errorf("For(%.40q, %s) = %+.200v with error %v", c.re, c.r.name(), ws, err)
		case c.want != nil && !errors.Is(err, c.want):
			t.Errorf("For(%.40q, %s): %v, want %v", c.re, c.r.name(), err, c.want)
		case c.want == errRejected && !strings.Contains(err.Error(), fmt.Sprintf("%q", c.re)):
			t.Errorf("For(%q, %s): %v does not name the expression", c.re, c.r.name(), err)
		}
	}
	if _, err := For(`/a`, Reading(3)); err == nil {
		t.Error("For with Reading(3): no error")
	}
}

// TestRejectedNamesCandidate: the error for a walk string the reading
// rejects names the string.
func TestRejectedNamesCandidate(t *testing.T) {
	_, err := For(`/a\bb`, FullMatch)
	if err == nil || !strings.Contains(err.Error(), `"/ab"`) || !strings.Contains(err.Error(), strconv.Quote(`/a\bb`)) {
		t.Errorf(`For("/a\\bb"): %v, want an error naming the expression and "/ab"`, err)
	}
}

// TestBounded: expressions made to blow up fail fast, without building
// their strings or programs.
func TestBounded(t *testing.T) {
	for _, re := range []string{
		"/" + strings.Repeat(".{0,1000}", 455),
		"/" + strings.Repeat("a{1000}", 585),
		"/" + strings.Repeat("(?:a{1000})?", 341),
		"/" + strings.Repeat("(?:(?:(?:x{10}){10}){10})", 150),
		strings.Repeat("(", 1000) + "/" + strings.Repeat(")", 1000),
	} {
		for _, r := range readings {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			ws, err := For(re, r)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			total := 0
			for _, w := range ws {
				total += len(w.Path)
			}
			if total > 8*maxWitness {
				t.Errorf("For(%.40q, %s): %d bytes of witnesses", re, r.name(), total)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("For(%.40q, %s) allocated %d MB", re, r.name(), alloc>>20)
			}
			if elapsed > 2*time.Second {
				t.Errorf("For(%.40q, %s) took %v", re, r.name(), elapsed)
			}
			check(t, re, r, ws, err)
		}
	}
}

// TestProgramEstimate: the estimate the bound on programs is checked
// against stays within a factor of two of the program Go compiles.
func TestProgramEstimate(t *testing.T) {
	exprs := []string{`/a{2,5}`, `/x{3,}`, `(?i)/abc{10}`, `/[a-z]{1000}`, `/.{0,1000}`, `/(?:(a)|b){5,10}`, `/(?:(?:a{10}){10}){10}`}
	for _, c := range table {
		exprs = append(exprs, c.re)
	}
	g := genExpr()
	for i := range 200 {
		exprs = append(exprs, g.Example(i))
	}
	for _, re := range exprs {
		tree, err := syntax.Parse(re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := syntax.Compile(tree.Simplify())
		if err != nil {
			t.Fatal(err)
		}
		if est, n := program(tree), len(prog.Inst); 2*est < n || est > 2*n {
			t.Errorf("program(%q) = %d, compiled %d", re, est, n)
		}
	}
}

// TestLinear: the work of For grows with the expression as its length
// does, not as its square: four times the expression, at most about four
// times the bytes allocated.
func TestLinear(t *testing.T) {
	alloc := func(re string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := For(re, Prefix); err != nil {
			t.Fatalf("For(%.40q): %v", re, err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, part := range []string{
		"/(?:a|bb|[c-e]{2})+",
		"/[a-z]{1,3}(?:x(?:y(?:z)?)?)?",
	} {
		small, large := strings.Repeat(part, 16), strings.Repeat(part, 64)
		a, b := alloc(small), alloc(large)
		if b > 6*a {
			t.Errorf("%d bytes allocated for %d parts, %d for %d", a, 16, b, 64)
		}
	}
	// Deep nesting. (Not capturing: Go's compiler and matcher spend more
	// than linear memory on nested captures, For's walk does not.)
	small := strings.Repeat("(?:", 100) + "/a" + strings.Repeat(")?", 100)
	large := strings.Repeat("(?:", 400) + "/a" + strings.Repeat(")?", 400)
	if a, b := alloc(small), alloc(large); b > 6*a {
		t.Errorf("%d bytes allocated for 100 levels, %d for 400", a, b)
	}
}

// genExpr generates a path expression from a small grammar: literals of
// letters, digits, '/' and '.', classes, groups and alternations, each
// part optionally quantified. It starts with '/', may be anchored with ^
// and $, and has no other assertion, so every string its walks build is
// one it matches.
func genExpr() *rapid.Generator[string] {
	atoms := []string{"a", "b", "Z", "0", "7", "/", `\.`, ".", "[a-z]", "[0-9]", "[^/]", "[A-Z0-9_]", `\d`, `\w`, "[.]", "[x/]"}
	quants := []string{"", "", "", "?", "*", "+", "{0}", "{1}", "{2}", "{0,1}", "{1,2}", "{2,}", "{0,2}"}
	var concat func(t *rapid.T, depth int) string
	group := func(t *rapid.T, depth int) string {
		alts := []string{concat(t, depth+1)}
		for range rapid.IntRange(0, 2).Draw(t, "alternatives") {
			alts = append(alts, concat(t, depth+1))
		}
		open := rapid.SampledFrom([]string{"(", "(?:"}).Draw(t, "group")
		return open + strings.Join(alts, "|") + ")"
	}
	concat = func(t *rapid.T, depth int) string {
		var b strings.Builder
		for range rapid.IntRange(0, 3).Draw(t, "parts") {
			if depth < 3 && rapid.IntRange(0, 3).Draw(t, "nest") == 0 {
				b.WriteString(group(t, depth))
			} else {
				b.WriteString(rapid.SampledFrom(atoms).Draw(t, "atom"))
			}
			b.WriteString(rapid.SampledFrom(quants).Draw(t, "quantifier"))
		}
		return b.String()
	}
	return rapid.Custom(func(t *rapid.T) string {
		re := "/" + concat(t, 0)
		if rapid.Bool().Draw(t, "^") {
			re = "^" + re
		}
		if rapid.Bool().Draw(t, "$") {
			re += "$"
		}
		return re
	})
}

// TestProperty: For makes witnesses of every expression of the grammar
// under every reading; all of them but the near misses match, except that
// after a $ nothing can be appended.
func TestProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		re := genExpr().Draw(t, "re")
		for _, r := range readings {
			ws, err := For(re, r)
			if err != nil {
				t.Fatalf("For(%q, %s): %v", re, r.name(), err)
			}
			check(t, re, r, ws, err)
			for _, w := range ws {
				if strings.HasPrefix(w.How, "a near miss") {
					continue
				}
				if strings.HasSuffix(re, "$") && (w.How == howDeeper || w.How == howAppended) {
					continue
				}
				if m, _ := Matches(re, r, w.Path); !m || !w.Match {
					t.Fatalf("For(%q, %s): %s %q: Match %v, Matches %v", re, r.name(), w.How, w.Path, w.Match, m)
				}
			}
		}
	})
}

// FuzzFor: whatever the expression, For does not panic, and what it
// returns holds as check says.
func FuzzFor(f *testing.F) {
	for _, c := range table {
		for _, r := range readings {
			f.Add(c.re, uint8(r))
		}
	}
	for _, re := range []string{`$/a`, `/a\bb`, `(?-i)/API`, `api`, `(?i)/straße`, `/[^a]`, `/\pL{2}`, `/(?s).`, `(?m)^/a$`} {
		f.Add(re, uint8(0))
	}
	f.Fuzz(func(t *testing.T, re string, r uint8) {
		reading := Reading(r % 3)
		ws, err := For(re, reading)
		check(t, re, reading, ws, err)
	})
}
