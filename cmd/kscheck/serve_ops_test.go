package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
)

// createToken makes a token with `kscheck token create --json` and returns
// its secret and id.
func createToken(t *testing.T, db string, args ...string) (string, float64) {
	t.Helper()
	env, out, errs := testEnv()
	if code := run(context.Background(), env, append([]string{"token", "create", "--db", db, "--json"}, args...)); code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errs)
	}
	var tok map[string]any
	if err := json.Unmarshal(out.Bytes(), &tok); err != nil {
		t.Fatalf("token create --json: %v: %s", err, out)
	}
	secret, _ := tok["token"].(string)
	id, _ := tok["id"].(float64)
	return secret, id
}

func TestTokenCommand(t *testing.T) {
	db := demoDB(t)
	env, out, errs := testEnv()
	if code := run(context.Background(), env, []string{"token", "create", "--db", db, "--for", "admin@demo.kscheck.org", "--name", "grants office", "--scope", "clearance:read", "--days", "30"}); code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`(?m)^ksk_\S{40,}$`).MatchString(out.String()) || !strings.Contains(out.String(), "only time") {
		t.Errorf("token create prints:\n%s", out)
	}
	for args, want := range map[string]string{
		"--for nobody@example.org --name x --scope screen":                    "no account nobody@example.org",
		"--for initiator@demo.kscheck.org --name x --scope everything":        "Unknown scope everything",
		"--for initiator@demo.kscheck.org --name x --scope webhooks:admin":    "only an administrator's token",
		"--for initiator@demo.kscheck.org --name x --scope screen --days 999": "between one hour and one year",
		"--name x --scope screen":                                             "--for is required",
	} {
		env, _, errs := testEnv()
		if code := run(context.Background(), env, append([]string{"token", "create", "--db", db}, strings.Fields(args)...)); code != 2 || !strings.Contains(errs.String(), want) {
			t.Errorf("token create %s: exit %d, %q; want 2 and %q", args, code, errs, want)
		}
	}
	_, id := createToken(t, db, "--for", "initiator@demo.kscheck.org", "--name", "my script", "--scope", "cases:read,screen")

	env, out, _ = testEnv()
	if code := run(context.Background(), env, []string{"token", "list", "--db", db}); code != 0 || !strings.Contains(out.String(), "grants office") || !strings.Contains(out.String(), "cases:read screen") {
		t.Errorf("token list: exit %d:\n%s", code, out)
	}
	env, out, _ = testEnv()
	run(context.Background(), env, []string{"token", "revoke", "--db", db, "--json", "2"})
	if !strings.Contains(out.String(), `"revoked":2`) || id != 2 {
		t.Errorf("token revoke --json: %s", out)
	}
	env, out, _ = testEnv()
	run(context.Background(), env, []string{"token", "list", "--db", db, "--json"})
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	n := 0
	for sc.Scan() {
		var tok map[string]any
		if err := json.Unmarshal(sc.Bytes(), &tok); err != nil {
			t.Fatalf("token list --json line %q: %v", sc.Text(), err)
		}
		if _, leaked := tok["token"]; leaked {
			t.Error("token list shows a secret")
		}
		if tok["id"] == float64(2) && tok["revoked_at"] == nil {
			t.Error("the revoked token is not shown as revoked")
		}
		n++
	}
	if n != 2 {
		t.Errorf("token list --json printed %d tokens, want 2", n)
	}
	env, _, errs = testEnv()
	if code := run(context.Background(), env, []string{"token", "revoke", "--db", db, "2"}); code != 1 || !strings.Contains(errs.String(), "revoked already") {
		t.Errorf("revoking twice: exit %d, %s", code, errs)
	}
}

// TestServeMetricsAndLogs runs serve with a metrics listener and JSON logs:
// metrics are on their own port and not on the public one, every request
// has one access log line with the id sent back in X-Request-Id, and no
// password, API token or session id reaches the log.
func TestServeMetricsAndLogs(t *testing.T) {
	db := demoDB(t)
	token, _ := createToken(t, db, "--for", "auditor@demo.kscheck.org", "--name", "grants office", "--scope", "clearance:read")
	srv := serveInProcess(t, nil, "--db", db, "--insecure-cookies", "--metrics-addr", "127.0.0.1:0", "--log-format", "json")
	m := regexp.MustCompile(`metrics are served at (http://\S+/metrics)`).FindStringSubmatch(srv.out.String())
	if m == nil {
		t.Fatalf("serve does not say where metrics are:\n%s", srv.out.String())
	}
	get := func(c *http.Client, url, bearer string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	eva := signedIn(t, srv.base, "initiator@demo.kscheck.org")
	res, _ := get(eva, srv.base+"/", "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("home page: %d", res.StatusCode)
	}
	res, body := get(http.DefaultClient, srv.base+"/api/v1/clearance?ref=NWO-1", token)
	reqID := res.Header.Get("X-Request-Id")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"not_started"`) || reqID == "" {
		t.Fatalf("clearance: %d %q, request id %q", res.StatusCode, body, reqID)
	}
	if res, _ := get(http.DefaultClient, srv.base+"/metrics", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the public port: %d, want 404", res.StatusCode)
	}
	res, metrics := get(http.DefaultClient, m[1], "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d", res.StatusCode)
	}
	for _, want := range []string{
		`kscheck_http_requests_total{code="200",method="GET",route="GET /api/v1/clearance"} 1`,
		`kscheck_http_request_duration_seconds_bucket{method="GET",route="GET /{$}"`,
		`kscheck_deadlines_at_risk{when="overdue"} 0`,
		`kscheck_outbox_backlog{queue="webhook"} 0`,
		`kscheck_outbox_backlog{queue="mail"}`,
		`kscheck_list_snapshot_age_seconds{list="`,
		`kscheck_screening_duration_seconds_count`,
		`kscheck_metrics_scrape_error 0`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	srv.stop(t)

	logs := srv.errs.String()
	var cookie string
	u, _ := url.Parse(srv.base)
	for _, c := range eva.Jar.Cookies(u) {
		cookie = c.Value
	}
	for what, secret := range map[string]string{"password": demo.Password, "API token": token, "session id": cookie} {
		if secret == "" || strings.Contains(logs, secret) {
			t.Errorf("the %s %q is in the log (or empty)", what, secret)
		}
	}
	found := false
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("a log line is not JSON: %s", sc.Text())
			continue
		}
		if line["msg"] == "request" && line["request_id"] == reqID {
			found = true
			if line["route"] != "GET /api/v1/clearance" || line["status"] != float64(200) || line["person"] == nil || line["path"] != "/api/v1/clearance" {
				t.Errorf("access log line: %v", line)
			}
		}
	}
	if !found {
		t.Errorf("no access log line with request id %s:\n%s", reqID, logs)
	}
}
