package pathmatch_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

const (
	exact    = networkingv1.PathTypeExact
	prefix   = networkingv1.PathTypePrefix
	specific = networkingv1.PathTypeImplementationSpecific
)

// docsSource is where the rows of docsTable come from.
const docsSource = "Kubernetes Ingress concept page, \"Examples\" table (https://kubernetes.io/docs/concepts/services-networking/ingress/)"

// docsTable holds every single-path row of the documentation's path-matching
// table, one request per row (a row listing two requests is two rows), and the
// rows the text implies (case, trailing slash). The multi-path rows are in
// TestDocsTableMultiplePaths.
var docsTable = []struct {
	row      string
	pathType networkingv1.PathType
	pattern  string
	path     string
	want     bool
}{
	{"row 1: Prefix / (all paths)", prefix, "/", "/", true},
	{"row 1: Prefix / (all paths)", prefix, "/", "/foo", true},
	{"row 1: Prefix / (all paths)", prefix, "/", "/foo/bar/", true},
	{"row 2: Exact /foo /foo", exact, "/foo", "/foo", true},
	{"row 3: Exact /foo /bar", exact, "/foo", "/bar", false},
	{"row 4: Exact /foo /foo/", exact, "/foo", "/foo/", false},
	{"row 5: Exact /foo/ /foo", exact, "/foo/", "/foo", false},
	{"row 6: Prefix /foo /foo", prefix, "/foo", "/foo", true},
	{"row 6: Prefix /foo /foo/", prefix, "/foo", "/foo/", true},
	{"row 7: Prefix /foo/ /foo", prefix, "/foo/", "/foo", true},
	{"row 7: Prefix /foo/ /foo/", prefix, "/foo/", "/foo/", true},
	{"row 8: Prefix /aaa/bb /aaa/bbb", prefix, "/aaa/bb", "/aaa/bbb", false},
	{"row 9: Prefix /aaa/bbb /aaa/bbb", prefix, "/aaa/bbb", "/aaa/bbb", true},
	{"row 10: Prefix /aaa/bbb/ /aaa/bbb (trailing slash ignored)", prefix, "/aaa/bbb/", "/aaa/bbb", true},
	{"row 11: Prefix /aaa/bbb /aaa/bbb/ (trailing slash matched)", prefix, "/aaa/bbb", "/aaa/bbb/", true},
	{"row 12: Prefix /aaa/bbb /aaa/bbb/ccc (subpath)", prefix, "/aaa/bbb", "/aaa/bbb/ccc", true},
	{"row 13: Prefix /aaa/bbb /aaa/bbbxyz (no string prefix)", prefix, "/aaa/bbb", "/aaa/bbbxyz", false},
	{"row 17: Prefix /aaa /ccc (default backend)", prefix, "/aaa", "/ccc", false},
	{"note: /foo/bar matches /foo/bar/baz", prefix, "/foo/bar", "/foo/bar/baz", true},
	{"note: /foo/bar does not match /foo/barbaz", prefix, "/foo/bar", "/foo/barbaz", false},
	{"text: Exact is case-sensitive", exact, "/foo", "/FOO", false},
	{"text: Prefix is case-sensitive", prefix, "/foo", "/Foo/bar", false},
	{"semantics: empty request path means /", prefix, "/", "", true},
	{"semantics: empty request path means /", exact, "/", "", true},
	{"semantics: ImplementationSpecific is Prefix by default", specific, "/aaa", "/aaa/bbb", true},
	{"semantics: ImplementationSpecific is Prefix by default", specific, "/aaa", "/aaabbb", false},
	{"element-wise: empty elements count", prefix, "/foo/bar", "/foo//bar", false},
	{"unknown path type matches nothing", "Regex", "/", "/", false},
}

func TestDocsTable(t *testing.T) {
	for _, tt := range docsTable {
		if got := pathmatch.Match(tt.pathType, tt.pattern, tt.path); got != tt.want {
			t.Errorf("%s (%s): Match(%s, %q, %q) = %v, want %v", docsSource, tt.row, tt.pathType, tt.pattern, tt.path, got, tt.want)
		}
		p, err := pathmatch.Compile(tt.pathType, tt.pattern, pathmatch.AsPrefix())
		if err != nil {
			if tt.want {
				t.Errorf("Compile(%s, %q): %v", tt.pathType, tt.pattern, err)
			}
			continue
		}
		if got := p.Match(tt.path); got != tt.want {
			t.Errorf("%s (%s): Pattern(%s, %q).Match(%q) = %v, want %v", docsSource, tt.row, tt.pathType, tt.pattern, tt.path, got, tt.want)
		}
	}
}

// TestDocsTableMultiplePaths checks the rows with several paths: among the
// paths that match, the one Compare puts first is the one the docs name.
func TestDocsTableMultiplePaths(t *testing.T) {
	type path struct {
		typ     networkingv1.PathType
		pattern string
	}
	tests := []struct {
		row   string
		paths []path
		req   string
		want  path // zero: none matches (default backend)
	}{
		{"row 14: Prefix /, /aaa; /aaa/ccc → /aaa", []path{{prefix, "/"}, {prefix, "/aaa"}}, "/aaa/ccc", path{prefix, "/aaa"}},
		{"row 15: Prefix /, /aaa, /aaa/bbb; /aaa/bbb → /aaa/bbb", []path{{prefix, "/"}, {prefix, "/aaa"}, {prefix, "/aaa/bbb"}}, "/aaa/bbb", path{prefix, "/aaa/bbb"}},
		{"row 16: Prefix /, /aaa, /aaa/bbb; /ccc → /", []path{{prefix, "/"}, {prefix, "/aaa"}, {prefix, "/aaa/bbb"}}, "/ccc", path{prefix, "/"}},
		{"row 17: Prefix /aaa; /ccc → default backend", []path{{prefix, "/aaa"}}, "/ccc", path{}},
		{"row 18: Mixed /foo Prefix, /foo Exact; /foo → Exact", []path{{prefix, "/foo"}, {exact, "/foo"}}, "/foo", path{exact, "/foo"}},
		{"multiple matches: longest wins over type", []path{{exact, "/foo"}, {prefix, "/foo/bar"}}, "/foo/bar", path{prefix, "/foo/bar"}},
		{"multiple matches: /foo/ and /foo tie, Exact wins", []path{{prefix, "/foo/"}, {exact, "/foo"}}, "/foo", path{exact, "/foo"}},
		{"semantics: Precedence, step 2: Prefix before ImplementationSpecific", []path{{specific, "/foo"}, {prefix, "/foo"}}, "/foo/x", path{prefix, "/foo"}},
	}
	for _, tt := range tests {
		for _, order := range permutations(len(tt.paths)) {
			var matching []pathmatch.Pattern
			for _, i := range order {
				p := pathmatch.MustCompile(tt.paths[i].typ, tt.paths[i].pattern, pathmatch.AsPrefix())
				if p.Match(tt.req) {
					matching = append(matching, p)
				}
			}
			var got path
			if len(matching) > 0 {
				slices.SortStableFunc(matching, pathmatch.Compare)
				got = path{matching[0].Type(), matching[0].String()}
			}
			if got != tt.want {
				t.Errorf("%s (%s), order %v: winner for %q = %v, want %v", docsSource, tt.row, order, tt.req, got, tt.want)
			}
		}
	}
}

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := slices.Insert(slices.Clone(p), i, n-1)
			out = append(out, q)
		}
	}
	return out
}

func TestCompare(t *testing.T) {
	tests := []struct {
		aType, bType networkingv1.PathType
		a, b         string
		want         int
	}{
		{prefix, prefix, "/foo", "/foo/", 0},     // semantics: Precedence, step 1: trailing '/' not counted
		{prefix, prefix, "/foo/bar", "/foo", -1}, // longer wins
		{prefix, exact, "/", "/", +1},            // Prefix / has length 0
		{exact, prefix, "/foo", "/foo", -1},      // step 2
		{prefix, specific, "/foo", "/foo", -1},   // step 2
		{specific, exact, "/a", "/b", +1},        // same length, type decides
		{exact, exact, "/a", "/b", 0},            // tie: the caller decides
	}
	for _, tt := range tests {
		a := pathmatch.MustCompile(tt.aType, tt.a, pathmatch.AsPrefix())
		b := pathmatch.MustCompile(tt.bType, tt.b, pathmatch.AsPrefix())
		if got := pathmatch.Compare(a, b); got != tt.want {
			t.Errorf("Compare(%s %q, %s %q) = %d, want %d", tt.aType, tt.a, tt.bType, tt.b, got, tt.want)
		}
		if got := pathmatch.Compare(b, a); got != -tt.want {
			t.Errorf("Compare(%s %q, %s %q) = %d, want %d", tt.bType, tt.b, tt.aType, tt.a, got, -tt.want)
		}
	}
}

func TestInterpretations(t *testing.T) {
	tests := []struct {
		is      pathmatch.Interpretation
		pattern string
		path    string
		want    bool
	}{
		{pathmatch.AsPrefix(), "/foo", "/foo/bar", true},
		{pathmatch.AsPrefix(), "/foo", "/foobar", false},
		{pathmatch.AsExact(), "/foo", "/foo", true},
		{pathmatch.AsExact(), "/foo", "/foo/bar", false},
		{pathmatch.AsStringPrefix(), "/foo", "/foobar", true},
		{pathmatch.AsStringPrefix(), "/foo", "/fo", false},
		{pathmatch.AsRegex(), "/api/v[0-9]+/", "/api/v12/users", true},
		{pathmatch.AsRegex(), "/api/v[0-9]+/", "/x/api/v1/", false}, // anchored at the start
		{pathmatch.AsRegex(), "/API", "/api", false},
		{pathmatch.AsRegexFold(), "/API", "/api", true},
		{pathmatch.AsRegex(), "/a|/b", "/b", true}, // alternation stays anchored
		{pathmatch.AsRegex(), "/a|/b", "/xb", false},
		{pathmatch.AsFunc(func(p, s string) bool { return len(s) == len(p) }), "/abc", "/xyz", true},
		{pathmatch.AsFunc(func(p, s string) bool { return s == "/" }), "/x", "", true},
	}
	for _, tt := range tests {
		p, err := pathmatch.Compile(specific, tt.pattern, tt.is)
		if err != nil {
			t.Fatalf("Compile(ImplementationSpecific, %q, %v): %v", tt.pattern, tt.is, err)
		}
		if got := p.Match(tt.path); got != tt.want {
			t.Errorf("Compile(ImplementationSpecific, %q, %v).Match(%q) = %v, want %v", tt.pattern, tt.is, tt.path, got, tt.want)
		}
		// An interpretation never changes Exact and Prefix paths.
		for _, typ := range []networkingv1.PathType{exact, prefix} {
			q := pathmatch.MustCompile(typ, tt.pattern, tt.is)
			if got, want := q.Match(tt.path), pathmatch.Match(typ, tt.pattern, tt.path); got != want {
				t.Errorf("Compile(%s, %q, %v).Match(%q) = %v, want %v", typ, tt.pattern, tt.is, tt.path, got, want)
			}
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		pathType networkingv1.PathType
		pattern  string
		is       pathmatch.Interpretation
		want     string
	}{
		{"", "/a", pathmatch.AsPrefix(), `pathmatch: path "/a" has no pathType`},
		{"Regex", "/a", pathmatch.AsPrefix(), `pathmatch: path "/a" has pathType "Regex"; want Exact, Prefix or ImplementationSpecific`},
		{specific, "/a(", pathmatch.AsRegex(), "pathmatch: ImplementationSpecific path \"/a(\" is not a valid RE2 regular expression: error parsing regexp: missing closing ): `^(?:/a()`"},
		{specific, "/a", pathmatch.AsFunc(nil), `pathmatch: ImplementationSpecific path "/a": AsFunc was given a nil function`},
	}
	for _, tt := range tests {
		_, err := pathmatch.Compile(tt.pathType, tt.pattern, tt.is)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Compile(%q, %q, %v) error = %v, want %s", tt.pathType, tt.pattern, tt.is, err, tt.want)
		}
	}
	// A regex is only compiled for ImplementationSpecific.
	if _, err := pathmatch.Compile(prefix, "/a(", pathmatch.AsRegex()); err != nil {
		t.Errorf("Compile(Prefix, %q, AsRegex()) = %v, want no error", "/a(", err)
	}
	var zero pathmatch.Pattern
	if zero.Match("/") {
		t.Errorf("Pattern{}.Match(%q) = true, want false", "/")
	}
}

func TestLen(t *testing.T) {
	tests := []struct {
		pathType networkingv1.PathType
		pattern  string
		is       pathmatch.Interpretation
		want     int
	}{
		{prefix, "/", pathmatch.AsPrefix(), 0},
		{prefix, "/foo/", pathmatch.AsPrefix(), 4},
		{exact, "/foo/", pathmatch.AsPrefix(), 5},
		{specific, "/foo/", pathmatch.AsPrefix(), 4},
		{specific, "/foo/", pathmatch.AsExact(), 5},
		{specific, "/foo/.*", pathmatch.AsRegex(), 7},
	}
	for _, tt := range tests {
		if got := pathmatch.MustCompile(tt.pathType, tt.pattern, tt.is).Len(); got != tt.want {
			t.Errorf("%s %q read as %v: Len() = %d, want %d", tt.pathType, tt.pattern, tt.is, got, tt.want)
		}
	}
}

// TestCheckPath mirrors validateHTTPIngressPath of the API server
// (pkg/apis/networking/validation, Kubernetes 1.37).
func TestCheckPath(t *testing.T) {
	tests := []struct {
		pathType networkingv1.PathType
		path     string
		want     []string
	}{
		{exact, "/foo", nil},
		{prefix, "/", nil},
		{prefix, "/foo.bar/baz..x", nil},
		{exact, "", []string{"must be an absolute path"}},
		{prefix, "foo", []string{"must be an absolute path"}},
		{prefix, "/foo//bar", []string{"must not contain '//'"}},
		{prefix, "/foo/./bar", []string{"must not contain '/./'"}},
		{prefix, "/foo/../bar", []string{"must not contain '/../'"}},
		{exact, "/foo%2fbar", []string{"must not contain '%2f'"}},
		{exact, "/foo%2Fbar", []string{"must not contain '%2F'"}},
		{prefix, "/foo/..", []string{"cannot end with '/..'"}},
		{prefix, "/foo/.", []string{"cannot end with '/.'"}},
		{exact, "a//./../%2f%2F/..", []string{
			"must be an absolute path",
			"must not contain '//'", "must not contain '/./'", "must not contain '/../'",
			"must not contain '%2f'", "must not contain '%2F'", "cannot end with '/..'",
		}},
		{specific, "", nil},
		{specific, "/a//b", nil},
		{specific, "a", []string{"must be an absolute path"}},
		{"", "a", nil},
		{"Regex", "a", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, pathmatch.CheckPath(tt.pathType, tt.path)); diff != "" {
			t.Errorf("CheckPath(%q, %q) (-want +got):\n%s", tt.pathType, tt.path, diff)
		}
	}
}

// normalizeTable is shared by TestNormalize, the fuzz seeds and the examples.
var normalizeTable = []struct {
	in   string
	p    pathmatch.Policy
	want string
	err  error
}{
	{"", pathmatch.Policy{}, "/", nil},
	{"/", pathmatch.Policy{}, "/", nil},
	{"/foo/bar", pathmatch.Policy{}, "/foo/bar", nil},
	{"/foo?x=/../y", pathmatch.Policy{}, "/foo", nil},
	{"/foo#/../y", pathmatch.Policy{}, "/foo", nil},
	{"?a", pathmatch.Policy{}, "/", nil},
	{"//foo///bar//", pathmatch.Policy{}, "/foo/bar/", nil},
	{"//foo//", pathmatch.Policy{KeepRepeatedSlashes: true}, "//foo//", nil},
	// A dot segment after an empty one leaves both slashes (RFC 3986
	// section 5.2.4; Envoy's normalize_path without merge_slashes).
	{"/api/v1//.", pathmatch.Policy{KeepRepeatedSlashes: true}, "/api/v1//", nil},
	{"//.", pathmatch.Policy{KeepRepeatedSlashes: true}, "//", nil},
	{"/a//..", pathmatch.Policy{KeepRepeatedSlashes: true}, "/a/", nil},
	{"/a//./b", pathmatch.Policy{KeepRepeatedSlashes: true}, "/a//b", nil},
	{"/a/./b", pathmatch.Policy{}, "/a/b", nil},
	{"/a/b/..", pathmatch.Policy{}, "/a/", nil},
	{"/a/b/.", pathmatch.Policy{}, "/a/b/", nil},
	{"/a/../../../b", pathmatch.Policy{}, "/b", nil},
	{"/..", pathmatch.Policy{}, "/", nil},
	{"/a/../b", pathmatch.Policy{KeepDotSegments: true}, "/a/../b", nil},
	{"/a/.b/..c/...", pathmatch.Policy{}, "/a/.b/..c/...", nil},
	{"/public/%2e%2e/admin", pathmatch.Policy{}, "/admin", nil},
	{"/public/%2E./admin", pathmatch.Policy{}, "/admin", nil},
	{"/caf%C3%A9", pathmatch.Policy{}, "/caf\xc3\xa9", nil},
	{"/%7Euser", pathmatch.Policy{}, "/~user", nil},
	{"/a%2Fb", pathmatch.Policy{}, "/a%2Fb", nil},
	{"/a%2f..%2fb", pathmatch.Policy{}, "/a%2F..%2Fb", nil},
	{"/a%2fb/../c", pathmatch.Policy{}, "/c", nil},
	{"/a%252Fb", pathmatch.Policy{}, "/a%252Fb", nil},
	{"/a%2Fb", pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash}, "/a/b", nil},
	{"/a%2F..%2Fb", pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash}, "/b", nil},
	{"/a%252Fb", pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash}, "/a%252Fb", nil},
	{"/100%25", pathmatch.Policy{}, "/100%25", nil},
	{"/a%3fb%23c", pathmatch.Policy{}, "/a%3fb%23c", nil}, // found by FuzzNormalize: %23 decoded to '#' broke idempotence
	{"/a%2541", pathmatch.Policy{EncodedSlash: pathmatch.RejectEncodedSlash}, "/a%2541", nil},
	{"/a%2Fb", pathmatch.Policy{EncodedSlash: pathmatch.RejectEncodedSlash}, "", pathmatch.ErrEncodedSlash},
	{"/a%00b", pathmatch.Policy{}, "", pathmatch.ErrNUL},
	{"/../a", pathmatch.Policy{RejectAboveRoot: true}, "", pathmatch.ErrAboveRoot},
	{"/a/%2e%2e/../b", pathmatch.Policy{RejectAboveRoot: true}, "", pathmatch.ErrAboveRoot},
	{"/a/../b", pathmatch.Policy{RejectAboveRoot: true}, "/b", nil},
	{"/../a", pathmatch.Policy{}, "/a", nil},
	{"/../a", pathmatch.Policy{RejectAboveRoot: true, KeepDotSegments: true}, "/../a", nil},
	{"/a\x00b", pathmatch.Policy{}, "", pathmatch.ErrNUL},
	{"/a%zz", pathmatch.Policy{}, "", pathmatch.ErrBadEscape},
	{"/a%2", pathmatch.Policy{}, "", pathmatch.ErrBadEscape},
	{"foo", pathmatch.Policy{}, "", pathmatch.ErrNotAbsolute},
	{"*", pathmatch.Policy{}, "", pathmatch.ErrNotAbsolute},
	{"/\xff\xfe/../x", pathmatch.Policy{}, "/x", nil},
	{"/\xff\xfe", pathmatch.Policy{}, "/\xff\xfe", nil},
	// Envoy's normalize_path (Contour, Istio): only unreserved characters
	// are decoded, other escapes upper-cased (RFC 3986 sections 2.3, 6.2.2).
	{"/x%20y", pathmatch.Policy{Decode: pathmatch.DecodeUnreserved}, "/x%20y", nil},
	{"/x%2dy%7E%41", pathmatch.Policy{Decode: pathmatch.DecodeUnreserved}, "/x-y~A", nil},
	{"/a%2fb%3a%c3%a9", pathmatch.Policy{Decode: pathmatch.DecodeUnreserved}, "/a%2Fb%3A%C3%A9", nil},
	{"/p/%2e%2e/a", pathmatch.Policy{Decode: pathmatch.DecodeUnreserved}, "/a", nil},
	// Traefik's routing path: everything but reserved characters and '%'.
	{"/%40v", pathmatch.Policy{Decode: pathmatch.DecodeUnlessReserved}, "/%40v", nil},
	{"/x%20y%c3%a9", pathmatch.Policy{Decode: pathmatch.DecodeUnlessReserved}, "/x y\xc3\xa9", nil},
	{"/%25%3f%2a", pathmatch.Policy{Decode: pathmatch.DecodeUnlessReserved}, "/%25%3F%2A", nil},
	// Traefik's sanitizePath: url.URL.JoinPath, Go's path.Clean keeping a
	// trailing '/' only where there was one.
	{"/api/.", pathmatch.Policy{GoPathClean: true}, "/api", nil},
	{"/api/x/..", pathmatch.Policy{GoPathClean: true}, "/api", nil},
	{"//a", pathmatch.Policy{GoPathClean: true}, "/a", nil},
	{"/a//b/", pathmatch.Policy{GoPathClean: true}, "/a/b/", nil},
	{"/a/./", pathmatch.Policy{GoPathClean: true}, "/a/", nil},
	{"/a/..", pathmatch.Policy{GoPathClean: true}, "/", nil},
	{"/../a", pathmatch.Policy{GoPathClean: true, RejectAboveRoot: true}, "/a", nil},
	{"/a%2Fb/../c", pathmatch.Policy{GoPathClean: true, Decode: pathmatch.DecodeUnlessReserved}, "/c", nil},
}

func TestNormalize(t *testing.T) {
	for _, tt := range normalizeTable {
		got, err := pathmatch.Normalize(tt.in, tt.p)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Normalize(%q, %+v) = %q, %v; want %q, %v", tt.in, tt.p, got, err, tt.want, tt.err)
		}
	}
}

func TestNormalizeLong(t *testing.T) {
	long := "/" + string(make([]byte, pathmatch.MaxPathLen))
	if _, err := pathmatch.Normalize(long, pathmatch.Policy{}); !errors.Is(err, pathmatch.ErrPathTooLong) {
		t.Errorf("Normalize(<%d bytes>) error = %v, want ErrPathTooLong", len(long), err)
	}
	deep := ""
	for range 5000 {
		deep += "/a/../b/./"
	}
	got, err := pathmatch.Normalize(deep, pathmatch.Policy{})
	if want := "/b/b/b"; err != nil || len(got) != 2*5000+1 || got[:6] != want {
		t.Errorf("Normalize(5000 × %q) = %.12q…(%d bytes), %v; want %q…", "/a/../b/./", got, len(got), err, want)
	}
}

func TestNormalizeNoAllocWhenClean(t *testing.T) {
	for _, in := range []string{"/", "/foo/bar", "/foo/bar/", "/a.b/..c"} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := pathmatch.Normalize(in, pathmatch.Policy{}); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Normalize(%q) allocates %v times, want 0", in, allocs)
		}
	}
}

// TestCompileRefusesCostlyRegex: Compile refuses a regular expression over
// the bound with ErrRegexTooLarge, under both regex readings, and accepts
// a long literal path (width 2) and an ordinary expression.
func TestCompileRefusesCostlyRegex(t *testing.T) {
	for _, is := range []pathmatch.Interpretation{pathmatch.AsRegex(), pathmatch.AsRegexFold()} {
		for _, p := range []string{"/(?:" + strings.Repeat(".{0,1000}", 8) + ")x", "/" + strings.Repeat("a*", pathmatch.MaxRegexWidth)} {
			if _, err := pathmatch.Compile(networkingv1.PathTypeImplementationSpecific, p, is); !errors.Is(err, pathmatch.ErrRegexTooLarge) {
				t.Errorf("%s: Compile(%.30q...) error = %v, want ErrRegexTooLarge", is, p, err)
			}
		}
		literal := "/" + strings.Repeat("abcdefgh/", 400) // 3,601 bytes: width 2, a program under 4,096
		if pat, err := pathmatch.Compile(networkingv1.PathTypeImplementationSpecific, literal, is); err != nil || !pat.Match(literal+"x") {
			t.Errorf("%s: Compile of a 3,601-byte literal path: %v; want it compiled and matching itself", is, err)
		}
		if pat, err := pathmatch.Compile(networkingv1.PathTypeImplementationSpecific, "/api/v[0-9]+/users/[0-9a-f]{8}(/.*)?$", is); err != nil || !pat.Match("/api/v2/users/0123abcd/x") {
			t.Errorf("%s: Compile of an ordinary expression: %v; want it compiled and matching", is, err)
		}
	}
}
