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
// case; it goes back to the dossier when the person came from there.
func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, data, err := postedFile(r, false)
	if err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	if _, err := s.svc.AddAttachment(r.Context(), actor, id, name, data); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	backToDossier(w, r, id, "saved", "#documents")
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
			return "", nil, kscheck.Errorf(kscheck.EInvalid, "the file is larger than %d MB", service.MaxAttachmentBytes>>20)
		}
		return "", nil, kscheck.Errorf(kscheck.EInvalid, "choose a file to upload")
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) && optional {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, kscheck.Errorf(kscheck.EInvalid, "choose a file to upload")
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
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a document number", r.PathValue("att")))
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
