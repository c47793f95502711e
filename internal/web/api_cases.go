package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// apiCaseSummary is a check as the API lists it.
type apiCaseSummary struct {
	ID        int64      `json:"id"`
	Reference string     `json:"reference"`
	Title     string     `json:"title"`
	Kind      string     `json:"kind"`
	Track     string     `json:"track"`
	State     string     `json:"state"`
	Unit      string     `json:"unit"`
	Procedure string     `json:"procedure"`
	Route     string     `json:"route"`
	Deadline  *time.Time `json:"deadline,omitempty"`
	Verdict   string     `json:"verdict,omitempty"`
	VerdictAt *time.Time `json:"verdict_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func summaryOf(c *kscheck.Case) apiCaseSummary {
	return apiCaseSummary{ID: c.ID, Reference: "KS-" + strconv.FormatInt(c.ID, 10), Title: c.Title, Kind: string(c.Kind), Track: string(c.Track),
		State: string(c.State), Unit: c.UnitCode, Procedure: c.ProcedureID + "@" + c.ProcedureVersion, Route: string(c.Route),
		Deadline: c.Deadline(), Verdict: string(c.Verdict), VerdictAt: c.VerdictAt, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// apiCaseDetail is one check as the API reads it: the summary with its
// references, partners and measures, and the caller's involvement. Desk
// notes, deliberation and the dossier stay in the browser.
type apiCaseDetail struct {
	apiCaseSummary
	Involvement string            `json:"involvement"`
	Refs        map[string]string `json:"refs"`
	Partners    []apiPartner      `json:"partners"`
	Measures    []apiMeasure      `json:"measures"`
}

type apiPartner struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Country string `json:"country"`
}

type apiMeasure struct {
	Text    string     `json:"text"`
	Status  string     `json:"status"`
	Imposed bool       `json:"imposed"`
	DueOn   *time.Time `json:"due_on,omitempty"`
}

// apiCasePage is one page of the case list; Next is the cursor of the
// following page, absent on the last.
type apiCasePage struct {
	Cases []apiCaseSummary `json:"cases"`
	Next  string           `json:"next,omitempty"`
}

// maxAPIPage bounds a page of the case list.
const maxAPIPage = 200

// apiCases lists the checks the caller may see: filters status
// (repeatable), unit, changed_since and changed_before (dates or RFC 3339
// times), limit, and the cursor of the previous page.
func (s *Server) apiCases(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	q := r.URL.Query()
	f := kscheck.CaseFilter{UnitCode: q.Get("unit"), Limit: 50}
	var problems []string
	for _, v := range q["status"] {
		for _, st := range strings.Split(v, ",") {
			if !kscheck.State(st).Valid() {
				problems = append(problems, "status "+strconv.Quote(st)+" is not a state of a check")
			}
			f.States = append(f.States, kscheck.State(st))
		}
	}
	for name, dst := range map[string]*time.Time{"changed_since": &f.ChangedSince, "changed_before": &f.ChangedBefore} {
		if v := q.Get(name); v != "" {
			t, err := parseAPITime(v)
			if err != nil {
				problems = append(problems, name+" must be a date (2025-03-01) or a time (2025-03-01T09:00:00Z)")
			}
			*dst = t
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxAPIPage {
			problems = append(problems, "limit must be a number from 1 to "+strconv.Itoa(maxAPIPage))
		}
		f.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		id, err := decodeCursor(v)
		if err != nil {
			problems = append(problems, "cursor is not one this API gave out; start again without it")
		}
		f.BeforeID = id
	}
	if len(problems) > 0 {
		s.problem(w, r, kscheck.Errorf(kscheck.EInvalid, "%s.", strings.Join(problems, "; ")))
		return
	}
	// One more than asked tells whether another page follows.
	want := f.Limit
	f.Limit++
	cases, err := s.svc.CasePage(r.Context(), actor, f)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	page := apiCasePage{Cases: []apiCaseSummary{}}
	for i, c := range cases {
		if i == want {
			page.Next = encodeCursor(cases[i-1].ID)
			break
		}
		page.Cases = append(page.Cases, summaryOf(c))
	}
	reply(w, http.StatusOK, page)
}

func parseAPITime(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, v)
}

// Cursors are opaque to callers, so that their form may change.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("before:" + strconv.FormatInt(id, 10)))
}

func decodeCursor(v string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return 0, err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(string(b), "before:"), 10, 64)
	if err != nil || id < 1 || !strings.HasPrefix(string(b), "before:") {
		return 0, kscheck.Errorf(kscheck.EInvalid, "bad cursor").Translated("err.api.cursor")
	}
	return id, nil
}

// apiID reads the {id} of the path, answering 404 when it is no number.
func (s *Server) apiID(w http.ResponseWriter, r *http.Request, what kscheck.Term) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		s.problem(w, r, kscheck.Errorf(kscheck.ENotFound, "there is no %s %q", what, r.PathValue("id")).Translated("err.api.not_found"))
		return 0, false
	}
	return id, true
}

// apiCase reads one check the caller may see; the read is audited.
func (s *Server) apiCase(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.apiID(w, r, kscheck.Term{Key: "case.check", Text: "check"})
	if !ok {
		return
	}
	v, err := s.svc.Case(r.Context(), actor, id)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	reply(w, http.StatusOK, detailOf(v))
}

func detailOf(v *service.CaseView) apiCaseDetail {
	d := apiCaseDetail{apiCaseSummary: summaryOf(v.Case), Involvement: string(v.Involvement), Refs: map[string]string{},
		Partners: []apiPartner{}, Measures: []apiMeasure{}}
	for k, ref := range v.Refs {
		d.Refs[string(k)] = ref
	}
	for _, p := range v.Partners {
		d.Partners = append(d.Partners, apiPartner{Name: p.Name, Type: string(p.Type), Country: p.Country})
	}
	for _, m := range v.Measures {
		d.Measures = append(d.Measures, apiMeasure{Text: m.Text, Status: string(m.Status), Imposed: m.Imposed, DueOn: m.DueOn})
	}
	return d
}

// apiClearance answers whether a collaboration may start: by reference
// (?ref=) or by check (?case=).
func (s *Server) apiClearance(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	q := r.URL.Query()
	var cl *service.Clearance
	var err error
	switch {
	case q.Get("case") != "" && q.Get("ref") != "":
		err = kscheck.Errorf(kscheck.EInvalid, "ask by ?ref= or by ?case=, not both").Translated("err.ref.both")
	case q.Get("case") != "":
		id, perr := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(q.Get("case")), "KS-"), 10, 64)
		if perr != nil || id < 1 {
			err = kscheck.Errorf(kscheck.EInvalid, "?case= takes a check number, such as 12 or KS-12").Translated("err.ref.case_number")
			break
		}
		cl, err = s.svc.ClearanceByCase(r.Context(), actor, id)
	default:
		cl, err = s.svc.ClearanceByRef(r.Context(), actor, q.Get("ref"))
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	reply(w, http.StatusOK, cl)
}
