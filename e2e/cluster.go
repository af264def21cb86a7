// Package e2e runs this library against a real Kubernetes API server: a
// kube-apiserver of Kubernetes 1.37 and an etcd, built from Go modules and
// started on loopback for the tests of this nested module. The library's
// own go.mod never requires k8s.io/kubernetes; this module does.
//
// Binaries builds and caches the two programs (once per version: the cache
// key is this module's go.sum and the Go version); Start runs them on free
// 127.0.0.1 ports and returns a rest.Config for an administrator; both are
// stopped and their files removed when the test ends, failed or not.
package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"k8s.io/client-go/rest"
)

var buildOnce sync.Once
var buildErr error
var etcdBin, apiserverBin string

// moduleDir is the directory of this module (where go.mod is).
func moduleDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// cacheDir returns where binaries are kept: $INGRESSLIB_E2E_CACHE, else the
// user cache directory, in a subdirectory named by the build inputs.
func cacheDir() (string, error) {
	sum, err := os.ReadFile(filepath.Join(moduleDir(), "go.sum"))
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(sum)
	io.WriteString(h, runtime.Version())
	key := hex.EncodeToString(h.Sum(nil))[:16]
	base := os.Getenv("INGRESSLIB_E2E_CACHE")
	if base == "" {
		if base, err = os.UserCacheDir(); err != nil {
			return "", err
		}
		base = filepath.Join(base, "ingresslib-e2e")
	}
	return filepath.Join(base, key), nil
}

// Binaries returns the paths of etcd and kube-apiserver, building them on
// first use (about three minutes for kube-apiserver on two cores).
func Binaries(t testing.TB) (etcd, apiserver string) {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := cacheDir()
		if err != nil {
			buildErr = err
			return
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			buildErr = err
			return
		}
		etcdBin, apiserverBin = filepath.Join(dir, "etcd"), filepath.Join(dir, "kube-apiserver")
		for bin, pkg := range map[string]string{etcdBin: "./internal/etcdmain", apiserverBin: "k8s.io/kubernetes/cmd/kube-apiserver"} {
			if _, err := os.Stat(bin); err == nil {
				continue
			}
			tmp := bin + ".tmp"
			cmd := exec.Command("go", "build", "-o", tmp, pkg)
			cmd.Dir = moduleDir()
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
			if err := os.Rename(tmp, bin); err != nil {
				buildErr = err
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatalf("e2e: building the binaries: %v", buildErr)
	}
	return etcdBin, apiserverBin
}

// freePort returns a free TCP port on 127.0.0.1.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Token is the bearer token of the administrator Start configures.
const Token = "ingresslib-e2e-admin-token"

// Start runs etcd and kube-apiserver on loopback and returns a rest.Config
// for an administrator (system:masters). Everything stops when t ends.
func Start(t testing.TB) *rest.Config {
	t.Helper()
	etcd, apiserver := Binaries(t)
	dir := t.TempDir()

	etcdPort, peerPort, apiPort := freePort(t), freePort(t), freePort(t)
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", etcdPort)
	startProcess(t, "etcd", dir, "ready", etcd,
		"-data-dir", filepath.Join(dir, "etcd"), "-listen-client", etcdURL, "-listen-peer", fmt.Sprintf("http://127.0.0.1:%d", peerPort))

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	saPub := write("sa.pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
	saKey := write("sa.key", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	tokens := write("tokens.csv", []byte(Token+",admin,admin-uid,system:masters\n"))
	startProcess(t, "kube-apiserver", dir, "", apiserver,
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none",
		fmt.Sprintf("--secure-port=%d", apiPort),
		"--cert-dir="+filepath.Join(dir, "certs"),
		"--token-auth-file="+tokens,
		"--authorization-mode=RBAC",
		"--service-cluster-ip-range=10.96.0.0/24",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+saPub,
		"--service-account-signing-key-file="+saKey,
		"--profiling=false",
	)
	cfg := &rest.Config{
		Host:            fmt.Sprintf("https://127.0.0.1:%d", apiPort),
		BearerToken:     Token,
		TLSClientConfig: rest.TLSClientConfig{Insecure: true}, // a self-signed serving certificate on loopback
		QPS:             1000,
		Burst:           2000,
	}
	waitReady(t, cfg, 90*time.Second)
	return cfg
}

// startProcess starts a program with its output in dir/<name>.log; when
// ready is not "", it waits (at most a minute) for that line on standard
// output. The process is stopped with SIGTERM (then SIGKILL) when t ends,
// and its log is printed when t failed.
func startProcess(t testing.TB, name, dir, ready, bin string, args ...string) {
	t.Helper()
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logFile
	var stdout io.ReadCloser
	if ready != "" {
		if stdout, err = cmd.StdoutPipe(); err != nil {
			t.Fatal(err)
		}
	} else {
		cmd.Stdout = logFile
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the test binary
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("%s log (last 4 KB):\n%s", name, tail(b, 4096))
			}
		}
	})
	if ready == "" {
		return
	}
	found := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		ok := false
		for sc.Scan() {
			if !ok && strings.TrimSpace(sc.Text()) == ready {
				ok = true
				found <- true
			}
		}
		if !ok {
			found <- false
		}
	}()
	select {
	case ok := <-found:
		if !ok {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("%s exited before it was ready:\n%s", name, tail(b, 4096))
		}
	case <-time.After(time.Minute):
		t.Fatalf("%s was not ready within a minute", name)
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// waitReady polls /readyz until it answers 200, at most timeout.
func waitReady(t testing.TB, cfg *rest.Config, timeout time.Duration) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Host+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+Token)
		if resp, err := client.Do(req); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			last = fmt.Sprintf("%d %s", resp.StatusCode, tail(b, 500))
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			t.Fatalf("kube-apiserver not ready within %v: %s", timeout, last)
		case <-tick.C:
		}
	}
}
