package dnsname

import (
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/testgen"
	"k8s.io/apimachinery/pkg/util/validation"
	"pgregory.net/rapid"
)

// TestValid: the fast check agrees with apimachinery's regular
// expressions on hand-picked hosts and on hosts built from testgen's label
// pool (labels up to 64 bytes, hosts up to 260) with bytes mutated.
func TestValid(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, host string) {
		wildcard := strings.Contains(host, "*")
		want := len(validation.IsDNS1123Subdomain(host)) == 0
		if wildcard {
			want = len(validation.IsWildcardDNS1123Subdomain(host)) == 0
		}
		if got := valid(host, wildcard); got != want {
			t.Fatalf("valid(%q) = %v, apimachinery says %v", host, got, want)
		}
	}
	for _, h := range []string{"foo.com", "*.foo.com", "Foo.com", "foo.com.", ".foo", "a..b", "-a.com", "a-.com", "a", "1.2.3.4", "*", "*.", "**.a", "a.*.com",
		"__INGRESS_HOST__", strings.Repeat("a", 253), strings.Repeat("a", 254), "*." + strings.Repeat("a", 251), "*." + strings.Repeat("a", 252), strings.Repeat("a", 64) + ".com"} {
		check(t, h)
	}
	rapid.Check(t, func(t *rapid.T) {
		h := testgen.Host(t, testgen.HostPool(t), "host")
		if h == "" {
			return
		}
		if rapid.Bool().Draw(t, "mutate") {
			b := []byte(h)
			b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = rapid.SampledFrom([]byte{'.', '-', '*', 'A', '_', ' '}).Draw(t, "byte")
			h = string(b)
		}
		check(t, h)
	})
}

func TestMain(m *testing.M) { testgen.Main(m) }
