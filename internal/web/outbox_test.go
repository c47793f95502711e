package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// appWithMail is newApp with notifications on, after the initiator asked
// a question on a new check (at casePath), which queued a message to the
// faculty adviser.
func appWithMail(t *testing.T, s *store.Store) (ts *httptest.Server, svc *service.Service, casePath string) {
	t.Helper()
	ts, svc = newApp(t, s)
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	svc.Notifications = &service.Notifications{BaseURL: ts.URL, I18n: b}
	eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
	res := eva.post("/cases/new", url.Values{"title": {"Secret title of the check"}, "kind": {"research_collaboration"}, "unit": {"liacs"}})
	casePath = strings.TrimSuffix(res.Request.URL.Path, "/partners/new") // starting leads on to the partners
	if res = eva.post(casePath+"/messages", changeForm(t, svc, casePath, url.Values{"kind": {"question"}, "body": {"Is the partner linked to a defence university?"}})); res.StatusCode != http.StatusOK {
		t.Fatalf("posting a question: %d", res.StatusCode)
	}
	return ts, svc, casePath
}

// The outbox page shows administrators what was queued, in English and
// Dutch; others are refused, except in demo mode, where everyone may look.
func TestOutboxPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc, casePath := appWithMail(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")

		admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
		res, body := admin.get("/outbox?lang=en")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("admin: status %d", res.StatusCode)
		}
		for _, want := range []string{`href="/outbox"`, "E-mail notifications", "adviser@demo.kscheck.org", "Question on check KS-", "Waiting to be sent", ts.URL + casePath} {
			if !strings.Contains(body, want) {
				t.Errorf("the outbox page lacks %q", want)
			}
		}
		if strings.Contains(body, "Secret title") || strings.Contains(body, "Demo mode") {
			t.Error("the outbox shows the case's title, or claims demo mode")
		}
		_, body = admin.get("/outbox?lang=nl")
		for _, want := range []string{`lang="nl"`, "E-mailmeldingen", "Wacht op verzending", "Ontvanger"} {
			if !strings.Contains(body, want) {
				t.Errorf("the Dutch outbox page lacks %q", want)
			}
		}

		// Not for others: refused by the service, and not in their menu.
		if res, _ := eva.get("/outbox"); res.StatusCode != http.StatusForbidden {
			t.Errorf("initiator: status %d, want 403", res.StatusCode)
		}
		if _, body := eva.get("/"); strings.Contains(body, `href="/outbox"`) {
			t.Error("the initiator's menu links to the outbox")
		}

		// Demo mode: everyone may look.
		srv, err := New(svc, Config{Demo: true})
		if err != nil {
			t.Fatal(err)
		}
		demoTS := httptest.NewServer(srv.Handler())
		defer demoTS.Close()
		res, body = signIn(t, demoTS.URL, "initiator@demo.kscheck.org").get("/outbox?lang=en")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Demo mode") || !strings.Contains(body, "adviser@demo.kscheck.org") {
			t.Errorf("demo mode: status %d\n%s", res.StatusCode, body)
		}
		if m := srv.i18n.Missing(); len(m) > 0 {
			t.Errorf("missing translations: %v", m)
		}
	})
}
