// Command proxy runs the example reverse proxy of package
// github.com/ingresslib/ingress/examples/proxy:
//
//	go run ./examples/proxy/cmd/proxy -manifests DIR [-http :8080] [-https :8443] [-upstream ns/svc:port=URL]... [-reload 2s]
//
// It routes by the Ingresses in DIR, terminates TLS with the
// kubernetes.io/tls Secrets in DIR, and reloads DIR every -reload interval
// (and on SIGHUP). Without -upstream mappings, a Service is reached at its
// cluster DNS name.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ingresslib/ingress/examples/proxy"
	networkingv1 "k8s.io/api/networking/v1"
)

type upstreams map[string]*url.URL

func (u upstreams) String() string { return fmt.Sprint(map[string]*url.URL(u)) }

// Set parses "namespace/service:port=URL" (port by number or name).
func (u upstreams) Set(v string) error {
	key, raw, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want namespace/service:port=URL, got %q", v)
	}
	target, err := url.Parse(raw)
	if err != nil || target.Host == "" {
		return fmt.Errorf("upstream %q: not an absolute URL", raw)
	}
	u[key] = target
	return nil
}

func main() {
	dir := flag.String("manifests", "", "directory of Ingress manifests and TLS Secrets (required)")
	httpAddr := flag.String("http", "127.0.0.1:8080", "HTTP listen address")
	httpsAddr := flag.String("https", "", "HTTPS listen address (empty: no TLS)")
	explain := flag.Bool("explain", false, "log why each 404 found no route (costs time per 404 in proportion to the Ingresses)")
	every := flag.Duration("reload", 2*time.Second, "reload the manifests this often (0: only on SIGHUP)")
	ups := upstreams{}
	flag.Var(ups, "upstream", "map namespace/service:port to a URL, e.g. default/service1:4200=http://127.0.0.1:9001 (repeatable)")
	flag.Parse()
	if *dir == "" {
		flag.Usage()
		os.Exit(2)
	}
	resolve := func(ns string, svc *networkingv1.IngressServiceBackend) (*url.URL, error) {
		port := svc.Port.Name
		if port == "" {
			port = fmt.Sprint(svc.Port.Number)
		}
		if u, ok := ups[ns+"/"+svc.Name+":"+port]; ok {
			return u, nil
		}
		return proxy.ClusterDNS(ns, svc)
	}
	p, err := proxy.New(*dir, resolve, log.Default())
	if err != nil {
		log.Fatal(err)
	}
	p.ExplainMisses(*explain)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		var tick <-chan time.Time
		if *every > 0 {
			tick = time.Tick(*every)
		}
		for {
			select {
			case <-hup:
			case <-tick:
			}
			if err := p.Reload(); err != nil {
				log.Print(err)
			}
		}
	}()
	if *httpsAddr != "" {
		srv := &http.Server{Addr: *httpsAddr, Handler: p, TLSConfig: p.TLSConfig(), ReadHeaderTimeout: 10 * time.Second}
		go func() { log.Fatal(srv.ListenAndServeTLS("", "")) }()
	}
	srv := &http.Server{Addr: *httpAddr, Handler: p, ReadHeaderTimeout: 10 * time.Second}
	log.Printf("proxy: routing by %s on http://%s", *dir, *httpAddr)
	log.Fatal(srv.ListenAndServe())
}
