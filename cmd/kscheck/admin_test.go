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
