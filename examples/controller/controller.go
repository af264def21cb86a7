// Package controller is a minimal Ingress controller skeleton built on
// client-go: shared informers over Ingresses and IngressClasses,
// classresolve to keep only the Ingresses this controller owns, a Matcher
// and a TLS Selector rebuilt on every change and swapped in atomically, and
// the diagnostics of all three (classresolve, matcher, tlsselect: one
// ingress.Diagnostic shape) turned into Kubernetes Events on the objects
// concerned with one loop.
// It routes nothing itself: Route and Current are what a data plane (such
// as examples/proxy) would call.
package controller

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/classresolve"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
)

// Controller watches Ingresses and IngressClasses and keeps a Matcher of
// the Ingresses it owns.
type Controller struct {
	name        string
	opts        []classresolve.Option
	factory     informers.SharedInformerFactory
	ingLister   cacheLister[*networkingv1.Ingress]
	classLister cacheLister[*networkingv1.IngressClass]
	queue       workqueue.TypedRateLimitingInterface[string]
	recorder    record.EventRecorder

	current  atomic.Pointer[matcher.Matcher]
	mu       sync.Mutex
	rebuilt  chan struct{}   // closed and replaced after every rebuild
	reported map[string]bool // diagnostics already turned into Events
	skipped  []classresolve.Decision
}

type cacheLister[T any] interface {
	List(labels.Selector) ([]T, error)
}

// New returns a controller for the IngressClasses whose spec.controller is
// name. recorder receives the Events (record.NewFakeRecorder in tests).
func New(client kubernetes.Interface, name string, recorder record.EventRecorder, opts ...classresolve.Option) *Controller {
	f := informers.NewSharedInformerFactory(client, 0)
	c := &Controller{
		name: name, opts: opts, factory: f, recorder: recorder,
		ingLister:   f.Networking().V1().Ingresses().Lister(),
		classLister: f.Networking().V1().IngressClasses().Lister(),
		queue:       workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		reported:    map[string]bool{},
	}
	c.rebuilt = make(chan struct{})
	c.current.Store(matcher.Compile(nil))
	enqueue := cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { c.queue.Add("sync") },
		UpdateFunc: func(any, any) { c.queue.Add("sync") },
		DeleteFunc: func(any) { c.queue.Add("sync") },
	}
	f.Networking().V1().Ingresses().Informer().AddEventHandler(enqueue)
	f.Networking().V1().IngressClasses().Informer().AddEventHandler(enqueue)
	return c
}

// Run starts the informers and one worker, and blocks until ctx is done.
func (c *Controller) Run(ctx context.Context) error {
	defer c.queue.ShutDown()
	c.factory.Start(ctx.Done())
	for typ, ok := range c.factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("controller: cache of %v did not sync", typ)
		}
	}
	c.queue.Add("sync")
	go func() {
		for c.processNext() {
		}
	}()
	<-ctx.Done()
	c.factory.Shutdown()
	return nil
}

func (c *Controller) processNext() bool {
	key, quit := c.queue.Get()
	if quit {
		return false
	}
	defer c.queue.Done(key)
	if err := c.sync(); err != nil {
		c.queue.AddRateLimited(key)
		return true
	}
	c.queue.Forget(key)
	return true
}

// sync rebuilds the Matcher from the owned Ingresses and swaps it in.
func (c *Controller) sync() error {
	ings, err := c.ingLister.List(labels.Everything())
	if err != nil {
		return err
	}
	classes, err := c.classLister.List(labels.Everything())
	if err != nil {
		return err
	}
	r := classresolve.New(c.name, classes, c.opts...)
	owned, skipped := r.Filter(ings)
	m := c.update(owned)
	sel := tlsselect.Compile(owned)
	c.current.Store(m)
	c.report(slices.Concat(r.Diagnostics(), m.Diagnostics(), sel.Diagnostics()))

	c.mu.Lock()
	c.skipped = skipped
	close(c.rebuilt)
	c.rebuilt = make(chan struct{})
	c.mu.Unlock()
	return nil
}

// update derives the new Matcher from the current one: the owned Ingresses
// that are new or changed (the informer hands out a new object for every
// change) are upserted, those no longer owned removed. Finding them takes a
// pass over the lister's Ingresses; the Matcher's own work is in
// proportion to the hosts the changed Ingresses touch, since Update shares
// every other host group with the current Matcher.
func (c *Controller) update(owned []*networkingv1.Ingress) *matcher.Matcher {
	prev := c.current.Load()
	had := map[types.NamespacedName]*networkingv1.Ingress{}
	for _, ing := range prev.Ingresses() {
		had[types.NamespacedName{Namespace: ing.Namespace, Name: ing.Name}] = ing
	}
	var upserts []*networkingv1.Ingress
	for _, ing := range owned {
		k := types.NamespacedName{Namespace: ing.Namespace, Name: ing.Name}
		if had[k] != ing {
			upserts = append(upserts, ing)
		}
		delete(had, k)
	}
	removals := make([]types.NamespacedName, 0, len(had))
	for k := range had {
		removals = append(removals, k)
	}
	return prev.Update(upserts, removals)
}

// report turns new diagnostics into Events on the object concerned (an
// Ingress or an IngressClass), once each: Warning, or Normal for what is
// only information. The packages report in one shape, so one loop does.
func (c *Controller) report(diags []ingress.Diagnostic) {
	seen := map[string]bool{}
	for _, d := range diags {
		if d.Object == nil {
			continue
		}
		key := string(d.Kind) + " " + d.String()
		seen[key] = true
		if c.reported[key] {
			continue
		}
		c.recorder.Eventf(d.Object, d.Severity.EventType(), string(d.Kind), "%s: %s", d.Field, d.Message)
	}
	c.reported = seen
}

// Current returns the Matcher in use: the Ingresses this controller owns.
func (c *Controller) Current() *matcher.Matcher { return c.current.Load() }

// Route routes a request with the current Matcher.
func (c *Controller) Route(host, path string) (matcher.Route, bool) {
	return c.current.Load().Match(host, path)
}

// Skipped returns the Ingresses the last sync did not own, with the reason.
func (c *Controller) Skipped() []classresolve.Decision {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.skipped)
}

// WaitFor blocks until cond holds for the current Matcher (checked after
// every rebuild), or until timeout; it reports whether cond held.
func (c *Controller) WaitFor(timeout time.Duration, cond func(*matcher.Matcher) bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		rebuilt := c.rebuilt
		c.mu.Unlock()
		if cond(c.current.Load()) {
			return true
		}
		select {
		case <-rebuilt:
		case <-timer.C:
			return cond(c.current.Load())
		}
	}
}
