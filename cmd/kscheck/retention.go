package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/retention"
	"github.com/kscheck/kscheck/internal/service"
)

// retentionCommand applies the retention policy: kscheck retention run.
func retentionCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(env.Stderr, "Usage: kscheck retention run [--dry-run] [--policy FILE] [--json]")
		return errUsage
	}
	fs := newFlagSet(env, "retention run", "[--dry-run] [--policy FILE] [--json]")
	db := addDBFlags(fs, env)
	dry := fs.Bool("dry-run", false, "list what is due, change nothing")
	policyFile := addPolicyFlag(fs, env)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	policy, err := loadPolicy(*policyFile)
	if err != nil {
		return err
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	rep, err := svc.RunRetention(ctx, policy, *dry)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(rep)
	}
	verb := "erased"
	if rep.DryRun {
		verb = "would erase"
		fmt.Fprintln(env.Stdout, "Dry run: nothing has been changed.")
	}
	fmt.Fprintf(env.Stdout, "Policy: personal data %d years, documents %d years, e-mail %d years after a check closed.\n",
		policy.PersonalDataYears, policy.DocumentYears, policy.MailYears)
	fmt.Fprintf(env.Stdout, "Checks whose personal data %s: %d\n", verb, len(rep.Cases))
	for _, c := range rep.Cases {
		fmt.Fprintf(env.Stdout, "  KS-%d  %s, closed %s", c.ID, c.State, c.Closed)
		if e := c.Erased; e != nil {
			fmt.Fprintf(env.Stdout, "  (%d messages, %d individual partners, %d audit details; %d older audit entries kept)", e.Messages, e.Partners, e.AuditEntries, e.AuditKept)
		}
		fmt.Fprintln(env.Stdout)
	}
	fmt.Fprintf(env.Stdout, "Documents %s: %d\nE-mail %s: %d\n", verb, rep.Documents, verb, rep.Mail)
	return nil
}

// addPolicyFlag adds --policy, the retention policy file.
func addPolicyFlag(fs *flag.FlagSet, env *Env) *string {
	return fs.String("policy", env.Getenv("KSCHECK_RETENTION_POLICY"), "retention policy YAML file (env KSCHECK_RETENTION_POLICY); default 7 years for personal data, 10 for documents, 1 for e-mail")
}

// loadPolicy reads the policy file, or gives the default without one.
func loadPolicy(path string) (retention.Policy, error) {
	if path == "" {
		return retention.Default, nil
	}
	p, err := retention.Load(path)
	if err != nil {
		return p, kscheck.Errorf(kscheck.EInvalid, "%s", err.Error())
	}
	return p, nil
}

// personCommand answers a person's data protection rights: kscheck person
// export|erase EMAIL.
func personCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		fmt.Fprintln(env.Stderr, "Usage: kscheck person export EMAIL [--out FILE]\n       kscheck person erase EMAIL [--dry-run]")
		return errUsage
	}
	sub := args[0]
	fs := newFlagSet(env, "person "+sub, "EMAIL")
	db := addDBFlags(fs, env)
	out := fs.String("out", "", "export: file to write (default standard output)")
	dry := fs.Bool("dry-run", false, "erase: check that the person can be erased, change nothing")
	// The address may stand before the options or after them.
	rest, email := args[1:], ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		email, rest = rest[0], rest[1:]
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if email == "" && fs.NArg() == 1 {
		email = fs.Arg(0)
	} else if email == "" || fs.NArg() > 0 {
		return kscheck.Errorf(kscheck.EInvalid, "give exactly one e-mail address, e.g. kscheck person %s jan@example.org", sub)
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	if sub == "erase" {
		p, err := svc.ErasePerson(ctx, service.System, email, *dry)
		if err != nil {
			return err
		}
		if *dry {
			fmt.Fprintf(env.Stdout, "%s (person %d) can be erased; nothing has been changed.\n", email, p.ID)
		} else {
			fmt.Fprintf(env.Stdout, "erased %s: person %d is now \"Former member %d\"; the record keeps what they did, not who they were.\n", email, p.ID, p.ID)
		}
		return nil
	}
	e, err := svc.ExportPerson(ctx, service.System, email)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out == "" {
		_, err = env.Stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*out, b, 0o600); err != nil {
		return fmt.Errorf("writing the export: %w", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", *out)
	return nil
}

// runDaily runs job now and then once a day until ctx ends; the returned
// stop ends it and waits for a run in progress.
func runDaily(ctx context.Context, job func(context.Context)) (stop func()) {
	return repeat(ctx, 24*time.Hour, job)
}
