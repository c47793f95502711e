package i18n

import (
	"go/ast"
	"go/token"
	"maps"
	"testing"
)

// untranslatedProblems are the procedure checker's problems that may go
// without a catalogue key, as "procedure/file.go: format", each with the
// reason.
var untranslatedProblems = map[string]string{
	"procedure/parse.go: %s": "the YAML library words its messages on syntax in English only",
	"procedure/check.go: %s": "Parse fails with located problems only; any other error is a fault, said as it is",
}

// TestProblemsTranslated holds the procedure checker's problems, which
// the procedures page lists when it refuses a file, to the catalogue as
// TestErrorsTranslated holds errors. Problems are made only by the
// functions that take a key, a format and its arguments (newProblem, the
// helpers around it, and problemTerm for the words a problem names):
// every call passes a literal key and a literal format, or hands on the
// key and format it was given itself. No Problem is built, and no message
// set, by other means, and no kscheck.Term carries English words of its
// own.
func TestProblemsTranslated(t *testing.T) {
	b := bundle(t)
	fset := token.NewFileSet()
	files := goFiles(t, fset, "procedure")
	keyed := map[string]int{} // functions and methods by name: the index of their key
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if i, ok := keyParam(fd.Type); ok {
					keyed[fd.Name.Name] = i
				}
			}
		}
	}
	if _, ok := keyed["newProblem"]; !ok {
		t.Fatal("package procedure has no newProblem(file, line, col, key, format, args...)")
	}
	used := map[string]bool{}
	calls := 0
	for _, f := range files {
		for _, d := range f.Decls {
			local := maps.Clone(keyed)
			ast.Inspect(d, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
					for i, rhs := range as.Rhs {
						id, isIdent := as.Lhs[i].(*ast.Ident)
						if fl, ok := rhs.(*ast.FuncLit); ok && isIdent {
							if k, ok := keyParam(fl.Type); ok {
								local[id.Name] = k
							}
						}
					}
				}
				return true
			})
			var stack []ast.Node
			ast.Inspect(d, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				stack = append(stack, n)
				where := fset.Position(n.Pos()).String()
				switch n := n.(type) {
				case *ast.CompositeLit:
					if fault := builtByHand(n, d); fault != "" {
						t.Errorf("%s: %s", where, fault)
					}
				case *ast.AssignStmt:
					for _, lhs := range n.Lhs {
						if sel, ok := lhs.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Message" || sel.Sel.Name == "Key" || sel.Sel.Name == "Args") {
							t.Errorf("%s: a problem's %s is set by newProblem only", where, sel.Sel.Name)
						}
					}
				case *ast.CallExpr:
					i, ok := local[calleeName(n)]
					if !ok {
						return true
					}
					if len(n.Args) < i+2 {
						t.Errorf("%s: the call passes no key and format", where)
						return true
					}
					if isIdent(n.Args[i], "key") && isIdent(n.Args[i+1], "format") && handsOn(stack) {
						return true
					}
					calls++
					key, keyLit := stringLit(n.Args[i])
					format, formatLit := stringLit(n.Args[i+1])
					site := f.name + ": " + format
					switch {
					case !keyLit || !formatLit:
						t.Errorf("%s: the key and the format are not string literals", where)
					case key == "":
						if _, ok := untranslatedProblems[site]; ok {
							used[site] = true
						} else {
							t.Errorf("%s: %q has no catalogue key", where, format)
						}
					default:
						assertCatalogued(t, where, b, key, format, false)
					}
				}
				return true
			})
		}
	}
	assertScanned(t, "problems and terms made", calls, 70, untranslatedProblems, used)
}

// keyParam returns the index of the parameter key when ft takes
// (..., key, format string, args ...any).
func keyParam(ft *ast.FuncType) (int, bool) {
	var names []string
	for _, field := range ft.Params.List {
		for _, name := range field.Names {
			names = append(names, name.Name)
		}
	}
	n := len(names)
	if n < 3 || names[n-3] != "key" || names[n-2] != "format" {
		return 0, false
	}
	_, variadic := ft.Params.List[len(ft.Params.List)-1].Type.(*ast.Ellipsis)
	return n - 3, variadic
}

// handsOn reports whether the innermost function around the call at the
// top of stack takes a key and a format itself, to hand them on.
func handsOn(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			_, ok := keyParam(fn.Type)
			return ok
		case *ast.FuncDecl:
			_, ok := keyParam(fn.Type)
			return ok
		}
	}
	return false
}

// builtByHand says what is wrong with a composite literal in package
// procedure, "" if nothing: only newProblem builds a Problem (in a list
// too), and a kscheck.Term takes its English from the catalogue or from
// problemTerm, never from a literal of its own.
func builtByHand(lit *ast.CompositeLit, in ast.Decl) string {
	fd, ok := in.(*ast.FuncDecl)
	inNewProblem := ok && fd.Recv == nil && fd.Name.Name == "newProblem"
	switch typ := lit.Type.(type) {
	case *ast.Ident:
		if typ.Name == "Problem" && !inNewProblem {
			return "a Problem is built by hand; use newProblem"
		}
		if typ.Name == "Problems" && hasUntypedElement(lit) {
			return "a Problem is built by hand in a list; use newProblem"
		}
	case *ast.ArrayType:
		if isIdent(typ.Elt, "Problem") && hasUntypedElement(lit) {
			return "a Problem is built by hand in a list; use newProblem"
		}
	case *ast.SelectorExpr:
		if isIdent(typ.X, "kscheck") && typ.Sel.Name == "Term" {
			for i, e := range lit.Elts {
				text := i == 1 // Key, Text, Args
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					text, e = isIdent(kv.Key, "Text"), kv.Value
				}
				if _, isLit := stringLit(e); isLit && text {
					return "a kscheck.Term with English of its own; use problemTerm"
				}
			}
		}
	}
	return ""
}

// hasUntypedElement reports whether a list literal holds an element
// written as {...}, of the list's element type.
func hasUntypedElement(lit *ast.CompositeLit) bool {
	for _, e := range lit.Elts {
		if el, ok := e.(*ast.CompositeLit); ok && el.Type == nil {
			return true
		}
	}
	return false
}

// calleeName is the name of the function or method a call calls.
func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
