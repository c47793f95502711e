package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/webhook"
)

// apiWebhook is a registered endpoint; Secret is given once, when it is
// registered.
type apiWebhook struct {
	ID        int64           `json:"id"`
	URL       string          `json:"url"`
	Events    []webhook.Event `json:"events"`
	Secret    string          `json:"secret,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

func webhookOf(h *webhook.Endpoint) apiWebhook {
	return apiWebhook{ID: h.ID, URL: h.URL, Events: h.Events, Secret: h.Secret, CreatedAt: h.CreatedAt}
}

func (s *Server) apiWebhooks(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	hs, err := s.svc.Webhooks(r.Context(), actor)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	out := []apiWebhook{}
	for _, h := range hs {
		out = append(out, webhookOf(h))
	}
	reply(w, http.StatusOK, map[string]any{"webhooks": out})
}

func (s *Server) apiWebhookAdd(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	var in struct {
		URL    string          `json:"url"`
		Events []webhook.Event `json:"events"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		s.problem(w, r, kscheck.Errorf(kscheck.EInvalid, "send a JSON object {\"url\": \"https://…\", \"events\": [\"verdict.recorded\"]}: %v", err).Translated("err.api.webhook_body"))
		return
	}
	h, err := s.svc.RegisterWebhook(r.Context(), actor, in.URL, in.Events)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	reply(w, http.StatusCreated, webhookOf(h))
}

func (s *Server) apiWebhookRemove(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.apiID(w, r, kscheck.Term{Key: "api.noun.webhook", Text: "webhook"})
	if !ok {
		return
	}
	if err := s.svc.RemoveWebhook(r.Context(), actor, id); err != nil {
		s.problem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiDelivery is one delivery with its attempts.
type apiDelivery struct {
	ID        int64        `json:"id"`
	Webhook   int64        `json:"webhook"`
	Event     string       `json:"event"`
	Status    string       `json:"status"`
	CreatedAt time.Time    `json:"created_at"`
	Attempts  []apiAttempt `json:"attempts"`
}

type apiAttempt struct {
	At         time.Time `json:"at"`
	Status     int       `json:"status"`
	Error      string    `json:"error,omitempty"`
	DurationMS int64     `json:"duration_ms"`
}

// deliveriesShown is how many of the newest deliveries are listed.
const deliveriesShown = 100

func (s *Server) apiDeliveries(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	ds, err := s.svc.WebhookDeliveries(r.Context(), actor, deliveriesShown)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	out := []apiDelivery{}
	for _, d := range ds {
		ad := apiDelivery{ID: d.ID, Webhook: d.WebhookID, Event: string(d.Event), Status: string(d.Status), CreatedAt: d.CreatedAt, Attempts: []apiAttempt{}}
		for _, a := range d.Attempts {
			ad.Attempts = append(ad.Attempts, apiAttempt{At: a.At, Status: a.Status, Error: a.Err, DurationMS: a.Duration.Milliseconds()})
		}
		out = append(out, ad)
	}
	reply(w, http.StatusOK, map[string]any{"deliveries": out})
}

func (s *Server) apiDeliveryResend(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.apiID(w, r, kscheck.Term{Key: "api.noun.delivery", Text: "delivery"})
	if !ok {
		return
	}
	if err := s.svc.ResendDelivery(r.Context(), actor, id); err != nil {
		s.problem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
