package proxy_test

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/examples/proxy"
	networkingv1 "k8s.io/api/networking/v1"
)

// label names a backend "namespace/service:port": what the echo backend
// below answers in X-Backend.
func label(namespace string, b networkingv1.IngressBackend) string {
	if b.Service == nil {
		return "resource " + b.Resource.Name
	}
	port := b.Service.Port.Name
	if port == "" {
		port = fmt.Sprint(b.Service.Port.Number)
	}
	return namespace + "/" + b.Service.Name + ":" + port
}

// TestConformance runs the conformance suite against the proxy as a real
// HTTP server on loopback: each case's Ingresses and fixture Secrets are
// written to a directory the proxy loads, requests go over TCP, and
// certificates are checked by TLS handshakes. Every Service resolves to one
// echo backend, with the Service in the base path, so the backend can say
// which one the proxy chose.
func TestConformance(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// /__backend/<namespace>/<service:port>/<the request path>
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/__backend/"), "/", 3)
		if len(parts) >= 2 {
			w.Header().Set("X-Backend", parts[0]+"/"+parts[1])
		}
	}))
	defer echo.Close()
	resolve := func(namespace string, svc *networkingv1.IngressServiceBackend) (*url.URL, error) {
		port := svc.Port.Name
		if port == "" {
			port = fmt.Sprint(svc.Port.Number)
		}
		return url.Parse(echo.URL + "/__backend/" + namespace + "/" + svc.Name + ":" + port)
	}
	quiet := log.New(io.Discard, "", 0)

	report := conformance.Run(t, conformance.WithFixtures(func(ings []*networkingv1.Ingress, fx conformance.Fixtures) (conformance.Router, error) {
		dir := t.TempDir()
		for i, ing := range ings {
			cp := ing.DeepCopy()
			cp.APIVersion, cp.Kind = "networking.k8s.io/v1", "Ingress"
			if err := writeJSON(filepath.Join(dir, fmt.Sprintf("ingress-%d.json", i)), cp); err != nil {
				return nil, err
			}
		}
		for i, s := range fx.Secrets {
			if err := writeJSON(filepath.Join(dir, fmt.Sprintf("secret-%d.json", i)), s); err != nil {
				return nil, err
			}
		}
		p, err := proxy.New(dir, resolve, quiet)
		if err != nil {
			return nil, err
		}
		plain := httptest.NewServer(p)
		secure := httptest.NewUnstartedServer(p)
		secure.Listener = tls.NewListener(secure.Listener, p.TLSConfig())
		secure.Config.ErrorLog = quiet
		secure.Start()
		t.Cleanup(plain.Close)
		t.Cleanup(secure.Close)
		return conformance.HTTPRouter(conformance.HTTP{
			Addr:     strings.TrimPrefix(plain.URL, "http://"),
			TLSAddr:  strings.TrimPrefix(secure.URL, "http://"),
			Fixtures: fx,
			LabelOf:  label,
		}), nil
	}), conformance.WithFeatures(conformance.AllFeatures()...),
		conformance.WithDifferences(conformance.Difference{Case: "docs-resource-backend",
			Reason: "the proxy forwards to Services only; a resource backend answers 501"}))

	passed, skipped, failed, requests := report.Counts()
	declared, stale := report.Declared()
	if failed != 0 || declared != 1 || stale != 0 || passed < 40 || requests < 400 {
		t.Errorf("%d passed, %d failed, %d skipped, %d declared (%d stale), %d requests", passed, failed, skipped, declared, stale, requests)
	}
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
