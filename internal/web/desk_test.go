package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// newDeskApp is newApp with partner screening against the bundled lists,
// so that a partner on the ASPI tracker yields a candidate.
func newDeskApp(t *testing.T, s *store.Store) (string, *service.Service) {
	t.Helper()
	ts, svc := newApp(t, s)
	svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
	return ts.URL, svc
}

// actorFor returns the demo person with email as an actor.
func actorFor(t testing.TB, svc *service.Service, email string) kscheck.Actor {
	t.Helper()
	a, err := svc.AccountByEmail(context.Background(), service.System, email)
	if err != nil {
		t.Fatal(err)
	}
	return a.Actor()
}

// storedCase is case id as it stands now, read through the service as the
// auditor, who sees every check of the demo institution.
func storedCase(t testing.TB, svc *service.Service, id int64) *kscheck.Case {
	t.Helper()
	c, err := svc.VisibleCase(context.Background(), actorFor(t, svc, "auditor@demo.kscheck.org"), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// submittedCase starts a check with Harbin Institute of Technology as
// partner, answers the flowchart with "no" throughout but in doubt, and
// has the director submit it to the Advice Desk.
func submittedCase(t *testing.T, svc *service.Service, title string) *kscheck.Case {
	t.Helper()
	ctx := context.Background()
	eva, marc := actorFor(t, svc, "initiator@demo.kscheck.org"), actorFor(t, svc, "director@demo.kscheck.org")
	c, err := svc.StartCase(ctx, eva, service.NewCase{Title: title, Description: "Joint work on sensors.", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = svc.AddPartner(ctx, eva, c.ID, c.Version, &kscheck.Partner{Name: "Harbin Institute of Technology", Type: kscheck.PartnerOrganization, Country: "CN"}); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Procedures.Get(c.ProcedureID, c.ProcedureVersion)
	if err != nil {
		t.Fatal(err)
	}
	answers := proceduretest.QuietAnswers(t, p, map[string]any{"kind": "research_collaboration", "partner_country": "CN"})
	if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, answers, true); err != nil {
		t.Fatal(err)
	}
	if c, err = svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
		t.Fatal(err)
	}
	if c, err = svc.Act(ctx, marc, c.ID, c.Version, kscheck.ActSubmitToDesk, service.ActInput{}); err != nil {
		t.Fatal(err)
	}
	return c
}

// rawKey finds an untranslated catalog key of these pages in a page.
var rawKey = regexp.MustCompile(`\b(dossier|desk|committee|dashboard|register|audit|intake|filter|event|case|screening)\.[a-z_]+[a-z]\b`)

// formValue is a form control's value attribute, which may hold a name
// that looks like a key (the audit trail's action filter) without being text.
var formValue = regexp.MustCompile(`value="[^"]*"`)

// page fetches path and checks its status, that it has no untranslated
// key, and that it contains every one of want.
func (c *client) page(path string, status int, want ...string) string {
	c.t.Helper()
	res, body := c.get(path)
	if res.StatusCode != status {
		c.t.Errorf("GET %s: status %d, want %d", path, res.StatusCode, status)
	}
	if k := rawKey.FindString(formValue.ReplaceAllString(body, "")); k != "" && status == http.StatusOK {
		c.t.Errorf("GET %s shows the untranslated key %q", path, k)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			c.t.Errorf("GET %s lacks %q", path, w)
		}
	}
	return body
}

// expect posts form to path and checks where it ends and with what status.
func (c *client) expect(path string, form url.Values, status int) *http.Response {
	c.t.Helper()
	res := c.post(path, form)
	if res.StatusCode != status {
		c.t.Errorf("POST %s: status %d, want %d", path, res.StatusCode, status)
	}
	return res
}

func TestOverviewPagesByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		base, svc := newDeskApp(t, s)
		c := submittedCase(t, svc, "Sensor network with Harbin")
		ref := fmt.Sprintf("KS-%d", c.ID)

		// Who may open which overview; everyone else is told no.
		pages := map[string][]string{
			"/desk":      {"desk@demo.kscheck.org", "desk2@demo.kscheck.org"},
			"/committee": {"chair@demo.kscheck.org", "committee@demo.kscheck.org"},
			"/dashboard": {"desk@demo.kscheck.org", "chair@demo.kscheck.org", "committee@demo.kscheck.org", "auditor@demo.kscheck.org"},
			"/register":  {"auditor@demo.kscheck.org"},
			"/audit":     {"auditor@demo.kscheck.org", "admin@demo.kscheck.org"},
		}
		people := []string{"initiator@demo.kscheck.org", "director@demo.kscheck.org", "adviser@demo.kscheck.org", "desk@demo.kscheck.org",
			"chair@demo.kscheck.org", "committee@demo.kscheck.org", "admin@demo.kscheck.org", "auditor@demo.kscheck.org"}
		for _, email := range people {
			cl := signIn(t, base, email)
			_, home := cl.get("/")
			for path, allowed := range pages {
				want := http.StatusForbidden
				for _, a := range allowed {
					if a == email {
						want = http.StatusOK
					}
				}
				cl.page(path, want)
				cl.page(path+"?lang=nl", want)
				linked := strings.Contains(home, `href="`+path+`"`)
				if linked != (want == http.StatusOK) {
					t.Errorf("%s: navigation links %s: %v, want %v", email, path, linked, !linked)
				}
			}
			cl.get("/?lang=en")
		}

		desk := signIn(t, base, "desk@demo.kscheck.org")
		desk.page("/desk", http.StatusOK, ref, "Re-screening alerts", "Sensor network with Harbin")
		if body := desk.page("/desk?state=committee", http.StatusOK); strings.Contains(body, ref) {
			t.Error("the queue filtered on the Committee still shows a submitted check")
		}
		if body := desk.page("/desk?q=nothing-like-this", http.StatusOK); strings.Contains(body, ref) {
			t.Error("the text filter does not filter")
		}
		desk.page("/desk?kind=research_collaboration&unit=science&q=sensor", http.StatusOK, ref)
		desk.page("/desk?lang=nl", http.StatusOK, "Ingediende checks")

		// An incomplete submission goes back to the initiator, with a comment.
		other := submittedCase(t, svc, "Incomplete visit")
		back := fmt.Sprintf("/cases/%d/actions/return_incomplete", other.ID)
		desk.expect(back, url.Values{"version": {fmt.Sprint(other.Version)}, "back": {"dossier"}, "text": {""}}, http.StatusUnprocessableEntity)
		desk.expect(back, url.Values{"version": {fmt.Sprint(other.Version)}, "back": {"dossier"}, "text": {"Add the programme of the visit."}}, http.StatusOK)
		signIn(t, base, "initiator@demo.kscheck.org").page(fmt.Sprintf("/cases/%d?lang=en", other.ID), http.StatusOK, "Draft", "Add the programme of the visit.")

		// The main list filters too, over what the person may see.
		eva := signIn(t, base, "initiator@demo.kscheck.org")
		eva.page("/?lang=en&state=submitted", http.StatusOK, ref)
		if body := eva.page("/?state=draft", http.StatusOK); strings.Contains(body, ref) {
			t.Error("the state filter of the main list does not filter")
		}
		if body := signIn(t, base, "director2@demo.kscheck.org").page("/?q=Sensor", http.StatusOK); strings.Contains(body, ref) {
			t.Error("another institute's director finds the check by searching")
		}

		// The dashboard draws charts with data tables, never by nationality.
		for _, email := range []string{"desk@demo.kscheck.org", "auditor@demo.kscheck.org"} {
			body := signIn(t, base, email).page("/dashboard?lang=en", http.StatusOK, "<svg", "Open checks by status", "Checks by faculty", "Faculty of Science", "Lead time to verdict", "Data as a table")
			if strings.Contains(strings.ToLower(body), "nationalit") && !strings.Contains(body, "Nothing here is broken down by person or nationality") {
				t.Error("the dashboard mentions nationality")
			}
		}
		signIn(t, base, "desk@demo.kscheck.org").page("/dashboard?lang=nl", http.StatusOK, "Checks per faculteit")

		// The audit trail says the chain is intact.
		signIn(t, base, "auditor@demo.kscheck.org").page("/audit?lang=en", http.StatusOK, "The audit chain is intact.", "Check started")
		signIn(t, base, "admin@demo.kscheck.org").page("/audit?lang=nl", http.StatusOK, "De auditketen is intact.")
	})
}

func TestDeskToVerdictPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		base, svc := newDeskApp(t, s)
		c := submittedCase(t, svc, "Sensor network with Harbin")
		path := fmt.Sprintf("/cases/%d", c.ID)
		version := func() string {
			cur, err := s.Case(context.Background(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(cur.Version)
		}
		desk, desk2 := signIn(t, base, "desk@demo.kscheck.org"), signIn(t, base, "desk2@demo.kscheck.org")
		eva := signIn(t, base, "initiator@demo.kscheck.org")
		committee, chair := signIn(t, base, "committee@demo.kscheck.org"), signIn(t, base, "chair@demo.kscheck.org")

		// The dossier is for the Desk and the Committee, not the initiator.
		eva.page(path+"/dossier", http.StatusForbidden)
		signIn(t, base, "director2@demo.kscheck.org").page(path+"/dossier", http.StatusNotFound)
		body := desk.page(path+"/dossier?lang=en", http.StatusOK, "Harbin Institute of Technology", "Completeness check", "Candidate – to be resolved", "Joint work on sensors.")
		if !strings.Contains(body, "No matches") && !strings.Contains(body, "aspi") {
			t.Error("the dossier shows no screening evidence")
		}
		desk.page(path+"/dossier?lang=nl", http.StatusOK, "Controle op volledigheid")

		// Intake: every item of the checklist, or a clear refusal.
		desk.expect(path+"/intake", url.Values{"version": {version()}, "check": {"description", "partners"}}, http.StatusUnprocessableEntity)
		if _, body := desk.get(path + "/dossier?lang=en"); !strings.Contains(body, "Completeness check") {
			t.Error("after a refused intake the checklist is gone")
		}
		desk.expect(path+"/intake", url.Values{"version": {version()}, "check": service.IntakeChecklist}, http.StatusOK)

		// Work is assigned by the coordinator; the queue shows who has it
		// and filters on "mine".
		desk2ID := actorFor(t, svc, "desk2@demo.kscheck.org").Person.ID
		desk2.expect(path+"/assign", url.Values{"version": {version()}, "assignee": {fmt.Sprint(desk2ID)}}, http.StatusForbidden)
		desk.expect(path+"/assign", url.Values{"version": {version()}, "assignee": {fmt.Sprint(desk2ID)}}, http.StatusOK)
		desk2.page("/desk?mine=1&lang=en", http.StatusOK, fmt.Sprintf("KS-%d", c.ID), "Daan Mulder", "Harbin Institute of Technology ↔")
		if body := desk.page("/desk?mine=1&lang=en", http.StatusOK); strings.Contains(body, fmt.Sprintf("KS-%d<", c.ID)) {
			t.Error("the coordinator's \"mine\" filter shows a check assigned to someone else")
		}

		// Adjudication: a reason is required; who and when are shown.
		hits, err := s.Hits(context.Background(), c.ID)
		if err != nil || len(hits) == 0 {
			t.Fatalf("Harbin Institute of Technology has no screening candidate: %v", err)
		}
		hit := fmt.Sprintf("%s/hits/%d", path, hits[0].ID)
		desk.expect(hit, changeForm(t, svc, hit, url.Values{"decision": {"confirm"}, "reason": {" "}}), http.StatusUnprocessableEntity)
		desk.expect(hit, changeForm(t, svc, hit, url.Values{"decision": {"maybe"}, "reason": {"x"}}), http.StatusUnprocessableEntity)
		eva.expect(hit, changeForm(t, svc, hit, url.Values{"decision": {"dismiss"}, "reason": {"not them"}}), http.StatusForbidden)
		desk.expect(hit, changeForm(t, svc, hit, url.Values{"decision": {"confirm"}, "reason": {"Same city and name as on the tracker."}}), http.StatusOK)
		desk.page(path+"/dossier?lang=en", http.StatusOK, "Confirmed: this is the partner", "Noor Hendriks on", "Same city and name as on the tracker.")

		// A re-screening alert shows on the Desk's queue until someone has seen it.
		if err := s.InTx(context.Background(), func(tx *store.Tx) error {
			if err := tx.AddAlert(context.Background(), c.ID, hits[0].ID, "changed", svc.Now()); err != nil {
				return err
			}
			return tx.AppendAudit(context.Background(), &kscheck.AuditEntry{At: svc.Now(), ActorName: "system", Action: "case.screening.rescreen", CaseID: c.ID})
		}); err != nil {
			t.Fatal(err)
		}
		alerts, err := s.OpenAlerts(context.Background(), 10)
		if err != nil || len(alerts) != 1 {
			t.Fatalf("alerts: %v, %v", alerts, err)
		}
		desk.page("/desk?lang=en", http.StatusOK, "Stronger or changed match", "Mark as seen")
		eva.expect(fmt.Sprintf("/desk/alerts/%d", alerts[0].ID), nil, http.StatusForbidden)
		desk.expect(fmt.Sprintf("/desk/alerts/%d", alerts[0].ID), nil, http.StatusOK)
		if body := desk.page("/desk", http.StatusOK); strings.Contains(body, "Stronger or changed match") {
			t.Error("an acknowledged alert is still shown")
		}

		// Documents: checked by content, downloadable by those who see the case.
		pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
		for name, data := range map[string][]byte{
			"contract.pdf":  []byte("<html><script>alert(1)</script></html>"),
			"tool.exe":      []byte("MZ\x90\x00"),
			"empty.pdf":     {},
			"too-large.pdf": append(append([]byte{}, pdf...), make([]byte, service.MaxAttachmentBytes)...),
		} {
			if res, body := desk.upload(path+"/attachments", name, data, changeForm(t, svc, path, nil)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, name) && name != "too-large.pdf" {
				t.Errorf("uploading %s: status %d, want 422 naming the file", name, res.StatusCode)
			}
		}
		if res, _ := desk.upload(path+"/attachments", "Partner agreement.pdf", pdf, changeForm(t, svc, path, nil)); res.StatusCode != http.StatusOK {
			t.Fatalf("uploading a PDF: status %d", res.StatusCode)
		}
		body = desk.page(path+"/dossier", http.StatusOK, "Partner agreement.pdf")
		link := regexp.MustCompile(`/cases/\d+/attachments/\d+`).FindString(body)
		res, got := eva.get(link)
		if res.StatusCode != http.StatusOK || got != string(pdf) || res.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("downloading: status %d, headers %v", res.StatusCode, res.Header)
		}
		if res, _ := signIn(t, base, "director2@demo.kscheck.org").get(link); res.StatusCode != http.StatusNotFound {
			t.Errorf("another institute's director downloads a document: status %d", res.StatusCode)
		}

		// Four eyes: one person cannot do both reviews.
		desk.expect(path+"/actions/first_review", url.Values{"version": {version()}, "back": {"dossier"}}, http.StatusOK)
		desk.expect(path+"/actions/second_review", url.Values{"version": {version()}, "back": {"dossier"}}, http.StatusForbidden)
		desk2.expect(path+"/actions/second_review", url.Values{"version": {version()}, "back": {"dossier"}}, http.StatusOK)
		committee.page(path+"/dossier?lang=en", http.StatusOK, "Signed off by two different people: Noor Hendriks and Daan Mulder.")
		committee.page("/committee", http.StatusOK, fmt.Sprintf("KS-%d", c.ID))

		// Deliberation notes are the Committee's alone.
		committee.expect(path+"/messages", changeForm(t, svc, path, url.Values{"kind": {"deliberation"}, "body": {"Dual-use risk is limited to the sensors.", ""}, "back": {"dossier"}}), http.StatusOK)
		desk.expect(path+"/messages", changeForm(t, svc, path, url.Values{"kind": {"deliberation"}, "body": {"Desk view."}}), http.StatusForbidden)
		if body := desk.page(path+"/dossier", http.StatusOK); strings.Contains(body, "Dual-use risk is limited") {
			t.Error("the Desk sees the Committee's deliberation notes")
		}
		chair.page(path+"/dossier", http.StatusOK, "Dual-use risk is limited to the sensors.", "Record the binding verdict")

		// No letter before a verdict.
		eva.page(path+"/letter.pdf", http.StatusNotFound)

		// The verdict: exactly four outcomes; measures required for the third.
		committee.expect(path+"/verdict", url.Values{"version": {version()}, "verdict": {"start"}}, http.StatusForbidden)
		chair.expect(path+"/verdict", url.Values{"version": {version()}, "verdict": {"maybe"}}, http.StatusUnprocessableEntity)
		chair.expect(path+"/verdict", url.Values{"version": {version()}, "verdict": {"with_mitigation"}}, http.StatusUnprocessableEntity)
		chair.expect(path+"/verdict", url.Values{"version": {version()}, "verdict": {"with_mitigation"}, "own_text_1": {"Sensor data stays on university servers"}, "own_due_1": {"31-12-2026"}}, http.StatusUnprocessableEntity)
		// A date beside an unticked measure is refused, not dropped.
		res, got = chair.postBody(path+"/verdict?lang=nl", url.Values{"version": {version()}, "verdict": {"with_mitigation"}, "text": {"Acceptable."},
			"own_text_1": {"Sensor data stays on university servers"}, "due_export_licence": {"2026-12-31"}, "confirm": {"yes"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "Er staat een termijn bij een maatregel die niet is aangevinkt") {
			t.Errorf("a due date beside an unticked measure: %d", res.StatusCode)
		}
		chair.expect(path+"/verdict", url.Values{"version": {version()}, "verdict": {"with_mitigation"}, "own_due_2": {"2026-12-31"},
			"own_text_1": {"Sensor data stays on university servers"}, "confirm": {"yes"}}, http.StatusUnprocessableEntity)
		final := url.Values{"version": {version()}, "verdict": {"with_mitigation"}, "text": {"Acceptable with separated data."},
			"own_text_1": {"Sensor data stays on university servers"}, "own_due_1": {"2026-12-31"}, "measure_code": {"export_licence"}}
		chair.expect(path+"/verdict", final, http.StatusUnprocessableEntity) // not confirmed
		final.Set("confirm", "yes")
		chair.expect(path+"/verdict", final, http.StatusOK)
		eva.page(path+"?lang=en", http.StatusOK, "Sensor data stays on university servers", `href="`+path+`/letter.pdf"`, "Apply for an export licence")
		// A catalogue measure chosen in English reads in Dutch on Dutch pages.
		eva.page(path+"?lang=nl", http.StatusOK, "Een exportvergunning aanvragen")
		eva.get("/?lang=en")
		chair.page(path+"?lang=en", http.StatusOK, `href="`+path+`/dossier"`)

		// The letter: a PDF for those who may see the case.
		res, got = eva.get(path + "/letter.pdf?lang=nl")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(got, "%PDF") {
			t.Errorf("the letter: status %d, type %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if text, ok := pdfText(t, got); ok && (!strings.Contains(text, "Prof. Marc Jansen") || !strings.Contains(text, "Prof. Anna Willems")) {
			t.Errorf("the letter does not name the director who co-submitted and the chair:\n%s", text)
		} else if ok && !strings.Contains(text, "exportvergunning") {
			t.Errorf("the Dutch letter does not give the catalogue measure in Dutch:\n%s", text)
		}
		if text, ok := pdfText(t, got); ok && (!strings.Contains(text, "Dekking van de screening") || !strings.Contains(text, "Niet gedekt") ||
			!strings.Contains(strings.Join(strings.Fields(text), " "), "VN-lijst van ")) {
			t.Errorf("the letter does not say which lists the screening covered and which not:\n%s", text)
		}
		signIn(t, base, "director2@demo.kscheck.org").page(path+"/letter.pdf", http.StatusNotFound)

		// The dashboard counts the verdict and its lead time.
		chair.page("/dashboard?lang=en", http.StatusOK, "Starts with measures", " (4 weeks)", "Verdicts against their deadline")

		// The register lists the decision with its measure.
		auditor := signIn(t, base, "auditor@demo.kscheck.org")
		auditor.page("/register?lang=en", http.StatusOK, fmt.Sprintf("KS-%d", c.ID), "risk-mitigation measures", "Sensor data stays on university servers", "Apply for an export licence")
		auditor.page("/register?lang=nl", http.StatusOK, "Een exportvergunning aanvragen")
	})
}

// pdfText returns the text of a PDF through poppler's pdftotext, and false
// (after logging why) where it is not installed.
func pdfText(t *testing.T, pdf string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) is not installed: the letter's text is not checked")
		return "", false
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " "), true
}
