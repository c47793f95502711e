package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// attachmentUpload stores a document sent as multipart form data on a
// case; it goes back to the dossier when the person came from there, and
// to the case page (where initiators see their own documents) otherwise.
func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The dossier says so in its form's address, which is read even when
	// the body is not.
	fromDossier := r.URL.Query().Get("back") == "dossier"
	failed := func(err error) {
		if fromDossier {
			s.failOnDossier(w, r, actor, err)
		} else {
			s.failOnCase(w, r, actor, id, err)
		}
	}
	name, data, err := postedFile(r, false)
	if err != nil {
		failed(err)
		return
	}
	if _, err := s.svc.AddAttachment(r.Context(), actor, id, postedVersion(r), name, data); err != nil {
		failed(err)
		return
	}
	if fromDossier {
		backToDossier(w, r, id, "saved", "#documents")
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved#documents", http.StatusSeeOther)
}

// postedFile reads the document posted as "file" in a multipart form. An
// optional file may be missing: then name and data are empty.
func postedFile(r *http.Request, optional bool) (string, []byte, error) {
	// Files up to the limit stay in memory; the request is bounded anyway.
	err := r.ParseMultipartForm(uploadBodyBytes)
	if errors.Is(err, http.ErrNotMultipart) && optional {
		return "", nil, r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", nil, kscheck.Errorf(kscheck.EInvalid, "the file is larger than %d MB", service.MaxAttachmentBytes>>20).Translated("err.attachment.file_too_large")
		}
		return "", nil, kscheck.Errorf(kscheck.EInvalid, "choose a file to upload").Translated("err.attachment.choose")
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) && optional {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, kscheck.Errorf(kscheck.EInvalid, "choose a file to upload").Translated("err.attachment.choose")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, service.MaxAttachmentBytes+1))
	return hdr.Filename, data, err
}

// attachmentDownload sends a document as a download, never rendered
// inline, to someone who may see the case.
func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	att, err := strconv.ParseInt(r.PathValue("att"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a document number", r.PathValue("att")).Translated("err.attachment.not_number"))
		return
	}
	a, err := s.svc.Attachment(r.Context(), actor, id, att)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Cache-Control", "no-store")
	w.Write(a.Data)
}
