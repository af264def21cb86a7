package hostmatch_test

import (
	"fmt"

	"github.com/ingresslib/ingress/hostmatch"
)

func ExampleMatch() {
	// The Kubernetes documentation's hostname wildcard table.
	fmt.Println(hostmatch.Match("*.foo.com", "bar.foo.com"))
	fmt.Println(hostmatch.Match("*.foo.com", "baz.bar.foo.com"))
	fmt.Println(hostmatch.Match("*.foo.com", "foo.com"))
	// A Host header as a client sends it.
	fmt.Println(hostmatch.Match("foo.bar.com", "Foo.Bar.com.:8080"))
	// Output:
	// true
	// false
	// false
	// true
}

func ExampleNormalize() {
	for _, h := range []string{"Foo.COM.:8080", "[::1]:443", "", "foo.com:http"} {
		n, err := hostmatch.Normalize(h)
		fmt.Printf("%q %q %v\n", h, n, err)
	}
	// Output:
	// "Foo.COM.:8080" "foo.com" <nil>
	// "[::1]:443" "::1" <nil>
	// "" "" <nil>
	// "foo.com:http" "" hostmatch.Normalize("foo.com:http"): malformed host
}

func ExampleIsIP() {
	fmt.Println(hostmatch.IsIP("10.0.0.1"), hostmatch.IsIP("::1"), hostmatch.IsIP("foo.com"))
	// Output: true true false
}

func ExampleWildcardSuffix() {
	fmt.Println(hostmatch.WildcardSuffix("*.foo.com"))
	fmt.Println(hostmatch.WildcardSuffix("foo.com"))
	// Output:
	// .foo.com true
	//  false
}

func ExampleRankOf() {
	for _, p := range []string{"foo.bar.com", "*.bar.com", ""} {
		fmt.Println(hostmatch.RankOf(p))
	}
	// Output:
	// exact
	// wildcard
	// catch-all
}

func ExampleCovers() {
	fmt.Println(hostmatch.Covers("*.foo.com", "bar.foo.com"), hostmatch.Covers("*.foo.com", "foo.com"))
	// Output: true false
}
