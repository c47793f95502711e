package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

type adminProceduresData struct {
	Listings []service.ProcedureListing
	File     templates.Field
	Activate templates.Field
}

// adminProcedures lists every procedure version with its status and use,
// with the upload form. The service lets administrators only.
func (s *Server) adminProcedures(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderAdminProcedures(w, r, actor, nil, false)
}

// renderAdminProcedures renders the administration page; with err, the
// upload or change that failed, with every problem of a refused file at
// its place and in the reader's language.
func (s *Server) renderAdminProcedures(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, err error, activate bool) {
	list, lerr := s.svc.ProcedureListings(r.Context(), actor)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	d := s.page(r, "procedure.admin_title")
	data := adminProceduresData{
		Listings: list,
		File:     templates.Field{Name: "file", Type: "file", Label: d.L.T("procedure.upload_file"), Hint: d.L.T("procedure.upload_hint", service.MaxProcedureBytes>>10), Required: true},
		Activate: templates.Field{Name: "activate", Label: d.L.T("procedure.upload_activate"), Checked: activate},
	}
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
		var refused *service.RefusedProcedure
		if errors.As(err, &refused) {
			data.File.Error = d.L.N("procedure.refused", len(refused.Problems), len(refused.Problems))
			for _, p := range refused.Problems {
				d.Errors = append(d.Errors, templates.FieldError{FieldID: "file", Message: p.Located(d.L.Message(p.Err()))})
			}
		} else {
			data.File.Error = s.errorText(d.L, err)
			d.Errors = []templates.FieldError{{FieldID: "file", Message: data.File.Error}}
		}
	}
	d.Data = data
	s.render(w, r, status, "procedures_admin.html", d)
}

// adminProcedureUpload takes a procedure file from a multipart form. The
// body is limited to the largest file allowed plus room for the form.
func (s *Server) adminProcedureUpload(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	limit := int64(service.MaxProcedureBytes + 64<<10)
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := readForm(r, limit, kscheck.Errorf(kscheck.EInvalid, "the file is larger than %d KB, the most a procedure file may be", service.MaxProcedureBytes>>10).Translated("err.procedure.upload_too_large")); err != nil {
		s.renderAdminProcedures(w, r, actor, err, false)
		return
	}
	defer r.MultipartForm.RemoveAll()
	activate := r.PostForm.Get("activate") == "yes"
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.renderAdminProcedures(w, r, actor, kscheck.Errorf(kscheck.EInvalid, "choose a procedure file (YAML) to upload").Translated("err.procedure.choose"), activate)
		return
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, service.MaxProcedureBytes+1))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.UploadProcedure(r.Context(), actor, hdr.Filename, src, activate)
	if kscheck.ErrorCode(err) == kscheck.EForbidden {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		s.renderAdminProcedures(w, r, actor, err, activate)
		return
	}
	done := "procedure_uploaded"
	if activate {
		done = "procedure_activated"
	}
	http.Redirect(w, r, "/admin/procedures?done="+done+"#v-"+url.PathEscape(v.Ref()), http.StatusSeeOther)
}

// adminProcedureActivate and adminProcedureRetire change a version's
// status from the buttons on the administration page.
func (s *Server) adminProcedureActivate(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.changeProcedure(w, r, actor, s.svc.ActivateProcedure, "procedure_activated")
}

func (s *Server) adminProcedureRetire(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.changeProcedure(w, r, actor, s.svc.RetireProcedure, "procedure_retired")
}

func (s *Server) changeProcedure(w http.ResponseWriter, r *http.Request, actor kscheck.Actor,
	change func(context.Context, kscheck.Actor, string) (*kscheck.ProcedureVersion, error), done string) {
	ref := r.PathValue("ref")
	if _, err := change(r.Context(), actor, ref); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EForbidden {
			s.fail(w, r, err)
			return
		}
		s.renderAdminProcedures(w, r, actor, err, false)
		return
	}
	http.Redirect(w, r, "/admin/procedures?done="+done+"#v-"+url.PathEscape(ref), http.StatusSeeOther)
}
