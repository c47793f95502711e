package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// errorPackages are the packages, relative to this one, whose errors reach
// pages. The command line (cmd/) speaks English and is not read.
var errorPackages = []string{"auth", "export", "kscheck", "procedure", "screening", "service", "sso", "store", "web"}

// untranslatedErrors are the kscheck.Errorf calls that may go without a
// catalogue key, as "package/file.go: format", each with the reason. A
// whole file is named without a format.
var untranslatedErrors = map[string]string{
	// Only the command line and the server's start reach these.
	"procedure/unittree.go":    "unit tree files are read by `kscheck procedure check`",
	"screening/load.go":        "lists are loaded by `kscheck lists import`",
	"screening/parseerr.go":    "lists are loaded by `kscheck lists import`",
	"screening/shrink.go":      "lists are loaded by `kscheck lists import`",
	"sso/config.go":            "the sign-on configuration is read when the server starts",
	"service/retention.go: %s": "retention runs from the command line and the daily job",
	"web/api_cases.go: %s.":    "the API answers in English",
	// The text is written elsewhere, in the reader's language already.
	"web/partners_admin.go: %s": "it is the catalogue's partnerdir.choose_keep",
	"web/audit_trail.go: %s":    "readAuditFilter words it in the reader's language",
	// Pages list a refused procedure file's problems under
	// procedure.refused; this sentence of them all reaches the command
	// line and the API only.
	"service/procedures.go: %s": "the procedure file's problems, as the command line and the API say them",
	// Pages word these in a catalogue text of their own.
	"service/people.go: only an administrator %s": "pages say it in general words: the key is set below without arguments",
	"service/cases.go: this check was changed by someone else while you were working on it; reload the page to see the latest version and try again": "pages say it with error.conflict",
	"store/cases.go: this check was changed by someone else while you were working on it; reload the page to see the latest version and try again":   "pages say it with error.conflict",
}

// TestErrorsTranslated holds every *kscheck.Error that can reach a page to
// the catalogue: its Errorf is followed at once by Translated with a
// literal key that both languages have, the English text is the format
// itself (or, as the first keys were written, the format as a sentence), and the Dutch text is not the English one (unless the format has
// no words of its own, its arguments carrying them) and takes the same
// verbs for the same arguments (the catalogue formats the error's
// arguments).
func TestErrorsTranslated(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	calls := 0
	fset := token.NewFileSet()
	for _, pkg := range errorPackages {
		for _, f := range goFiles(t, fset, pkg) {
			keys := translatedKeys(f.File)
			ast.Inspect(f.File, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !isErrorf(f.File, call) {
					return true
				}
				calls++
				where := fset.Position(call.Pos()).String()
				format, isLit := stringLit(call.Args[1])
				if !isLit {
					format = "(not a literal)"
				}
				for _, site := range []string{f.name, f.name + ": " + format} {
					if _, ok := untranslatedErrors[site]; ok {
						used[site] = true
						return true
					}
				}
				key, ok := keys[call]
				switch {
				case !isLit:
					t.Errorf("%s: the format is not a string literal", where)
				case !ok:
					t.Errorf("%s: %q is not followed by .Translated(key) with a literal key", where, format)
				default:
					assertCatalogued(t, where, b, key, format, true)
				}
				return true
			})
		}
	}
	assertScanned(t, "calls of kscheck.Errorf", calls, 100, untranslatedErrors, used)
}

// assertScanned fails when a scan found fewer than least of what it looks
// for, as when it no longer reads the packages, and when one of the
// exceptions, by site, was never used.
func assertScanned(t *testing.T, what string, found, least int, exceptions map[string]string, used map[string]bool) {
	t.Helper()
	if found < least {
		t.Errorf("found only %d %s; is the scan still reading the packages?", found, what)
	}
	for site := range exceptions {
		if !used[site] {
			t.Errorf("the exception %q matches nothing any more: remove it", site)
		}
	}
}

// goFile is a parsed Go file of a package, named "package/file.go".
type goFile struct {
	name string
	*ast.File
}

// goFiles parses the Go files of pkg, a package beside this one, leaving
// out its tests.
func goFiles(t *testing.T, fset *token.FileSet, pkg string) []goFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in %s: %v", pkg, err)
	}
	var files []goFile
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, goFile{pkg + "/" + filepath.Base(path), f})
	}
	return files
}

// stringLit returns the value of a string literal, or of literals joined
// with +.
func stringLit(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		x, xok := stringLit(e.X)
		y, yok := stringLit(e.Y)
		return x + y, e.Op == token.ADD && xok && yok
	case *ast.ParenExpr:
		return stringLit(e.X)
	}
	return "", false
}

// assertCatalogued holds key, at where, to be the catalogue text of a
// message made from format: both languages have the key, the English text
// is the format itself (or, with sentenceToo, the format as a sentence, as
// the first error keys were written), and the Dutch text is not the
// English one (unless the format has no words of its own, its arguments
// carrying them) and takes the same verbs for the same arguments, for the
// catalogue formats the message's arguments.
func assertCatalogued(t *testing.T, where string, b *Bundle, key, format string, sentenceToo bool) {
	t.Helper()
	en, nl := b.catalogs["en"][key], b.catalogs["nl"][key]
	switch {
	case !b.Has("en", key) || !b.Has("nl", key):
		t.Errorf("%s: key %q is missing in en or nl", where, key)
	case en != format && (!sentenceToo || en != sentence(format)):
		t.Errorf("%s: en:%s is %q, the format is %q", where, key, en, format)
	case nl == format && strings.ContainsFunc(verbRe.ReplaceAllString(format, ""), unicode.IsLetter):
		t.Errorf("%s: nl:%s is the English text", where, key)
	case !maps.Equal(verbs(nl), verbs(format)):
		t.Errorf("%s: nl:%s takes the verbs %v, the format %v", where, key, verbs(nl), verbs(format))
	}
}

// sentence is format with a capital letter and a full stop.
func sentence(format string) string {
	r, n := utf8.DecodeRuneInString(format)
	return string(unicode.ToUpper(r)) + format[n:] + "."
}

// isErrorf reports whether call is kscheck.Errorf, or Errorf inside
// package kscheck itself.
func isErrorf(f *ast.File, call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		return ok && x.Name == "kscheck" && fn.Sel.Name == "Errorf" && len(call.Args) >= 2
	case *ast.Ident:
		return f.Name.Name == "kscheck" && fn.Name == "Errorf" && len(call.Args) >= 2
	}
	return false
}

// translatedKeys maps each call that is followed at once by
// .Translated("key") to that key.
func translatedKeys(f *ast.File) map[*ast.CallExpr]string {
	keys := map[*ast.CallExpr]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Translated" {
			return true
		}
		inner, ok := sel.X.(*ast.CallExpr)
		lit, isLit := call.Args[0].(*ast.BasicLit)
		if ok && isLit && lit.Kind == token.STRING {
			keys[inner], _ = strconv.Unquote(lit.Value)
		}
		return true
	})
	return keys
}
