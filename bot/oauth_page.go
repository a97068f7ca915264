package bot

import (
	"html/template"
	"net/http"

	"github.com/onetoone/onetoone/bot/catalog"
)

// page is one of the installation flow's pages: plain server-rendered
// HTML, no script, every word from the catalog.
type page struct {
	Lang     catalog.Lang
	Title    string
	Body     string
	Link     string
	LinkText string
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5;color:#1d1c1d}
a.button{display:inline-block;background:#2c5f2d;color:#fff;padding:.6em 1.2em;border-radius:6px;text-decoration:none}</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Body}}</p>
{{if .Link}}<p><a class="button" href="{{.Link}}">{{.LinkText}}</a></p>{{end}}
</body>
</html>
`))

// writePage renders p with status. The page is never cached: its link may
// carry a state good for one installation.
func writePage(w http.ResponseWriter, status int, l catalog.Lang, p page) {
	p.Lang = l
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, p)
}
