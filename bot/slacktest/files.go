package slacktest

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// upload is a file between files.getUploadURLExternal and
// files.completeUploadExternal.
type upload struct {
	filename string
	content  string
	uploaded bool
}

func (s *Server) filesGetUploadURL(p params) (map[string]any, *apiError) {
	name := p.str("filename")
	if n, err := strconv.Atoi(p.str("length")); name == "" || err != nil || n <= 0 {
		return nil, errCode("invalid_arguments")
	}
	id := s.nextID("F")
	s.uploads[id] = &upload{filename: name}
	return map[string]any{"upload_url": s.root + "upload/" + id, "file_id": id}, nil
}

// serveUpload receives the file bytes (multipart "file" field or raw body).
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	content, err := readUpload(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	u := s.uploads[id]
	if u != nil {
		u.content, u.uploaded = content, true
	}
	s.mu.Unlock()
	if u == nil {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = fmt.Fprintf(w, "OK - %d", len(content))
}

func readUpload(r *http.Request) (string, error) {
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype != "multipart/form-data" {
		b, err := io.ReadAll(r.Body)
		return string(b), err
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
}

func (s *Server) filesCompleteUpload(p params) (map[string]any, *apiError) {
	list := asList(p["files"])
	if len(list) == 0 {
		return nil, errCode("invalid_arguments")
	}
	channel := p.str("channel_id")
	if channel == "" {
		channel = p.str("channels")
	}
	var out []any
	for _, f := range list {
		id, title := asString(asMap(f)["id"]), asString(asMap(f)["title"])
		u := s.uploads[id]
		if u == nil || !u.uploaded {
			return nil, errCode("file_not_found")
		}
		if title == "" {
			title = u.filename
		}
		s.files = append(s.files, File{ID: id, Filename: u.filename, Title: title, Content: u.content,
			Channel: channel, ThreadTS: p.str("thread_ts"), InitialComment: p.str("initial_comment")})
		delete(s.uploads, id)
		out = append(out, map[string]any{"id": id, "title": title})
	}
	return map[string]any{"files": out}, nil
}
