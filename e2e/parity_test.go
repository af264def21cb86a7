package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ingresslib/ingress/e2e"
	"github.com/ingresslib/ingress/internal/corpus"
	"github.com/ingresslib/ingress/validation"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// count is the number of objects per run: INGRESSLIB_PARITY_COUNT, else 3000.
func count() int {
	if n, err := strconv.Atoi(os.Getenv("INGRESSLIB_PARITY_COUNT")); err == nil && n > 0 {
		return n
	}
	return 3000
}

// causes renders an ErrorList as the API server's status causes:
// "type|field|message" lines.
func causes(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s|%s|%s", string(e.Type), e.Field, e.ErrorBody()))
	}
	return out
}

// serverCauses renders a create error the same way; nil for success.
func serverCauses(err error) ([]string, error) {
	if err == nil {
		return nil, nil
	}
	var status apierrors.APIStatus
	if !errors.As(err, &status) || status.Status().Reason != metav1.StatusReasonInvalid || status.Status().Details == nil {
		return nil, err
	}
	var out []string
	for _, c := range status.Status().Details.Causes {
		out = append(out, fmt.Sprintf("%s|%s|%s", string(c.Type), c.Field, c.Message))
	}
	return out, nil
}

// warnings collects the API server's warnings per object name.
type warnings struct {
	mu sync.Mutex
	m  map[string][]string
	at string
}

func (w *warnings) HandleWarningHeader(code int, agent, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.m[w.at] = append(w.m[w.at], text)
}

// TestValidationParity creates generated Ingresses and IngressClasses with
// dryRun=All and compares the server's status causes (type, field, message)
// and warnings with validation's, object by object. It fails below 100%.
func TestValidationParity(t *testing.T) {
	cfg := e2e.Start(t)
	w := &warnings{m: map[string][]string{}}
	cfg = rest.CopyConfig(cfg)
	cfg.WarningHandler = w
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx := context.Background()
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	r := rand.New(rand.NewPCG(1, 37))
	n := count()
	agree, total := 0, 0
	var mismatches []string
	record := func(what string, ours, theirs []string) {
		total++
		if strings.Join(ours, "\n") == strings.Join(theirs, "\n") {
			agree++
			return
		}
		if len(mismatches) < 20 {
			mismatches = append(mismatches, fmt.Sprintf("%s:\n  ours:   %q\n  server: %q", what, ours, theirs))
		}
	}
	for i := range n {
		ing := corpus.Ingress(r, i)
		w.mu.Lock()
		w.at = ing.Name
		w.mu.Unlock()
		_, err := client.NetworkingV1().Ingresses("default").Create(ctx, ing, dry)
		theirs, other := serverCauses(err)
		if other != nil {
			t.Fatalf("Ingress %d: not a validation error: %v", i, other)
		}
		record(fmt.Sprintf("Ingress %d %s", i, ing.Name), causes(validation.ValidateIngress(ing)), theirs)
		if err == nil {
			w.mu.Lock()
			got := w.m[ing.Name]
			w.mu.Unlock()
			record(fmt.Sprintf("Ingress %d %s warnings", i, ing.Name), validation.Warnings(ing), got)
		}
	}
	for i := range n / 6 {
		c := corpus.IngressClass(r, i)
		_, err := client.NetworkingV1().IngressClasses().Create(ctx, c, dry)
		theirs, other := serverCauses(err)
		if other != nil {
			t.Fatalf("IngressClass %d: not a validation error: %v", i, other)
		}
		record(fmt.Sprintf("IngressClass %d %s", i, c.Name), causes(validation.ValidateIngressClass(c)), theirs)
	}
	pct := 100 * float64(agree) / float64(total)
	t.Logf("validation parity with kube-apiserver 1.37: %d of %d objects and warning sets agree (%.2f%%)", agree, total, pct)
	fmt.Printf("validation parity with kube-apiserver 1.37: %d of %d agree (%.2f%%)\n", agree, total, pct)
	if agree != total {
		t.Errorf("%d disagreements; the first ones:\n%s", total-agree, strings.Join(mismatches, "\n"))
	}
}
