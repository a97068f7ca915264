package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNoEnglishOutsideCatalog is issue 18's scanner: every word the bot
// says to people comes from bot/catalog, in the reader's language, so no
// user-facing English may remain as a literal in bot/*.go. It reads the
// code (go/ast) and reports two kinds of literals:
//
//   - text handed to a Block Kit or reply builder (textBuilders): any
//     word in it, once format verbs, emoji, Slack markup and placeholders
//     are set aside, is a word someone reads;
//   - any other literal of three or more English words in a row, wherever
//     it is, but in what only operators read (logs, Go errors, panics).
//
// What remains legitimately is in scanAllowed, with the reason.
func TestNoEnglishOutsideCatalog(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, file)
	}
	builders := textBuilders(parsed)
	var found []string
	for _, file := range parsed {
		found = append(found, scanFile(fset, file, builders)...)
	}
	for _, f := range found {
		t.Error(f)
	}
	if len(found) > 0 {
		t.Logf("%d user-facing English literals outside bot/catalog: move each to messages/en.toml and es.toml and call catalog.T", len(found))
	}
}

// textFields are the bot's structs whose fields (by name) hold text people
// read.
var textFields = map[string]map[string]bool{
	"reply":      {"Text": true},
	"inputField": {"Label": true, "Placeholder": true, "Hint": true},
}

// slackBuilders are slack-go's functions whose arguments (by index; -1 is
// every one) become text people read.
var slackBuilders = map[string][]int{
	"NewTextBlockObject": {1}, "NewOptionBlockObject": {1, 2}, "NewErrorsViewSubmissionResponse": {-1},
	"NewButtonBlockElement": {2},
}

// ownBuilders are the bot's helpers that put text in front of people
// (blocks.go, ack.go, dispatch.go); textParams are the names of their
// parameters that hold it, read from their declarations, so the scanner
// follows their signatures as they change.
var (
	ownBuilders = map[string]bool{
		"plain": true, "mdText": true, "section": true, "contextLine": true, "header": true, "button": true,
		"textInput": true, "modal": true, "loadingModal": true, "textReply": true, "tell": true,
	}
	textParams = map[string]bool{
		"s": true, "text": true, "label": true, "placeholder": true, "hint": true, "title": true,
		"submit": true, "format": true, "args": true,
	}
)

// textBuilders maps each builder to the indexes of its text arguments
// (-1: every one from there on, for a variadic).
func textBuilders(files []*ast.File) map[string][]int {
	out := map[string][]int{}
	for name, idx := range slackBuilders {
		out[name] = idx
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !ownBuilders[fn.Name.Name] {
				continue
			}
			i := 0
			for _, field := range fn.Type.Params.List {
				for _, n := range field.Names {
					if textParams[n.Name] {
						if _, variadic := field.Type.(*ast.Ellipsis); variadic {
							out[fn.Name.Name] = append(out[fn.Name.Name], -i-1)
						} else {
							out[fn.Name.Name] = append(out[fn.Name.Name], i)
						}
					}
					i++
				}
			}
		}
	}
	return out
}

// operatorOnly are calls whose text only operators read: logs, Go errors
// (which people never see: fail shows Error.Message; models.Errorf's is
// that Message, so it is scanned), panics, metrics.
var operatorOnly = map[string]bool{
	"Debug": true, "Info": true, "Warn": true, "Error": true, "Log": true,
	"DebugContext": true, "InfoContext": true, "WarnContext": true, "ErrorContext": true,
	"fmt.Errorf": true, "errors.New": true, "panic": true, "background": true, "slackCall": true, "failed": true,
	"MustCompile": true, "NewReplacer": true,
	"Contains": true, "HasPrefix": true, "HasSuffix": true, "EqualFold": true, // text matched, not shown
	"fail": true, // its route is a metric's label; what people read is the error's Message
	"skip": true, // why the scheduler left a delivery, for its log
}

// scanAllowed are literals that look like English but are not the bot's
// words, each with why.
var scanAllowed = map[string]string{
	appTokenHint:      "a log line for the operator",
	"America/Chicago": "an example of a timezone's name, the same in every language",
}

var (
	// threeWords is three or more words in a row.
	threeWords = regexp.MustCompile(`[A-Za-z][a-z']+[ ,]+[A-Za-z][a-z']*[ ,]+[A-Za-z][a-z']+`)
	// notWords are the parts of a text that are not words: format verbs,
	// emoji codes, Slack markup, template placeholders.
	notWords = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z]|:[a-z0-9_+\-]+:|<[^<>]*>|\{\{[^{}]*\}\}|\\[nt]`)
	aWord    = regexp.MustCompile(`[A-Za-z]{2,}`)
	// catalogID is a message id ("settings.title"), handed to catalog.T
	// through a view's own shorthand.
	catalogID = regexp.MustCompile(`^[a-z_]+(\.[a-z0-9_]+)+$`)
)

func scanFile(fset *token.FileSet, file *ast.File, builders map[string][]int) []string {
	var found []string
	seen := map[*ast.BasicLit]bool{}
	report := func(lit *ast.BasicLit, why string) {
		if seen[lit] {
			return
		}
		seen[lit] = true
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			s = lit.Value
		}
		if _, ok := scanAllowed[s]; ok {
			return
		}
		found = append(found, fset.Position(lit.Pos()).String()+": "+why+": "+strconv.Quote(s))
	}
	// words reports the literals under n that hold a word, but for the
	// arguments of catalog calls (ids) and operator-only calls.
	var words func(n ast.Node)
	words = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if name, pkg := callName(n); pkg == "catalog" || operatorOnly[name] || operatorOnly[pkg+"."+name] {
					return false
				}
			case *ast.KeyValueExpr:
				words(n.Value) // a map's keys are block ids
				return false
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && !catalogID.MatchString(s) && aWord.MatchString(notWords.ReplaceAllString(s, " ")) {
					report(n, "text of a view")
				}
			}
			return true
		})
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec, *ast.Field:
			return false // import paths; struct tags
		case *ast.FuncDecl:
			if n.Recv != nil && n.Name.Name == "Error" {
				return false // a Go error's text, for logs
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Help" {
				return false // a Prometheus metric's help, for operators
			}
		case *ast.CallExpr:
			name, pkg := callName(n)
			if pkg == "catalog" || operatorOnly[name] || operatorOnly[pkg+"."+name] {
				return false
			}
			if name == "Msg" {
				return false // models.Errorf(…).Msg(id): the English is the log's, people read the id's
			}
			for _, i := range builders[name] {
				for j, arg := range n.Args {
					// i < 0 is a variadic from -i-1 on.
					if i == j || (i < 0 && j >= -i-1) {
						words(arg)
					}
				}
			}
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "MessageID" {
						return false // a models.Error people read by its id
					}
				}
			}
			if id, ok := n.Type.(*ast.Ident); ok && textFields[id.Name] != nil {
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && textFields[id.Name][k.Name] {
							words(kv.Value)
						}
					}
				}
			}
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && threeWords.MatchString(notWords.ReplaceAllString(s, " ")) {
				report(n, "English words")
			}
		}
		return true
	})
	return found
}

// callName is the name of the function n calls, and the package or
// receiver it is called on ("T", "catalog").
func callName(n *ast.CallExpr) (name, on string) {
	switch f := n.Fun.(type) {
	case *ast.Ident:
		return f.Name, ""
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return f.Sel.Name, x.Name
		}
		return f.Sel.Name, ""
	}
	return "", ""
}
