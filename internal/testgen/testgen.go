// Package testgen holds the rapid generators that the tests of matcher,
// tlsselect and pathmatch share: paths and hosts built from a small pool of
// segments whose lengths sit on every size boundary the code has, and
// requests derived from the patterns, so that patterns and requests share
// prefixes and the boundaries are crossed in both.
//
// The boundaries: 8-byte words (hashing and lower-casing eight bytes at a
// time), 15-17 (two words), 62-65 (the key-length bitset keeps one bit per
// length below 63 and bit 63 for every longer key; a DNS label has at most
// 63 bytes), 127-128, paths up to 300 bytes and hosts up to 253 (the longest
// DNS name) and a little beyond.
//
// It is imported only by tests.
package testgen

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// ChecksEnv names the environment variable that sets how many cases each
// rapid property runs (-rapid.checks wins when given). CI sets it to
// 10,000; go test alone runs DefaultChecks.
const ChecksEnv = "INGRESSLIB_RAPID_CHECKS"

// DefaultChecks is the number of cases per property of a plain go test.
const DefaultChecks = 2000

// Main runs a package's tests with rapid's case count taken from
// -rapid.checks, else $INGRESSLIB_RAPID_CHECKS, else DefaultChecks. Call it
// from TestMain.
func Main(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		n := os.Getenv(ChecksEnv)
		if n == "" {
			n = strconv.Itoa(DefaultChecks)
		}
		if err := flag.Set("rapid.checks", n); err != nil {
			panic(ChecksEnv + ": " + err.Error())
		}
	}
	os.Exit(m.Run())
}

// Lengths are the segment and label lengths the generators draw, around
// every boundary.
var Lengths = []int{1, 2, 7, 8, 9, 15, 16, 17, 62, 63, 64, 65, 127, 128}

// MaxPath is the longest path the generators draw.
const MaxPath = 300

// MaxHost is the longest host the generators draw: a little more than the
// 253 bytes of the longest DNS name.
const MaxHost = 260

// segment draws a string of n bytes: mostly one letter repeated, so that
// segments of a pool share prefixes, ending with a letter that may differ.
func segment(t *rapid.T, n int, label string) string {
	fill := rapid.SampledFrom([]string{"a", "b", "A"}).Draw(t, label+"-fill")
	last := rapid.SampledFrom([]string{"a", "b", "z", "-", "."}).Draw(t, label+"-last")
	if n == 1 {
		return last
	}
	return strings.Repeat(fill, n-1) + last
}

// PathPool draws the segments of one test case's paths: a few strings at
// the boundary lengths, plus short ones. Patterns and requests are built
// from the same pool.
func PathPool(t *rapid.T) []string {
	n := rapid.IntRange(1, 4).Draw(t, "pool")
	pool := []string{"a", "b"}
	for i := range n {
		pool = append(pool, segment(t, rapid.SampledFrom(Lengths).Draw(t, "segLen"), "seg"+string(rune('0'+i))))
	}
	return pool
}

// Path draws a path from the pool: "/" and up to five segments joined by
// '/', sometimes with a trailing '/', cut to MaxPath bytes; rarely "" or
// relative.
func Path(t *rapid.T, pool []string, label string) string {
	segs := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 5).Draw(t, label+"-segs")
	p := "/" + strings.Join(segs, "/")
	switch rapid.IntRange(0, 19).Draw(t, label+"-shape") {
	case 0:
		p = ""
	case 1:
		p = p[1:] // relative
	case 2, 3, 4:
		if !strings.HasSuffix(p, "/") {
			p += "/"
		}
	}
	return p[:min(len(p), MaxPath)]
}

// Request draws a request path derived from a pattern: the pattern itself,
// one segment deeper, its parent, its trailing slash toggled, one byte
// appended, or cut at a random byte.
func Request(t *rapid.T, pool []string, pattern string) string {
	switch rapid.IntRange(0, 5).Draw(t, "derive") {
	case 0:
		return pattern
	case 1:
		return strings.TrimSuffix(pattern, "/") + "/" + rapid.SampledFrom(pool).Draw(t, "deeper")
	case 2:
		p := strings.TrimSuffix(pattern, "/")
		if i := strings.LastIndexByte(p, '/'); i >= 0 {
			return p[:i+1]
		}
		return "/"
	case 3:
		if strings.HasSuffix(pattern, "/") {
			return pattern[:len(pattern)-1]
		}
		return pattern + "/"
	case 4:
		return pattern + rapid.SampledFrom([]string{"a", "/", "b", "%", "\x00", "\xff"}).Draw(t, "byte")
	}
	return pattern[:rapid.IntRange(0, len(pattern)).Draw(t, "cut")]
}

// HostPool draws the labels of one test case's hosts, at the boundary
// lengths up to 64 (one more than a DNS label may have).
func HostPool(t *rapid.T) []string {
	n := rapid.IntRange(1, 4).Draw(t, "hostPool")
	pool := []string{"a", "foo"}
	for i := range n {
		l := rapid.SampledFrom(Lengths).Draw(t, "labelLen")
		if l > 64 {
			l = 64
		}
		s := segment(t, l, "label"+string(rune('0'+i)))
		s = strings.Trim(strings.ReplaceAll(s, ".", "x"), "-") // a label, mostly valid
		if s == "" {
			s = "x"
		}
		pool = append(pool, strings.ToLower(s))
	}
	return pool
}

// Host draws a rule host from the pool: one to six labels joined by '.',
// cut to MaxHost bytes at a label boundary; sometimes a wildcard ("*." and
// the rest), sometimes "" (a rule without host).
func Host(t *rapid.T, pool []string, label string) string {
	labels := rapid.SliceOfN(rapid.SampledFrom(pool), 1, 6).Draw(t, label+"-labels")
	h := labels[0]
	for _, l := range labels[1:] {
		if len(h)+1+len(l) > MaxHost {
			break
		}
		h += "." + l
	}
	switch rapid.IntRange(0, 5).Draw(t, label+"-kind") {
	case 0:
		return ""
	case 1:
		return "*." + h
	}
	return h
}

// RequestHost draws a Host header derived from a rule host: itself, with
// capitals, a port or a trailing dot, one label deeper (a name a wildcard
// matches), or its parent.
func RequestHost(t *rapid.T, pool []string, host string) string {
	host = strings.TrimPrefix(host, "*.")
	switch rapid.IntRange(0, 5).Draw(t, "deriveHost") {
	case 0:
		return strings.ToUpper(host)
	case 1:
		return host + ":8080"
	case 2:
		return host + "."
	case 3:
		return rapid.SampledFrom(pool).Draw(t, "sub") + "." + host
	case 4:
		if i := strings.IndexByte(host, '.'); i >= 0 {
			return host[i+1:]
		}
	}
	return host
}
