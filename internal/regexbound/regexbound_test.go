package regexbound

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// TestWidth: the width of expressions whose live instructions per rune are
// known by reading them (see the package documentation).
func TestWidth(t *testing.T) {
	for _, c := range []struct {
		expr  string
		width int
	}{
		// Anchored literal text keeps one thread whatever its length: only
		// the anchor and the first rune share an offset.
		{"^/api", 2},
		{"(?i)^/" + strings.Repeat("abcdefgh", 64), 2},
		{"^(?:" + strings.Repeat("[a-f0-9]", 36) + ")", 2},
		// Unanchored: a match may start at every rune, so every
		// instruction may be live at every rune.
		{"/api", 5},
		{"ab|cd", 6},
		// A loop makes what it holds and what follows it variable: the
		// anchor and '/' (offset 0), then the loop's two instructions,
		// "x" and the match.
		{"^/a*", 5},
		{"^(?:/(?:.*)x)", 6},
		{"^/(?:" + strings.Repeat("a*", 10) + ")x", 24},
		// A bounded repeat of optional parts nests them: its k-th rune can
		// only be reached after k-1 runes (fixed), and only what follows it
		// is variable...
		{"^/(?:.{0,10})x", 4},
		// ...until a second one follows: then every rune of the second is
		// variable (a 78-byte attack, unanchored besides: all
		// but the unreachable fail instruction).
		{"/(?:" + strings.Repeat(".{0,1000}", 8) + ")x", 16003},
	} {
		got, err := Measure(c.expr)
		if err != nil {
			t.Fatalf("Measure(%q): %v", c.expr, err)
		}
		if got.Width != c.width {
			t.Errorf("Measure(%q).Width = %d, want %d (program %d)", c.expr, got.Width, c.width, got.Program)
		}
	}
}

// TestCompileRefuses: Compile refuses what is over the bounds with
// ErrTooLarge, compiles the rest as regexp.Compile does, and returns the
// parser's error for what does not parse.
func TestCompileRefuses(t *testing.T) {
	for _, expr := range []string{
		"/(?:" + strings.Repeat(".{0,1000}", 8) + ")x", // 78 bytes: 1.2 s per 8 KB path unbounded
		"^/(?:" + strings.Repeat("a*", 40) + ")x",
		strings.Repeat("x", MaxWidth+1), // unanchored text
		"^(?:" + strings.Repeat("(?:a|b)", MaxProgram) + ")",
	} {
		if _, c, err := Compile(expr); !errors.Is(err, ErrTooLarge) {
			t.Errorf("Compile(%.40q...) error = %v (cost %+v), want ErrTooLarge", expr, err, c)
		}
	}
	for _, expr := range []string{"^/api/v[0-9]+", "/(health|users|metrics)(/.*)?$", "(?i)^/" + strings.Repeat("x", 2000), strings.Repeat("x", MaxWidth-1)} {
		re, c, err := Compile(expr)
		if err != nil || re.String() != expr {
			t.Errorf("Compile(%.40q) = %v, %v (cost %+v); want it compiled", expr, re, err, c)
		}
	}
	for _, bad := range []string{"/a(", "[z-a]"} {
		_, _, err := Compile(bad)
		_, want := regexp.Compile(bad)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("Compile(%q) error = %v, want regexp's %v", bad, err, want)
		}
	}
}
