// Command consumer stands for a controller pinned to Kubernetes 1.31
// libraries (k8s.io v0.31, controller-runtime v0.19). .ci/floor-consumer
// adds ingresslib to it and checks that none of its k8s.io versions change.
package main

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
	ctrl "sigs.k8s.io/controller-runtime"
)

func main() {
	fmt.Println(ctrl.Log.GetSink() != nil, networkingv1.PathTypePrefix)
}
