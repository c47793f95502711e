package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// clearedAnswers answer the university flowchart with no "yes" and a
// technology area outside the critical ones: the route is "cleared".
var clearedAnswers = url.Values{
	"kind": {"research_collaboration"}, "partner_country": {"DE"},
	"a1_sanctions": {"no"}, "a2_country_sanctions": {"no"}, "a3_dual_use": {"no"},
	"shown": {"b1_critical_technology"}, "b2_crown_jewels": {"no"}, "b3_misuse": {"no"},
	"c1_country_risk": {"no"}, "c2_civil_military": {"no"},
	"d1_security_ties": {"no"}, "d2_opaque": {"no"}, "d3_control": {"no"},
	"e1_transfer": {"no"}, "e2_access": {"no"}, "e3_hosted": {"no"}, "e4_publication": {"no"}, "e5_travel": {"no"},
	"f1_value": {"Access to a unique archive of medieval manuscripts."}, "f2_why_partner": {"They hold the archive."},
	"g1_in_doubt": {"no"},
}

// withScreening screens partners against small excerpts of the ASPI
// tracker (an assessment) and the EU list (designations).
func withScreening(t *testing.T, svc *service.Service) {
	t.Helper()
	var snaps []*screening.Snapshot
	for _, f := range []string{"aspi-excerpt.json", "eu-handmade.csv"} {
		s, err := screening.ReadPath(filepath.Join("..", "screening", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, s...)
	}
	svc.Screening = screening.NewServiceFor(snaps, screening.DefaultThresholds)
}

// version returns the current version of case id, as the pages' forms carry it.
func version(t *testing.T, svc *service.Service, id int64) string {
	t.Helper()
	return strconv.FormatInt(storedCase(t, svc, id).Version, 10)
}

// act posts a lifecycle action as c and checks it was taken.
func act(t *testing.T, c *client, svc *service.Service, id int64, action string, extra url.Values) {
	t.Helper()
	form := url.Values{"version": {version(t, svc, id)}}
	for k, v := range extra {
		form[k] = v
	}
	res := c.post("/cases/"+strconv.FormatInt(id, 10)+"/actions/"+action, form)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Request.URL.RawQuery, "done="+action) {
		t.Fatalf("%s: status %d at %s", action, res.StatusCode, res.Request.URL)
	}
}

// answerAll posts the answers page by page until the flowchart is complete.
func answerAll(t *testing.T, c *client, path string, answers url.Values) {
	t.Helper()
	form := url.Values{"continue": {"1"}}
	for k, v := range answers {
		form[k] = v
	}
	for i := 0; ; i++ {
		_, page := c.get(path + "/answers")
		if i > 12 {
			t.Fatalf("the flowchart did not complete; the page says: %s", page[strings.Index(page, "<main"):])
		}
		m := strings.Index(page, `name="version" value="`)
		if m < 0 {
			t.Fatalf("no answers form on page %d", i)
		}
		v := page[m+len(`name="version" value="`):]
		form.Set("version", v[:strings.IndexByte(v, '"')])
		res := c.post(path+"/answers", form)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("answering page %d: status %d", i, res.StatusCode)
		}
		if !strings.HasSuffix(res.Request.URL.Path, "/answers") {
			return
		}
	}
}

func startCase(t *testing.T, c *client, title string) (int64, string) {
	t.Helper()
	res := c.post("/cases/new", url.Values{"title": {title}, "kind": {"research_collaboration"}, "unit": {"liacs"}, "description": {"Shared work."}})
	if res.StatusCode != http.StatusOK || !strings.HasSuffix(res.Request.URL.Path, "/partners/new") {
		t.Fatalf("starting a check should lead to its partners: %d at %s", res.StatusCode, res.Request.URL)
	}
	path := strings.TrimSuffix(res.Request.URL.Path, "/partners/new")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/cases/"), 10, 64)
	return id, path
}

// dutch returns the page at path in Dutch, and switches the person back
// to English, since the server remembers the choice.
func dutch(c *client, path string) (*http.Response, string) {
	c.t.Helper()
	res, body := c.get(path + "?lang=nl")
	c.get("/?lang=en")
	return res, body
}

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestInitiatorDirectorAdviserPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		withScreening(t, svc)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")

		_, body := eva.get("/cases/new")
		contains(t, "the start page", body, "Joint research with a foreign institution", `type="radio" id="kind"`, "Step 1 of 3")
		_, body = dutch(eva, "/cases/new")
		contains(t, "the Dutch start page", body, "Gezamenlijk onderzoek met een buitenlandse instelling")

		id, path := startCase(t, eva, "Manuscripts with Harbin")

		// Type-ahead without script: a search and a list of results; a
		// result fills the partner's name, country and website.
		_, body = eva.get(path + "/partners/new?q=harbin+inst+tech")
		contains(t, "the partner search", body, `id="partner-results"`, "Harbin Institute of Technology", "country=CN", "university-domains-list", `hx-get="`+path+`/partners/new"`)
		_, body = eva.get(path + "/partners/new?q=x&name=Harbin+Institute+of+Technology&country=CN&website=http%3A%2F%2Fwww.hit.edu.cn%2F&type=organization")
		contains(t, "the picked partner", body, `value="Harbin Institute of Technology"`, `value="CN"`, `value="http://www.hit.edu.cn/"`)

		// Adding screens at once: an assessment, shown as context.
		res := eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Harbin Institute of Technology"}, "type": {"organization"}, "country": {"CN"}, "website": {"http://www.hit.edu.cn/"}}))
		if res.StatusCode != http.StatusOK || !strings.HasSuffix(res.Request.URL.Path, "/partners/new") {
			t.Fatalf("adding a partner: %d at %s", res.StatusCode, res.Request.URL)
		}
		_, body = eva.get(path + "/partners/new")
		contains(t, "the screening of an ASPI-listed partner", body,
			"evidence for a person to resolve, not a verdict", "ASPI China Defence Universities Tracker", "Assessment (context, not a block)",
			"Seven sons of national defence", "Why this matched", "“harbin” matched", "Lists screened against", "Candidate – to be resolved")
		eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Internet Research Agency"}, "type": {"organization"}, "country": {"RU"}}))
		_, body = eva.get(path)
		contains(t, "the case page's screening", body, "Government designation", "EU consolidated financial sanctions list", "Internet Research Agency")
		_, body = dutch(eva, path+"/partners/new")
		contains(t, "the Dutch screening", body, "bewijs dat een mens moet beoordelen", "Beoordeling")
		// A partner added by mistake can be removed again.
		eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Wrong Partner Institute"}, "type": {"organization"}}))
		_, body = eva.get(path + "/partners/new")
		removeAt := ""
		for _, f := range strings.Split(body, `<form method="post" action="`)[1:] {
			action, rest, _ := strings.Cut(f, `"`)
			if button, _, _ := strings.Cut(rest, "</form>"); strings.Contains(button, "Remove Wrong Partner Institute") {
				removeAt = action
			}
		}
		if removeAt == "" {
			t.Fatal("no form to remove the partner")
		}
		if res := eva.post(removeAt, changeForm(t, svc, removeAt, nil)); res.StatusCode != http.StatusOK {
			t.Errorf("removing a partner: status %d", res.StatusCode)
		}
		if _, body = eva.get(path); strings.Contains(body, "Wrong Partner Institute") {
			t.Error("the removed partner is still on the check")
		}
		// A country that is not a code is refused, naming what is wrong, and the typed name stays.
		res = eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Some Institute"}, "type": {"organization"}, "country": {"China"}}))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a country name instead of a code: status %d, want 422", res.StatusCode)
		}

		// The flowchart, one section per page, answers in words.
		_, body = eva.get(path + "/answers")
		contains(t, "the first flowchart page", body, "Flowchart: A. Legal stops", "Step 2 of", "Save and continue later")
		answerAll(t, eva, path, clearedAnswers)
		c, _ := s.Case(context.Background(), id)
		if c.Route != kscheck.RouteCleared {
			t.Fatalf("the answers without a yes give route %q, want cleared", c.Route)
		}
		_, body = eva.get(path)
		contains(t, "the answered case", body, "Which EU critical technology areas does the work touch? Choose none if it touches none. — <strong>none</strong>", "Weigh risks against opportunities")
		_, body = eva.get(path + "/summary")
		contains(t, "the summary", body, "Risks against opportunities", "The answers raise no risk aspect.", "Access to a unique archive of medieval manuscripts.",
			"No answer raises a risk", `src="`+path+`/diagram.svg"`)
		_, body = dutch(eva, path+"/summary")
		contains(t, "the Dutch summary", body, "Risico&#39;s tegenover kansen", "Geen antwoord roept een risico op")

		// A question to the adviser, answered in the thread.
		eva.post(path+"/messages", changeForm(t, svc, path, url.Values{"kind": {"question"}, "body": {"Does a manuscript archive count as a crown jewel?"}}))
		ada := signIn(t, ts.URL, "adviser@demo.kscheck.org")
		_, body = ada.get("/adviser")
		contains(t, "the adviser's open questions", body, "Open questions", `href="`+path+`#thread"`, "Manuscripts with Harbin", `href="/adviser"`)
		_, body = ada.get(path)
		contains(t, "the case for the adviser", body, "Send the answer", `name="kind" value="answer"`)
		ada.post(path+"/messages", changeForm(t, svc, path, url.Values{"kind": {"answer"}, "body": {"No: it is not unique to the Netherlands."}}))
		_, body = ada.get("/adviser")
		if strings.Contains(body, "Manuscripts with Harbin") {
			t.Error("an answered question is still listed as open")
		}
		_, body = eva.get(path)
		contains(t, "the thread", body, "Question</span> <strong>Dr. Eva de Vries", "Answer</span> <strong>", "No: it is not unique to the Netherlands.")

		// Measures proposed from the catalogue and in own words.
		res = eva.post(path+"/measures", changeForm(t, svc, path, url.Values{"code": {"contract_clauses"}, "text": {"Scans stay on our servers."}}))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("proposing measures: %d", res.StatusCode)
		}
		_, body = eva.get(path)
		contains(t, "the measures", body, "Contract clauses on intellectual property", "Scans stay on our servers.", "Proposed")
		if res := eva.post(path+"/measures", changeForm(t, svc, path, url.Values{"code": {"no_such_measure"}})); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an unknown catalogue code: status %d, want 422", res.StatusCode)
		}

		act(t, eva, svc, id, "request_cosign", nil)

		// Only the institute's director has it in the inbox.
		dir := signIn(t, ts.URL, "director@demo.kscheck.org")
		_, body = dir.get("/inbox")
		contains(t, "the director's inbox", body, `href="/inbox/`+strconv.FormatInt(id, 10)+`"`, "Manuscripts with Harbin", `<a href="/inbox" aria-current="page">Inbox</a>`)
		_, body = dir.get("/inbox/" + strconv.FormatInt(id, 10))
		contains(t, "the decision page", body, "Co-sign: cleared", "Send back", "Co-submit to the Advice Desk", "Risks against opportunities", "Assessment (context, not a block)")
		_, body = dutch(dir, "/inbox")
		contains(t, "the Dutch inbox", body, "Postvak", "Manuscripts with Harbin")
		for email, want := range map[string]int{
			"director2@demo.kscheck.org": http.StatusNotFound,
			"initiator@demo.kscheck.org": http.StatusNotFound,
			"adviser@demo.kscheck.org":   http.StatusNotFound,
		} {
			if res, _ := signIn(t, ts.URL, email).get("/inbox/" + strconv.FormatInt(id, 10)); res.StatusCode != want {
				t.Errorf("%s opening the inbox item: status %d, want %d", email, res.StatusCode, want)
			}
		}
		if res, _ := eva.get("/inbox"); res.StatusCode != http.StatusForbidden {
			t.Errorf("an initiator opening /inbox: status %d, want 403", res.StatusCode)
		}
		if res, _ := eva.get("/adviser"); res.StatusCode != http.StatusForbidden {
			t.Errorf("an initiator opening /adviser: status %d, want 403", res.StatusCode)
		}
		_, body = signIn(t, ts.URL, "director2@demo.kscheck.org").get("/inbox")
		if strings.Contains(body, "Manuscripts with Harbin") {
			t.Error("another institute's director sees the check in their inbox")
		}
		// Sending back needs a comment, and says so.
		res = dir.post(path+"/actions/send_back", url.Values{"version": {version(t, svc, id)}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("sending back without a comment: status %d, want 422", res.StatusCode)
		}
		act(t, dir, svc, id, "cosign_clear", nil)
		if c, _ := s.Case(context.Background(), id); c.State != kscheck.StateCleared {
			t.Errorf("after co-signing the check is %s, want cleared", c.State)
		}
		_, body = dir.get("/inbox")
		contains(t, "the emptied inbox", body, "No checks are waiting for you.")
	})
}

// TestPostponedAndMeasuresFollowUp takes a check to a postponement, has the
// initiator answer and resubmit it, and follows up the measures of the
// verdict "start with mitigation measures".
func TestPostponedAndMeasuresFollowUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		id, path := startCase(t, eva, "Lab exchange")
		eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Acme Widget Research Collective"}, "type": {"organization"}, "country": {"NL"}}))
		doubt := url.Values{}
		for k, v := range clearedAnswers {
			doubt[k] = v
		}
		doubt.Set("g1_in_doubt", "yes")
		answerAll(t, eva, path, doubt)
		act(t, eva, svc, id, "start_supplementary", nil)
		answerAll(t, eva, path, url.Values{"s1_knowledge": {"Spectra."}, "s2_partner": {"A public university."}, "s5_mitigations": {"None needed."}})
		act(t, eva, svc, id, "request_cosign", nil)
		dir := signIn(t, ts.URL, "director@demo.kscheck.org")
		_, body := dir.get("/inbox/" + strconv.FormatInt(id, 10))
		contains(t, "the decision page of a check in doubt", body, "Not possible for this check")
		act(t, dir, svc, id, "submit_to_desk", nil)
		desk, desk2, chair := signIn(t, ts.URL, "desk@demo.kscheck.org"), signIn(t, ts.URL, "desk2@demo.kscheck.org"), signIn(t, ts.URL, "chair@demo.kscheck.org")
		toCommittee := func() {
			act(t, desk, svc, id, "accept_intake", nil)
			act(t, desk, svc, id, "first_review", nil)
			act(t, desk2, svc, id, "second_review", nil)
		}
		toCommittee()
		act(t, chair, svc, id, "verdict", url.Values{"verdict": {"postponed"}, "text": {"Tell us who funds the partner's lab."}, "confirm": {"yes"}})

		_, body = eva.get(path)
		contains(t, "the postponed check", body, "The Committee asks for more information", "Tell us who funds the partner&#39;s lab.", `href="`+path+`/edit"`, `id="text-resubmit"`)
		_, body = dutch(eva, path)
		contains(t, "the Dutch postponed check", body, "De Commissie vraagt om meer informatie")
		_, body = eva.get(path + "/edit")
		contains(t, "the edit page", body, `value="Lab exchange"`)
		res := eva.post(path+"/edit", url.Values{"version": {version(t, svc, id)}, "title": {"Lab exchange"}, "kind": {"research_collaboration"}, "description": {"Shared work. The lab is funded by the national science foundation."}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("editing the description: %d", res.StatusCode)
		}
		if res := eva.post(path+"/edit", url.Values{"version": {version(t, svc, id)}, "title": {""}, "kind": {"research_collaboration"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an empty title: status %d, want 422", res.StatusCode)
		}
		act(t, eva, svc, id, "resubmit", url.Values{"text": {"The funding is public: see the description."}})
		_, body = eva.get(path)
		contains(t, "the resubmitted check", body, "Comment</span>", "The funding is public: see the description.", "national science foundation")

		toCommittee()
		act(t, chair, svc, id, "verdict", url.Values{"verdict": {"with_mitigation"}, "measure_code": {"restrict_access"}, "confirm": {"yes"}})
		c, _ := s.Case(context.Background(), id)
		ms, _ := s.Measures(context.Background(), id)
		if c.State != kscheck.StateDecided || len(ms) != 1 {
			t.Fatalf("after the verdict: %s with %d measures", c.State, len(ms))
		}
		// Measures are followed up, not self-certified: the initiator
		// reports with evidence, the Desk accepts or sends back.
		mpath := path + "/measures/" + strconv.FormatInt(ms[0].ID, 10)
		_, body = eva.get(path)
		contains(t, "the measures to follow up", body, "Measures for you to carry out", "Imposed by the Committee", `action="`+mpath+`/report"`, "Report as carried out")
		if strings.Contains(body, "There is nothing for you to do") {
			t.Error("the initiator is told there is nothing to do above an open measure")
		}
		if res := eva.post(mpath+"/report", changeForm(t, svc, path, url.Values{"evidence": {" "}})); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a report without evidence: %d, want 422", res.StatusCode)
		}
		if res := signIn(t, ts.URL, "director@demo.kscheck.org").post(mpath+"/report", changeForm(t, svc, path, url.Values{"evidence": {"done"}})); res.StatusCode != http.StatusForbidden {
			t.Errorf("the director reporting a measure: %d, want 403", res.StatusCode)
		}
		eva.post(mpath+"/report", changeForm(t, svc, path, url.Values{"evidence": {"Separate VLAN since March."}}))
		if res := eva.post(mpath+"/review", changeForm(t, svc, path, url.Values{"decision": {"accept"}})); res.StatusCode != http.StatusForbidden {
			t.Errorf("the initiator accepting their own report: %d, want 403", res.StatusCode)
		}
		_, body = desk.get(path)
		contains(t, "the reported measure", body, "Reported – the Advice Desk checks it", "Separate VLAN since March.", `action="`+mpath+`/review"`)
		if res := desk.post(mpath+"/review", changeForm(t, svc, path, url.Values{"decision": {"send_back"}})); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a send-back without a note: %d, want 422", res.StatusCode)
		}
		desk.post(mpath+"/review", changeForm(t, svc, path, url.Values{"decision": {"accept"}}))
		_, body = eva.get(path)
		contains(t, "the accepted measure", body, "<strong>Done</strong>", "Separate VLAN since March.")
	})
}

// TestComposedKeysExist checks the translation keys that the pages of
// this file compose at run time (list names, hit statuses, message kinds,
// route explanations, kind hints), which a scan of literal keys misses.
func TestComposedKeysExist(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range []screening.ListID{screening.ListUN, screening.ListOFACSDN, screening.ListOFACCons, screening.ListBISDPL, screening.ListCSL, screening.ListEU, screening.ListUK, screening.ListASPI, screening.ListOpenSanctions} {
		keys = append(keys, "listname."+string(l))
	}
	for _, h := range []kscheck.HitStatus{kscheck.HitCandidate, kscheck.HitConfirmed, kscheck.HitDismissed} {
		keys = append(keys, "hitstatus."+string(h))
	}
	for _, m := range []kscheck.MessageKind{kscheck.MsgQuestion, kscheck.MsgAnswer, kscheck.MsgAdvice, kscheck.MsgComment} {
		keys = append(keys, "thread.kind."+string(m))
	}
	for _, r := range []string{"none", "cleared", "supplementary", "advice", "committee"} {
		keys = append(keys, "summary.route_explained."+r)
	}
	for _, k := range kscheck.Kinds {
		keys = append(keys, "kind_hint."+string(k))
	}
	for _, lang := range []string{"en", "nl"} {
		l := b.Localizer(lang)
		for _, k := range keys {
			if l.T(k) == k {
				t.Errorf("%s: no text for %s", lang, k)
			}
		}
	}
}

// TestInitiatorPagesRefuseOthers checks who may open the partner, summary,
// edit and measure pages of a check: its initiator changes it, its
// institute's director and faculty's adviser may read the summary only,
// and everyone else is told it does not exist.
func TestInitiatorPagesRefuseOthers(t *testing.T) {
	s := storetestOpen(t)
	ts, _ := newApp(t, s)
	eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
	_, path := startCase(t, eva, "Refusals")
	for _, tt := range []struct {
		email string
		page  string
		want  int
	}{
		{"initiator@demo.kscheck.org", "/partners/new", http.StatusOK},
		{"initiator@demo.kscheck.org", "/edit", http.StatusOK},
		{"initiator@demo.kscheck.org", "/summary", http.StatusOK},
		{"director@demo.kscheck.org", "/summary", http.StatusOK},
		{"adviser@demo.kscheck.org", "/summary", http.StatusOK},
		{"director@demo.kscheck.org", "/partners/new", http.StatusForbidden},
		{"director@demo.kscheck.org", "/edit", http.StatusForbidden},
		{"initiator2@demo.kscheck.org", "/partners/new", http.StatusNotFound},
		{"initiator2@demo.kscheck.org", "/summary", http.StatusNotFound},
		{"director2@demo.kscheck.org", "/summary", http.StatusNotFound},
		{"desk@demo.kscheck.org", "/summary", http.StatusNotFound},
	} {
		if res, _ := signIn(t, ts.URL, tt.email).get(path + tt.page); res.StatusCode != tt.want {
			t.Errorf("%s opening %s: status %d, want %d", tt.email, tt.page, res.StatusCode, tt.want)
		}
	}
	other := signIn(t, ts.URL, "initiator2@demo.kscheck.org")
	for _, p := range []string{"/partners", "/measures", "/edit"} {
		if res := other.post(path+p, url.Values{"version": {"1"}, "name": {"X"}, "type": {"organization"}, "text": {"X"}, "title": {"X"}, "kind": {"other"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("another initiator posting to %s: status %d, want 404", p, res.StatusCode)
		}
	}
}

// TestAdviceRequestedAndGiven: the adviser finds a check whose advice was
// asked for on their page, records advice, and the initiator sees it
// prominently on the check.
func TestAdviceRequestedAndGiven(t *testing.T) {
	s := storetestOpen(t)
	ts, svc := newApp(t, s)
	eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
	id, path := startCase(t, eva, "Quantum optics visit")
	act(t, eva, svc, id, "request_advice", nil)
	ada := signIn(t, ts.URL, "adviser@demo.kscheck.org")
	_, body := ada.get("/adviser")
	contains(t, "the adviser's page", body, "Advice requested", `href="`+path+`"`, "Quantum optics visit")
	_, body = dutch(ada, "/adviser")
	contains(t, "the Dutch adviser's page", body, "Advies gevraagd", "Quantum optics visit")
	act(t, ada, svc, id, "give_advice", url.Values{"text": {"Keep the cryostat logs on our own network."}})
	_, body = eva.get(path)
	contains(t, "the advised check", body, "The faculty adviser&#39;s advice", "Keep the cryostat logs on our own network.", "The adviser advises; initiator and director decide")
	_, body = ada.get("/adviser")
	contains(t, "the adviser's page after advising", body, "No checks wait for your advice.")
}

// caseVersion is the version of case id as stored now, for a change a test
// makes through the service on the case as it stands.
func caseVersion(t testing.TB, svc *service.Service, id int64) int64 {
	t.Helper()
	return storedCase(t, svc, id).Version
}
