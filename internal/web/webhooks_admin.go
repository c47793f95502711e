package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/webhook"
)

type webhooksData struct {
	Hooks      []*webhook.Endpoint
	Deliveries []*webhook.DeliveryRecord
	Events     []webhook.Event
	Made       *webhook.Endpoint // just registered: its secret is shown this once
}

// webhooksPage lists the endpoints and the newest deliveries with every
// attempt, for administrators.
func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderWebhooks(w, r, actor, http.StatusOK, nil, "")
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, made *webhook.Endpoint, problem string) {
	hooks, err := s.svc.Webhooks(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ds, err := s.svc.WebhookDeliveries(r.Context(), actor, deliveriesShown)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "webhooks.title")
	d.Error = problem
	d.Data = webhooksData{Hooks: hooks, Deliveries: ds, Events: webhook.Events, Made: made}
	if made != nil {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, status, "webhooks.html", d)
}

func (s *Server) webhookRegister(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	var events []webhook.Event
	for _, e := range r.PostForm["event"] {
		events = append(events, webhook.Event(e))
	}
	h, err := s.svc.RegisterWebhook(r.Context(), actor, r.PostForm.Get("url"), events)
	if err != nil {
		if c := kscheck.ErrorCode(err); c != kscheck.EInvalid && c != kscheck.EConflict {
			s.fail(w, r, err)
			return
		}
		s.renderWebhooks(w, r, actor, statusOf(err), nil, s.errorText(s.page(r, "").L, err))
		return
	}
	s.renderWebhooks(w, r, actor, http.StatusCreated, h, "")
}

func (s *Server) webhookRemove(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.webhookAction(w, r, actor, s.svc.RemoveWebhook)
}

// deliveryResend is the "send again" button of a delivery.
func (s *Server) deliveryResend(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.webhookAction(w, r, actor, s.svc.ResendDelivery)
}

// webhookAction runs act on the {id} of the path and returns to the page.
func (s *Server) webhookAction(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, act func(context.Context, kscheck.Actor, int64) error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a number", r.PathValue("id")).Translated("err.form.not_number"))
		return
	}
	if err := act(r.Context(), actor, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks?done=saved", http.StatusSeeOther)
}

// deliveryTone is the badge tone of a delivery's status.
func deliveryTone(st kscheck.DeliveryStatus) string {
	switch st {
	case kscheck.DeliveryDelivered:
		return "success"
	case kscheck.DeliveryGaveUp:
		return "danger"
	}
	return "info"
}
