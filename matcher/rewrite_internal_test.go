package matcher

import (
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/regexbound"
	"pgregory.net/rapid"
)

// TestPropertyRewriteReplaceAll: the bounded replacement of Traefik's
// rewrite-target middleware gives what regexp's ReplaceAllString gives
// (the middleware's own call) whenever it evaluates, and refuses only a
// path with more matches than the bound allows for its length. The
// expressions include ones that match the empty string (empty matches
// after a match are not replaced) and ones whose search scans past their
// match.
func TestPropertyRewriteReplaceAll(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		expr := rapid.SampledFrom([]string{"/", "/a", "a*", "/(a.*z|a)", "^/api(/|$)(.*)", "(/|$)", "x?", "/a(.*)", `\b`, "é|a"}).Draw(t, "expr")
		repl := rapid.SampledFrom([]string{"/", "", "/x/$1", "$2$1", "${1}b", "/app"}).Draw(t, "repl")
		re, cost, err := regexbound.Compile("(?i)" + expr)
		if err != nil {
			t.Fatal(err)
		}
		n := rapid.SampledFrom([]int{0, 1, 7, 8, 9, 63, 64, 65, 300}).Draw(t, "len")
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(rapid.SampledFrom([]string{"/", "a", "A", "z", "é", "api", "x"}).Draw(t, "part"))
		}
		src := b.String()
		rw := &tinRewrite{re: re, width: cost.Width, replacement: repl}
		out, matched, ok := rw.replaceAll(src)
		if !ok {
			t.Fatalf("refused %q under %q within the bound", src, expr)
		}
		if matched != re.MatchString(src) {
			t.Fatalf("matched %v, MatchString %v", matched, !matched)
		}
		if want := re.ReplaceAllString(src, repl); matched && out != want {
			t.Fatalf("replaceAll(%q) under %q → %q = %q, ReplaceAllString gives %q", src, expr, repl, out, want)
		}
	})
}

// TestRewriteReplaceAllBound: a path with more matches than the bound
// allows is refused, one with as many as it allows is evaluated.
func TestRewriteReplaceAllBound(t *testing.T) {
	re, cost, err := regexbound.Compile("(?i)/")
	if err != nil {
		t.Fatal(err)
	}
	rw := &tinRewrite{re: re, width: cost.Width, replacement: "/x"}
	for _, n := range []int{1000, 8000, 64000} {
		most := (tinRewriteSteps/((n+1)*max(cost.Width, 1)) - 1) / 2
		at := func(matches int) string { // n bytes, the first matches of them '/'
			return strings.Repeat("/", matches) + strings.Repeat("a", n-matches)
		}
		if most >= 1 && most <= n {
			if _, _, ok := rw.replaceAll(at(most)); !ok {
				t.Errorf("%d bytes, %d matches (the most allowed): refused", n, most)
			}
		}
		if most+1 <= n {
			if _, _, ok := rw.replaceAll(at(most + 1)); ok {
				t.Errorf("%d bytes, %d matches (one over): evaluated", n, most+1)
			}
		}
	}
}
