package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const cleanPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Clean</title></head>
<body>
<a href="#main">Skip to main content</a>
<nav aria-label="Main"><a href="/a">Checks</a> <a href="/b"><img src="/i.png" alt="Inbox"></a></nav>
<main id="main">
<h1>A clean page</h1>
<img src="/decorative.png" alt="">
<form>
<label for="title">Title</label><input id="title" name="title">
<label>Notes <textarea name="notes"></textarea></label>
<span id="k-label">Kind</span><select name="kind" aria-labelledby="k-label"><option>a</option></select>
<fieldset><legend>Answer</legend>
<input type="radio" id="yes" name="a" value="yes"><label for="yes">Yes</label>
<input type="radio" id="no" name="a" value="no"><label for="no">No</label></fieldset>
<input type="hidden" name="token" value="x">
<input type="submit" value="Save">
<button type="button" aria-label="Close"><svg aria-hidden="true" width="8" height="8"></svg></button>
</form>
</main>
</body></html>`

const brokenPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title> </title></head>
<body>
<div id="dup">one</div><div id="dup">two</div>
<form>
<input id="nolabel" name="q">
<label for="elsewhere">Orphan label</label><select name="s"><option>a</option></select>
<textarea name="t" placeholder="Placeholder is not a label"></textarea>
<button type="submit"></button>
<a href="/x"><img src="/logo.png"></a>
<a href="/y" tabindex="3">Jump</a>
</form>
</body></html>`

// trapPage keeps focus on its second field: Tab is swallowed there.
const trapPage = `<!DOCTYPE html>
<html lang="en"><head><title>Trap</title></head><body><main>
<label for="a">A</label><input id="a">
<label for="b">B</label><input id="b">
<label for="c">C</label><input id="c">
<script>
document.getElementById("b").addEventListener("keydown", e => { if (e.key === "Tab") e.preventDefault(); });
</script>
</main></body></html>`

// cyclePage sends focus from the second field back to the first: a trap
// among two of four tab stops.
const cyclePage = `<!DOCTYPE html>
<html lang="en"><head><title>Cycle</title></head><body><main>
<label for="a">A</label><input id="a">
<label for="b">B</label><input id="b">
<label for="c">C</label><input id="c">
<a href="/d">D</a>
<script>
document.getElementById("b").addEventListener("keydown", e => {
  if (e.key === "Tab") { e.preventDefault(); document.getElementById("a").focus(); }
});
</script>
</main></body></html>`

func server(t *testing.T) *httptest.Server {
	pages := map[string]string{"/clean": cleanPage, "/broken": brokenPage, "/trap": trapPage, "/cycle": cyclePage}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(p))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAuditFindsNothingOnACleanPage(t *testing.T) {
	ctx := New(t)
	srv := server(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/clean")); err != nil {
		t.Fatal(err)
	}
	problems, err := Audit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("clean page reported problems:\n%s", strings.Join(problems, "\n"))
	}
	if err := KeyboardTrap(ctx, 30); err != nil {
		t.Errorf("clean page: %v", err)
	}
	path := Screenshot(t, ctx, "clean")
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(png), "\x89PNG\r\n\x1a\n") {
		t.Errorf("%s is not a PNG", path)
	}
}

func TestAuditReportsEachProblem(t *testing.T) {
	ctx := New(t)
	srv := server(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/broken")); err != nil {
		t.Fatal(err)
	}
	problems, err := Audit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`<html> has no lang attribute`,
		`the page has no <main> landmark`,
		`<input id="nolabel" name="q">: form control without an accessible label`,
		`<select name="s">: form control without an accessible label`,
		`<textarea name="t">: form control without an accessible label`,
		`<img src="/logo.png">: image without alt attribute`,
		`<button type="submit">: button without an accessible name`,
		`<a href="/x">: link without an accessible name`,
		`<a href="/y">: positive tabindex 3 changes the tab order`,
		`id "dup" is used 2 times`,
		`the page has no <title>`,
		`<label for="elsewhere">: points to no form control`,
	}
	for _, w := range want {
		if !slices.Contains(problems, w) {
			t.Errorf("audit did not report %q", w)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("audit reported %d problems, want %d:\n%s", len(problems), len(want), strings.Join(problems, "\n"))
	}
}

func TestKeyboardTrap(t *testing.T) {
	ctx := New(t)
	srv := server(t)
	for _, c := range []struct{ path, want string }{
		{"/trap", "focus stays on input#b"},
		{"/cycle", "focus cycles back to input#a"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+c.path)); err != nil {
			t.Fatal(err)
		}
		err := KeyboardTrap(ctx, 20)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: KeyboardTrap = %v, want an error with %q", c.path, err, c.want)
		}
	}
}
