package service_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
	"github.com/kscheck/kscheck/internal/webhook"
)

// receiver is a webhook endpoint on loopback that checks every signature
// and answers 500 to the first failFirst deliveries.
type receiver struct {
	t         *testing.T
	secret    string
	now       func() time.Time
	failFirst int

	mu       sync.Mutex
	calls    int
	accepted []service.Payload
	byID     map[string]int // deliveries received, by X-Kscheck-Delivery
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls++
	rc.byID[r.Header.Get(webhook.DeliveryHeader)]++
	if err := webhook.Verify(rc.secret, r.Header.Get(webhook.SignatureHeader), body, rc.now(), 0); err != nil {
		rc.t.Errorf("delivery %s: %v", r.Header.Get(webhook.DeliveryHeader), err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.calls <= rc.failFirst {
		http.Error(w, "down for maintenance", http.StatusInternalServerError)
		return
	}
	var p service.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		rc.t.Errorf("payload: %v", err)
	}
	rc.accepted = append(rc.accepted, p)
	w.WriteHeader(http.StatusNoContent)
}

func newReceiver(t *testing.T, now func() time.Time, failFirst int) (*receiver, *httptest.Server) {
	rc := &receiver{t: t, now: now, failFirst: failFirst, byID: map[string]int{}}
	ts := httptest.NewServer(rc)
	t.Cleanup(ts.Close)
	return rc, ts
}

// clock is a settable time for the service and the worker.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestWebhookDeliveredAfterThreeFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		clk := &clock{t: time.Now().UTC()}
		svc.Now = clk.Now
		rc, ts := newReceiver(t, clk.Now, 3)
		admin, eva, marc := who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org")

		if _, err := svc.RegisterWebhook(ctx, eva, ts.URL, []webhook.Event{webhook.CheckSubmitted}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator registered a webhook: %v", err)
		}
		h, err := svc.RegisterWebhook(ctx, admin, ts.URL, []webhook.Event{webhook.CheckSubmitted})
		if err != nil {
			t.Fatal(err)
		}
		rc.secret = h.Secret

		// The delivery is queued with the submission, in its transaction.
		c := answered(t, svc, eva, true)
		if _, err := svc.SetCaseRefs(ctx, eva, c.ID, caseVersion(t, svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: "ERC-101"}); err != nil {
			t.Fatal(err)
		}
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk})

		w := &webhook.Worker{Queue: s, Now: clk.Now, BaseDelay: time.Minute}
		for attempt := 1; attempt <= 4; attempt++ {
			n, err := w.Tick(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1, false: 0}[attempt == 4]; n != want {
				t.Errorf("attempt %d delivered %d, want %d", attempt, n, want)
			}
			if n, _ := w.Tick(ctx); n != 0 || rc.calls != attempt {
				t.Errorf("a delivery was retried before its backoff: %d calls after attempt %d", rc.calls, attempt)
			}
			clk.Add(w.Backoff(attempt))
		}
		if len(rc.accepted) != 1 {
			t.Fatalf("accepted %d deliveries, want 1", len(rc.accepted))
		}
		p := rc.accepted[0]
		if p.Event != webhook.CheckSubmitted || p.Clearance.CaseID != c.ID || p.Clearance.Status != service.ClearInProgress || p.Clearance.Refs["grant"] != "ERC-101" {
			t.Errorf("payload = %+v, clearance %+v", p, p.Clearance)
		}

		ds, err := svc.WebhookDeliveries(ctx, admin, 10)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries: %v, %v", ds, err)
		}
		d := ds[0]
		if d.Status != kscheck.DeliveryDelivered || len(d.Attempts) != 4 {
			t.Fatalf("delivery %s with %d attempts, want delivered after 4", d.Status, len(d.Attempts))
		}
		for i, want := range []int{500, 500, 500, 204} {
			if d.Attempts[i].Status != want {
				t.Errorf("attempt %d logged %d, want %d", i+1, d.Attempts[i].Status, want)
			}
		}

		// "Send again" delivers it once more, and is audited.
		if err := svc.ResendDelivery(ctx, admin, d.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := w.Tick(ctx); n != 1 || err != nil {
			t.Errorf("sending again: %d, %v", n, err)
		}
		if rc.byID[strconv.FormatInt(d.ID, 10)] != 5 {
			t.Errorf("the receiver saw delivery %d %d times, want 5", d.ID, rc.byID[strconv.FormatInt(d.ID, 10)])
		}
	})
}

func TestWebhookGivenUpAfterADay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		clk := &clock{t: time.Now().UTC()}
		svc.Now = clk.Now
		rc, ts := newReceiver(t, clk.Now, 1<<30)
		admin, eva, marc := who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org")
		h, err := svc.RegisterWebhook(ctx, admin, ts.URL, []webhook.Event{webhook.CheckSubmitted})
		if err != nil {
			t.Fatal(err)
		}
		rc.secret = h.Secret
		c := answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk})
		w := &webhook.Worker{Queue: s, Now: clk.Now}
		start := clk.Now()
		for clk.Now().Sub(start) < 26*time.Hour {
			if _, err := w.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			clk.Add(10 * time.Minute)
		}
		ds, err := svc.WebhookDeliveries(ctx, admin, 10)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries: %v, %v", ds, err)
		}
		if ds[0].Status != kscheck.DeliveryGaveUp {
			t.Errorf("after a day of failures the delivery is %s, want gave_up", ds[0].Status)
		}
		last := ds[0].Attempts[len(ds[0].Attempts)-1].At
		if last.Sub(start) > service.WebhookRetryWindow || last.Sub(start) < service.WebhookRetryWindow-2*time.Hour {
			t.Errorf("last attempt %s after the first, want close to 24h", last.Sub(start))
		}
	})
}

// TestWebhookWorkersShareTheQueue runs two workers on two connections to
// the same database, as two servers would: every delivery is posted once.
func TestWebhookWorkersShareTheQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		rc, ts := newReceiver(t, time.Now, 0)
		admin, eva, marc := who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org")
		h, err := svc.RegisterWebhook(ctx, admin, ts.URL, []webhook.Event{webhook.CheckSubmitted})
		if err != nil {
			t.Fatal(err)
		}
		rc.secret = h.Secret
		const checks = 12
		for range checks {
			c := answered(t, svc, eva, true)
			takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk})
		}
		other, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var wg sync.WaitGroup
		for _, q := range []webhook.Queue{s, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := &webhook.Worker{Queue: q, Batch: 3}
				for range checks {
					if _, err := w.Tick(ctx); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		if len(rc.byID) != checks {
			t.Errorf("%d deliveries received, want %d", len(rc.byID), checks)
		}
		for id, n := range rc.byID {
			if n != 1 {
				t.Errorf("delivery %s posted %d times", id, n)
			}
		}
	})
}
