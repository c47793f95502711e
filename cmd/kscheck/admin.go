package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// stringList is a repeatable string flag (--role a --role b).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func migrateCommand(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "migrate", "[--db PATH | --database-url URL]")
	db := addDBFlags(fs, env)
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	fmt.Fprintf(env.Stdout, "database %s is up to date\n", db.describe())
	return nil
}

const userUsage = `Usage: kscheck user add --email E --name N --unit CODE --role role@unit [--role …] [--password-stdin]
       kscheck user list [--json]
       kscheck user deactivate|activate --email E [--json]
       kscheck user role add|remove --email E --role role@unit [--json]
       kscheck user password --email E --password-stdin [--json]`

func userCommand(ctx context.Context, env *Env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	if sub == "role" && len(args) > 1 && (args[1] == "add" || args[1] == "remove") {
		return userChange(ctx, env, "role "+args[1], args[2:])
	}
	switch sub {
	case "add":
		return userAdd(ctx, env, args[1:])
	case "list":
		return userList(ctx, env, args[1:])
	case "deactivate", "activate", "password":
		return userChange(ctx, env, sub, args[1:])
	}
	fmt.Fprintln(env.Stderr, userUsage)
	return errUsage
}

func userAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "user add", "--email E --name N --unit CODE --role role@unit [--password-stdin]")
	db := addDBFlags(fs, env)
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "full name")
	unit := fs.String("unit", "", "unit code the person belongs to")
	var roles stringList
	fs.Var(&roles, "role", "role@unit, repeatable (e.g. initiator@liacs)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input (otherwise the person signs in only through single sign-on)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" || *name == "" || *unit == "" {
		return kscheck.Errorf(kscheck.EInvalid, "--email, --name and --unit are required")
	}
	password, err := readPassword(env, *fromStdin)
	if err != nil {
		return err
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	p := &kscheck.Person{Email: *email, Name: *name, UnitCode: *unit}
	if err := svc.AddPerson(ctx, service.System, p, password, roles); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added %s <%s> (id %d) with roles %s\n", p.Name, p.Email, p.ID, strings.Join(roles, ", "))
	return nil
}

// readPassword reads a password from standard input (at most 4 KB, the
// line ending dropped) when fromStdin; otherwise there is none ("").
func readPassword(env *Env, fromStdin bool) (string, error) {
	if !fromStdin {
		return "", nil
	}
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := env.Stdin.Read(buf)
		b.Write(buf[:n])
		if err != nil || b.Len() > 4096 {
			break
		}
	}
	password := strings.TrimRight(b.String(), "\r\n")
	if password == "" {
		return "", kscheck.Errorf(kscheck.EInvalid, "--password-stdin given but standard input is empty")
	}
	return password, nil
}

// userChange carries out one offboarding change on the person with
// --email: deactivate, activate, role add, role remove or password.
func userChange(ctx context.Context, env *Env, change string, args []string) error {
	usage := "--email E [--json]"
	switch change {
	case "role add", "role remove":
		usage = "--email E --role role@unit [--json]"
	case "password":
		usage = "--email E --password-stdin [--json]"
	}
	fs := newFlagSet(env, "user "+change, usage)
	db := addDBFlags(fs, env)
	email := fs.String("email", "", "e-mail address of the person")
	role := fs.String("role", "", "role@unit (role add, role remove)")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from standard input (password)")
	asJSON := fs.Bool("json", false, "print the person afterwards as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return kscheck.Errorf(kscheck.EInvalid, "--email is required: whose account to change")
	}
	if strings.HasPrefix(change, "role") && *role == "" {
		return kscheck.Errorf(kscheck.EInvalid, "--role is required, as role@unit (for example initiator@lion)")
	}
	if change == "password" && !*fromStdin {
		return kscheck.Errorf(kscheck.EInvalid, "give the new password on standard input with --password-stdin (never on the command line)")
	}
	password, err := readPassword(env, *fromStdin)
	if err != nil {
		return err
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	acc, err := svc.AccountByEmail(ctx, service.System, *email)
	if err != nil {
		return err
	}
	var done string
	switch change {
	case "deactivate":
		acc, err = svc.DeactivatePerson(ctx, service.System, acc.ID)
		done = "deactivated %s <%s>; their sessions have ended"
	case "activate":
		acc, err = svc.ReactivatePerson(ctx, service.System, acc.ID)
		done = "activated %s <%s>; they can sign in again"
	case "role add":
		acc, err = svc.AddRole(ctx, service.System, acc.ID, *role)
		done = "gave %s <%s> the role " + *role
	case "role remove":
		acc, err = svc.RemoveRole(ctx, service.System, acc.ID, *role)
		done = "took the role " + *role + " from %s <%s>"
	case "password":
		acc, err = svc.ResetPassword(ctx, service.System, acc.ID, password)
		done = "set a new password for %s <%s>; their sessions have ended"
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return printAccountJSON(env, acc)
	}
	fmt.Fprintf(env.Stdout, done+"\n", acc.Name, acc.Email)
	return nil
}

// printAccountJSON prints a person with their roles as one JSON object.
func printAccountJSON(env *Env, a service.Account) error {
	b, err := json.Marshal(map[string]any{"id": a.ID, "name": a.Name, "email": a.Email, "unit": a.UnitCode, "roles": roleNames(a.Roles), "active": a.Active})
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, string(b))
	return nil
}

func roleNames(as []kscheck.Assignment) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

func userList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "user list", "[--json]")
	db := addDBFlags(fs, env)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	accounts, err := svc.Accounts(ctx, service.System)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	if !*asJSON {
		fmt.Fprintln(tw, "ID\tNAME\tE-MAIL\tUNIT\tSTATUS\tROLES")
	}
	for _, a := range accounts {
		if *asJSON {
			if err := printAccountJSON(env, a); err != nil {
				return err
			}
			continue
		}
		status := "active"
		if !a.Active {
			status = "deactivated"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Name, a.Email, a.UnitCode, status, strings.Join(roleNames(a.Roles), " "))
	}
	return tw.Flush()
}

func unitCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(env.Stderr, "Usage: kscheck unit add --code C --name N [--name-nl N] --level university|faculty|institute [--parent CODE]\n       kscheck unit list")
		return errUsage
	}
	fs := newFlagSet(env, "unit "+args[0], "")
	db := addDBFlags(fs, env)
	code := fs.String("code", "", "short stable code, e.g. science")
	name := fs.String("name", "", "English name")
	nameNL := fs.String("name-nl", "", "Dutch name")
	level := fs.String("level", "", "university, faculty or institute")
	parent := fs.String("parent", "", "code of the parent unit (none for the university)")
	svc, err := parseAndOpen(ctx, env, fs, db, args[1:])
	if err != nil {
		return err
	}
	defer svc.Close()
	if args[0] == "list" {
		units, err := svc.AdminUnits(ctx, service.System)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tLEVEL\tPARENT\tNAME")
		for _, u := range units {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Code, u.Level, u.ParentCode, u.Name)
		}
		return tw.Flush()
	}
	u := &kscheck.Unit{Code: *code, Name: *name, NameNL: *nameNL, Level: kscheck.UnitLevel(*level), ParentCode: *parent}
	if err := svc.AddUnit(ctx, service.System, u); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added unit %s (%s)\n", u.Code, u.Name)
	return nil
}

func auditCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "checkpoint") {
		fmt.Fprintln(env.Stderr, "Usage: kscheck audit verify [--checkpoint FILE] [--json]\n       kscheck audit checkpoint [--checkpoint FILE] [--json]")
		return errUsage
	}
	fs := newFlagSet(env, "audit "+args[0], "[--checkpoint FILE] [--json]")
	db := addDBFlags(fs, env)
	db.addCheckpointFlag(fs, env)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	svc, err := parseAndOpen(ctx, env, fs, db, args[1:])
	if err != nil {
		return err
	}
	defer svc.Close()
	if args[0] == "checkpoint" {
		cp, err := svc.WriteCheckpoint(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env, map[string]any{"file": svc.Checkpoints, "checkpoint": cp})
		}
		fmt.Fprintf(env.Stdout, "checkpoint written to %s: audit trail at entry %d (%s), access log at entry %d (%s)\n",
			svc.Checkpoints, cp.Changes.Seq, cp.Changes.Hash, cp.Reads.Seq, cp.Reads.Hash)
		return nil
	}
	r, err := svc.VerifyTrail(ctx)
	if err != nil {
		return fmt.Errorf("verifying the audit trail: %w", err)
	}
	if *asJSON {
		out := map[string]any{"intact": r.Break == nil, "checked": r.Changes, "reads_checked": r.Reads, "checkpoint": r.Checkpoint}
		if r.Break != nil {
			out["chain"], out["broken_at"], out["reason"] = r.Break.Chain, r.Break.Seq, r.Break.Reason
		}
		if err := printJSON(env, out); err != nil {
			return err
		}
	} else {
		printTrailCheck(env, svc.Checkpoints, r)
	}
	if r.Break != nil {
		return exitCode(3)
	}
	return nil
}

// printTrailCheck says in sentences what audit verify found.
func printTrailCheck(env *Env, file string, r *service.TrailCheck) {
	if r.Break != nil {
		fmt.Fprintf(env.Stdout, "%s BROKEN at entry %d: %s\n", r.Break.Chain.Name(), r.Break.Seq, r.Break.Reason)
		if r.Checkpoint != nil && strings.Contains(r.Break.Reason, "checkpoint") {
			fmt.Fprintf(env.Stdout, "The checkpoint compared against was taken at %s and is the last line of %s.\n", r.Checkpoint.At.Format(time.RFC3339), file)
		} else if r.Break.Chain == kscheck.Changes {
			fmt.Fprintf(env.Stdout, "%d entries before it are intact.\n", r.Changes)
		}
		return
	}
	fmt.Fprintf(env.Stdout, "audit trail intact: %d entries, every hash and link checked; access log intact: %d reads\n", r.Changes, r.Reads)
	if r.Checkpoint == nil {
		fmt.Fprintf(env.Stdout, "No checkpoint found in %s, so the removal of the newest entries could not be ruled out; write one with `kscheck audit checkpoint`.\n", file)
		return
	}
	fmt.Fprintf(env.Stdout, "Both still hold the checkpoint of %s (audit entry %d, access log entry %d).\n",
		r.Checkpoint.At.Format(time.RFC3339), r.Checkpoint.Changes.Seq, r.Checkpoint.Reads.Seq)
}

func printJSON(env *Env, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.Stdout, string(b))
	return err
}
