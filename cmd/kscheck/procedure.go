package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/procedure/render"
	"github.com/kscheck/kscheck/internal/service"
)

// procedureSubcommands are the subcommands of `kscheck procedure`.
func procedureSubcommands() map[string]command {
	return map[string]command{
		"resolve": {"show the procedure in force for a unit on a day", func(ctx context.Context, env *Env, args []string) error {
			return resolveCommand(ctx, env, args, nil)
		}},
		"check":  {"check procedure files (default: the shipped ones)", procedureCheck},
		"eval":   {"evaluate answers: route, risk aspects and how they came about", procedureEval},
		"render": {"draw a procedure's flowchart as svg, mermaid or dot", procedureRender},
		"upload": {"check a procedure file and store it as a new version (--activate: and use it)", procedureUpload},
		"activate": {"let new cases use an uploaded version ID@VERSION", procedureStatusCommand("activate", (*service.Service).ActivateProcedure,
			"is active: new cases of its units use it from its start date")},
		"retire": {"stop new cases from using ID@VERSION; running cases keep it", procedureStatusCommand("retire", (*service.Service).RetireProcedure,
			"is retired: no new case picks it; cases already using it keep it")},
		"list": {"list shipped and uploaded versions with status and use", procedureList},
	}
}

// procedureCommand dispatches `kscheck procedure SUBCOMMAND`.
func procedureCommand(ctx context.Context, env *Env, args []string) error {
	subs := procedureSubcommands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(env.Stdout, "Usage: kscheck procedure SUBCOMMAND [options]\n\nSubcommands:")
		names := make([]string, 0, len(subs))
		for n := range subs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(env.Stdout, "  %-8s %s\n", n, subs[n].summary)
		}
		return nil
	}
	sub, ok := subs[args[0]]
	if !ok {
		return kscheck.Errorf(kscheck.EInvalid, "unknown subcommand %q; run `kscheck procedure help`", args[0])
	}
	return sub.run(ctx, env, args[1:])
}

// addProcedureFlag registers --procedure FILE, which adds a procedure file
// to the shipped ones, so an institution can try its own offline.
func addProcedureFlag(fs *flag.FlagSet) *stringList {
	var files stringList
	fs.Var(&files, "procedure", "add the procedure `FILE` to the shipped ones (repeatable); it must pass `procedure check`")
	return &files
}

// procedureSet returns the shipped procedures plus the checked extra files.
func procedureSet(extra []string) (*procedure.Set, error) {
	ps, err := procedure.Shipped()
	if err != nil {
		return nil, err
	}
	set, err := procedure.NewSet(ps...)
	if err != nil {
		return nil, err
	}
	return set, addProcedureFiles(set, extra)
}

// addProcedureFiles adds the procedure files named in extra to set, each
// only if it passes the checker.
func addProcedureFiles(set *procedure.Set, extra []string) error {
	for _, name := range extra {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if probs := procedure.Check(procedure.File{Name: name, Src: src}); len(probs) > 0 {
			return kscheck.Errorf(kscheck.EInvalid, "%s has problems; run `kscheck procedure check %s`:\n%s", name, name, procedure.Problems(probs).Error())
		}
		p, err := procedure.Parse(name, src)
		if err != nil {
			return err
		}
		if err := set.Add(p); err != nil {
			return err
		}
	}
	return nil
}

// resolveCommand is `procedure resolve`. The unit tree and the procedures
// come from the database (the same options as every command), or, with
// --units FILE, from that file and the shipped procedures, for trying units
// offline. Tests pass tree directly.
func resolveCommand(ctx context.Context, env *Env, args []string, tree procedure.UnitTree) error {
	fs := newFlagSet(env, "procedure resolve", "--unit CODE --date YYYY-MM-DD [--json] [--db PATH | --database-url URL | --units FILE]")
	db := addDBFlags(fs, env)
	unit := fs.String("unit", "", "the `CODE` of the organisational unit")
	date := fs.String("date", time.Now().Format("2006-01-02"), "the day, `YYYY-MM-DD`")
	track := fs.String("track", string(kscheck.TrackKnowledgeSecurity), "the `TRACK`: knowledge_security or fossil_fuel")
	units := fs.String("units", "", "read the unit tree from `FILE` instead of the database (YAML or JSON: units: [{code: leiden}, {code: science, parent: leiden}])")
	asJSON := fs.Bool("json", false, "print JSON")
	extra := addProcedureFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *unit == "" {
		return kscheck.Errorf(kscheck.EInvalid, "--unit is required: the code of the unit, e.g. --unit science")
	}
	day, err := time.Parse("2006-01-02", *date)
	if err != nil {
		return kscheck.Errorf(kscheck.EInvalid, "--date %q is not a day; write it as YYYY-MM-DD", *date)
	}
	var set *procedure.Set
	switch {
	case *units != "":
		src, err := os.ReadFile(*units)
		if err != nil {
			return err
		}
		if tree, err = procedure.ParseUnitTree(*units, src); err != nil {
			return err
		}
	case tree == nil:
		svc, err := db.open(ctx, env)
		if err != nil {
			return err
		}
		defer svc.Close()
		tree, set = svc, svc.Procedures
	}
	if set == nil {
		if set, err = procedureSet(nil); err != nil {
			return err
		}
	}
	if err := addProcedureFiles(set, *extra); err != nil {
		return err
	}
	p, err := set.ResolveTrack(ctx, tree, kscheck.Track(*track), *unit, day)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, map[string]any{
			"id": p.ID, "version": p.Version, "track": p.Track, "title": p.Title,
			"from": p.AppliesTo.From, "until": p.AppliesTo.Until, "units": p.AppliesTo.Units, "file": p.File(),
		})
	}
	until := ""
	if p.AppliesTo.Until != "" {
		until = " until " + p.AppliesTo.Until
	}
	fmt.Fprintf(env.Stdout, "%s\t%s (in force from %s%s for %s)\n", p.Ref(), p.Title.In(i18n.Default), p.AppliesTo.From, until, strings.Join(p.AppliesTo.Units, ", "))
	return nil
}

// procedureCheck is `procedure check FILE...`.
func procedureCheck(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "procedure check", "[FILE...]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var files []procedure.File
	if fs.NArg() == 0 {
		shipped, err := procedure.ShippedFiles()
		if err != nil {
			return err
		}
		files = shipped
	}
	for _, name := range fs.Args() {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		files = append(files, procedure.File{Name: name, Src: src})
	}
	probs := procedure.Check(files...)
	for _, p := range probs {
		fmt.Fprintln(env.Stdout, p)
	}
	if len(probs) > 0 {
		fmt.Fprintf(env.Stderr, "kscheck procedure check: %d problem(s) in %d file(s)\n", len(probs), len(files))
		return exitCode(1)
	}
	fmt.Fprintf(env.Stdout, "%d procedure file(s) checked: no problems\n", len(files))
	return nil
}

// refAndFlags parses `ID[@VERSION] [flags]` or `[flags] ID[@VERSION]`.
func refAndFlags(fs *flag.FlagSet, args []string) (string, error) {
	var ref string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		ref, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	if ref == "" && fs.NArg() > 0 {
		ref = fs.Arg(0)
	}
	if ref == "" {
		fs.Usage()
		return "", errUsage
	}
	return ref, nil
}

// readAnswers reads a JSON object of answers by question id.
func readAnswers(name string) (map[string]any, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var answers map[string]any
	if err := json.Unmarshal(src, &answers); err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s is not a JSON object of answers by question id: %v", name, err)
	}
	return answers, nil
}

// evaluateFile finds procedure ref (shipped or in the extra files) and
// evaluates the answers in answersFile; without a file, the evaluation is
// nil.
func evaluateFile(extra []string, ref, answersFile string) (*procedure.Procedure, *procedure.Evaluation, error) {
	set, err := procedureSet(extra)
	if err != nil {
		return nil, nil, err
	}
	p, err := set.GetRef(ref)
	if err != nil || answersFile == "" {
		return p, nil, err
	}
	answers, err := readAnswers(answersFile)
	if err != nil {
		return nil, nil, err
	}
	if err := p.ValidateAnswers(answers); err != nil {
		return nil, nil, err
	}
	ev := p.Evaluate(answers)
	return p, &ev, nil
}

// procedureEval is `procedure eval ID[@VERSION] --answers FILE.json`.
func procedureEval(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "procedure eval", "ID[@VERSION] --answers FILE.json [--json] [--lang en|nl]")
	answersFile := fs.String("answers", "", "the answers, a JSON object by question id (`FILE.json`)")
	asJSON := fs.Bool("json", false, "print the evaluation as JSON")
	lang := fs.String("lang", "en", "language of the explanation: `en` or nl")
	extra := addProcedureFlag(fs)
	ref, err := refAndFlags(fs, args)
	if err != nil {
		return err
	}
	if *answersFile == "" {
		return kscheck.Errorf(kscheck.EInvalid, "--answers FILE.json is required")
	}
	p, evp, err := evaluateFile(*extra, ref, *answersFile)
	if err != nil {
		return err
	}
	ev := *evp
	if *asJSON {
		if err := writeJSON(env.Stdout, ev); err != nil {
			return err
		}
	} else {
		writeEvaluation(env.Stdout, p, ev, *lang)
	}
	if !ev.Complete {
		return kscheck.Errorf(kscheck.EInvalid, "the answers are incomplete: question %q needs an answer", ev.Missing)
	}
	return nil
}

// writeEvaluation prints an evaluation for a person.
func writeEvaluation(w io.Writer, p *procedure.Procedure, ev procedure.Evaluation, lang string) {
	l := i18n.Shared().Localizer(lang)
	label := func(key string) string { return l.T("vocab.eval." + key) }
	fmt.Fprintf(w, "%s: %s (%s)\n", label("procedure"), p.Ref(), p.Title.In(lang))
	fmt.Fprintf(w, "%s: %s\n", label("route"), procedure.RouteName(ev.Route, lang))
	if ev.LegalStop {
		fmt.Fprintln(w, label("legal_stop"))
	}
	if ev.Supplementary {
		fmt.Fprintln(w, label("supplementary"))
	}
	for _, a := range ev.Aspects {
		var by []string
		for _, c := range a.By {
			by = append(by, c.Question+" = "+p.AnswerText(c.Question, c.Outcome, c.Answer, lang))
		}
		fmt.Fprintln(w, l.T("vocab.eval.aspect", procedure.AspectName(a.Aspect, lang), strings.Join(by, ", ")))
	}
	for _, o := range ev.Opportunities {
		fmt.Fprintf(w, "%s (%s): %s\n", label("opportunity"), o.Question, o.Text)
	}
	fmt.Fprintf(w, "%s:\n", label("trail"))
	for _, s := range ev.Trail {
		line := fmt.Sprintf("  %s: %s", s.Question, p.AnswerText(s.Question, s.Outcome, s.Answer, lang))
		if s.Route != "" {
			line += " → " + procedure.RouteName(s.Route, lang)
		}
		if s.LegalStop {
			line += ", " + l.T("vocab.legal_stop")
		}
		for _, a := range s.Aspects {
			line += ", " + procedure.AspectName(a, lang)
		}
		if b := s.Because.In(lang); b != "" {
			line += ". " + b
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	if ev.Missing != "" {
		fmt.Fprintf(w, "  %s: %s\n", ev.Missing, label("open"))
	}
}

// procedureRender is `procedure render ID[@VERSION] --format svg|mermaid|dot`.
func procedureRender(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "procedure render", "ID[@VERSION] [--format svg|mermaid|dot] [--answers FILE.json] [--lang en|nl]")
	format := fs.String("format", "svg", "`FORMAT`: svg, mermaid or dot")
	answersFile := fs.String("answers", "", "highlight the path of these answers (`FILE.json`)")
	lang := fs.String("lang", "en", "language: `en` or nl")
	extra := addProcedureFlag(fs)
	ref, err := refAndFlags(fs, args)
	if err != nil {
		return err
	}
	draw := map[string]func(*procedure.Procedure, *procedure.Evaluation, string) ([]byte, error){
		"svg": render.SVG, "mermaid": render.Mermaid, "dot": render.Dot,
	}[*format]
	if draw == nil {
		return kscheck.Errorf(kscheck.EInvalid, "--format %q is not available; use svg, mermaid or dot", *format)
	}
	p, ev, err := evaluateFile(*extra, ref, *answersFile)
	if err != nil {
		return err
	}
	out, err := draw(p, ev, *lang)
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(out)
	return err
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
