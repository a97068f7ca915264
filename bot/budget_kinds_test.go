package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
)

// TestBotKindsDecideTheirBudget: every kind of message the bot records
// itself (a Remind them, the answer in the Messages tab) is a constant of
// models, where the budget's lists name it and models' own test checks it
// is in exactly one of them. A kind written here, as a local constant or
// a string, would slip past both.
func TestBotKindsDecideTheirBudget(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (fn.Sel.Name != "RecordOnce" && fn.Sel.Name != "RecordUnasked") || len(call.Args) < 2 {
				return true
			}
			calls++
			kind, ok := call.Args[1].(*ast.SelectorExpr)
			if pkg, isIdent := kindPkg(kind); !ok || !isIdent || pkg != "models" || !strings.HasPrefix(kind.Sel.Name, "Kind") {
				t.Errorf("%s: %s records a kind that isn't a models.Kind... constant; name it in models and decide its budget there", fset.Position(call.Pos()), fn.Sel.Name)
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("found no call recording a kind; the scan no longer sees them")
	}
	for _, k := range []string{models.KindManualNudge, models.KindInboxReply} {
		_, unasked := models.UnaskedKinds[k]
		_, asked := models.AskedKinds[k]
		if unasked == asked {
			t.Errorf("kind %q is in UnaskedKinds: %v, in AskedKinds: %v; it must be in exactly one", k, unasked, asked)
		}
	}
}

// kindPkg names the package of a selector like models.KindX.
func kindPkg(s *ast.SelectorExpr) (string, bool) {
	if s == nil {
		return "", false
	}
	id, ok := s.X.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}
