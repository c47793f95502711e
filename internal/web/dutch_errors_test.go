package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestErrorsInDutch: refusals raised by the service and by the pages
// themselves, on error pages and in forms, are shown in Dutch to a reader
// who chose Dutch, as sentences, and their English sentence is nowhere on
// the page; that holds too for messages that name the domain's words (a
// state, an action, a field, a kind of reference) and for a duty and a
// list of problems. Catalogue measures are in Dutch on every page that
// lists them.
func TestErrorsInDutch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva, draft := startedDraft(t, ts.URL)
		desk := signIn(t, ts.URL, "desk@demo.kscheck.org")
		own := directorsOwnCheck(t, svc)
		ingrid := signIn(t, ts.URL, "director2@demo.kscheck.org")
		overdue := svc.Now().AddDate(0, 0, -10)
		decided := fmt.Sprintf("/cases/%d", decidedCase(t, svc, "Sensors with Harbin", kscheck.VerdictWithMitigation,
			service.MeasureInput{Code: "export_licence", Text: "Apply for an export licence", DueOn: &overdue}).ID)
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
				"Er is geen check met nummer 999999, of u mag hem niet zien.", "there is no check number 999999"},
			{"the Committee's agenda for an initiator", eva, "/committee", nil, http.StatusForbidden,
				"De agenda is voor de Commissie Kennisveiligheid", "the agenda is for the Knowledge Security Committee"},
			{"the Desk's queue for an initiator", eva, "/desk", nil, http.StatusForbidden,
				"Alleen het Adviesloket ziet meldingen na herscreening", "only the Advice Desk sees screening alerts"},
			{"the register for an initiator", eva, "/register", nil, http.StatusForbidden,
				"Het besluitenregister is voor auditors", "the decision register is for auditors"},
			{"a merge with nothing to merge", desk, "/partners/merge", url.Values{"keep": {"1"}}, http.StatusUnprocessableEntity,
				"Kies minstens één partner om samen te voegen met de partner die blijft", "choose at least one partner to merge"},
			{"a step the state does not allow", eva, draft + "/actions/cosign_clear", changeForm(t, svc, draft, nil), http.StatusUnprocessableEntity,
				"„Medeondertekenen en afronden” kan nu niet: de check heeft de status „Concept”", "the case is draft"},
			{"a text too long", eva, draft + "/actions/withdraw", changeForm(t, svc, draft, url.Values{"text": {strings.Repeat("x", 30_000)}}), http.StatusUnprocessableEntity,
				"tekens lang; het maximum is", "characters long; the most is"},
			{"a new check without title and kind", eva, "/cases/new", url.Values{"unit": {"liacs"}}, http.StatusUnprocessableEntity,
				"Geef de check een titel; kies het soort activiteit.", "Give the check a title"},
			{"a director co-signing her own check", ingrid, own + "/actions/cosign_clear", changeForm(t, svc, own, nil), http.StatusForbidden,
				"U hebt deze check zelf gestart, dus u kunt hem niet als directeur medeondertekenen", "you started this check yourself"},
			{"an answer a question does not take", eva, draft + "/answers", changeForm(t, svc, draft, url.Values{"section": {"activity"}, "partner_country": {"XX"}}), http.StatusUnprocessableEntity,
				"&#34;XX&#34; is geen antwoord op vraag &#34;partner_country&#34;.", "is not an answer of question"},
			{"an export in an unknown format", desk, "/export/cases?format=pdf", nil, http.StatusUnprocessableEntity,
				"Onbekend exportformaat &#34;pdf&#34;: kies csv of xlsx.", "choose csv or xlsx"},
			{"a form over the size limit", eva, "/cases/new", url.Values{"description": {strings.Repeat("x", 2<<20)}}, http.StatusUnprocessableEntity,
				"Het formulier is groter dan 1024 KB: maak de teksten korter en verstuur het nog eens.", "the form is larger than"},
			{"a reference too long", eva, draft + "/refs", changeForm(t, svc, draft, url.Values{"grant": {strings.Repeat("1", 101)}}), http.StatusUnprocessableEntity,
				"Het kenmerk (Nummer subsidieaanvraag) is langer dan 100 tekens.", "grant reference"},
			{"the flowchart after the hand-over", ingrid, own + "/answers", nil, http.StatusForbidden,
				"De antwoorden van deze check kunnen alleen door de initiatiefnemer worden gewijzigd", "can be changed only by its initiator"},
			{"a catalogue measure on the Desk's home page", desk, "/desk", nil, http.StatusOK,
				"Een exportvergunning aanvragen", "Apply for an export licence"},
			{"a catalogue measure in the dossier", desk, decided + "/dossier", nil, http.StatusOK,
				"Een exportvergunning aanvragen", "Apply for an export licence"},
			{"a catalogue measure in the summary", desk, decided + "/summary", nil, http.StatusOK,
				"Een exportvergunning aanvragen", "Apply for an export licence"},
		} {
			var res *http.Response
			var body string
			path := tc.path + "?lang=nl"
			if strings.Contains(tc.path, "?") {
				path = tc.path + "&lang=nl"
			}
			if tc.form == nil {
				res, body = tc.c.get(path)
			} else {
				res, body = tc.c.postBody(path, tc.form)
			}
			if res.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.what, res.StatusCode, tc.status)
			}
			contains(t, tc.what, body, `lang="nl"`, tc.dutch)
			if strings.Contains(strings.ToLower(body), strings.ToLower(tc.english)) {
				t.Errorf("%s: the English %q is on the Dutch page", tc.what, tc.english)
			}
		}
	})
}

// directorsOwnCheck is the path of a check that director2 started and
// handed to the institute director, whom she is herself.
func directorsOwnCheck(t *testing.T, svc *service.Service) string {
	t.Helper()
	ctx := context.Background()
	ingrid := actorFor(t, svc, "director2@demo.kscheck.org")
	c, err := svc.StartCase(ctx, ingrid, service.NewCase{Title: "My own exchange", Description: "An exchange.", Kind: kscheck.KindResearchCollaboration, UnitCode: "lion"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.ProcedureOf(c)
	if err != nil {
		t.Fatal(err)
	}
	quiet := proceduretest.QuietAnswers(t, p, map[string]any{"kind": "research_collaboration", "partner_country": "NL"})
	if _, err := svc.SaveAnswers(ctx, ingrid, c.ID, caseVersion(t, svc, c.ID), quiet, false); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Act(ctx, ingrid, c.ID, caseVersion(t, svc, c.ID), kscheck.ActRequestCosign, service.ActInput{}); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/cases/%d", c.ID)
}
