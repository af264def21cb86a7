package conformance

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

// Labeler is a router that answers with labels of its own — an upstream
// name, a cluster, "10.96.0.7:8080" — instead of an IngressBackend, so an
// adapter need not map its targets back to backends. RouteLabel answers a
// request (false for no route); Label says what label the router gives a
// backend of an Ingress in namespace, which the suite asks for the backend
// each request must reach. Wrap one with [LabelRouter].
type Labeler interface {
	RouteLabel(host, path string) (label string, ok bool)
	Label(namespace string, b networkingv1.IngressBackend) string
}

// LabelRouter makes a Router of a Labeler: the suite compares labels. If l
// is also a [TLSRouter], so is the result.
func LabelRouter(l Labeler) Router {
	if t, ok := l.(TLSRouter); ok {
		return labelTLSRouter{labelRouter{l}, t}
	}
	return labelRouter{l}
}

type labelRouter struct{ Labeler }

// Route is never called: the suite asks RouteLabel.
func (labelRouter) Route(string, string) (networkingv1.IngressBackend, bool) {
	return networkingv1.IngressBackend{}, false
}

type labelTLSRouter struct {
	labelRouter
	TLSRouter
}

// HTTP runs the suite against a controller's data plane: real HTTP/1.1
// requests with the case's Host header and path, written byte for byte,
// to an http.Handler in process or to a server at Addr, and the backend
// read from a response header. Make its Router with [HTTPRouter].
type HTTP struct {
	// Handler serves the requests in process; or, when nil, Addr
	// ("127.0.0.1:8080") is dialled over TCP.
	Handler http.Handler
	Addr    string
	// Header is the response header that names the backend (default
	// "X-Backend"). A response without it, or with status 404, is "no
	// route".
	Header string
	// LabelOf is the header's value for a backend of an Ingress in
	// namespace; nil means "service:port" (port number or name), as the
	// cases write backends.
	LabelOf func(namespace string, b networkingv1.IngressBackend) string
	// TLSAddr, with Fixtures, answers certificate requests by a real TLS
	// handshake with SNI at that address; TLSConfig does so in process
	// (its GetCertificate or Certificates). The certificate served is
	// matched to the fixture Secret that holds it.
	TLSAddr   string
	TLSConfig *tls.Config
	Fixtures  Fixtures
	// Timeout bounds each request (default 5s).
	Timeout time.Duration
}

// HTTPRouter returns the Router of h.
func HTTPRouter(h HTTP) Router {
	if h.Header == "" {
		h.Header = "X-Backend"
	}
	if h.Timeout == 0 {
		h.Timeout = 5 * time.Second
	}
	if h.TLSAddr != "" || h.TLSConfig != nil {
		return labelTLSRouter{labelRouter{h}, h}
	}
	return labelRouter{h}
}

// Label is h.LabelOf, or "service:port".
func (h HTTP) Label(namespace string, b networkingv1.IngressBackend) string {
	if h.LabelOf != nil {
		return h.LabelOf(namespace, b)
	}
	return backend.String(b)
}

// RouteLabel sends "GET path HTTP/1.1" with the Host header and reads the
// backend header of the answer.
func (h HTTP) RouteLabel(host, path string) (string, bool) {
	raw := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	var resp *http.Response
	if h.Handler != nil {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return "", false // a request Go's server would refuse before any handler
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		h.Handler.ServeHTTP(rec, req)
		resp = rec.Result()
	} else {
		c, err := net.DialTimeout("tcp", h.Addr, h.Timeout)
		if err != nil {
			return "", false
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(h.Timeout))
		if _, err := io.WriteString(c, raw); err != nil {
			return "", false
		}
		resp, err = http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return "", false
		}
	}
	defer resp.Body.Close()
	label := resp.Header.Get(h.Header)
	if label == "" || resp.StatusCode == http.StatusNotFound {
		return "", false
	}
	return label, true
}

// Certificate makes a TLS handshake with the server name and returns the
// fixture Secret whose certificate was served.
func (h HTTP) Certificate(serverName string) (namespace, name string, ok bool) {
	var conn net.Conn
	if h.TLSConfig != nil {
		client, server := net.Pipe()
		defer client.Close()
		srv := tls.Server(server, h.TLSConfig)
		go func() {
			defer server.Close()
			srv.HandshakeContext(context.Background())
		}()
		conn = client
	} else {
		c, err := net.DialTimeout("tcp", h.TLSAddr, h.Timeout)
		if err != nil {
			return "", "", false
		}
		defer c.Close()
		conn = c
	}
	conn.SetDeadline(time.Now().Add(h.Timeout))
	tc := tls.Client(conn, &tls.Config{ServerName: serverName, InsecureSkipVerify: true}) // the suite checks which certificate, not its chain
	if err := tc.Handshake(); err != nil {
		return "", "", false
	}
	certs := tc.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return "", "", false
	}
	s := h.Fixtures.secretOf(certs[0].Raw)
	if s == nil {
		return "", "", false
	}
	return s.Namespace, s.Name, true
}

// Matcher is the Router of this library's own matcher, compiled from each
// case's Ingresses with opts, and a TLSRouter by tlsselect: the path is
// normalised by the matcher's policy first ([matcher.Matcher.NormalizePath];
// a path it refuses, as the suite's malformed paths are, has no route),
// as a server that routes with the matcher would. It is what a
// controller built on the library runs the suite with:
//
//	conformance.Run(t, conformance.Matcher(matcher.WithDialect(matcher.IngressNGINX)))
func Matcher(opts ...matcher.Option) func([]*networkingv1.Ingress) (Router, error) {
	return func(ings []*networkingv1.Ingress) (Router, error) {
		return matcherRouter{matcher.Compile(ings, opts...), tlsselect.Compile(ings)}, nil
	}
}

type matcherRouter struct {
	m *matcher.Matcher
	s *tlsselect.Selector
}

func (r matcherRouter) Route(host, path string) (networkingv1.IngressBackend, bool) {
	p, err := r.m.NormalizePath(path)
	if err != nil {
		return networkingv1.IngressBackend{}, false
	}
	route, ok := r.m.Match(host, p)
	return route.Backend, ok
}

func (r matcherRouter) Certificate(serverName string) (namespace, name string, ok bool) {
	c, found := r.s.Select(serverName)
	if !found {
		return "", "", false
	}
	return c.Ingress.Namespace, c.SecretName, true
}
