package web

import (
	"bytes"
	"html"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// upload posts a file as multipart form data, with the Origin header the
// cross-origin protection expects, and returns the final answer.
func (c *client) upload(path, filename string, content []byte, fields url.Values) (*http.Response, string) {
	c.t.Helper()
	return c.uploadFiles(path, map[string][]byte{filename: content}, fields)
}

// uploadFiles posts several files in the field "file", in name order.
func (c *client) uploadFiles(path string, files map[string][]byte, fields url.Values) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(files[name])
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.base)
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// untranslated finds i18n keys shown as they are: a missing translation.
var untranslated = regexp.MustCompile(`\b(procedure|flash|event)\.[a-z_.]+\b`)

func assertPage(t *testing.T, name, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", name, w)
		}
	}
	if m := untranslated.FindString(body); m != "" {
		t.Errorf("%s shows the untranslated key %q", name, m)
	}
}

func TestProcedureAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")

		res, body := admin.get("/admin/procedures")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("admin page: %d", res.StatusCode)
		}
		assertPage(t, "admin page", body, "Procedure versions", "university@2025.1", "Shipped with kscheck",
			`enctype="multipart/form-data"`, `<label for="file">`)

		// Others are refused by the service, whatever they send.
		if res, _ := eva.get("/admin/procedures"); res.StatusCode != http.StatusForbidden {
			t.Errorf("an initiator got the admin page: %d", res.StatusCode)
		}
		good := proceduretest.University(t, "2026.1", "2026-01-01")
		if res, _ := eva.upload("/admin/procedures", "u.yaml", good, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("an initiator uploaded: %d", res.StatusCode)
		}
		if res := eva.post("/admin/procedures/university@2026.1/activate", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("an initiator activated: %d", res.StatusCode)
		}

		// A refused file lists every problem at its place, and nothing is stored.
		bad := bytes.Replace(good, []byte("start: "), []byte("start: nowhere_"), 1)
		bad = bytes.Replace(bad, []byte("deadline_weeks: 4"), []byte("deadline_weeks: 0"), 1)
		res, body = admin.upload("/admin/procedures", "bad.yaml", bad, nil)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a broken file: %d", res.StatusCode)
		}
		assertPage(t, "refused upload", body, "The file was refused: 2 problems", `<a href="#file">bad.yaml:`, `aria-invalid="true"`)
		if strings.Count(body, `<a href="#file">bad.yaml:`) != 2 {
			t.Errorf("want both problems listed as file:line:column")
		}
		res, body = admin.upload("/admin/procedures", "big.yaml", bytes.Repeat([]byte("#"), service.MaxProcedureBytes+1), nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at most 256 KB") {
			t.Errorf("a too large file: %d", res.StatusCode)
		}

		res, body = admin.upload("/admin/procedures", "university-2026.yaml", good, nil)
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/admin/procedures" {
			t.Fatalf("upload: %d at %s", res.StatusCode, res.Request.URL)
		}
		assertPage(t, "after upload", body, "The version was checked and stored", "Uploaded, not active", `action="/admin/procedures/university@2026.1/activate"`)
		res, body = admin.upload("/admin/procedures", "again.yaml", good, nil)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "never changes") {
			t.Errorf("the same version again: %d", res.StatusCode)
		}
		// Before activation the administrator can read it; nobody else sees it.
		res, body = admin.get("/procedures/university@2026.1")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("an administrator's preview: %d", res.StatusCode)
		}
		assertPage(t, "preview", body, "uploaded but not active", `<img src="/procedures/university@2026.1/diagram.svg"`)
		if res, _ := admin.get("/procedures/university@2026.1/diagram.svg"); res.StatusCode != http.StatusOK {
			t.Errorf("an administrator's preview diagram: %d", res.StatusCode)
		}
		if res, _ := eva.get("/procedures/university@2026.1"); res.StatusCode != http.StatusNotFound {
			t.Errorf("an initiator saw an upload that is not active: %d", res.StatusCode)
		}
		if res := admin.post("/admin/procedures/university@2026.1/activate", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("activate: %d", res.StatusCode)
		}
		_, body = admin.get("/admin/procedures")
		assertPage(t, "after activation", body, `<a href="/procedures/university@2026.1">university@2026.1</a>`, "Activated by Femke de Graaf")

		// Everyone signed in sees the flowchart, in English and Dutch.
		res, body = eva.get("/procedures/university@2026.1")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("procedure page: %d", res.StatusCode)
		}
		assertPage(t, "procedure page", body, `<img src="/procedures/university@2026.1/diagram.svg" alt="Flowchart of`,
			"The questions, step by step", "Is the partner", `href="/procedures">Procedures</a>`)
		if strings.Contains(body, "Manage procedure versions") {
			t.Error("an initiator is offered the administration")
		}
		_, body = eva.get("/procedures/university?lang=nl")
		assertPage(t, "Dutch procedure page", body, "De vragen, stap voor stap", `lang="nl"`)
		res, svg := eva.get("/procedures/university@2026.1/diagram.svg")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(svg, "<svg") {
			t.Errorf("diagram: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if res, _ := eva.get("/procedures/nonesuch"); res.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown procedure: %d", res.StatusCode)
		}
		_, body = eva.get("/procedures?lang=en")
		assertPage(t, "procedures list", body, "university@2026.1", "fossil-fuel@")

		if res := eva.post("/admin/procedures/university@2026.1/retire", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("an initiator retired a version: %d", res.StatusCode)
		}
		_, body = admin.get("/admin/procedures")
		assertPage(t, "retire confirmation", body, `<summary>Retire<span class="visually-hidden"> university@2026.1</span></summary>`, "no check uses it now")
		if res := admin.post("/admin/procedures/university@2026.1/retire", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("retire: %d", res.StatusCode)
		}
		_, body = eva.get("/procedures/university@2026.1")
		assertPage(t, "retired version", body, "This version is retired")
		res, body = admin.upload("/admin/procedures/university@2026.1/activate", "", nil, nil)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "is retired already") {
			t.Errorf("activating a retired version: %d", res.StatusCode)
		}
	})
}

// TestRefusedProcedureInTheReadersLanguage: the problems of a refused file
// are listed at their place in the file, in the page's language.
func TestRefusedProcedureInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
		good := proceduretest.University(t, "2026.1", "2026-01-01")
		bad := bytes.Replace(good, []byte("  nl: Kennisveiligheidscheck (universitaire procedure)\n"), nil, 1)
		bad = bytes.Replace(bad, []byte("start: "), []byte("start: nowhere_"), 1)
		refused := func(lang string) string {
			t.Helper()
			res, body := admin.upload("/admin/procedures?lang="+lang, "bad.yaml", bad, nil)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s: a broken file: %d", lang, res.StatusCode)
			}
			return html.UnescapeString(body)
		}
		english := []string{
			"bad.yaml:12:1: the title has no Dutch text (`nl:`)",
			`bad.yaml:47:1: "nowhere_kind" is not a question of the flowchart; check the id (supplementary questions cannot be jumped to)`,
		}
		assertPage(t, "English refusal", refused("en"), append(english, "The file was refused: 2 problems")...)
		dutch := refused("nl")
		assertPage(t, "Dutch refusal", dutch, "Het bestand is geweigerd: 2 problemen",
			"bad.yaml:12:1: de titel ontbreekt in het Nederlands (`nl:`)",
			`bad.yaml:47:1: "nowhere_kind" is geen vraag van het stroomschema; controleer de id (naar een vraag van de aanvullende vragenlijst kan niet worden gesprongen)`)
		for _, e := range english {
			if strings.Contains(dutch, e) {
				t.Errorf("the Dutch page says %q", e)
			}
		}
	})
}

func TestCaseShowsItsPathThroughTheFlowchart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		res := eva.post("/cases/new", url.Values{"title": {"Sensors"}, "kind": {"research_collaboration"}, "unit": {"liacs"}})
		casePath := strings.TrimSuffix(res.Request.URL.Path, "/partners/new") // starting leads on to the partners
		_, body := eva.get(casePath)
		assertPage(t, "case page", body, "Path through the flowchart", `<img src="`+casePath+`/diagram.svg"`, `href="/procedures/university@2025.1">View the flowchart</a>`)
		res, svg := eva.get(casePath + "/diagram.svg")
		if res.StatusCode != http.StatusOK || !strings.Contains(svg, "In blue, the path of the answers") {
			t.Errorf("case diagram: %d", res.StatusCode)
		}
		other := signIn(t, ts.URL, "initiator2@demo.kscheck.org")
		if res, _ := other.get(casePath + "/diagram.svg"); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
			t.Errorf("someone without need to know got the case's diagram: %d", res.StatusCode)
		}
	})
}
