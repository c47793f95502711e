package web

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestUnitNamesNotCodes: wherever a person reads a check's unit (the start
// page's choice, the case page, the summary, the director's inbox and
// decision page, the dossier, the register, the procedures), it is named in
// the reader's language, never shown as its code.
func TestUnitNamesNotCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		const en, nl = "Leiden Institute of Physics", "Leids Instituut voor Onderzoek in de Natuurkunde"
		named := func(what, body, name string) {
			t.Helper()
			contains(t, what, body, name)
			if strings.Contains(body, ">lion<") || strings.Contains(body, "· lion<") || strings.Contains(body, "· lion ·") {
				t.Errorf("%s shows the unit's code", what)
			}
		}
		both := func(c *client, what, path string) {
			t.Helper()
			_, body := c.get(path + "?lang=en")
			named(what+" (en)", body, en)
			_, body = dutch(c, path)
			named(what+" (nl)", body, nl)
		}

		sanne := signIn(t, ts.URL, "initiator2@demo.kscheck.org")
		both(sanne, "the start page's unit choice", "/cases/new")
		res := sanne.post("/cases/new", url.Values{"title": {"Optics with Jena"}, "kind": {"research_collaboration"}, "unit": {"lion"}, "description": {"Shared work."}})
		path := strings.TrimSuffix(res.Request.URL.Path, "/partners/new")
		id, err := strconv.ParseInt(strings.TrimPrefix(path, "/cases/"), 10, 64)
		if err != nil {
			t.Fatalf("starting a check: %d at %s", res.StatusCode, res.Request.URL)
		}
		answerAll(t, sanne, path, clearedAnswers)
		both(sanne, "the case page", path)
		both(sanne, "the summary", path+"/summary")
		act(t, sanne, svc, id, "request_cosign", nil)

		ingrid := signIn(t, ts.URL, "director2@demo.kscheck.org")
		both(ingrid, "the director's inbox", "/inbox")
		both(ingrid, "the decision page", "/inbox/"+strconv.FormatInt(id, 10))
		act(t, ingrid, svc, id, "cosign_clear", nil)

		auditor := signIn(t, ts.URL, "auditor@demo.kscheck.org")
		both(auditor, "the dossier", path+"/dossier")
		both(auditor, "the register", "/register")
		_, body := dutch(sanne, "/procedures")
		contains(t, "the procedures (nl)", body, "Faculteit der Wiskunde en Natuurwetenschappen")
	})
}

// TestHistoryFoldsSavedAnswers: answering the flowchart page by page saves
// many times; the case history shows the run as one "Answers saved" row
// with a count, in English and Dutch.
func TestHistoryFoldsSavedAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		_, path := startCase(t, eva, "Folded history")
		answerAll(t, eva, path, clearedAnswers)
		_, body := eva.get(path + "?lang=en")
		if n := strings.Count(body, "Answers saved"); n != 1 {
			t.Errorf("the history has %d rows of saved answers, want 1", n)
		}
		contains(t, "the history (en)", body, `Answers saved <span class="muted">(`)
		_, body = dutch(eva, path)
		contains(t, "the history (nl)", body, ` keer)</span>`)
	})
}

// TestAspectNamesCapitalised: a risk aspect's name stands alone in the
// procedure's outline, so it starts with a capital, in English and Dutch.
func TestAspectNamesCapitalised(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		_, body := eva.get("/procedures?lang=en")
		_, ref, ok := strings.Cut(body, `<a href="/procedures/university@`)
		if !ok {
			t.Fatal("the university's procedure is not listed")
		}
		ref, _, _ = strings.Cut("university@"+ref, `"`)
		_, body = eva.get("/procedures/" + ref + "?lang=en")
		contains(t, "the outline (en)", body, ": Knowledge transfer; ")
		_, body = dutch(eva, "/procedures/"+ref)
		contains(t, "the outline (nl)", body, ": Kennisoverdracht; ")
		for _, lower := range []string{": knowledge transfer;", ": influence;", ": ethics;", ": kennisoverdracht;", ": beïnvloeding;", ": ethiek;"} {
			if strings.Contains(body, lower) {
				t.Errorf("the outline names an aspect in lower case: %q", lower)
			}
		}
	})
}

// TestDecisionPageNamesOutcomeOnce: the case page and the director's
// decision page state the flowchart's outcome once, under the weighing it
// concludes, in English and Dutch.
func TestDecisionPageNamesOutcomeOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		id, path := startCase(t, eva, "Outcome once")
		answerAll(t, eva, path, clearedAnswers)
		_, body := eva.get(path + "?lang=en")
		if n := strings.Count(body, "Outcome of the flowchart"); n != 1 {
			t.Errorf("the case page names the outcome %d times, want 1", n)
		}
		act(t, eva, svc, id, "request_cosign", nil)
		dir := signIn(t, ts.URL, "director@demo.kscheck.org")
		page := "/inbox/" + strconv.FormatInt(id, 10)
		_, body = dir.get(page + "?lang=en")
		if n := strings.Count(body, "Outcome of the flowchart"); n != 1 {
			t.Errorf("the decision page (en) names the outcome %d times, want 1", n)
		}
		_, body = dutch(dir, page)
		if n := strings.Count(body, "Uitkomst van het stroomschema"); n != 1 {
			t.Errorf("the decision page (nl) names the outcome %d times, want 1", n)
		}
	})
}
