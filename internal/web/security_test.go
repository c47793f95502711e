package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// roundTrip sends one request and returns the answer as it came, without
// following (or even parsing) a redirect.
func roundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}

// TestSignInNeverRedirectsOffSite posts the sign-in form with "next"
// values that browsers would follow to another site, raw and encoded.
func TestSignInNeverRedirectsOffSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		base, _ := url.Parse(ts.URL)
		for _, next := range []string{
			"/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/\r\n/evil.example",
			"//evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
			" //evil.example", "\t//evil.example", "https://evil.example/", "http:evil.example",
			"javascript:alert(1)", "/\x00/evil.example", "/\x7f/evil.example", "evil.example",
			"/%5C%5Cevil.example", "%2F%2Fevil.example", "/..//evil.example",
		} {
			// The body is written by hand, so that a value like
			// "/%09/evil.example" arrives as it would from an attacker's form.
			for _, body := range []string{
				url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {demo.Password}, "next": {next}}.Encode(),
				"email=initiator%40demo.kscheck.org&password=" + url.QueryEscape(demo.Password) + "&next=" + next,
			} {
				req, _ := http.NewRequest("POST", ts.URL+"/signin", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				res, err := roundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					continue // refused outright is safe too
				}
				loc := res.Header.Get("Location")
				// What a browser does with the Location: resolve it
				// against the page, after dropping tabs and newlines
				// and reading backslashes as slashes (WHATWG URL).
				norm := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimLeft(loc, " \x00\x01\x1f"))
				u, err := base.Parse(norm)
				if err != nil || u.Host != base.Host || u.Scheme != base.Scheme || strings.HasPrefix(u.Path, "//") {
					t.Errorf("next=%q redirects to %q (%v), off this site", next, loc, u)
				}
			}
		}
		// A same-site path survives sign-in.
		req, _ := http.NewRequest("POST", ts.URL+"/signin", strings.NewReader(url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {demo.Password}, "next": {"/cases/1?tab=partners#x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := roundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Location"); got != "/cases/1?tab=partners#x" {
			t.Errorf("a same-site next became %q", got)
		}
	})
}

// TestStaticDoesNotList asks for the directory of static files.
func TestStaticDoesNotList(t *testing.T) {
	s := storetestSQLite(t)
	ts, _ := newApp(t, s)
	for _, path := range []string{"/static/", "/static"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 4096)
		n, _ := res.Body.Read(b)
		res.Body.Close()
		if res.StatusCode == http.StatusOK || strings.Contains(string(b[:n]), "style.css") {
			t.Errorf("%s answers %d and lists files: %q", path, res.StatusCode, b[:n])
		}
	}
	if res, err := http.Get(ts.URL + "/static/style.css"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("the stylesheet is no longer served: %v %v", res, err)
	}
}

// storetestSQLite opens a fresh SQLite database, for tests of what does
// not depend on the database.
func storetestSQLite(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
