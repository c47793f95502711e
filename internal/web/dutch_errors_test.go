package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestErrorsInDutch: refusals raised by the service and by the pages
// themselves, on error pages and in forms, are shown in Dutch to a reader
// who chose Dutch, and their English sentence is nowhere on the page.
func TestErrorsInDutch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		desk := signIn(t, ts.URL, "desk@demo.kscheck.org")
		for _, tc := range []struct {
			what    string
			c       *client
			path    string
			form    url.Values // nil: a GET
			status  int
			dutch   string
			english string
		}{
			{"a check number that is not one", eva, "/cases/abc", nil, http.StatusNotFound,
				"is geen checknummer", "is not a check number"},
			{"a check that does not exist", eva, "/cases/999999", nil, http.StatusNotFound,
				"er is geen check met nummer 999999, of u mag hem niet zien", "there is no check number 999999"},
			{"the Committee's agenda for an initiator", eva, "/committee", nil, http.StatusForbidden,
				"de agenda is voor de Commissie Kennisveiligheid", "the agenda is for the Knowledge Security Committee"},
			{"the Desk's queue for an initiator", eva, "/desk", nil, http.StatusForbidden,
				"alleen het Adviesloket ziet meldingen na herscreening", "only the Advice Desk sees screening alerts"},
			{"the register for an initiator", eva, "/register", nil, http.StatusForbidden,
				"het besluitenregister is voor auditors", "the decision register is for auditors"},
			{"a merge with nothing to merge", desk, "/partners/merge", url.Values{"keep": {"1"}}, http.StatusUnprocessableEntity,
				"kies minstens één partner om samen te voegen met de partner die blijft", "choose at least one partner to merge"},
		} {
			var res *http.Response
			var body string
			if tc.form == nil {
				res, body = tc.c.get(tc.path + "?lang=nl")
			} else {
				res, body = tc.c.postBody(tc.path+"?lang=nl", tc.form)
			}
			if res.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.what, res.StatusCode, tc.status)
			}
			contains(t, tc.what, body, `lang="nl"`, tc.dutch)
			if strings.Contains(body, tc.english) {
				t.Errorf("%s: the English %q is on the Dutch page", tc.what, tc.english)
			}
		}
	})
}
