package proxy_test

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ingresslib/ingress/examples/proxy"
	networkingv1 "k8s.io/api/networking/v1"
)

// backend starts a loopback server that answers "name path".
func backend(t *testing.T, name string) *url.URL {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s", name, r.URL.EscapedPath())
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return u
}

// tlsSecret returns a kubernetes.io/tls Secret manifest for dnsName and the
// certificate, to trust in the client.
func tlsSecret(t *testing.T, ns, name, dnsName string) (string, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: dnsName}, DNSNames: []string{dnsName},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	keyDER, _ := x509.MarshalECPrivateKey(key)
	crt := base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	k := base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	return fmt.Sprintf("apiVersion: v1\nkind: Secret\nmetadata: {name: %s, namespace: %s}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: %s\n  tls.key: %s\n", name, ns, crt, k), cert
}

const ingresses = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: web}
spec:
  tls:
  - {hosts: [shop.example.com], secretName: shop-tls}
  - {hosts: [api.example.com], secretName: api-tls}
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /cart, pathType: Prefix, backend: {service: {name: cart, port: {number: 80}}}}
      - {path: /app, pathType: Prefix, backend: {service: {name: APP, port: {number: 80}}}}
  - host: api.example.com
    http:
      paths:
      - {path: /v1, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
`

type fixture struct {
	dir      string
	http     *httptest.Server
	https    *httptest.Server
	p        *proxy.Proxy
	roots    *x509.CertPool
	logs     *syncBuffer
	backends map[string]*url.URL
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (f *fixture) write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func setup(t *testing.T) *fixture {
	f := &fixture{dir: t.TempDir(), roots: x509.NewCertPool(), logs: &syncBuffer{}, backends: map[string]*url.URL{}}
	for _, name := range []string{"web", "cart", "api", "fallback", "app-a", "app-b"} {
		f.backends[name] = backend(t, name)
	}
	f.write(t, "ingress.yaml", strings.Replace(ingresses, "APP", "app-a", 1))
	for i, host := range []string{"shop.example.com", "api.example.com"} {
		secret, cert := tlsSecret(t, "web", strings.Split(host, ".")[0]+"-tls", host)
		f.roots.AddCert(cert)
		f.write(t, fmt.Sprintf("secret-%d.yaml", i), secret)
	}
	resolve := func(ns string, svc *networkingv1.IngressServiceBackend) (*url.URL, error) {
		if u, ok := f.backends[svc.Name]; ok {
			return u, nil
		}
		return nil, fmt.Errorf("no backend %s", svc.Name)
	}
	p, err := proxy.New(f.dir, resolve, log.New(f.logs, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	f.p = p
	f.http = httptest.NewServer(p)
	t.Cleanup(f.http.Close)
	f.https = httptest.NewUnstartedServer(p)
	f.https.TLS = p.TLSConfig()
	f.https.StartTLS()
	t.Cleanup(f.https.Close)
	return f
}

// get sends a request with a Host header to the proxy and returns status
// and body.
func get(t *testing.T, c *http.Client, base, host, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Host = host
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s%s: %v", host, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRouting(t *testing.T) {
	f := setup(t)
	c := f.http.Client()
	tests := []struct {
		host, path string
		code       int
		body       string
	}{
		{"shop.example.com", "/", 200, "web /"},
		{"shop.example.com", "/cart/items", 200, "cart /cart/items"},
		{"SHOP.example.com:8080", "/cart", 200, "cart /cart"},
		{"shop.example.com", "/public/../cart/x", 200, "cart /cart/x"},
		{"shop.example.com", "/public/%2e%2e/cart", 200, "cart /cart"},
		{"api.example.com", "/v1/users", 200, "api /v1/users"},
		{"api.example.com", "/v2", 200, "fallback /v2"},
		{"other.example.com", "/", 200, "fallback /"},
	}
	for _, tt := range tests {
		code, body := get(t, c, f.http.URL, tt.host, tt.path)
		if code != tt.code || body != tt.body {
			t.Errorf("GET %s%s = %d %q, want %d %q", tt.host, tt.path, code, body, tt.code, tt.body)
		}
	}
	if logs := f.logs.String(); !strings.Contains(logs, `GET shop.example.com/cart/items → cart:80 ← web/shop spec.rules[0].http.paths[1] host "shop.example.com" Prefix "/cart"`) {
		t.Errorf("the log does not say which Ingress and path served a request:\n%s", logs)
	}
}

func TestNotFound(t *testing.T) {
	f := setup(t)
	f.write(t, "ingress.yaml", strings.Replace(strings.Replace(ingresses, "APP", "app-a", 1), "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n", "", 1))
	if err := f.p.Reload(); err != nil {
		t.Fatal(err)
	}
	// A plain 404 does not pay for an explanation, nor log one.
	code, body := get(t, f.http.Client(), f.http.URL, "api.example.com", "/v2")
	if want := "404 not found\n"; code != 404 || body != want {
		t.Errorf("GET api.example.com/v2 = %d %q, want 404 %q", code, body, want)
	}
	const reason = "no path of host group \"api.example.com\" matches and there is no default backend: no route"
	if strings.Contains(f.logs.String(), reason) {
		t.Errorf("a 404 without the explain header was explained in the log:\n%s", f.logs.String())
	}
	// Asked with the header, the body says why.
	req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/v2", nil)
	req.Host = "api.example.com"
	req.Header.Set(proxy.ExplainHeader, "1")
	resp, err := f.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := "404 not found: " + reason + "\n"; resp.StatusCode != 404 || string(b) != want {
		t.Errorf("GET api.example.com/v2 with %s = %d %q, want 404 %q", proxy.ExplainHeader, resp.StatusCode, b, want)
	}
	// With ExplainMisses, every 404 is explained in the log.
	f.p.ExplainMisses(true)
	get(t, f.http.Client(), f.http.URL, "api.example.com", "/v3")
	if !strings.Contains(f.logs.String(), "/v3 → 404 (no path of host group") {
		t.Errorf("ExplainMisses: the log lacks the reason of a 404:\n%s", f.logs.String())
	}
}

// TestSNI checks the certificate each server name receives.
func TestSNI(t *testing.T) {
	f := setup(t)
	addr := f.https.Listener.Addr().String()
	for _, host := range []string{"shop.example.com", "api.example.com"} {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{ServerName: host, RootCAs: f.roots}}}
		req, _ := http.NewRequest(http.MethodGet, "https://"+addr+"/", nil)
		req.Host = host
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("HTTPS %s: %v", host, err)
		}
		resp.Body.Close()
		if got := resp.TLS.PeerCertificates[0].DNSNames[0]; got != host {
			t.Errorf("SNI %s got the certificate of %s", host, got)
		}
	}
	conn, err := tls.Dial("tcp", addr, &tls.Config{ServerName: "unknown.org", InsecureSkipVerify: true})
	if err == nil {
		conn.Close()
		t.Errorf("a handshake for a server name no Ingress serves succeeded")
	}
}

// TestReloadUnderLoad switches /app from app-a to app-b while clients keep
// sending requests: no request fails, every answer comes from a or b, and
// after the last reload every answer comes from b.
func TestReloadUnderLoad(t *testing.T) {
	f := setup(t)
	c := f.http.Client()
	var failed, served atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := 0; i < 2000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/app/x", nil)
				req.Host = "shop.example.com"
				resp, err := c.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || (string(b) != "app-a /app/x" && string(b) != "app-b /app/x") {
					failed.Add(1)
				}
				served.Add(1)
			}
		})
	}
	// Reload, alternating a and b, until a thousand requests were served
	// in between (at most 2,000 reloads); end on b.
	reloads := 0
	for i := 0; i < 2000 && (served.Load() < 1000 || i%2 == 1); i++ {
		app := []string{"app-a", "app-b"}[i%2]
		f.write(t, "ingress.yaml", strings.Replace(ingresses, "APP", app, 1))
		if err := f.p.Reload(); err != nil {
			t.Fatal(err)
		}
		reloads++
	}
	close(stop)
	wg.Wait()
	t.Logf("%d requests served during %d reloads", served.Load(), reloads)
	if failed.Load() != 0 || served.Load() == 0 {
		t.Errorf("%d of %d requests failed during reloads", failed.Load(), served.Load())
	}
	if _, body := get(t, c, f.http.URL, "shop.example.com", "/app/x"); body != "app-b /app/x" {
		t.Errorf("after the last reload /app/x reaches %q, want app-b", body)
	}
	// A reload of a broken directory keeps the old table.
	f.write(t, "ingress.yaml", "kind: [")
	_ = f.p.Reload()
	if code, body := get(t, c, f.http.URL, "shop.example.com", "/app/x"); code != 200 || body != "app-b /app/x" {
		t.Errorf("after a bad reload /app/x = %d %q, want the old table's app-b", code, body)
	}
}

// TestMalformed sends requests a client library would refuse to build, on
// a raw connection: each gets a 4xx, and the proxy keeps serving.
func TestMalformed(t *testing.T) {
	f := setup(t)
	addr := f.http.Listener.Addr().String()
	tests := []struct {
		name, request string
		code          int
	}{
		{"bad Host", "GET / HTTP/1.1\r\nHost: bad host!\r\n\r\n", 400},
		{"Host with a path", "GET / HTTP/1.1\r\nHost: a.com/x\r\n\r\n", 400},
		{"NUL in the path", "GET /a%00b HTTP/1.1\r\nHost: shop.example.com\r\n\r\n", 400},
		{"bad escape", "GET /a%zz HTTP/1.1\r\nHost: shop.example.com\r\n\r\n", 400},
		{"huge path", "GET /" + strings.Repeat("a", 70000) + " HTTP/1.1\r\nHost: shop.example.com\r\n\r\n", 414},
		{"Host too long", "GET / HTTP/1.1\r\nHost: " + strings.Repeat("a", 400) + ".com\r\n\r\n", 400},
	}
	for _, tt := range tests {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(conn, tt.request); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		} else if resp.StatusCode != tt.code {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.code)
		}
		conn.Close()
	}
	if code, _ := get(t, f.http.Client(), f.http.URL, "shop.example.com", "/"); code != 200 {
		t.Errorf("after malformed requests the proxy answers %d", code)
	}
}
