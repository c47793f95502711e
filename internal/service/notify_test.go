package service_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/notify/smtptest"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// withMail turns notifications on, with links under https://kscheck.example.org.
func withMail(t *testing.T, svc *service.Service) {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	svc.Notifications = &service.Notifications{BaseURL: "https://kscheck.example.org/", I18n: b}
}

// mailSetup is setup with notifications on, and a mailbox on the outbox.
func mailSetup(t *testing.T, s *store.Store) (*service.Service, func(string) kscheck.Actor, *mailbox) {
	t.Helper()
	svc, who := setup(t, s)
	withMail(t, svc)
	return svc, who, &mailbox{t: t, s: s}
}

// answered starts a check at LIACS as initiator, with a description and
// a partner, and answers its flowchart with no "yes", in doubt or not.
func answered(t *testing.T, svc *service.Service, initiator kscheck.Actor, inDoubt bool) *kscheck.Case {
	t.Helper()
	ctx := context.Background()
	c, err := svc.StartCase(ctx, initiator, service.NewCase{Title: "Joint sensing project", Description: "Joint work on sensor calibration.", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = svc.AddPartner(ctx, initiator, c.ID, c.Version, &kscheck.Partner{Name: "Acme Widget Research Collective", Type: kscheck.PartnerOrganization, Country: "NL"}); err != nil {
		t.Fatal(err)
	}
	answers := clearedAnswers(t, svc, c)
	if inDoubt {
		answers[doubtQuestion(t, svc, c)] = "yes"
	}
	if c, err = svc.SaveAnswers(ctx, initiator, c.ID, c.Version, answers, inDoubt); err != nil {
		t.Fatal(err)
	}
	if inDoubt {
		// Doubt sends the check to the Committee, which reads the
		// supplementary questionnaire.
		if c, err = svc.Act(ctx, initiator, c.ID, c.Version, kscheck.ActStartSupplementary, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		c = answerSupplementary(t, svc, initiator, c)
	}
	return c
}

// doubtQuestion is the id of the question by which c's procedure asks
// whether initiator and director remain in doubt.
func doubtQuestion(t *testing.T, svc *service.Service, c *kscheck.Case) string {
	t.Helper()
	p, err := svc.ProcedureOf(c)
	if err != nil {
		t.Fatal(err)
	}
	q := p.DoubtQuestion()
	if q == nil {
		t.Fatalf("procedure %s asks no doubt question", p.ID)
	}
	return q.ID
}

// step is one lifecycle action by one person.
type step struct {
	by kscheck.Actor
	a  kscheck.Action
}

// takeSteps applies steps to case id, without comments.
func takeSteps(t *testing.T, svc *service.Service, id int64, steps ...step) {
	t.Helper()
	for _, st := range steps {
		c, err := service.StoreOf(svc).Case(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(context.Background(), st.by, id, c.Version, st.a, service.ActInput{}); err != nil {
			t.Fatalf("%s: %v", st.a, err)
		}
	}
}

// mailbox reads what was queued since it last looked.
type mailbox struct {
	t    *testing.T
	s    *store.Store
	last int64
}

// news returns the messages queued since the last call, oldest first.
func (m *mailbox) news() []notify.Mail {
	m.t.Helper()
	all, err := m.s.RecentMail(context.Background(), time.Now(), 1000)
	if err != nil {
		m.t.Fatal(err)
	}
	var out []notify.Mail
	for _, x := range all {
		if x.ID > m.last {
			out = append([]notify.Mail{x}, out...)
		}
	}
	for _, x := range out {
		m.last = max(m.last, x.ID)
	}
	return out
}

// recipients are the local parts of the addresses of ms, sorted.
func recipients(ms []notify.Mail) []string {
	var out []string
	for _, m := range ms {
		out = append(out, strings.TrimSuffix(m.Message.To, "@demo.kscheck.org"))
	}
	slices.Sort(out)
	return out
}

// TestWhoHearsWhat takes checks through every step of the lifecycle and
// checks, after each, who was notified and with which subject: the people
// who must act next or need to know, never the actor, each in their own
// language.
func TestWhoHearsWhat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who, box := mailSetup(t, s)
		eva := who("initiator@demo.kscheck.org")
		if err := svc.SetLanguage(ctx, eva, "nl"); err != nil {
			t.Fatal(err)
		}
		actors := map[string]kscheck.Actor{}
		for _, e := range []string{"initiator", "director", "adviser", "desk", "desk2", "chair", "committee"} {
			actors[e] = who(e + "@demo.kscheck.org")
		}
		start := func(inDoubt bool) *kscheck.Case {
			c := answered(t, svc, eva, inDoubt)
			if n := box.news(); len(n) != 0 {
				t.Fatalf("starting and answering notified %v", recipients(n))
			}
			return c
		}
		var c *kscheck.Case
		act := func(by string, a kscheck.Action, in service.ActInput) func() error {
			return func() error {
				cur, err := s.Case(ctx, c.ID)
				if err != nil {
					return err
				}
				c, err = svc.Act(ctx, actors[by], c.ID, cur.Version, a, in)
				return err
			}
		}
		post := func(by string, kind kscheck.MessageKind) func() error {
			return func() error {
				cur, err := s.Case(ctx, c.ID)
				if err != nil {
					return err
				}
				return svc.Post(ctx, actors[by], c.ID, cur.Version, kind, "Is partner X linked to a defence university?")
			}
		}
		text := service.ActInput{Text: "Please describe the data that is shared."}
		steps := []struct {
			name    string
			do      func() error
			to      []string // local parts, sorted
			subject string   // in the subject of every message
		}{
			{"question in the thread", post("initiator", kscheck.MsgQuestion), []string{"adviser"}, "Question on check KS-"},
			{"answer in the thread", post("adviser", kscheck.MsgAnswer), []string{"initiator"}, "Antwoord bij check KS-"},
			{"request advice", act("initiator", kscheck.ActRequestAdvice, service.ActInput{}), []string{"adviser"}, "needs you: Give advice"},
			{"give advice", act("adviser", kscheck.ActGiveAdvice, text), []string{"initiator"}, "Advies bij check KS-"},
			{"request co-signature, in doubt", act("initiator", kscheck.ActRequestCosign, service.ActInput{}), []string{"director"}, "needs you: Submit to the Advice Desk"},
			{"send back", act("director", kscheck.ActSendBack, text), []string{"initiator"}, "Terugsturen naar de initiatiefnemer"},
			{"no longer in doubt", func() error {
				cur, err := s.Case(ctx, c.ID)
				if err != nil {
					return err
				}
				c, err = svc.SaveAnswers(ctx, eva, c.ID, cur.Version, map[string]any{doubtQuestion(t, svc, c): "no"}, false)
				return err
			}, nil, ""},
			{"request co-signature again", act("initiator", kscheck.ActRequestCosign, service.ActInput{}), []string{"director"}, "needs you: Co-sign and clear"},
			{"submit to the Desk", act("director", kscheck.ActSubmitToDesk, service.ActInput{}), []string{"desk", "desk2", "initiator"}, "KS-"},
			{"return as incomplete", act("desk", kscheck.ActReturnIncomplete, text), []string{"director", "initiator"}, "KS-"},
			{"request co-signature a third time", act("initiator", kscheck.ActRequestCosign, service.ActInput{}), []string{"director"}, "needs you"},
			{"submit again", act("director", kscheck.ActSubmitToDesk, service.ActInput{}), []string{"desk", "desk2", "initiator"}, "KS-"},
			{"accept intake", act("desk", kscheck.ActAcceptIntake, service.ActInput{}), []string{"initiator"}, "Intake door het Adviesloket"},
			{"first review", act("desk", kscheck.ActFirstReview, service.ActInput{}), []string{"desk2"}, "needs you: Second review done"},
			{"second review", act("desk2", kscheck.ActSecondReview, service.ActInput{}), []string{"chair", "committee"}, "KS-"},
			{"external advice", act("committee", kscheck.ActExternalAdvice, service.ActInput{}), []string{"chair"}, "Request external advice"},
			{"verdict: postponed", act("chair", kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictPostponed, Text: "Which data leaves the university?", Confirmed: true}), []string{"desk", "desk2", "director", "initiator"}, "KS-"},
			{"resubmit", act("initiator", kscheck.ActResubmit, service.ActInput{}), []string{"desk", "desk2"}, "needs you: Accept as complete"},
			{"accept again", act("desk2", kscheck.ActAcceptIntake, service.ActInput{}), []string{"initiator"}, "KS-"},
			{"first review again", act("desk2", kscheck.ActFirstReview, service.ActInput{}), []string{"desk"}, "needs you"},
			{"second review again", act("desk", kscheck.ActSecondReview, service.ActInput{}), []string{"chair", "committee"}, "KS-"},
			{"verdict: start", act("chair", kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictStart, Confirmed: true}), []string{"desk", "desk2", "director", "initiator"}, "KS-"},
			{"re-assess", act("desk", kscheck.ActReassess, text), []string{"initiator"}, "KS-"},
		}
		c = start(true)
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			got := box.news()
			if r := recipients(got); !slices.Equal(r, st.to) {
				t.Errorf("%s: notified %v, want %v", st.name, r, st.to)
			}
			for _, m := range got {
				if !strings.Contains(m.Message.Subject, st.subject) {
					t.Errorf("%s: subject %q to %s lacks %q", st.name, m.Message.Subject, m.Message.To, st.subject)
				}
				if strings.Contains(m.Message.Text+m.Message.HTML, "Joint sensing") || !strings.Contains(m.Message.Text, "https://kscheck.example.org/cases/") {
					t.Errorf("%s: the message must name the case only by reference and link:\n%s", st.name, m.Message.Text)
				}
				if m.Message.To == "initiator@demo.kscheck.org" && !strings.Contains(m.Message.Text, "Beste ") {
					t.Errorf("%s: the initiator chose Dutch, got:\n%s", st.name, m.Message.Text)
				}
			}
		}

		// A check cleared by the director, and one withdrawn after it was
		// submitted: the Committee, which never saw it, hears nothing.
		c = start(false)
		for _, st := range []struct {
			name string
			do   func() error
			to   []string
		}{
			{"request co-signature", act("initiator", kscheck.ActRequestCosign, service.ActInput{}), []string{"director"}},
			{"co-sign and clear", act("director", kscheck.ActCosignClear, service.ActInput{}), []string{"initiator"}},
		} {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if r := recipients(box.news()); !slices.Equal(r, st.to) {
				t.Errorf("%s: notified %v, want %v", st.name, r, st.to)
			}
		}
		c = start(true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{actors["director"], kscheck.ActSubmitToDesk})
		box.news()
		if err := act("initiator", kscheck.ActWithdraw, service.ActInput{})(); err != nil {
			t.Fatal(err)
		}
		if r := recipients(box.news()); !slices.Equal(r, []string{"desk", "desk2"}) {
			t.Errorf("withdrawal notified %v, want the Desk only", r)
		}
	})
}

// A change that fails queues nothing, and a notice that cannot be worded
// fails its change rather than being lost.
func TestNoticesShareTheChangesTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who, box := mailSetup(t, s)
		eva, marc := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org")
		c := answered(t, svc, eva, false)
		// Refused by the state machine: nothing queued.
		if _, err := svc.Act(ctx, marc, c.ID, c.Version, kscheck.ActSubmitToDesk, service.ActInput{}); err == nil {
			t.Fatal("the director submitted a draft")
		}
		// Refused after the notice was queued (the link cannot be made):
		// the change and its notice are both rolled back.
		svc.Notifications.BaseURL = ""
		if _, err := svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err == nil {
			t.Fatal("a change whose notice cannot be worded went through")
		}
		if n := box.news(); len(n) != 0 {
			t.Errorf("failed changes queued %v", recipients(n))
		}
		if c, _ = s.Case(ctx, c.ID); c.State != kscheck.StateDraft {
			t.Errorf("state %s after a failed change, want draft", c.State)
		}
		withMail(t, svc)
		if _, err := svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if r := recipients(box.news()); !slices.Equal(r, []string{"director"}) {
			t.Errorf("notified %v, want the director", r)
		}
	})
}

// Deadline notices go to the Desk and the chair once: "near" a week
// before, "overdue" after; a later deadline (external advice) is news.
func TestDeadlineNoticesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who, box := mailSetup(t, s)
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return now }
		eva, marc, desk, desk2, committee := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org"), who("committee@demo.kscheck.org")
		c := answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk}, step{desk, kscheck.ActAcceptIntake})
		box.news()
		due := now.Add(kscheck.CommitteeDeadline)
		check := func(at time.Time, want []string, subject string) {
			t.Helper()
			now = at
			n, err := svc.QueueDeadlineNotices(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := box.news()
			if r := recipients(got); n != len(got) || !slices.Equal(r, want) {
				t.Errorf("at %s: queued %d to %v, want %v", at.Format(time.DateTime), n, r, want)
			}
			for _, m := range got {
				if !strings.Contains(m.Message.Subject, subject) {
					t.Errorf("at %s: subject %q lacks %q", at.Format(time.DateTime), m.Message.Subject, subject)
				}
			}
		}
		everyone := []string{"chair", "desk", "desk2"}
		check(due.Add(-service.DeadlineWarning-time.Hour), nil, "")
		check(due.Add(-service.DeadlineWarning+time.Hour), everyone, "verdict due on 30 March 2026")
		check(due.Add(-time.Hour), nil, "")
		check(due.Add(time.Hour), everyone, "is past its deadline")
		check(due.Add(48*time.Hour), nil, "")

		// The Committee asks for external advice: six weeks, a new deadline.
		takeSteps(t, svc, c.ID, step{desk, kscheck.ActFirstReview}, step{desk2, kscheck.ActSecondReview}, step{committee, kscheck.ActExternalAdvice})
		box.news()
		later := due.Add(kscheck.CommitteeDeadlineExternal - kscheck.CommitteeDeadline)
		check(later.Add(-24*time.Hour), everyone, "verdict due on")
		check(later.Add(-23*time.Hour), nil, "")
	})
}

// A notice queued before a restart is delivered after it: queue, close
// the database, open it again, and the worker sends it to a real SMTP
// server.
func TestQueuedMailSurvivesARestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		svc, who, _ := mailSetup(t, s)
		eva := who("initiator@demo.kscheck.org")
		takeSteps(t, svc, answered(t, svc, eva, false).ID, step{eva, kscheck.ActRequestCosign})
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		reopened, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer reopened.Close()
		peer := smtptest.New(t)
		host, port := peer.HostPort()
		sender, err := notify.NewSMTP(notify.SMTPConfig{Host: host, Port: port, From: "kscheck@example.org", TLS: notify.TLSNone, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		w := &notify.Worker{Outbox: reopened, Sender: sender, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if sent, failed, err := w.Tick(ctx); sent != 1 || failed != 0 || err != nil {
			t.Fatalf("after the restart: sent %d, failed %d, %v", sent, failed, err)
		}
		got := <-peer.Got
		if got.To != "<director@demo.kscheck.org>" || !strings.Contains(got.Data, "Co-sign and clear") {
			t.Errorf("delivered to %s:\n%s", got.To, got.Data)
		}
		if sent, _, _ := w.Tick(ctx); sent != 0 {
			t.Error("the message was sent twice")
		}
	})
}

// A list update that hits a partner tells the Advice Desk, once.
func TestRescreeningHitTellsTheDesk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who, box := mailSetup(t, s)
		eva := who("initiator@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "t", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		// Added while screening was off, so the first screening is news.
		if _, err := svc.AddPartner(ctx, eva, c.ID, c.Version, &kscheck.Partner{Name: "Harbin Institute of Technology", Type: kscheck.PartnerOrganization, Country: "CN"}); err != nil {
			t.Fatal(err)
		}
		svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		if _, alerts, err := svc.Rescreen(ctx); err != nil || alerts == 0 {
			t.Fatalf("re-screening raised %d alerts, %v", alerts, err)
		}
		got := box.news()
		if r := recipients(got); !slices.Equal(r, []string{"desk", "desk2"}) {
			t.Errorf("a new hit notified %v, want the Desk", r)
		}
		for _, m := range got {
			if !strings.Contains(m.Message.Subject, "New screening match on check KS-") || strings.Contains(m.Message.Text, "Harbin") {
				t.Errorf("subject %q, text:\n%s", m.Message.Subject, m.Message.Text)
			}
		}
		if _, _, err := svc.Rescreen(ctx); err != nil {
			t.Fatal(err)
		}
		if n := box.news(); len(n) != 0 {
			t.Errorf("re-screening without changes notified %v", recipients(n))
		}
	})
}
