package procedure

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Problem is one thing wrong with a procedure file, at a place a person can
// go to.
type Problem struct {
	File    string
	Line    int
	Column  int
	Message string
	// Key names the catalogue text that says Message in a reader's
	// language, taking Args as Message's format did; it is "" where
	// Message is the YAML library's own English. The command line and the
	// API say Message; the pages say the catalogue's text.
	Key  string
	Args []any
}

// newProblem returns the problem at line and column of file that the
// catalogue's key says; format is that key's English text.
func newProblem(file string, line, col int, key, format string, args ...any) Problem {
	return Problem{File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...), Key: key, Args: args}
}

// problemTerm returns a word of the domain that a problem names, with the
// catalogue's key that says it; format is that key's English text.
func problemTerm(key, format string, args ...any) kscheck.Term {
	return kscheck.Term{Key: key, Text: fmt.Sprintf(format, args...), Args: args}
}

// String formats the problem as "file:line:column: message", the form
// editors and CI logs understand.
func (p Problem) String() string { return p.Located(p.Message) }

// Err is the problem's message as an error with its catalogue key, which
// a page says in the reader's language (i18n.Localizer.Message).
func (p Problem) Err() *kscheck.Error {
	return &kscheck.Error{Code: kscheck.EInvalid, Message: p.Message, Key: p.Key, Args: p.Args}
}

// Located is msg, the problem's message as a reader's language says it,
// after the problem's place: "file:line:column: msg".
func (p Problem) Located(msg string) string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, msg)
}

// Problems is a list of problems; as an error it reads as one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by file, line and column so that output is
// stable and reads top to bottom.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
