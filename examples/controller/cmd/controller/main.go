// Command controller runs the example controller against a cluster:
//
//	go run ./examples/controller/cmd/controller -kubeconfig ~/.kube/config -name example.com/ingress-controller
//
// It keeps a Matcher of the Ingresses whose IngressClass names the
// controller, emits diagnostics as Events, and answers
// GET /explain?host=H&path=P on -listen with the route and why.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/ingresslib/ingress/classresolve"
	"github.com/ingresslib/ingress/examples/controller"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
)

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig file (empty: in-cluster)")
	name := flag.String("name", "example.com/ingress-controller", "the spec.controller value this controller implements")
	classless := flag.Bool("watch-ingress-without-class", false, "also own Ingresses that name no class")
	listen := flag.String("listen", "127.0.0.1:8081", "address of the /explain endpoint")
	flag.Parse()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatal(err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatal(err)
	}
	broadcaster := record.NewBroadcaster()
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	defer broadcaster.Shutdown()
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "ingresslib-example-controller"})

	var opts []classresolve.Option
	if *classless {
		opts = append(opts, classresolve.WithClassless())
	}
	c := controller.New(client, *name, recorder, opts...)
	http.HandleFunc("/explain", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, c.Current().Explain(r.URL.Query().Get("host"), r.URL.Query().Get("path")))
	})
	go func() {
		srv := &http.Server{Addr: *listen, ReadHeaderTimeout: 10 * time.Second}
		log.Fatal(srv.ListenAndServe())
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log.Printf("controller %s: watching; explain on http://%s/explain?host=&path=", *name, *listen)
	if err := c.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
