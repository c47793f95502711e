package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

const tokenUsage = `Usage: kscheck token create --for EMAIL --name N --scope SCOPE [--scope …] [--days D] [--json]
       kscheck token list [--json]
       kscheck token revoke [--json] ID
Scopes: cases:read, clearance:read, screen, webhooks:admin`

// tokenCommand makes, lists and revokes API tokens from the server's
// command line, as its administrator.
func tokenCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, tokenUsage)
		return errUsage
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, env, args[1:])
	case "list":
		return tokenList(ctx, env, args[1:])
	case "revoke":
		return tokenRevoke(ctx, env, args[1:])
	}
	fmt.Fprintln(env.Stderr, tokenUsage)
	return errUsage
}

// tokenJSON is a token as --json prints it; Token is the secret, only in
// the answer to create.
type tokenJSON struct {
	ID        int64      `json:"id"`
	Token     string     `json:"token,omitempty"`
	Prefix    string     `json:"prefix"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Owner     string     `json:"owner"`
	Scopes    []string   `json:"scopes"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func tokenOf(t *kscheck.Token, secret string) tokenJSON {
	scopes := make([]string, len(t.Scopes))
	for i, s := range t.Scopes {
		scopes[i] = string(s)
	}
	return tokenJSON{ID: t.ID, Token: secret, Prefix: t.Prefix, Name: t.Name, Kind: string(t.Kind), Owner: t.PersonName,
		Scopes: scopes, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, LastUsed: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

func tokenCreate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "token create", "--for EMAIL --name N --scope SCOPE [--scope …] [--days D] [--json]")
	db := addDBFlags(fs, env)
	owner := fs.String("for", "", "e-mail address of the account whose rights the token carries (a person, or a system's account)")
	name := fs.String("name", "", "what uses the token, e.g. \"grants office system\"")
	var scopes stringList
	fs.Var(&scopes, "scope", "cases:read, clearance:read, screen or webhooks:admin; repeatable")
	days := fs.Int("days", 90, "days until the token expires (at most 366)")
	asJSON := fs.Bool("json", false, "print the token as JSON")
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	if *owner == "" {
		return kscheck.Errorf(kscheck.EInvalid, "--for is required: the e-mail address of the account the token acts for")
	}
	n := service.NewToken{Name: *name, Owner: *owner, Life: time.Duration(*days) * 24 * time.Hour}
	for _, s := range scopes {
		for _, one := range strings.Split(s, ",") {
			n.Scopes = append(n.Scopes, kscheck.Scope(strings.TrimSpace(one)))
		}
	}
	secret, t, err := svc.CreateToken(ctx, service.System, n)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(tokenOf(t, secret))
	}
	fmt.Fprintf(env.Stdout, "%s\n\nToken %d (%s) for %s, scopes %s, expires %s.\nThis is the only time the token is shown: store it now.\n",
		secret, t.ID, t.Name, t.PersonName, strings.Join(tokenOf(t, "").Scopes, " "), t.ExpiresAt.Format("2006-01-02"))
	return nil
}

func tokenList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "token list", "[--json]")
	db := addDBFlags(fs, env)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	ts, err := svc.Tokens(ctx, service.System)
	if err != nil {
		return err
	}
	if *asJSON {
		for _, t := range ts {
			if err := json.NewEncoder(env.Stdout).Encode(tokenOf(t, "")); err != nil {
				return err
			}
		}
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tOWNER\tKIND\tSCOPES\tEXPIRES\tLAST USED\tSTATUS")
	for _, t := range ts {
		status, used := "live", "-"
		switch {
		case t.RevokedAt != nil:
			status = "revoked"
		case !t.Live(now):
			status = "expired"
		}
		if t.LastUsedAt != nil {
			used = t.LastUsedAt.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, t.Name, t.PersonName, t.Kind,
			strings.Join(tokenOf(t, "").Scopes, " "), t.ExpiresAt.Format("2006-01-02"), used, status)
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "token revoke", "[--json] ID")
	db := addDBFlags(fs, env)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil {
		return kscheck.Errorf(kscheck.EInvalid, "give the number of the token to revoke (see kscheck token list)")
	}
	if err := svc.RevokeToken(ctx, service.System, id); err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"revoked": id})
	}
	fmt.Fprintf(env.Stdout, "token %d revoked\n", id)
	return nil
}
