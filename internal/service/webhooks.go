package service

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/webhook"
)

// WebhookRetryWindow is how long a failing delivery is retried.
const WebhookRetryWindow = 24 * time.Hour

// webhookEvents says which changes, by their name in the audit trail,
// other systems hear of.
var webhookEvents = map[string]webhook.Event{
	string(kscheck.ActSubmitToDesk): webhook.CheckSubmitted,
	string(kscheck.ActResubmit):     webhook.CheckSubmitted,
	string(kscheck.ActVerdict):      webhook.VerdictRecorded,
	"case.screening.rescreen":       webhook.ScreeningAlert,
}

// Payload is the JSON body of a delivery: the event, and the check's
// clearance (never its dossier).
type Payload struct {
	Event      webhook.Event `json:"event"`
	OccurredAt time.Time     `json:"occurred_at"`
	Clearance  *Clearance    `json:"clearance"`
	Measure    *OpenMeasure  `json:"measure,omitempty"`
}

// queueWebhooks queues, inside the change's transaction, a delivery of the
// change recorded as action to every endpoint registered for its event.
func (s *Service) queueWebhooks(ctx context.Context, tx *store.Tx, action string, c *kscheck.Case, detail map[string]any) error {
	ev, ok := webhookEvents[action]
	if !ok || c == nil {
		return nil
	}
	if ev == webhook.ScreeningAlert {
		if n, _ := detail["new_or_changed"].(int); n == 0 {
			return nil
		}
	}
	return s.deliver(ctx, tx, ev, c, nil)
}

// deliver queues ev about c for every endpoint that wants it.
func (s *Service) deliver(ctx context.Context, tx *store.Tx, ev webhook.Event, c *kscheck.Case, m *OpenMeasure) error {
	hooks, err := tx.Webhooks(ctx)
	if err != nil {
		return err
	}
	var body []byte
	for _, h := range hooks {
		if !h.Wants(ev) {
			continue
		}
		if body == nil {
			cl, err := clearanceOf(ctx, tx, c)
			if err != nil {
				return err
			}
			if body, err = json.Marshal(Payload{Event: ev, OccurredAt: s.Now(), Clearance: cl, Measure: m}); err != nil {
				return err
			}
		}
		if err := tx.EnqueueDelivery(ctx, h.ID, ev, c.ID, body, s.Now(), WebhookRetryWindow); err != nil {
			return err
		}
	}
	return nil
}

// QueueOverdueMeasures queues a measure.overdue delivery, once per due
// date, for every unfinished measure past its due date, proposed or
// imposed, and overdue as the Desk counts it (after its due day). It
// returns how many measures were announced.
func (s *Service) QueueOverdueMeasures(ctx context.Context) (int, error) {
	now := s.Now()
	ms, err := s.store.OverdueMeasures(ctx, kscheck.OverdueFilter{Before: now.Add(-measureGrace), Unannounced: true, Limit: 1000})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, om := range ms {
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			first, err := tx.RecordMeasureOverdue(ctx, *om.Measure, now)
			if err != nil || !first {
				return err
			}
			c, err := tx.Case(ctx, om.Measure.CaseID)
			if err != nil {
				return err
			}
			n++
			return s.deliver(ctx, tx, webhook.MeasureOverdue, c, &OpenMeasure{Text: om.Measure.Text, Status: string(om.Measure.Status), DueOn: om.Measure.DueOn})
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// mayManageWebhooks: administrators (through a token: with webhooks:admin).
func mayManageWebhooks(by kscheck.Actor) error {
	if err := by.Requires(kscheck.ScopeWebhooksAdmin); err != nil {
		return err
	}
	return mayAdminister(by, "manages webhooks")
}

// apiRead checks that by may manage webhooks and, when by calls through
// an API token, records the read in the audit trail (every API call is;
// the admin page's views are not, as no other page's are).
func (s *Service) apiRead(ctx context.Context, by kscheck.Actor, action string) error {
	if err := mayManageWebhooks(by); err != nil || by.TokenID == 0 {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error { return s.audit(ctx, tx, by, action, nil, "", nil) })
}

// RegisterWebhook registers an endpoint for events and returns it with its
// signing secret, which the receiving system needs to verify deliveries.
func (s *Service) RegisterWebhook(ctx context.Context, by kscheck.Actor, rawURL string, events []webhook.Event) (*webhook.Endpoint, error) {
	if err := mayManageWebhooks(by); err != nil {
		return nil, err
	}
	var problems kscheck.Problems
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(rawURL) > 500 {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "give the endpoint as an https:// address (http:// only inside a closed network), without a password in it").Translated("err.webhook.url"))
	}
	if len(events) == 0 {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "choose at least one event").Translated("err.webhook.event_needed"))
	}
	for _, e := range events {
		if !e.Valid() {
			problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "unknown event %s (the events are check.submitted, verdict.recorded, measure.overdue, screening.alert)", e).Translated("err.webhook.event_unknown"))
		}
	}
	if len(problems) > 0 {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s.", problems).Translated("err.problems")
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return nil, err
	}
	w := &webhook.Endpoint{URL: u.String(), Events: events, Secret: secret, Active: true, CreatedBy: by.Person.ID, CreatedAt: s.Now()}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddWebhook(ctx, w); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "webhook.add", nil, "", map[string]any{"webhook": w.ID, "url": w.URL, "events": eventNames(events)})
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func eventNames(es []webhook.Event) string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return strings.Join(out, " ")
}

// Webhooks lists the registered endpoints (their secrets blanked).
func (s *Service) Webhooks(ctx context.Context, by kscheck.Actor) ([]*webhook.Endpoint, error) {
	if err := s.apiRead(ctx, by, "webhook.list"); err != nil {
		return nil, err
	}
	hs, err := s.store.Webhooks(ctx)
	for _, h := range hs {
		h.Secret = ""
	}
	return hs, err
}

// RemoveWebhook removes an endpoint and its queued deliveries, audited.
func (s *Service) RemoveWebhook(ctx context.Context, by kscheck.Actor, id int64) error {
	if err := mayManageWebhooks(by); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.Webhook(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.RemoveWebhook(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "webhook.remove", nil, "", map[string]any{"webhook": id, "url": w.URL})
	})
}

// WebhookDeliveries returns the newest deliveries with their attempts.
func (s *Service) WebhookDeliveries(ctx context.Context, by kscheck.Actor, limit int) ([]*webhook.DeliveryRecord, error) {
	if err := s.apiRead(ctx, by, "webhook.deliveries"); err != nil {
		return nil, err
	}
	return s.store.RecentDeliveries(ctx, limit)
}

// ResendDelivery sends a delivery again ("send again" on the admin page),
// with a fresh day of retries, audited.
func (s *Service) ResendDelivery(ctx context.Context, by kscheck.Actor, id int64) error {
	if err := mayManageWebhooks(by); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ResendDelivery(ctx, id, s.Now(), WebhookRetryWindow); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "webhook.resend", nil, "", map[string]any{"delivery": id})
	})
}
