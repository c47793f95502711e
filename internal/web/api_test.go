package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
	"github.com/kscheck/kscheck/internal/web/apidoc"
	"github.com/kscheck/kscheck/internal/webhook"
)

// decidedCase takes a submitted check through intake, the Desk's two
// reviews and the Committee's verdict.
func decidedCase(t *testing.T, svc *service.Service, title string, v kscheck.Verdict, measures ...service.MeasureInput) *kscheck.Case {
	t.Helper()
	ctx := context.Background()
	c := submittedCase(t, svc, title)
	desk, desk2, chair := actorFor(t, svc, "desk@demo.kscheck.org"), actorFor(t, svc, "desk2@demo.kscheck.org"), actorFor(t, svc, "chair@demo.kscheck.org")
	c, err := svc.AcceptIntake(ctx, desk, c.ID, c.Version, service.IntakeChecklist)
	if err != nil {
		t.Fatal(err)
	}
	view, err := svc.Case(ctx, desk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range view.Hits {
		if err := svc.ResolveHit(ctx, desk, c.ID, caseVersion(t, svc, c.ID), h.ID, true, "Same organisation."); err != nil {
			t.Fatal(err)
		}
	}
	c = storedCase(t, svc, c.ID)
	for _, step := range []struct {
		who kscheck.Actor
		act kscheck.Action
		in  service.ActInput
	}{
		{desk, kscheck.ActFirstReview, service.ActInput{}},
		{desk2, kscheck.ActSecondReview, service.ActInput{}},
		{chair, kscheck.ActVerdict, service.ActInput{Verdict: v, Text: "Decided.", Measures: measures, Confirmed: true}},
	} {
		if c, err = svc.Act(ctx, step.who, c.ID, c.Version, step.act, step.in); err != nil {
			t.Fatalf("%s: %v", step.act, err)
		}
	}
	return c
}

// tokenFor makes an API token of the demo person email with scopes.
func tokenFor(t *testing.T, svc *service.Service, email string, scopes ...kscheck.Scope) string {
	t.Helper()
	secret, _, err := svc.CreateToken(context.Background(), actorFor(t, svc, email), service.NewToken{Name: "test " + email, Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// apiCall is one call of the route-by-route test.
type apiCall struct {
	method, path, token, body string
	status                    int
}

func (c apiCall) do(t *testing.T, base string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// openAPI is the part of the document the test reads.
type openAPI struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Responses map[string]json.RawMessage `json:"responses"`
		Schemas   map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	OperationID string                     `json:"operationId"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type response struct {
	Ref     string `json:"$ref"`
	Content map[string]struct {
		Schema json.RawMessage `json:"schema"`
	} `json:"content"`
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(apidoc.OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return &doc
}

// response resolves a response object of the document.
func (d *openAPI) response(t *testing.T, raw json.RawMessage) response {
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if r.Ref != "" {
		name := strings.TrimPrefix(r.Ref, "#/components/responses/")
		ref, ok := d.Components.Responses[name]
		if !ok {
			t.Fatalf("unresolved %s", r.Ref)
		}
		return d.response(t, ref)
	}
	return r
}

// conforms checks v against schema: the subset of JSON Schema the
// document uses ($ref, allOf, type, required, properties,
// additionalProperties, items, enum). It returns what does not conform.
func (d *openAPI) conforms(schema json.RawMessage, v any, at string) []string {
	var s struct {
		Ref                  string                     `json:"$ref"`
		AllOf                []json.RawMessage          `json:"allOf"`
		Type                 string                     `json:"type"`
		Required             []string                   `json:"required"`
		Properties           map[string]json.RawMessage `json:"properties"`
		AdditionalProperties json.RawMessage            `json:"additionalProperties"`
		Items                json.RawMessage            `json:"items"`
		Enum                 []any                      `json:"enum"`
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		return []string{at + ": bad schema: " + err.Error()}
	}
	if s.Ref != "" {
		ref, ok := d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		if !ok {
			return []string{at + ": unresolved " + s.Ref}
		}
		return d.conforms(ref, v, at)
	}
	var bad []string
	for _, sub := range s.AllOf {
		bad = append(bad, d.conforms(sub, v, at)...)
	}
	if s.Enum != nil && !slices.Contains(s.Enum, v) {
		bad = append(bad, fmt.Sprintf("%s: %v is not one of %v", at, v, s.Enum))
	}
	switch s.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return append(bad, fmt.Sprintf("%s: %T, want an object", at, v))
		}
		for _, r := range s.Required {
			if _, ok := obj[r]; !ok {
				bad = append(bad, at+": lacks "+r)
			}
		}
		for k, val := range obj {
			if ps, ok := s.Properties[k]; ok {
				bad = append(bad, d.conforms(ps, val, at+"."+k)...)
			} else if s.AdditionalProperties != nil {
				bad = append(bad, d.conforms(s.AdditionalProperties, val, at+"."+k)...)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return append(bad, fmt.Sprintf("%s: %T, want an array", at, v))
		}
		for i, x := range arr {
			bad = append(bad, d.conforms(s.Items, x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			bad = append(bad, fmt.Sprintf("%s: %T, want a string", at, v))
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			bad = append(bad, fmt.Sprintf("%s: %v, want an integer", at, v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad = append(bad, fmt.Sprintf("%s: %T, want a boolean", at, v))
		}
	}
	return bad
}

// pathParam turns a concrete path into its pattern in the document.
var pathParam = regexp.MustCompile(`/\d+(/|$)`)

// TestAPIMatchesItsDescription calls every route the OpenAPI document
// describes, for every answer it describes, and checks the status and the
// body's shape against the document. It fails when a route exists without
// a description, a description without a route, or a described answer
// without a call that produces it.
func TestAPIMatchesItsDescription(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi is %q, want 3.1.0", doc.OpenAPI)
	}
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		srv, err := New(svc, Config{})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		admin := actorFor(t, svc, "admin@demo.kscheck.org")

		// Every route is described, and every description is a route.
		described := map[string]bool{}
		for path, ops := range doc.Paths {
			for method := range ops {
				described[strings.ToUpper(method)+" "+path] = true
			}
		}
		routes := map[string]bool{}
		for _, rt := range srv.apiRoutes() {
			routes[rt.pattern] = true
			if !described[rt.pattern] {
				t.Errorf("route %s is not described in openapi.json", rt.pattern)
			}
		}
		for d := range described {
			if !routes[d] {
				t.Errorf("openapi.json describes %s, which is no route", d)
			}
		}

		if _, err := svc.RegisterWebhook(ctx, admin, "https://grants.example.org/hook", []webhook.Event{webhook.VerdictRecorded}); err != nil {
			t.Fatal(err)
		}
		due := time.Now().AddDate(0, 3, 0)
		c := decidedCase(t, svc, "Sensors with Harbin", kscheck.VerdictWithMitigation, service.MeasureInput{Text: "No pre-publication sharing.", DueOn: &due})
		eva := actorFor(t, svc, "initiator@demo.kscheck.org")
		if _, err := svc.SetCaseRefs(ctx, eva, c.ID, caseVersion(t, svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: "NWO-2025-001"}); err != nil {
			t.Fatal(err)
		}
		all := tokenFor(t, svc, "initiator@demo.kscheck.org", kscheck.ScopeCasesRead, kscheck.ScopeClearanceRead, kscheck.ScopeScreen)
		other := tokenFor(t, svc, "initiator2@demo.kscheck.org", kscheck.ScopeCasesRead, kscheck.ScopeClearanceRead)
		screenOnly := tokenFor(t, svc, "initiator@demo.kscheck.org", kscheck.ScopeScreen)
		adminTok := tokenFor(t, svc, "admin@demo.kscheck.org", kscheck.ScopeWebhooksAdmin)
		revoked, tok, err := svc.CreateToken(ctx, eva, service.NewToken{Name: "old", Scopes: []kscheck.Scope{kscheck.ScopeCasesRead}})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeToken(ctx, eva, tok.ID); err != nil {
			t.Fatal(err)
		}
		ds, err := svc.WebhookDeliveries(ctx, admin, 10)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries after the verdict: %d, %v; want 1", len(ds), err)
		}
		id := strconv.FormatInt(c.ID, 10)
		delivery := strconv.FormatInt(ds[0].ID, 10)

		calls := []apiCall{
			{"GET", "/api/v1/openapi.json", "", "", 200},
			{"GET", "/api/v1/clearance?ref=NWO-2025-001", all, "", 200},
			{"GET", "/api/v1/clearance?ref=NWO-2025-001", "", "", 401},
			{"GET", "/api/v1/clearance?ref=NWO-2025-001", screenOnly, "", 403},
			{"GET", "/api/v1/clearance?case=" + id, other, "", 404},
			{"GET", "/api/v1/clearance?ref=", all, "", 422},
			{"GET", "/api/v1/cases?status=decided&unit=liacs&changed_since=2020-01-01", all, "", 200},
			{"GET", "/api/v1/cases", "ksk_not-a-token", "", 401},
			{"GET", "/api/v1/cases", screenOnly, "", 403},
			{"GET", "/api/v1/cases?status=finished", all, "", 422},
			{"GET", "/api/v1/cases/" + id, all, "", 200},
			{"GET", "/api/v1/cases/" + id, revoked, "", 401},
			{"GET", "/api/v1/cases/" + id, screenOnly, "", 403},
			{"GET", "/api/v1/cases/" + id, other, "", 404},
			{"GET", "/api/v1/screen?name=" + url.QueryEscape("Harbin Institute of Technology") + "&country=CN", screenOnly, "", 200},
			{"GET", "/api/v1/screen?name=", screenOnly, "", 422},
			{"GET", "/api/v1/screen?name=x", "", "", 401},
			{"GET", "/api/v1/screen?name=x", other, "", 403},
			{"GET", "/api/v1/webhooks", adminTok, "", 200},
			{"GET", "/api/v1/webhooks", "", "", 401},
			{"GET", "/api/v1/webhooks", all, "", 403},
			{"POST", "/api/v1/webhooks", adminTok, `{"url": "https://contracts.example.org/kscheck", "events": ["check.submitted", "screening.alert"]}`, 201},
			{"POST", "/api/v1/webhooks", "", `{}`, 401},
			{"POST", "/api/v1/webhooks", all, `{"url": "https://x.example.org/", "events": ["check.submitted"]}`, 403},
			{"POST", "/api/v1/webhooks", adminTok, `{"url": "https://grants.example.org/hook", "events": ["verdict.recorded"]}`, 409},
			{"POST", "/api/v1/webhooks", adminTok, `{"url": "ftp://x", "events": ["everything"]}`, 422},
			{"GET", "/api/v1/webhooks/deliveries", adminTok, "", 200},
			{"GET", "/api/v1/webhooks/deliveries", "", "", 401},
			{"GET", "/api/v1/webhooks/deliveries", all, "", 403},
			{"POST", "/api/v1/webhooks/deliveries/" + delivery + "/resend", adminTok, "", 202},
			{"POST", "/api/v1/webhooks/deliveries/" + delivery + "/resend", "", "", 401},
			{"POST", "/api/v1/webhooks/deliveries/" + delivery + "/resend", all, "", 403},
			{"POST", "/api/v1/webhooks/deliveries/99999/resend", adminTok, "", 404},
			{"DELETE", "/api/v1/webhooks/2", "", "", 401},
			{"DELETE", "/api/v1/webhooks/2", all, "", 403},
			{"DELETE", "/api/v1/webhooks/99999", adminTok, "", 404},
			{"DELETE", "/api/v1/webhooks/2", adminTok, "", 204},
		}
		covered := map[string]bool{}
		for _, call := range calls {
			res, body := call.do(t, ts.URL)
			path, _, _ := strings.Cut(call.path, "?")
			pattern := pathParam.ReplaceAllString(path, "/{id}$1")
			what := fmt.Sprintf("%s %s", call.method, call.path)
			if res.StatusCode != call.status {
				t.Errorf("%s: status %d, want %d: %s", what, res.StatusCode, call.status, body)
				continue
			}
			raw, ok := doc.Paths[pattern][strings.ToLower(call.method)]
			if !ok {
				t.Errorf("%s: %s is not described", what, pattern)
				continue
			}
			var op operation
			json.Unmarshal(raw, &op)
			rr, ok := op.Responses[strconv.Itoa(res.StatusCode)]
			if !ok {
				t.Errorf("%s: answer %d is not described for %s", what, res.StatusCode, op.OperationID)
				continue
			}
			covered[op.OperationID+" "+strconv.Itoa(res.StatusCode)] = true
			resp := doc.response(t, rr)
			if len(resp.Content) == 0 {
				if len(body) != 0 {
					t.Errorf("%s: a body where none is described: %s", what, body)
				}
				continue
			}
			ct, _, _ := strings.Cut(res.Header.Get("Content-Type"), ";")
			media, ok := resp.Content[ct]
			if !ok {
				t.Errorf("%s: Content-Type %q, described: %v", what, ct, resp.Content)
				continue
			}
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Errorf("%s: not JSON: %s", what, body)
				continue
			}
			for _, bad := range doc.conforms(media.Schema, v, "body") {
				t.Errorf("%s: %s", what, bad)
			}
		}
		var missing []string
		for path, ops := range doc.Paths {
			for method, raw := range ops {
				var op operation
				if err := json.Unmarshal(raw, &op); err != nil || op.OperationID == "" {
					t.Errorf("%s %s has no operationId", method, path)
				}
				for status := range op.Responses {
					if !covered[op.OperationID+" "+status] {
						missing = append(missing, op.OperationID+" "+status)
					}
				}
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("described answers no call produced: %v", missing)
		}
	})
}

// TestAPICasePages follows the cursor through the case list: every check
// the token's owner may see, once, and no others.
func TestAPICasePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva := actorFor(t, svc, "initiator@demo.kscheck.org")
		want := map[float64]bool{}
		for i := range 5 {
			c, err := svc.StartCase(t.Context(), eva, service.NewCase{Title: fmt.Sprint("Check ", i), Kind: kscheck.KindOther, UnitCode: "liacs"})
			if err != nil {
				t.Fatal(err)
			}
			want[float64(c.ID)] = true
		}
		other := actorFor(t, svc, "initiator2@demo.kscheck.org")
		if _, err := svc.StartCase(t.Context(), other, service.NewCase{Title: "Not Eva's", Kind: kscheck.KindOther, UnitCode: "lion"}); err != nil {
			t.Fatal(err)
		}
		tok := tokenFor(t, svc, "initiator@demo.kscheck.org", kscheck.ScopeCasesRead)
		seen, pages := map[float64]bool{}, 0
		for path := "/api/v1/cases?limit=2"; path != ""; pages++ {
			res, body := apiCall{"GET", path, tok, "", 200}.do(t, ts.URL)
			var page struct {
				Cases []struct {
					ID float64 `json:"id"`
				} `json:"cases"`
				Next string `json:"next"`
			}
			if err := json.Unmarshal(body, &page); err != nil || res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", path, res.StatusCode, body)
			}
			for _, c := range page.Cases {
				if seen[c.ID] || !want[c.ID] {
					t.Errorf("case %v listed twice or not Eva's", c.ID)
				}
				seen[c.ID] = true
			}
			path = ""
			if page.Next != "" {
				path = "/api/v1/cases?limit=2&cursor=" + url.QueryEscape(page.Next)
			}
		}
		if len(seen) != 5 || pages != 3 {
			t.Errorf("%d checks in %d pages, want 5 in 3", len(seen), pages)
		}
		if res, _ := (apiCall{"GET", "/api/v1/cases?cursor=bm9wZQ", tok, "", 422}).do(t, ts.URL); res.StatusCode != 422 {
			t.Errorf("a forged cursor: %d, want 422", res.StatusCode)
		}
	})
}
