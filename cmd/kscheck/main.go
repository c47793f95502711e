// Command kscheck is the knowledge security check: one binary that is both
// the web server and the command-line tool. Run `kscheck help` for the
// commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Env is what a command may touch of the outside world; tests pass their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Terminal reports whether Stderr is a terminal (progress bars).
	Terminal bool
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands is every subcommand, by name.
func commands() map[string]command {
	return map[string]command{
		"serve":     {"run the web application", serveCommand},
		"migrate":   {"create or update the database schema", migrateCommand},
		"user":      {"add or list people and their roles", userCommand},
		"unit":      {"add or list organisational units", unitCommand},
		"audit":     {"verify the tamper-evident audit trail", auditCommand},
		"procedure": {"resolve, check, evaluate and draw procedures (flowcharts)", procedureCommand},
		"seed":      {"fill a database with synthetic cases for measurements", seedCommand},
		"screen":    {"screen a partner name against sanctions and risk lists", runScreen},
		"names":     {"compare two names as the screening matcher does", runNames},
		"lists":     {"import, update, show and compare list snapshots", runLists},
		"backup":    {"copy the SQLite database while the server runs", backupCommand},
		"restore":   {"put an SQLite backup back, after checking its audit trail", restoreCommand},
		"report":    {"write the annual report (PDF, HTML or XLSX)", reportCommand},
		"retention": {"erase what the retention policy no longer keeps", retentionCommand},
		"person":    {"export or erase what kscheck holds about a person", personCommand},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Terminal: isTerminal(os.Stderr)}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code: 0 success,
// 1 failure, 2 bad usage.
func run(ctx context.Context, env *Env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout, cmds)
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "kscheck: unknown command %q\n\n", args[0])
		usage(env.Stderr, cmds)
		return 2
	}
	err := cmd.run(ctx, env, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	var exit exitCode
	if errors.As(err, &exit) {
		return int(exit) // the command has said why
	}
	fmt.Fprintf(env.Stderr, "kscheck %s: %s\n", args[0], userMessage(err))
	if kscheck.ErrorCode(err) == kscheck.EInvalid {
		return 2
	}
	return 1
}

// errUsage is returned after a command already printed its usage problem.
var errUsage = errors.New("usage")

// exitCode lets a command ask for a specific exit status (e.g. audit verify).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// userMessage is the sentence a person sees for err: domain errors speak for
// themselves; other errors carry their wrapped context.
func userMessage(err error) string {
	var e *kscheck.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "kscheck — knowledge security checks for international collaborations")
	fmt.Fprintln(w, "\nUsage: kscheck COMMAND [options]   (kscheck COMMAND -h for a command's options)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
}

// newFlagSet returns a flag set that reports its errors to env.Stderr.
func newFlagSet(env *Env, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: kscheck %s %s\n\nOptions:\n", name, usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args into fs, turning a bad flag into errUsage (the flag
// package already printed why) and -h into flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
