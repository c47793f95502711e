package store_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

func TestChangeWithoutAuditIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		head := func() int64 {
			t.Helper()
			h, err := s.Head(ctx, kscheck.Changes)
			if err != nil {
				t.Fatal(err)
			}
			return h.Seq
		}
		before := head()
		addUnit := func(tx *store.Tx) error {
			return tx.AddUnit(ctx, &kscheck.Unit{Code: "physics", Name: "Physics", Level: kscheck.LevelUniversity})
		}

		err := s.InTx(ctx, addUnit)
		if !errors.Is(err, store.ErrUnaudited) || !strings.Contains(err.Error(), "unit.add") || kscheck.ErrorCode(err) != kscheck.EInternal {
			t.Fatalf("a unit added without an audit entry: %v", err)
		}
		if _, err := s.Unit(ctx, "physics"); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Fatalf("the refused unit was kept: %v", err)
		}
		if h := head(); h != before {
			t.Fatalf("the trail moved from %d to %d", before, h)
		}

		err = s.InTx(ctx, func(tx *store.Tx) error {
			if err := addUnit(tx); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, &kscheck.AuditEntry{At: time.Now(), ActorName: "system", Action: "unit.add"})
		})
		if err != nil {
			t.Fatalf("a unit added with its audit entry: %v", err)
		}
		if _, err := s.Unit(ctx, "physics"); err != nil {
			t.Fatalf("the audited unit is missing: %v", err)
		}
		if h := head(); h != before+1 {
			t.Fatalf("the trail is at %d, want %d", h, before+1)
		}
	})
}

// unaudited are the exported methods of the store that write without an
// audit entry, each with why it records no decision (see recordChange).
var unaudited = map[string]string{
	"Tx.AppendAudit":          "it is the audit entry",
	"Tx.AppendRead":           "the access log is a trail of its own",
	"Tx.Enqueue":              "queues the notices of an audited change",
	"Tx.EnqueueDelivery":      "queues the webhooks of an audited change",
	"Tx.RecordDeadlineNotice": "a deadline reminder goes out once",
	"Tx.RecordMeasureOverdue": "an overdue measure is noticed once",
	"Store.Claim":             "the mail outbox's lease",
	"Store.MarkSent":          "the mail outbox's bookkeeping",
	"Store.MarkFailed":        "the mail outbox's bookkeeping",
	"Store.ClaimDeliveries":   "the webhook queue's lease",
	"Store.RecordAttempt":     "the webhook queue's bookkeeping",
	"Store.AddSyntheticCases": "made-up cases for measurements",
	"ops.CountLoginAttempt":   "sign-in throttle",
	"ops.ForgetLoginAttempts": "sign-in throttle",
	"ops.RefundLoginAttempt":  "sign-in throttle",
	"ops.CreateSession":       "sessions",
	"ops.DeleteSession":       "sessions",
	"ops.DeleteSessionsOf":    "sessions",
	"ops.TouchToken":          "a token's last use",
	"ops.ConsumeAssertion":    "a sign-on assertion is used once",
	"ops.SetLanguage":         "a person's language, for display",
}

// TestEveryWriteIsAudited reads the store's source: every exported method
// that writes (runs INSERT, UPDATE or DELETE, itself or through a function
// of the package) is a method of Tx whose first statement is a
// recordChange call, or is on the unaudited list. So a new write cannot
// escape the check in InTx unnoticed.
func TestEveryWriteIsAudited(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*ast.FuncDecl{} // "Recv.Name" or "Name"
	byName := map[string][]string{}     // Name to its keys, for methods
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			key := fd.Name.Name
			if fd.Recv != nil {
				key = recvName(fd.Recv.List[0].Type) + "." + key
			}
			funcs[key] = fd
			if fd.Recv != nil {
				byName[fd.Name.Name] = append(byName[fd.Name.Name], key)
			}
		}
	}

	// writes: the functions that run a write statement, themselves or
	// through a function of the package they call (by name, which can
	// only err towards more writers).
	writes := map[string]bool{}
	calls := map[string][]string{}
	for key, fd := range funcs {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil && writesSQL(s) {
						writes[key] = true
					}
				}
			case *ast.CallExpr:
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					calls[key] = append(calls[key], fn.Name)
				case *ast.SelectorExpr:
					calls[key] = append(calls[key], byName[fn.Sel.Name]...)
				}
			}
			return true
		})
	}
	for changed := true; changed; {
		changed = false
		for key, callees := range calls {
			for _, c := range callees {
				if writes[c] && !writes[key] {
					writes[key], changed = true, true
				}
			}
		}
	}
	// The reading itself must work, or the rules below check nothing.
	if !writes["Tx.CreateCase"] || !writes["Tx.Assign"] || writes["ops.Case"] {
		t.Fatalf("writes found wrongly: CreateCase %v, Assign %v, Case %v", writes["Tx.CreateCase"], writes["Tx.Assign"], writes["ops.Case"])
	}

	var keys []string
	for key := range funcs {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	marked := 0
	for _, key := range keys {
		fd := funcs[key]
		if fd.Recv == nil || !fd.Name.IsExported() || !writes[key] {
			continue
		}
		_, exempt := unaudited[key]
		switch first := marksChange(fd); {
		case first && exempt:
			t.Errorf("%s is on the unaudited list but marks a change of record", key)
		case first && !strings.HasPrefix(key, "Tx."):
			t.Errorf("%s marks a change of record outside a Tx", key)
		case first:
			marked++
		case exempt:
		case strings.HasPrefix(key, "Tx."):
			t.Errorf("%s writes: call recordChange first, or put it on the unaudited list with why", key)
		default:
			t.Errorf("%s writes outside a transaction that checks its audit entry: make it a method of Tx that calls recordChange, or put it on the unaudited list with why", key)
		}
	}
	for key := range unaudited {
		if !writes[key] {
			t.Errorf("%s is on the unaudited list but writes nothing (or is gone)", key)
		}
	}
	if marked < 30 {
		t.Errorf("only %d methods mark a change of record", marked)
	}
}

// writesSQL reports whether the statement (or a piece of one) s changes
// rows: SQL is written in capitals, and FOR UPDATE only locks.
func writesSQL(s string) bool {
	w := strings.Fields(s)
	for i, word := range w {
		switch {
		case word == "INSERT", word == "DELETE":
			return true
		case word == "UPDATE" && (i == 0 || w[i-1] != "FOR"):
			return true
		}
	}
	return false
}

func recvName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	return e.(*ast.Ident).Name
}

// marksChange reports whether fd's first statement is x.recordChange("…").
func marksChange(fd *ast.FuncDecl) bool {
	if len(fd.Body.List) == 0 {
		return false
	}
	es, ok := fd.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "recordChange" {
		return false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	return ok && lit.Kind == token.STRING && lit.Value != `""`
}
