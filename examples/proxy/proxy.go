// Package proxy is a small HTTP and HTTPS reverse proxy that routes by
// Kubernetes Ingresses: an example to copy from, not a production
// controller.
//
// It reads Ingress manifests and kubernetes.io/tls Secrets from a directory
// (through the manifest package), routes each request with matcher
// (MatchRequest: the Host header and the normalised path), terminates TLS
// with tlsselect (the certificate chosen by SNI), and forwards with
// net/http/httputil.ReverseProxy to the Service's address. Reload reads the
// directory again and swaps the new routing table in with an
// atomic.Pointer: requests in flight finish on the table they started with,
// and none is dropped.
//
// Answers of its own: 400 for a malformed Host header or path (a NUL octet,
// a bad percent-encoding: matcher.RouteRequest wraps ErrBadRequest), 414 for
// a path over pathmatch.MaxPathLen, 404 when no Ingress routes the request
// (ErrNoRoute), 502 when the backend cannot be reached. Each routed request
// is logged with the Ingress and path that served it.
//
// An explanation of a 404 (matcher.Explain: every candidate path and why
// it lost) costs time in proportion to the Ingresses, so it is given only
// when asked: for a request carrying the ExplainHeader, in the body, or for
// every 404 in the log after Proxy.ExplainMisses(true) (the command's
// -explain flag). A random URL never pays for it otherwise.
package proxy

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

// Resolve returns the base URL of a Service's port: in a cluster,
// http://name.namespace.svc:port. Tests and local runs map services to
// loopback servers instead.
type Resolve func(namespace string, svc *networkingv1.IngressServiceBackend) (*url.URL, error)

// ClusterDNS resolves a Service by its cluster DNS name; a port given by
// name is not resolvable without the Service object, and is an error.
func ClusterDNS(namespace string, svc *networkingv1.IngressServiceBackend) (*url.URL, error) {
	if svc.Port.Number == 0 {
		return nil, fmt.Errorf("service %s/%s: port %q is named; map it with -upstream", namespace, svc.Name, svc.Port.Name)
	}
	return &url.URL{Scheme: "http", Host: svc.Name + "." + namespace + ".svc:" + strconv.Itoa(int(svc.Port.Number))}, nil
}

// table is one generation of routing state; it is never changed once
// published.
type table struct {
	m     *matcher.Matcher
	sel   *tlsselect.Selector
	certs map[[2]string]*tls.Certificate // namespace, Secret name
}

// Proxy routes HTTP requests by Ingresses. Create it with New; it is safe
// for concurrent use, Reload included.
type Proxy struct {
	explainMisses atomic.Bool

	dir     string
	resolve Resolve
	log     *log.Logger
	current atomic.Pointer[table]
	rp      *httputil.ReverseProxy
}

// New returns a Proxy over the manifests in dir, loaded once; call Reload
// to pick up changes.
func New(dir string, resolve Resolve, logger *log.Logger) (*Proxy, error) {
	if resolve == nil {
		resolve = ClusterDNS
	}
	if logger == nil {
		logger = log.Default()
	}
	p := &Proxy{dir: dir, resolve: resolve, log: logger}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			target := r.In.Context().Value(targetKey{}).(*url.URL)
			r.SetURL(target)
			r.SetXForwarded()
			r.Out.Host = r.In.Host // keep the Host the client asked for
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			p.log.Printf("proxy: %s %s%s: backend error: %v", r.Method, r.Host, r.URL.Path, err)
			http.Error(w, "502 bad gateway: the backend did not answer", http.StatusBadGateway)
		},
	}
	if err := p.Reload(); err != nil {
		return nil, err
	}
	return p, nil
}

// Reload reads the manifests again and swaps the new table in. When the
// directory cannot be read at all, the old table stays and the error is
// returned; documents that cannot be read are logged and left out.
func (p *Proxy) Reload() error {
	set, err := manifest.Load(p.dir)
	if set == nil || len(set.Ingresses) == 0 && err != nil {
		return fmt.Errorf("proxy: reload %s: %w", p.dir, err)
	}
	if err != nil {
		p.log.Printf("proxy: reload %s: %v", p.dir, err)
	}
	t := &table{m: matcher.Compile(set.Ingresses), sel: tlsselect.Compile(set.Ingresses), certs: map[[2]string]*tls.Certificate{}}
	for _, d := range t.m.Diagnostics() {
		p.log.Printf("proxy: %s: %s", d.Kind, d)
	}
	for _, s := range set.Secrets {
		pair, err := tlsselect.KeyPair(s)
		if err != nil {
			p.log.Printf("proxy: %v", err)
			continue
		}
		t.certs[[2]string{s.Namespace, s.Name}] = &pair
	}
	p.current.Store(t)
	return nil
}

// TLSConfig returns a tls.Config whose certificate is chosen per
// connection by SNI from the current table.
func (p *Proxy) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			t := p.current.Load()
			return t.sel.GetCertificate(func(ns, name string) (*tls.Certificate, error) {
				if c, ok := t.certs[[2]string{ns, name}]; ok {
					return c, nil
				}
				return nil, fmt.Errorf("proxy: no usable Secret %s/%s", ns, name)
			})(hello)
		},
	}
}

type targetKey struct{}

// ExplainMisses sets whether every 404 is explained in the log
// (matcher.Explain: it costs time in proportion to the Ingresses). It is off
// by default and may be changed while serving.
func (p *Proxy) ExplainMisses(on bool) { p.explainMisses.Store(on) }

// ExplainHeader is the request header that asks for the reason of a 404 in
// the response body, for debugging: "X-Ingresslib-Explain: 1".
const ExplainHeader = "X-Ingresslib-Explain"

// ServeHTTP routes one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, err := hostmatch.Normalize(r.Host); err != nil {
		http.Error(w, "400 bad request: malformed Host header", http.StatusBadRequest)
		return
	}
	t := p.current.Load()
	route, err := t.m.RouteRequest(r)
	switch {
	case errors.Is(err, pathmatch.ErrPathTooLong):
		http.Error(w, "414 URI too long", http.StatusRequestURITooLong)
		return
	case errors.Is(err, matcher.ErrBadRequest):
		http.Error(w, "400 bad request: "+err.Error(), http.StatusBadRequest)
		return
	case errors.Is(err, matcher.ErrNoRoute):
		msg := "404 not found"
		if ask := r.Header.Get(ExplainHeader) != ""; ask || p.explainMisses.Load() {
			// RouteRequest succeeded in normalising the path; the matcher
			// gives the same path to explain with.
			path, _ := t.m.NormalizePath(r.URL.EscapedPath())
			reason := t.m.Explain(r.Host, path).Reason
			p.log.Printf("proxy: %s %s%s → 404 (%s)", r.Method, r.Host, path, reason)
			if ask {
				msg += ": " + reason
			}
		}
		http.Error(w, msg, http.StatusNotFound)
		return
	}
	// The path as routed: the matcher's own normalisation, which
	// RouteRequest has just applied without error.
	path, _ := t.m.NormalizePath(r.URL.EscapedPath())
	svc := route.Backend.Service
	if svc == nil {
		http.Error(w, "501 not implemented: resource backends are not served by this proxy", http.StatusNotImplemented)
		return
	}
	target, err := p.resolve(route.Ingress.Namespace, svc)
	if err != nil {
		p.log.Printf("proxy: %v", err)
		http.Error(w, "502 bad gateway: "+err.Error(), http.StatusBadGateway)
		return
	}
	p.log.Printf("proxy: %s %s%s → %s", r.Method, r.Host, path, route)
	// Normalize left only valid escapes, so PathUnescape cannot fail; RawPath
	// keeps %2F as the client sent it.
	unescaped, _ := url.PathUnescape(path)
	r.URL.Path, r.URL.RawPath = unescaped, path
	p.rp.ServeHTTP(w, r.WithContext(withTarget(r, target)))
}
