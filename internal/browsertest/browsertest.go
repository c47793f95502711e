// Package browsertest is the harness for tests that drive a real browser
// (Debian's Chromium through chromedp): it starts a fresh, isolated,
// headless browser per test, saves screenshots for people to look at, and
// checks pages for the accessibility problems a machine can find and for
// keyboard traps.
//
// Tests skip with a printed reason where /usr/bin/chromium is missing, so a
// developer without it still runs everything else; CI sets
// KSCHECK_TEST_REQUIRE_BROWSER=1 so that a missing browser fails instead of
// silently skipping.
package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// ExecPath is the browser the harness drives: Debian's chromium package.
const ExecPath = "/usr/bin/chromium"

// Timeout bounds a whole browser test, so that a hung browser fails the
// test instead of the test binary's deadline. It is generous because the
// journeys sign in many people (argon2id), slow under the race detector.
const Timeout = 5 * time.Minute

// New starts a headless Chromium with a fresh profile in a temporary
// directory and returns a context for chromedp actions. The browser is
// closed when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(ExecPath); err != nil {
		reason := fmt.Sprintf("browser tests need Debian's Chromium at %s (apt-get install -y chromium fonts-liberation): %v", ExecPath, err)
		if os.Getenv("KSCHECK_TEST_REQUIRE_BROWSER") == "1" {
			t.Fatal(reason + "; KSCHECK_TEST_REQUIRE_BROWSER=1 requires it")
		}
		t.Skip(reason)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(ExecPath),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// Start the browser now, so that a failure to start is reported here.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
		t.Fatalf("starting %s: %v", ExecPath, err)
	}
	t.Cleanup(func() {
		_ = chromedp.Cancel(bctx)
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	return bctx
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ArtifactsDir is where screenshots go: $KSCHECK_ARTIFACTS, or
// testdata/artifacts under the test's package (ignored by git).
func ArtifactsDir() string {
	if d := os.Getenv("KSCHECK_ARTIFACTS"); d != "" {
		return d
	}
	return filepath.Join("testdata", "artifacts")
}

// Screenshot saves a full-page PNG of the current page as
// <ArtifactsDir>/<test name>-<name>.png and returns its path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := ArtifactsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, unsafeName.ReplaceAllString(t.Name()+"-"+name, "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

//go:embed audit.js
var auditJS string

// Audit checks the current page for accessibility problems that a machine
// can find: form controls without an accessible label, labels pointing to
// no control, images without alt, buttons and links without an accessible
// name, a missing lang on <html>, no <title>, no <main>, positive tabindex,
// duplicate ids. It returns one sentence per
// problem, naming the element; none means none of these were found, not
// that the page is accessible.
func Audit(ctx context.Context) ([]string, error) {
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](auditJS))
	if err != nil {
		return nil, fmt.Errorf("running the accessibility audit: %w", err)
	}
	return problems, nil
}

// focusJS describes the focused element, or "" when focus is on the
// document itself (before the first or after the last tab stop).
const focusJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return "";
  let d = e.tagName.toLowerCase();
  if (e.id) d += "#" + e.id;
  if (e.getAttribute("name")) d += "[name=" + e.getAttribute("name") + "]";
  const all = Array.from(document.querySelectorAll(e.tagName));
  return d + " (" + (all.indexOf(e) + 1) + ". " + e.tagName.toLowerCase() + ")";
})()`

// tabbableJS counts the elements that Tab should reach.
const tabbableJS = `Array.from(document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, [tabindex], [contenteditable=""], [contenteditable=true], summary'
)).filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 &&
  getComputedStyle(e).visibility !== "hidden").length`

// KeyboardTrap presses Tab up to maxTabs times from the top of the current
// page and returns an error if focus gets stuck: it stays on one element,
// or it cycles among some elements without ever reaching the others or
// leaving the page. Reaching the end of the page (focus back on the
// document) or wrapping around to the first element after visiting every
// tab stop is fine.
func KeyboardTrap(ctx context.Context, maxTabs int) error {
	want, err := chromedp.Run(ctx, chromedp.Evaluate[int](tabbableJS))
	if err != nil {
		return fmt.Errorf("counting tab stops: %w", err)
	}
	// Start from the document, before the first tab stop.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur && document.activeElement.blur(); window.scrollTo(0, 0)`)); err != nil {
		return fmt.Errorf("resetting focus: %w", err)
	}
	seen := map[string]int{} // element → tab press that first reached it
	prev := ""
	for i := 1; i <= maxTabs; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return fmt.Errorf("pressing Tab: %w", err)
		}
		cur, err := chromedp.Run(ctx, chromedp.Evaluate[string](focusJS))
		if err != nil {
			return fmt.Errorf("reading focus: %w", err)
		}
		switch {
		case cur == "" && i > 1:
			return nil // left the page's last tab stop
		case cur == "":
			continue
		case cur == prev:
			return fmt.Errorf("keyboard trap: focus stays on %s after pressing Tab", cur)
		}
		if _, ok := seen[cur]; ok {
			if len(seen) >= want {
				return nil // wrapped around after visiting every tab stop
			}
			return fmt.Errorf("keyboard trap: focus cycles back to %s after %d of %d tab stops", cur, len(seen), want)
		}
		seen[cur] = i
		prev = cur
	}
	if len(seen) < want {
		return fmt.Errorf("keyboard trap: after %d presses of Tab only %d of %d tab stops were reached", maxTabs, len(seen), want)
	}
	return nil
}

// Media emulates a CSS media type for the page, "print" to check the print
// stylesheet, "" to go back to the screen.
func Media(media string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return chromedp.Void{}, err
	}
}
