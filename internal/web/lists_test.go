package web

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// realDPL is a real excerpt of the BIS Denied Persons List (7 entries),
// and the same file cut at a line boundary after 3 entries, as a broken
// download leaves it: it still parses.
func realDPL(t *testing.T) (full, cut []byte) {
	t.Helper()
	full, err := os.ReadFile(filepath.Join("..", "screening", "testdata", "dpl-excerpt.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(full, []byte("\n"))
	return full, bytes.Join(lines[:4], nil)
}

// TestListsPage: an administrator imports a real list file on the lists
// page; the same file cut short is refused with both counts and the
// snapshot in force stays, until "allow a smaller list" is ticked. The
// Desk sees the lists without the form; an initiator does not see them.
func TestListsPage(t *testing.T) {
	full, cut := realDPL(t)
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
		body := admin.page("/admin/lists?lang=en", http.StatusOK, "UN list of ", "BIS Denied Persons List", "the copy shipped with kscheck",
			"kscheck lists update --list eu", `enctype="multipart/form-data"`, "Allow a smaller list",
			`href="/admin/people" aria-current="page">Administration</a>`)
		if n := strings.Count(body, `aria-current="page"`); n != 2 { // the menu, and Lists among the administration pages
			t.Errorf("the lists page marks %d links as the current page, want the Administration menu and Lists", n)
		}
		admin.page("/admin/lists?lang=nl", http.StatusOK, "VN-lijst van ", "Een kleinere lijst toestaan", "Lijstbestand")

		if res, body := admin.upload("/admin/lists?lang=en", "dpl.txt", full, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "The list was imported") {
			t.Fatalf("import of the full file: %d %s", res.StatusCode, body)
		}
		body = admin.page("/admin/lists?lang=en", http.StatusOK)
		if !strings.Contains(rowOf(body, "bis-dpl"), `<td data-label="Entries" class="entries">7</td>`) {
			t.Fatalf("the imported list is not in force: %s", rowOf(body, "bis-dpl"))
		}

		res, body := admin.upload("/admin/lists?lang=en", "dpl.txt", cut, nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "has 3 entries, 4 fewer than the 7 of the active snapshot") || !strings.Contains(body, "error-summary") {
			t.Fatalf("cut file: %d %s", res.StatusCode, body)
		}
		if !strings.Contains(rowOf(body, "bis-dpl"), `class="entries">7</td>`) {
			t.Errorf("the refused import replaced the snapshot in force: %s", rowOf(body, "bis-dpl"))
		}
		if res, body := admin.upload("/admin/lists?lang=nl", "dpl.txt", cut, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "heeft 3 vermeldingen, 4 minder dan de 7") {
			t.Errorf("cut file in Dutch: %d %s", res.StatusCode, body)
		}
		if res, body := admin.upload("/admin/lists?lang=en", "dpl.txt", cut, url.Values{"allow_shrink": {"yes"}}); res.StatusCode != http.StatusOK || !strings.Contains(rowOf(body, "bis-dpl"), `class="entries">3</td>`) {
			t.Errorf("allowed shrink: %d %s", res.StatusCode, rowOf(body, "bis-dpl"))
		}
		if res, body := admin.upload("/admin/lists?lang=en", "notes.txt", []byte("nothing to see\n"), nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "no list file of a known format") {
			t.Errorf("a file of no known format: %d %s", res.StatusCode, body)
		}
		if res, body := admin.postBody("/admin/lists?lang=en", url.Values{"allow_shrink": {"yes"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "choose one or more list files") {
			t.Errorf("a form without files: %d %s", res.StatusCode, body)
		}
		if res, body := admin.upload("/admin/lists?lang=en", "dpl.txt.gz", full, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "upload the file uncompressed") {
			t.Errorf("a compressed file: %d %s", res.StatusCode, body)
		}

		// one byte over the limit, as one file or two: refused before any
		// list is read, and the snapshot in force stays
		over := append(bytes.Repeat([]byte("\n"), service.MaxListUploadBytes-len(full)+1), full...)
		res, body = admin.upload("/admin/lists?lang=en", "dpl.txt", over, nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "the files are larger than 64 MB together") ||
			!strings.Contains(rowOf(body, "bis-dpl"), `class="entries">3</td>`) {
			t.Errorf("an upload over 64 MB: %d %s", res.StatusCode, rowOf(body, "bis-dpl"))
		}
		if res, body := admin.uploadFiles("/admin/lists?lang=nl", map[string][]byte{"dpl.txt": full, "sdn.csv": over[:service.MaxListUploadBytes-len(full)+1]}, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "groter dan 64 MB") {
			t.Errorf("two files over 64 MB together: %d %s", res.StatusCode, body)
		}

		desk := signIn(t, ts.URL, "desk@demo.kscheck.org")
		if body := desk.page("/admin/lists?lang=en", http.StatusOK, "BIS Denied Persons List", "To fix, an administrator runs:"); strings.Contains(body, "multipart/form-data") {
			t.Error("the Desk is offered the import form")
		}
		if res, _ := desk.upload("/admin/lists", "dpl.txt", full, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("the Desk imported: %d", res.StatusCode)
		}
		signIn(t, ts.URL, "initiator@demo.kscheck.org").page("/admin/lists", http.StatusForbidden)
		signIn(t, ts.URL, "auditor@demo.kscheck.org").page("/audit?lang=en&action=lists.import", http.StatusOK, "List snapshot imported", "Femke de Graaf")
	})
}

// rowOf returns the table row of a list on the lists page.
func rowOf(body, list string) string {
	_, row, _ := strings.Cut(body, `<tr id="list-`+list+`">`)
	row, _, _ = strings.Cut(row, "</tr>")
	return row
}

// TestBrowserListsShrinkRefused: in Chromium, an administrator goes from
// the Administration menu to the lists page, imports a real list file,
// then the same file cut short: the page refuses it in its error summary,
// naming both counts, and the snapshot in force stays. Every page passes
// the accessibility audit, in English and Dutch.
func TestBrowserListsShrinkRefused(t *testing.T) {
	full, cut := realDPL(t)
	dir := t.TempDir()
	fullPath, cutPath := filepath.Join(dir, "dpl.txt"), filepath.Join(dir, "cut", "dpl.txt")
	os.MkdirAll(filepath.Dir(cutPath), 0o755)
	if err := os.WriteFile(fullPath, full, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cutPath, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	ts, _ := newApp(t, storetestOpen(t))
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.signIn("admin@demo.kscheck.org")
	b.open("/admin/people?lang=en", "lists-admin-menu")
	b.submit(`nav.sub-nav a[href="/admin/lists"]`)
	b.expectState("lists-page")
	if got := b.text("#list-un .snapshot"); !strings.HasPrefix(got, "UN list of ") {
		t.Errorf("the UN snapshot is named %q", got)
	}
	upload := func(path string, allow bool) {
		b.t.Helper()
		b.run("choose "+path, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
		if allow {
			b.run("allow a smaller list", chromedp.Click(chromedp.CSS("#allow_shrink")))
		}
		b.submit(`form[action="/admin/lists"] button[type=submit]`)
	}
	upload(fullPath, false)
	b.expectState("lists-imported")
	if got := b.text("#list-bis-dpl .entries"); got != "7" {
		t.Fatalf("entries after the import: %q", got)
	}
	upload(cutPath, false)
	b.expectErrors("lists-shrink-refused", "has 3 entries, 4 fewer than the 7 of the active snapshot")
	if got := b.text("#list-bis-dpl .entries"); got != "7" {
		t.Errorf("the refused import replaced the snapshot in force: %q entries", got)
	}
	b.open("/admin/lists?lang=nl", "lists-page-nl")
	upload(cutPath, false)
	b.expectErrors("lists-shrink-refused-nl", "heeft 3 vermeldingen, 4 minder dan de 7")
	upload(cutPath, true)
	b.expectState("lists-shrink-allowed")
	if got := b.text("#list-bis-dpl .entries"); got != "3" {
		t.Errorf("entries after allowing the smaller list: %q", got)
	}
}
