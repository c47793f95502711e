package web

import (
	"io"
	"mime/multipart"
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

// listUploadBodyBytes bounds the request of a list upload: the files plus
// room for the form around them.
const listUploadBodyBytes = service.MaxListUploadBytes + 64<<10

// isListUpload reports whether r uploads list files on the lists page.
func isListUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/admin/lists"
}

type adminListsData struct {
	service.ListsOverview
	File        templates.Field
	AllowShrink templates.Field
}

// adminLists shows every list with the snapshot in force and its
// warnings, and, to administrators, the form to import a list file. The
// service lets administrators and the Advice Desk see it.
func (s *Server) adminLists(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderAdminLists(w, r, actor, nil, false)
}

// renderAdminLists renders the lists page; with err, why an import was
// refused, beside the file field and in the error summary.
func (s *Server) renderAdminLists(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, err error, allowShrink bool) {
	o, lerr := s.svc.Lists(r.Context(), actor)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	d := s.page(r, "lists.title")
	data := adminListsData{
		ListsOverview: o,
		File: templates.Field{Name: "file", Type: "file", Multiple: true, Required: true,
			Label: d.L.T("lists.file"), Hint: d.L.T("lists.file_hint", service.MaxListUploadBytes>>20)},
		AllowShrink: templates.Field{Name: "allow_shrink", Label: d.L.T("lists.allow_shrink"), Hint: d.L.T("lists.allow_shrink_hint"), Checked: allowShrink},
	}
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
		data.File.Error = s.errorText(d.L, err)
		d.Errors = []templates.FieldError{{FieldID: data.File.ControlID(), Message: data.File.Error}}
	}
	d.Data = data
	s.render(w, r, status, "admin_lists.html", d)
}

// adminListsImport imports the list files of the upload form, then
// re-screens the partners of open and running checks, as the command
// line's import does.
func (s *Server) adminListsImport(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	tooBig := kscheck.Errorf(kscheck.EInvalid, "the files are larger than %d MB together, the most an upload may be; import them on the command line (kscheck lists import)",
		service.MaxListUploadBytes>>20).Translated("lists.err.too_big")
	if err := readForm(r, 1<<20, tooBig); err != nil {
		s.renderAdminLists(w, r, actor, err, false)
		return
	}
	allowShrink := r.PostForm.Get("allow_shrink") == "yes"
	files := map[string][]byte{}
	var headers []*multipart.FileHeader
	if r.MultipartForm != nil { // nil when the form was not sent as multipart
		defer r.MultipartForm.RemoveAll()
		headers = r.MultipartForm.File["file"]
	}
	var size int64
	for _, h := range headers {
		size += h.Size
	}
	if size > service.MaxListUploadBytes { // the body's limit leaves room for the form around the files
		s.renderAdminLists(w, r, actor, tooBig, allowShrink)
		return
	}
	for _, h := range headers {
		f, err := h.Open()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		files[h.Filename] = data
	}
	if len(files) == 0 {
		s.renderAdminLists(w, r, actor, kscheck.Errorf(kscheck.EInvalid, "choose one or more list files to upload").Translated("lists.err.choose"), allowShrink)
		return
	}
	if err := s.svc.ImportListFiles(r.Context(), actor, files, allowShrink); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EForbidden {
			s.fail(w, r, err)
			return
		}
		s.renderAdminLists(w, r, actor, err, allowShrink)
		return
	}
	if _, _, err := s.svc.Rescreen(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/lists?done=lists_imported", http.StatusSeeOther)
}
