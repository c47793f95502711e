package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestTokenWebhookAndReferencePages makes a token in the browser's way,
// uses it, revokes it; registers a webhook; sets a check's references.
func TestTokenWebhookAndReferencePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		eva.page("/tokens?lang=en", http.StatusOK, "API tokens", "There are no tokens yet.", "clearance:read")
		eva.page("/tokens?lang=nl", http.StatusOK, "Een token aanmaken")

		// Made: the secret is on the answer, once.
		res, body := eva.postBody("/tokens", url.Values{"name": {"my script"}, "scope": {"cases:read"}, "days": {"30"}})
		secret := regexp.MustCompile(`ksk_[A-Za-z0-9_-]{40,}`).FindString(body)
		if res.StatusCode != http.StatusCreated || secret == "" || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("making a token: %d, secret %q", res.StatusCode, secret)
		}
		if body := eva.page("/tokens", http.StatusOK, "my script"); strings.Contains(body, secret) {
			t.Error("the token list shows the secret again")
		}
		res, body = eva.postBody("/tokens", url.Values{"name": {""}, "scope": {"webhooks:admin"}, "days": {"30"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Geef het token een naam") {
			t.Errorf("a token without a name: %d", res.StatusCode)
		}
		call := func() int {
			req, _ := http.NewRequest("GET", ts.URL+"/api/v1/cases", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if got := call(); got != http.StatusOK {
			t.Errorf("calling with the new token: %d", got)
		}
		tokens, _ := svc.Tokens(t.Context(), actorFor(t, svc, "initiator@demo.kscheck.org"))
		signIn(t, ts.URL, "director@demo.kscheck.org").expect(fmt.Sprintf("/tokens/%d/revoke", tokens[0].ID), nil, http.StatusNotFound)
		eva.expect(fmt.Sprintf("/tokens/%d/revoke", tokens[0].ID), nil, http.StatusOK)
		if got := call(); got != http.StatusUnauthorized {
			t.Errorf("calling with the revoked token: %d", got)
		}

		// Webhooks are for administrators.
		eva.page("/admin/webhooks", http.StatusForbidden)
		admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
		// (The page names events by their codes, such as screening.alert,
		// which page() would take for untranslated keys.)
		if _, body := admin.get("/admin/webhooks?lang=en"); !strings.Contains(body, "No endpoints are registered.") || !strings.Contains(body, "the Committee recorded its verdict") {
			t.Error("the webhooks page lacks its texts")
		}
		res, body = admin.postBody("/admin/webhooks", url.Values{"url": {"https://grants.example.org/hook"}, "event": {"verdict.recorded", "check.submitted"}})
		if res.StatusCode != http.StatusCreated || !regexp.MustCompile(`whsec_[A-Za-z0-9_-]{40,}`).MatchString(body) {
			t.Errorf("registering a webhook: %d", res.StatusCode)
		}
		res, _ = admin.postBody("/admin/webhooks", url.Values{"url": {"https://grants.example.org/hook"}, "event": {"verdict.recorded"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("registering it twice: %d", res.StatusCode)
		}
		if _, body := admin.get("/admin/webhooks?lang=nl"); !strings.Contains(body, "https://grants.example.org/hook") || !strings.Contains(body, "Er is nog niets verstuurd.") {
			t.Error("the Dutch webhooks page lacks the endpoint or its texts")
		}

		// The references of a check, on its page.
		caseID, casePath := startCase(t, eva, "Grant-funded sensors")
		eva.page(casePath+"?lang=en", http.StatusOK, "Grant application number")
		eva.expect(casePath+"/refs", url.Values{"grant": {"NWO-77"}, "version": {version(t, svc, caseID)}}, http.StatusOK)
		eva.page(casePath, http.StatusOK, `value="NWO-77"`)
		eva.expect(casePath+"/refs", url.Values{"grant": {"NWO-78"}, "version": {"1"}}, http.StatusConflict)
		signIn(t, ts.URL, "director@demo.kscheck.org").expect(casePath+"/refs", url.Values{"grant": {"X"}, "version": {version(t, svc, caseID)}}, http.StatusForbidden)
	})
}
