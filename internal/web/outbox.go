package web

import (
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
)

// outboxShown is how many of the newest messages the outbox page lists.
const outboxShown = 100

type outboxData struct {
	Mail []notify.Mail
	Demo bool
}

// outboxPage lists the newest e-mail messages with their delivery status:
// for administrators, and for everyone in demo mode, where nothing is
// really sent and this page shows what would have been.
func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	mail, err := s.svc.RecentMail(r.Context(), actor, s.cfg.Demo, outboxShown)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "outbox.title")
	d.Data = outboxData{Mail: mail, Demo: s.cfg.Demo}
	s.render(w, r, http.StatusOK, "outbox.html", d)
}

// mailTone is the badge tone of an outbox message's status.
func mailTone(st kscheck.MailStatus) string {
	switch st {
	case kscheck.MailSent:
		return "success"
	case kscheck.MailGaveUp:
		return "danger"
	}
	return "info"
}
