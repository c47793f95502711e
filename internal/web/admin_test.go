package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestAdministrationPages: the administrator manages people, roles and
// units in the browser's pages, in English and Dutch; others are refused
// by the service with a page that says so; refused forms stay at their
// page's address with an error summary; deactivation ends the person's
// session at once.
func TestAdministrationPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		desk := signIn(t, ts.URL, "desk@demo.kscheck.org")

		_, body := admin.get("/admin/people?lang=en")
		contains(t, "people page (en)", body, `href="/admin/people" aria-current="page">Administration</a>`, "Dr. Eva de Vries", "Initiator at Leiden Institute of Advanced Computer Science", "Add a person")
		_, body = admin.get("/admin/people?lang=nl")
		contains(t, "people page (nl)", body, ">Beheer</a>", "Mensen en rollen", "Persoon toevoegen")
		// The Faculty of Science's provisional procedure ended on 1 June 2025.
		_, body = admin.get("/admin/procedures?lang=nl")
		contains(t, "procedure versions (nl)", body, `<span class="badge badge-neutral">Verlopen</span>`, `aria-label="Beheer"`)
		_, body = eva.get("/procedures?lang=en")
		contains(t, "procedures (en)", body, `<span class="badge badge-neutral">Expired</span>`, `<span class="badge badge-success">Active</span>`)
		eva.get("/?lang=en")
		_, body = admin.get("/admin/units?lang=nl")
		contains(t, "units page (nl)", body, "Eenheden", "Faculteit", "Eenheid toevoegen")

		// Only administrators, checked in the service: a 403 page that says
		// what happened and where to go next.
		res, body := desk.get("/admin/people?lang=nl")
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("the Desk on /admin/people: %d", res.StatusCode)
		}
		contains(t, "403 page (nl)", body, "U hebt geen toegang", "Alleen een beheerder mag dit doen.", "Wat u kunt doen", `href="/"`)
		if strings.Contains(body, ">Beheer</a>") {
			t.Error("the Desk is offered the administration menu")
		}
		if res, _ := desk.postBody("/admin/units", url.Values{"code": {"x"}, "name": {"X"}, "level": {"faculty"}, "parent": {"leiden"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("the Desk adds a unit: %d", res.StatusCode)
		}

		// A refused form stays at its address, with a summary and messages
		// at the fields, in the reader's language.
		res, body = admin.postBody("/admin/people?lang=nl", url.Values{"name": {"Jan"}, "email": {"eva.devries"}, "unit": {"liacs"}})
		if res.StatusCode != http.StatusUnprocessableEntity || res.Request.URL.Path != "/admin/people" {
			t.Errorf("bad e-mail address: %d at %s", res.StatusCode, res.Request.URL)
		}
		contains(t, "refused person (nl)", body, `class="error-summary"`, `href="#email"`, "is geen e-mailadres", `aria-invalid="true"`, `value="Jan"`)
		_, body = admin.postBody("/admin/people?lang=en", url.Values{"name": {""}, "email": {""}, "unit": {""}})
		contains(t, "empty person (en)", body, `href="#name">Enter the name`, `href="#email">Enter the email address`, `href="#unit">Select the unit`)
		_, body = admin.postBody("/admin/units?lang=nl", url.Values{"code": {"liacs"}, "name": {"Again"}, "level": {"institute"}, "parent": {"science"}})
		contains(t, "existing unit (nl)", body, `href="#code"`, `Er bestaat al een eenheid met code &#34;liacs&#34;`)
		res, _ = admin.postBody("/admin/units", url.Values{"code": {"lacdr"}, "name": {"Leiden Academic Centre for Drug Research"}, "name_nl": {"Leiden Academic Centre for Drug Research"}, "level": {"institute"}, "parent": {"science"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Request.URL.RawQuery, "done=unit_added") {
			t.Errorf("adding a unit: %d at %s", res.StatusCode, res.Request.URL)
		}

		// Offboarding Eva: a role removed, then the account deactivated.
		evaPerson, err := s.PersonByEmail(context.Background(), "initiator@demo.kscheck.org")
		if err != nil {
			t.Fatal(err)
		}
		page := "/admin/people/" + strconv.FormatInt(evaPerson.ID, 10)
		_, body = admin.postBody(page+"?lang=nl", url.Values{"do": {"role_remove"}, "assignment": {"director@liacs"}})
		contains(t, "role not held (nl)", body, "Dr. Eva de Vries heeft director@liacs niet.")
		_, body = admin.postBody(page+"?lang=en", url.Values{"do": {"password"}, "password": {"short"}})
		contains(t, "short password (en)", body, `href="#password">The password is too short: use at least 10 characters.`)
		res, body = admin.postBody(page+"?lang=nl", url.Values{"do": {"deactivate"}})
		if res.Request.URL.Path != page {
			t.Errorf("after deactivation at %s", res.Request.URL)
		}
		contains(t, "deactivated (nl)", body, "Het account is gedeactiveerd; de sessies zijn beëindigd.", "Gedeactiveerd", "weer activeren")
		if res, _ := eva.get("/"); !strings.HasSuffix(res.Request.URL.Path, "/signin") {
			t.Errorf("Eva's session lives on after deactivation: %s", res.Request.URL)
		}
		adminPerson, _ := s.PersonByEmail(context.Background(), "admin@demo.kscheck.org")
		_, body = admin.postBody("/admin/people/"+strconv.FormatInt(adminPerson.ID, 10)+"?lang=en", url.Values{"do": {"deactivate"}})
		contains(t, "self-deactivation", body, "You cannot deactivate your own account")

		// Every change is in the audit trail, named in the reader's language.
		_, body = admin.get("/audit?lang=nl")
		contains(t, "audit trail (nl)", body, "Account gedeactiveerd", "Eenheid toegevoegd")

		// Unknown addresses get the 404 page, never Go's plain text.
		res, body = admin.get("/no/such/page?lang=nl")
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown route: %d", res.StatusCode)
		}
		contains(t, "404 page (nl)", body, `lang="nl"`, "Pagina niet gevonden", "Op dit adres staat geen pagina.", "Controleer het adres")
	})
}
