package templates

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/web/static"
)

// The sample page, with the real stylesheet, passes the browser audit and
// has no keyboard trap; the skip link is the first tab stop.
func TestSamplePageInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{"en": render(t, b, "en", nil), "nl": render(t, b, "nl", nil)}
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServerFS(static.FS)))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pages[b.Negotiate(r, "")]))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, lang := range []string{"en", "nl"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?lang="+lang)); err != nil {
			t.Fatal(err)
		}
		problems, err := browsertest.Audit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) > 0 {
			t.Errorf("%s: accessibility problems:\n%s", lang, strings.Join(problems, "\n"))
		}
		if err := browsertest.KeyboardTrap(ctx, 60); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
		browsertest.Screenshot(t, ctx, "sample-"+lang)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement && document.activeElement.blur(), document.querySelector(".skip-link").focus(), getComputedStyle(document.querySelector(".skip-link")).left`))
	if err != nil {
		t.Fatal(err)
	}
	if first == "-9999px" {
		t.Error("the skip link stays off-screen when focused")
	}
	// Narrow screens: the page does not scroll sideways.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the page scrolls sideways at 360 px")
	}
	browsertest.Screenshot(t, ctx, "narrow")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	// Print: navigation, language switch, sign-out and form buttons go.
	if err := chromedp.Do(ctx, browsertest.Media("print")); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[".site-nav", ".lang-switch", ".session", ".skip-link", "form button"].map(s => getComputedStyle(document.querySelector(s)).display)`))
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range hidden {
		if d != "none" {
			t.Errorf("print: element %d is shown (display %s)", i, d)
		}
	}
	if err := chromedp.Do(ctx, browsertest.Media("")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".site-nav")).display`))
	if err != nil || shown == "none" {
		t.Errorf("screen: navigation hidden (%v)", err)
	}
	css, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".site-header")).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if css != "rgb(0, 17, 88)" {
		t.Errorf("stylesheet not applied: header background %s", css)
	}
}
