package procedure

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// dateLayout is how procedure files write days.
const dateLayout = "2006-01-02"

// Parse reads one procedure file. It fails with Problems (positions
// included) when the file is not YAML, has fields of the wrong type or
// unknown fields, or has unreadable dates; everything else is Check's job,
// so that one run reports every problem at once.
//
// The file's shape is bounded before any tree is built (see checkShape),
// and the YAML library's work is bounded in time (parseBudget).
func Parse(filename string, src []byte) (*Procedure, error) {
	if pr := checkShape(filename, src); pr != nil {
		return nil, Problems{*pr}
	}
	p, err := decodeWithin(filename, src, parseBudget)
	if err != nil {
		return nil, err
	}
	probs := p.emptyEntries()
	p.from, probs = p.parseDate(probs, "applies_to.from", p.AppliesTo.From, true)
	p.until, probs = p.parseDate(probs, "applies_to.until", p.AppliesTo.Until, false)
	if len(probs) > 0 {
		return nil, probs
	}
	p.index = map[string]*Question{}
	for _, g := range p.sectionGroups() {
		for i, s := range g.sections {
			for j, q := range s.Questions {
				q.section = s
				q.path = fmt.Sprintf("%s[%d].questions[%d]", g.name, i, j)
				if _, dup := p.index[q.ID]; !dup {
					p.index[q.ID] = q
				}
			}
		}
	}
	return p, nil
}

// decodeWithin builds the procedure's tree and decodes it, giving up with
// a problem after budget. The work runs on its own goroutine so that the
// caller (a request, a command that must stop on SIGTERM) is never held
// longer; the shape bounds keep that work small, so this only guards
// against a slow path in the library that the bounds do not foresee.
func decodeWithin(filename string, src []byte, budget time.Duration) (*Procedure, error) {
	type result struct {
		p   *Procedure
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := decode(filename, src)
		done <- result{p, err}
	}()
	timer := time.NewTimer(budget)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.p, r.err
	case <-timer.C:
		return nil, Problems{newProblem(filename, 1, 1, "procedure_check.slow", "reading the file took longer than %s; simplify its structure", budget)}
	}
}

// decode builds the YAML tree of src and decodes it into a procedure with
// the positions of its fields.
func decode(filename string, src []byte) (*Procedure, error) {
	file, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, Problems{yamlProblem(filename, err)}
	}
	if len(file.Docs) != 1 || file.Docs[0].Body == nil {
		return nil, Problems{newProblem(filename, 1, 1, "procedure_check.one_document", "the file must hold exactly one procedure (one YAML document)")}
	}
	body := file.Docs[0].Body
	p := &Procedure{file: filename, pos: positions{}}
	if err := yaml.NodeToValue(body, p, yaml.DisallowUnknownField()); err != nil {
		return nil, Problems{yamlProblem(filename, err)}
	}
	collectPositions(body, "", p.pos)
	return p, nil
}

// emptyEntries reports list items written as nothing ("- " alone), which
// decode as nil and would leave a section or question without a body.
func (p *Procedure) emptyEntries() Problems {
	var probs Problems
	for _, g := range p.sectionGroups() {
		for i, s := range g.sections {
			path := fmt.Sprintf("%s[%d]", g.name, i)
			if s == nil {
				probs = append(probs, p.problem(path, "procedure_check.empty_section", "this section is empty; give it an id, a title and questions"))
				continue
			}
			for j, q := range s.Questions {
				if q == nil {
					probs = append(probs, p.problem(fmt.Sprintf("%s.questions[%d]", path, j), "procedure_check.empty_question", "this question is empty; give it an id, a type and a text"))
				}
			}
		}
	}
	return probs
}

// parseDate reads a YYYY-MM-DD field, adding a problem when it is missing
// (and required) or malformed.
func (p *Procedure) parseDate(probs Problems, path, s string, required bool) (time.Time, Problems) {
	if s == "" {
		if required {
			probs = append(probs, p.problem(path, "procedure_check.from_missing", "applies_to needs a `from` date (YYYY-MM-DD): the first day the procedure is in force"))
		}
		return time.Time{}, probs
	}
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		probs = append(probs, p.problem(path, "procedure_check.not_a_date", "%q is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01", s))
	}
	return d, probs
}

// problem returns the problem located at path in p's file that the
// catalogue's key says; format is that key's English text.
func (p *Procedure) problem(path, key, format string, args ...any) Problem {
	at := p.pos.at(path)
	return newProblem(p.file, at.line, at.column, key, format, args...)
}

// yamlProblem turns a YAML library error into a located problem. The
// library words its messages in English only; the catalogue says the
// wrong types and unknown fields, the mistakes people make most.
func yamlProblem(filename string, err error) Problem {
	var te *yaml.TypeError
	if errors.As(err, &te) && te.Token != nil && te.Token.Position != nil {
		return newProblem(filename, te.Token.Position.Line, te.Token.Position.Column,
			"procedure_check.yaml.type", "%q is not %s", te.Token.Value, kindName(te.DstType))
	}
	line, col, msg := 1, 1, err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line, col = tk.Position.Line, tk.Position.Column
		}
	}
	if field, ok := unknownField(err); ok {
		return newProblem(filename, line, col, "procedure_check.yaml.unknown_field", `unknown field "%s"`, field)
	}
	return newProblem(filename, line, col, "", "%s", msg)
}

// unknownField returns the field that the YAML library reports as
// unknown, taken from its message `unknown field "name"`.
func unknownField(err error) (string, bool) {
	var ue *yaml.UnknownFieldError
	if !errors.As(err, &ue) {
		return "", false
	}
	field, ok := strings.CutPrefix(ue.Message, `unknown field "`)
	if !ok {
		return "", false
	}
	return strings.CutSuffix(field, `"`)
}

// kindName says in words what a Go type expects from a YAML value.
func kindName(t reflect.Type) kscheck.Term {
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return problemTerm("procedure_check.yaml.kind.number", "a whole number, as this field needs")
	case reflect.Bool:
		return problemTerm("procedure_check.yaml.kind.bool", "true or false, as this field needs")
	case reflect.String:
		return problemTerm("procedure_check.yaml.kind.text", "text, as this field needs")
	case reflect.Slice:
		return problemTerm("procedure_check.yaml.kind.list", "a list, as this field needs")
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return problemTerm("procedure_check.yaml.kind.mapping", "a mapping of fields, as this field needs")
	}
	return problemTerm("procedure_check.yaml.kind.other", "of the type this field needs")
}
