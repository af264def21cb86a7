package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ingresslib/ingress/classresolve"
	"github.com/ingresslib/ingress/manifest"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// clusterFlags select reading Ingresses from a live cluster.
type clusterFlags struct {
	kubeconfig, context, namespace string
	class, controller              string
}

// readCluster lists Ingresses and IngressClasses with the usual kubeconfig
// rules (-kubeconfig, else $KUBECONFIG, else ~/.kube/config, else
// in-cluster), keeping the Ingresses of -class or -controller when given.
// The returned notes say what was left out and why.
func readCluster(f clusterFlags) (*manifest.Set, []string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = f.kubeconfig
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: f.context}).ClientConfig()
	if err != nil {
		return nil, nil, fmt.Errorf("kubeconfig: %w", err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ingList, err := client.NetworkingV1().Ingresses(f.namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("listing Ingresses: %w", err)
	}
	classList, err := client.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("listing IngressClasses: %w", err)
	}
	set := &manifest.Set{}
	for i := range classList.Items {
		set.IngressClasses = append(set.IngressClasses, &classList.Items[i])
	}
	var ings []*networkingv1.Ingress
	for i := range ingList.Items {
		ings = append(ings, &ingList.Items[i])
	}
	var notes []string
	switch {
	case f.controller != "":
		owned, skipped := classresolve.New(f.controller, set.IngressClasses).Filter(ings)
		ings = owned
		for _, d := range skipped {
			notes = append(notes, fmt.Sprintf("Ingress %s/%s left out: %s", d.Ingress.Namespace, d.Ingress.Name, d.Reason))
		}
	case f.class != "":
		var kept []*networkingv1.Ingress
		for _, ing := range ings {
			if c, src := classresolve.ClassOf(ing, false); c == f.class {
				kept = append(kept, ing)
			} else {
				notes = append(notes, fmt.Sprintf("Ingress %s/%s left out: its class is %q (from %s), not %q", ing.Namespace, ing.Name, c, src, f.class))
			}
		}
		ings = kept
	}
	set.Ingresses = ings
	return set, notes, nil
}
