package pathmatch_test

import (
	"fmt"
	"slices"

	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

func ExampleMatch() {
	// Rows of the Kubernetes documentation's path-matching table.
	fmt.Println(pathmatch.Match(networkingv1.PathTypePrefix, "/aaa/bbb", "/aaa/bbb/ccc"))
	fmt.Println(pathmatch.Match(networkingv1.PathTypePrefix, "/aaa/bbb", "/aaa/bbbxyz"))
	fmt.Println(pathmatch.Match(networkingv1.PathTypeExact, "/foo", "/foo/"))
	// Output:
	// true
	// false
	// false
}

func ExampleMatchExact() {
	fmt.Println(pathmatch.MatchExact("/foo", "/foo"))
	fmt.Println(pathmatch.MatchExact("/foo", "/FOO"))
	// Output:
	// true
	// false
}

func ExampleMatchPrefix() {
	fmt.Println(pathmatch.MatchPrefix("/foo/", "/foo"))
	fmt.Println(pathmatch.MatchPrefix("/foo/bar", "/foo/barbaz"))
	// Output:
	// true
	// false
}

func ExampleMatchStringPrefix() {
	fmt.Println(pathmatch.MatchStringPrefix("/foo", "/foobar"))
	// Output: true
}

func ExampleCompile() {
	// ingress-nginx with use-regex reads ImplementationSpecific as a
	// case-insensitive regular expression anchored at the start.
	p, err := pathmatch.Compile(networkingv1.PathTypeImplementationSpecific, "/api/v[0-9]+", pathmatch.AsRegexFold())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Match("/API/v2/users"), p.Match("/web/api/v2"))

	_, err = pathmatch.Compile(networkingv1.PathTypeImplementationSpecific, "/api/(v1", pathmatch.AsRegex())
	fmt.Println(err)
	// Output:
	// true false
	// pathmatch: ImplementationSpecific path "/api/(v1" is not a valid RE2 regular expression: error parsing regexp: missing closing ): `^(?:/api/(v1)`
}

func ExampleAsFunc() {
	// A controller with its own reading of ImplementationSpecific: glob-like "*".
	glob := pathmatch.AsFunc(func(pattern, path string) bool {
		if len(pattern) > 0 && pattern[len(pattern)-1] == '*' {
			return pathmatch.MatchStringPrefix(pattern[:len(pattern)-1], path)
		}
		return pattern == path
	})
	p := pathmatch.MustCompile(networkingv1.PathTypeImplementationSpecific, "/static/*", glob)
	fmt.Println(p.Match("/static/app.js"), p.Match("/other"))
	// Output: true false
}

func ExampleCompare() {
	// Row 15 of the documentation's table: Prefix /, /aaa and /aaa/bbb all
	// match /aaa/bbb; the longest wins.
	var matching []pathmatch.Pattern
	for _, s := range []string{"/", "/aaa/bbb", "/aaa"} {
		p := pathmatch.MustCompile(networkingv1.PathTypePrefix, s, pathmatch.AsPrefix())
		if p.Match("/aaa/bbb") {
			matching = append(matching, p)
		}
	}
	matching = append(matching, pathmatch.MustCompile(networkingv1.PathTypeExact, "/aaa/bbb", pathmatch.AsPrefix()))
	slices.SortStableFunc(matching, pathmatch.Compare)
	for _, p := range matching {
		fmt.Println(p.Type(), p, p.Len())
	}
	// Output:
	// Exact /aaa/bbb 8
	// Prefix /aaa/bbb 8
	// Prefix /aaa 4
	// Prefix / 0
}

func ExampleNormalize() {
	for _, path := range []string{"/public/%2e%2e/admin", "//a/./b/../c?x=1", "/a%2Fb", "/a%00"} {
		n, err := pathmatch.Normalize(path, pathmatch.Policy{})
		fmt.Printf("%q %q %v\n", path, n, err)
	}
	n, _ := pathmatch.Normalize("/a%2Fb", pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash})
	fmt.Printf("%q\n", n)
	// Output:
	// "/public/%2e%2e/admin" "/admin" <nil>
	// "//a/./b/../c?x=1" "/a/c" <nil>
	// "/a%2Fb" "/a%2Fb" <nil>
	// "/a%00" "" pathmatch.Normalize("/a%00"): path contains a NUL octet
	// "/a/b"
}

func ExampleCheckPath() {
	fmt.Println(pathmatch.CheckPath(networkingv1.PathTypePrefix, "/foo/../bar/."))
	fmt.Println(pathmatch.CheckPath(networkingv1.PathTypeImplementationSpecific, ""))
	// Output:
	// [must not contain '/../' cannot end with '/.']
	// []
}

func ExampleMustCompile() {
	p := pathmatch.MustCompile(networkingv1.PathTypePrefix, "/foo/", pathmatch.AsPrefix())
	fmt.Println(p.Type(), p, p.Len(), p.Interpretation(), p.Match("/foo"), p.Match("/foobar"))
	// Output: Prefix /foo/ 4 Prefix true false
}

// The readings of ImplementationSpecific that controllers use, side by side.
func ExampleInterpretation() {
	for _, is := range []pathmatch.Interpretation{
		pathmatch.AsPrefix(), pathmatch.AsExact(), pathmatch.AsStringPrefix(), pathmatch.AsRegex(), pathmatch.AsRegexFold(),
	} {
		p := pathmatch.MustCompile(networkingv1.PathTypeImplementationSpecific, "/Foo", is)
		fmt.Printf("%-12s /Foo/bar:%-5v /Foobar:%-5v /foo:%v\n", is, p.Match("/Foo/bar"), p.Match("/Foobar"), p.Match("/foo"))
	}
	// Output:
	// Prefix       /Foo/bar:true  /Foobar:false /foo:false
	// Exact        /Foo/bar:false /Foobar:false /foo:false
	// StringPrefix /Foo/bar:true  /Foobar:true  /foo:false
	// Regex        /Foo/bar:true  /Foobar:true  /foo:false
	// RegexFold    /Foo/bar:true  /Foobar:true  /foo:true
}

func ExamplePattern_Key() {
	for _, p := range []pathmatch.Pattern{
		pathmatch.MustCompile(networkingv1.PathTypeExact, "/foo", pathmatch.AsPrefix()),
		pathmatch.MustCompile(networkingv1.PathTypePrefix, "/foo/", pathmatch.AsPrefix()),
		pathmatch.MustCompile(networkingv1.PathTypeImplementationSpecific, "/foo", pathmatch.AsStringPrefix()),
		pathmatch.MustCompile(networkingv1.PathTypeImplementationSpecific, "/foo[0-9]", pathmatch.AsRegex()),
	} {
		key, at, ok := p.Key()
		fmt.Printf("%s %q: key %q, end %v, slash %v, any %v, indexable %v\n", p.Type(), p, key,
			at&pathmatch.AtEnd != 0, at&pathmatch.AtSlash != 0, at&pathmatch.AtAny != 0, ok)
	}
	// Output:
	// Exact "/foo": key "/foo", end true, slash false, any false, indexable true
	// Prefix "/foo/": key "/foo", end true, slash true, any false, indexable true
	// ImplementationSpecific "/foo": key "/foo", end true, slash true, any true, indexable true
	// ImplementationSpecific "/foo[0-9]": key "/foo[0-9]", end false, slash false, any false, indexable false
}
