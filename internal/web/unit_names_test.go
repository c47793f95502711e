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
