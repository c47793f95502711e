package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// The flowchart's pages: what the check holds is shown as given, not
// asked; the outcome and the doubt appear once, on the review of the
// complete flowchart, whose sections can be answered again until the
// hand-over.
func TestFlowchartPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		id, path := startCase(t, eva, "Manuscripts with Heidelberg")
		eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Universität Heidelberg"}, "type": {"organization"}, "country": {"DE"}}))

		_, body := eva.get(path + "/answers")
		contains(t, "the first page", body, "Flowchart: A. Legal stops", "Save and continue later")
		for _, never := range []string{"Outcome of the flowchart", "Flowchart not answered yet", `id="in_doubt"`} {
			if strings.Contains(body, never) {
				t.Errorf("a page of the flowchart shows %q before it is complete", never)
			}
		}
		_, body = eva.get(path + "/answers?section=activity")
		contains(t, "the section given at the start", body, "What kind of activity is this?", "Germany", "(given when the check was started)",
			`href="`+path+`/partners/new"`, `href="`+path+`/edit"`)
		if strings.Contains(body, `name="partner_country"`) || strings.Contains(body, `name="kind"`) {
			t.Error("the kind or the country is asked again")
		}

		answerAll(t, eva, path, clearedAnswers)
		_, body = eva.get(path + "/answers")
		contains(t, "the review", body, "Check your answers", "No risk indication", "Change a section",
			`href="`+path+`/answers?section=A"`, `href="`+path+`/answers?section=G"`, "Save and return to the check")
		if n := strings.Count(body, "Outcome of the flowchart"); n != 1 {
			t.Errorf("the review shows the outcome %d times, want once", n)
		}
		if strings.Contains(body, `id="in_doubt"`) {
			t.Error("the doubt is asked beside the procedure's own question about it")
		}
		_, body = dutch(eva, path+"/answers")
		contains(t, "the Dutch review", body, "Controleer uw antwoorden", "Een onderdeel wijzigen")

		// Revising section D of the complete flowchart.
		_, body = eva.get(path + "/answers?section=D")
		contains(t, "section D again", body, "Flowchart: D.", `name="section" value="D"`)
		res := eva.post(path+"/answers", changeForm(t, svc, path, url.Values{"section": {"D"}, "continue": {"1"}, "d1_security_ties": {"yes"}, "d2_opaque": {"no"}, "d3_control": {"no"}}))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("revising section D: status %d", res.StatusCode)
		}
		_, body = eva.get(path)
		if strings.Contains(body, "No risk indication") {
			t.Error("the revised answer did not change the outcome")
		}

		// Starting the supplementary questionnaire opens it.
		res = eva.post(path+"/actions/start_supplementary", changeForm(t, svc, path, nil))
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != path+"/answers" {
			t.Fatalf("starting the questionnaire led to %d at %s", res.StatusCode, res.Request.URL)
		}
		_, body = eva.get(res.Request.URL.RequestURI())
		contains(t, "the questionnaire", body, "Flowchart: Supplementary questionnaire", "Describe the knowledge, data or technology involved")

		// After the hand-over the answers are locked.
		supp := url.Values{"section": {"supplementary"}}
		for _, f := range []string{"s1_knowledge", "s2_partner", "s5_mitigations"} {
			supp.Set(f, "Described in detail.")
		}
		eva.post(path+"/answers", changeForm(t, svc, path, supp))
		act(t, eva, svc, id, "request_cosign", nil)
		if res, _ := eva.get(path + "/answers?section=D"); res.StatusCode != http.StatusForbidden {
			t.Errorf("the flowchart after the hand-over: status %d, want 403", res.StatusCode)
		}
		if res := eva.post(path+"/answers", changeForm(t, svc, path, url.Values{"section": {"D"}, "d1_security_ties": {"no"}})); res.StatusCode != http.StatusForbidden {
			t.Errorf("revising after the hand-over: status %d, want 403", res.StatusCode)
		}

		// The director and the Committee read the questionnaire where
		// they decide: the decision page and the dossier.
		dir := signIn(t, ts.URL, "director@demo.kscheck.org")
		_, body = dir.get("/inbox/" + strconv.FormatInt(id, 10))
		contains(t, "the director's decision page", body, "Supplementary questionnaire", "Describe the partner organisation", "Described in detail.")
		act(t, dir, svc, id, "submit_to_desk", nil)
		_, body = signIn(t, ts.URL, "desk@demo.kscheck.org").get(path + "/dossier")
		contains(t, "the dossier", body, `<h2 id="supp-h">Supplementary questionnaire</h2>`, "Describe the partner organisation", "Described in detail.")
	})
}
