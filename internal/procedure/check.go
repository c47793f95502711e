package procedure

import "errors"

// File is a procedure file to check: its name (for messages) and content.
type File struct {
	Name string
	Src  []byte
}

// rule is one check of a single procedure.
type rule func(p *Procedure) []Problem

// rules are the checks every procedure must pass, in the order their
// problems are most useful to read.
var rules = []rule{
	checkSchema,
	checkCaseFields,
	checkReferences,
	checkTranslations,
	checkNonDiscrimination,
	checkReachable,
	checkEndsInRoute,
	checkCycles,
}

// Check parses and checks files together and returns every problem found,
// sorted by file and position; none means every file may be activated.
// Files are checked together because two procedures in force for the same
// unit on the same day would make resolving ambiguous: pass the versions
// already in use alongside a new upload.
func Check(files ...File) []Problem {
	var probs []Problem
	var parsed []*Procedure
	for _, f := range files {
		p, err := Parse(f.Name, f.Src)
		if err != nil {
			probs = append(probs, parseProblems(f, err)...)
			continue
		}
		probs = append(probs, CheckProcedure(p)...)
		parsed = append(parsed, p)
	}
	probs = append(probs, checkOverlap(parsed)...)
	sortProblems(probs)
	return probs
}

// CheckProcedure runs the single-procedure rules on an already parsed p.
func CheckProcedure(p *Procedure) []Problem {
	var probs []Problem
	for _, r := range rules {
		probs = append(probs, r(p)...)
	}
	return probs
}

// CheckNew checks a new version f before it may be activated in s: the
// rules for a single procedure, and that it neither repeats a version nor
// overlaps a procedure the set already holds. A retired version no longer
// resolves, so it cannot overlap, but its version stays taken. Problems
// all point into f.
func (s *Set) CheckNew(f File) []Problem {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.checkNew(f)
}

func (s *Set) checkNew(f File) []Problem {
	p, err := Parse(f.Name, f.Src)
	if err != nil {
		return parseProblems(f, err)
	}
	probs := CheckProcedure(p)
	for _, q := range s.procs {
		if s.retired[q.Ref()] && q.ID == p.ID && q.Version == p.Version {
			probs = append(probs, p.problem("version", "procedure_check.version_retired", "%s exists already (retired); every version of a procedure must be distinct", p.Ref()))
			continue
		}
		if s.retired[q.Ref()] {
			continue
		}
		probs = append(probs, checkOverlap([]*Procedure{q, p})...)
	}
	sortProblems(probs)
	return probs
}

// parseProblems returns the located problems of a failed Parse.
func parseProblems(f File, err error) []Problem {
	var ps Problems
	if !errors.As(err, &ps) {
		ps = Problems{newProblem(f.Name, 1, 1, "", "%s", err)}
	}
	return ps
}
