package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminCommands sets up an organisation from the command line and
// checks that bad input is refused with a sentence that says what is wrong,
// leaving nothing half-written.
func TestAdminCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	ok := func(stdin string, args ...string) string {
		t.Helper()
		env, out, errs := testEnv()
		env.Stdin = strings.NewReader(stdin)
		if code := run(context.Background(), env, append(args, "--db", db)); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return out.String()
	}
	ok("", "unit", "add", "--code", "leiden", "--name", "Leiden University", "--level", "university")
	ok("", "unit", "add", "--code", "lion", "--name", "Leiden Institute of Physics", "--level", "institute", "--parent", "leiden")
	ok("a long passphrase\n", "user", "add", "--email", "R.Searcher@Example.org", "--name", "R. Searcher", "--unit", "lion", "--role", "initiator@lion", "--password-stdin")
	if out := ok("", "user", "list", "--json"); !strings.Contains(out, `"email":"r.searcher@example.org"`) || !strings.Contains(out, `"initiator@lion"`) {
		t.Errorf("user list: %s", out)
	}

	bad := []struct {
		stdin string
		args  []string
		code  int
		say   string
	}{
		{"", []string{"unit", "add", "--code", "x", "--name", "X", "--level", "department", "--parent", "leiden"}, 2, "unknown unit level"},
		{"", []string{"unit", "add", "--code", "y", "--name", "Y", "--level", "faculty", "--parent", "atlantis"}, 1, `no unit with code "atlantis"`},
		{"", []string{"unit", "add", "--code", "leiden", "--name", "Again", "--level", "university"}, 1, "exists already"},
		{"", []string{"user", "add", "--name", "N", "--unit", "lion"}, 2, "--email, --name and --unit are required"},
		{"", []string{"user", "add", "--email", "a@b.nl", "--name", "N", "--unit", "lion", "--role", "boss@lion"}, 2, `unknown role "boss"`},
		{"", []string{"user", "add", "--email", "a@b.nl", "--name", "N", "--unit", "lion", "--role", "initiator"}, 2, "not of the form role@unit"},
		{"", []string{"user", "add", "--email", "not-an-address", "--name", "N", "--unit", "lion"}, 2, "is not an e-mail address"},
		{"short\n", []string{"user", "add", "--email", "b@b.nl", "--name", "N", "--unit", "lion", "--password-stdin"}, 2, "too short"},
		{"a long passphrase\n", []string{"user", "add", "--email", "r.searcher@example.org", "--name", "Twin", "--unit", "lion", "--password-stdin"}, 1, "exists already"},
		{"", []string{"user", "add", "--email", "c@b.nl", "--name", "N", "--unit", "lion", "--role", "director@nowhere"}, 1, `no unit with code "nowhere"`},
		{"", []string{"seed", "--cases", "-5"}, 2, "between 0 and"},
		{"", []string{"audit"}, 2, "Usage: kscheck audit verify"},
		{"", []string{"user", "remove"}, 2, "Usage: kscheck user add"},
		{"", []string{"nonsense"}, 2, "unknown command"},
	}
	for _, b := range bad {
		env, out, errs := testEnv()
		env.Stdin = strings.NewReader(b.stdin)
		args := b.args
		if args[0] != "nonsense" && !(args[0] == "audit" && len(args) == 1) && !(args[0] == "user" && args[1] == "remove") {
			args = append(args, "--db", db)
		}
		code := run(context.Background(), env, args)
		if code != b.code || !strings.Contains(out.String()+errs.String(), b.say) {
			t.Errorf("%v: exit %d, %q; want exit %d saying %q", b.args, code, out.String()+errs.String(), b.code, b.say)
		}
	}
	// A failed user add left no person and no role behind.
	if out := ok("", "user", "list"); strings.Contains(out, "c@b.nl") || strings.Contains(out, "Twin") {
		t.Errorf("a refused user was stored: %s", out)
	}
}

func TestUnreachablePostgres(t *testing.T) {
	env, _, errs := testEnv()
	code := run(context.Background(), env, []string{"migrate", "--database-url", "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
	if code == 0 || !strings.Contains(errs.String(), "cannot reach the database") || strings.Contains(errs.String(), "secret") {
		t.Errorf("unreachable PostgreSQL: exit %d, %q (must say so, and never show the password)", code, errs)
	}
}

// TestOffboardingCommands deactivates a person, changes their roles and
// resets their password from the command line, readable and as JSON, and
// refuses bad input with a sentence that says what is wrong.
func TestOffboardingCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	cmd := func(stdin string, args ...string) (int, string) {
		t.Helper()
		env, out, errs := testEnv()
		env.Stdin = strings.NewReader(stdin)
		code := run(context.Background(), env, append(args, "--db", db))
		return code, out.String() + errs.String()
	}
	ok := func(stdin string, args ...string) string {
		t.Helper()
		code, out := cmd(stdin, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, out)
		}
		return out
	}
	ok("", "unit", "add", "--code", "leiden", "--name", "Leiden University", "--level", "university")
	ok("a long passphrase\n", "user", "add", "--email", "eva@example.org", "--name", "Eva", "--unit", "leiden", "--role", "initiator@leiden", "--password-stdin")

	if out := ok("", "user", "deactivate", "--email", "eva@example.org"); !strings.Contains(out, "deactivated Eva <eva@example.org>; their sessions have ended") {
		t.Errorf("deactivate: %s", out)
	}
	if out := ok("", "user", "list"); !strings.Contains(out, "deactivated") {
		t.Errorf("user list does not show the deactivation: %s", out)
	}
	if out := ok("", "user", "activate", "--email", "eva@example.org", "--json"); !strings.Contains(out, `"active":true`) {
		t.Errorf("activate --json: %s", out)
	}
	if out := ok("", "user", "role", "add", "--email", "eva@example.org", "--role", "auditor@leiden", "--json"); !strings.Contains(out, `"roles":["auditor@leiden","initiator@leiden"]`) {
		t.Errorf("role add --json: %s", out)
	}
	if out := ok("", "user", "role", "remove", "--email", "eva@example.org", "--role", "initiator@leiden"); !strings.Contains(out, "took the role initiator@leiden from Eva") {
		t.Errorf("role remove: %s", out)
	}
	if out := ok("another long passphrase\n", "user", "password", "--email", "eva@example.org", "--password-stdin"); !strings.Contains(out, "set a new password for Eva") {
		t.Errorf("password: %s", out)
	}
	if out := ok("", "user", "list", "--json"); !strings.Contains(out, `"roles":["auditor@leiden"]`) {
		t.Errorf("user list after the changes: %s", out)
	}

	for _, b := range []struct {
		stdin string
		args  []string
		code  int
		say   string
	}{
		{"", []string{"user", "deactivate"}, 2, "--email is required"},
		{"", []string{"user", "deactivate", "--email", "nobody@example.org"}, 1, "nobody with e-mail nobody@example.org"},
		{"", []string{"user", "role", "add", "--email", "eva@example.org"}, 2, "--role is required"},
		{"", []string{"user", "role", "remove", "--email", "eva@example.org", "--role", "initiator@leiden"}, 1, "Eva does not hold initiator@leiden"},
		{"", []string{"user", "role", "add", "--email", "eva@example.org", "--role", "auditor@leiden"}, 1, "holds auditor@leiden already"},
		{"", []string{"user", "role", "add", "--email", "eva@example.org", "--role", "boss@leiden"}, 2, `unknown role "boss"`},
		{"", []string{"user", "password", "--email", "eva@example.org"}, 2, "--password-stdin"},
		{"short\n", []string{"user", "password", "--email", "eva@example.org", "--password-stdin"}, 2, "too short"},
		{"", []string{"user", "role", "grant"}, 2, "kscheck user role add|remove"},
	} {
		if code, out := cmd(b.stdin, b.args...); code != b.code || !strings.Contains(out, b.say) {
			t.Errorf("%v: exit %d, %q; want exit %d saying %q", b.args, code, out, b.code, b.say)
		}
	}
}
