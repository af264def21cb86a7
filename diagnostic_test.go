package ingress_test

import (
	"testing"

	"github.com/ingresslib/ingress"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestObjectName: namespace/name, the name alone without a namespace, a
// visible stand-in without a name, "" for nil.
func TestObjectName(t *testing.T) {
	for _, c := range []struct {
		o    ingress.Object
		want string
	}{
		{&networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web"}}, "shop/web"},
		{&networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: "nginx"}}, "nginx"},
		{&networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "testing"}}, "testing/(no name)"},
		{&networkingv1.Ingress{}, "(no name)"},
		{nil, ""},
	} {
		if got := ingress.ObjectName(c.o); got != c.want {
			t.Errorf("ObjectName(%v) = %q, want %q", c.o, got, c.want)
		}
	}
}
