package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestSignInKeepsTheChosenLanguage: Dutch chosen on the sign-in page
// gives a Dutch refusal, and stays chosen after signing in, whatever the
// browser asks for; the Dutch list of checks names units, not codes.
func TestSignInKeepsTheChosenLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		jar, _ := cookiejar.New(nil)
		c := &client{t: t, base: ts.URL, http: &http.Client{Jar: jar}}
		_, body := c.get("/signin?lang=nl")
		contains(t, "sign-in page (nl)", body, `action="/signin?lang=nl"`, `lang="nl"`)

		res, body := c.postBody("/signin?lang=nl", url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {"wrong password"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password: %d", res.StatusCode)
		}
		contains(t, "refused sign-in (nl)", body, "Het e-mailadres of wachtwoord klopt niet.", `action="/signin?lang=nl"`, `value="initiator@demo.kscheck.org"`)

		if res, _ := c.postBody("/signin?lang=nl", url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {demo.Password}}); res.Request.URL.Path != "/" {
			t.Fatalf("signing in ended at %s", res.Request.URL)
		}
		req, _ := http.NewRequest("GET", ts.URL+"/", nil)
		req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		contains(t, "home after signing in, with an English browser", string(b), `lang="nl"`, "Mijn checks")

		// The list names the unit, not its code.
		if res := c.post("/cases/new", url.Values{"title": {"Workshop"}, "kind": {"research_collaboration"}, "unit": {"liacs"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("starting a check: %d", res.StatusCode)
		}
		_, body = c.get("/")
		contains(t, "the case list", body, `<td data-label="Eenheid">Leiden Institute of Advanced Computer Science</td>`)
	})
}

func TestFoldHistory(t *testing.T) {
	saved := func(actor int64, state kscheck.State) kscheck.AuditEntry {
		return kscheck.AuditEntry{Action: "case.answers", ActorID: actor, FromState: state, ToState: state}
	}
	es := []kscheck.AuditEntry{
		{Action: "case.start", ActorID: 1, ToState: kscheck.StateDraft},
		saved(1, kscheck.StateDraft), saved(1, kscheck.StateDraft), saved(1, kscheck.StateDraft),
		saved(2, kscheck.StateDraft),
		{Action: "case.answers", ActorID: 2, FromState: kscheck.StateDraft, ToState: kscheck.StateSupplementary},
		saved(2, kscheck.StateSupplementary),
	}
	var got []int
	for _, r := range foldHistory(es) {
		got = append(got, r.Times)
	}
	if fmt.Sprint(got) != "[1 3 1 1 1]" { // a change of state is never folded away
		t.Errorf("folded runs %v, want [1 3 1 1 1]", got)
	}
}
