package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/export"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

type publishedData struct {
	Public      bool
	Entries     []service.PublishedEntry
	Page, Pages int
	Export      string // the path of the download
}

// publishedRegister shows the anonymised decision register to the Desk,
// the Committee and the auditor: what the public page shows, when the
// institution publishes it.
func (s *Server) publishedRegister(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.showPublished(w, r, actor, false)
}

// publicRegister is the published register, for everyone, when the
// installation enables it (serve --public-register).
func (s *Server) publicRegister(w http.ResponseWriter, r *http.Request) {
	s.showPublished(w, r, kscheck.Actor{}, true)
}

func (s *Server) showPublished(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, public bool) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	d := s.page(r, "published.title")
	entries, total, err := s.svc.PublishedRegister(r.Context(), actor, public, d.L.Lang(), listPerPage, (page-1)*listPerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := publishedData{Public: public, Entries: entries, Page: page, Pages: (total + listPerPage - 1) / listPerPage, Export: "/export/register/published"}
	if public {
		data.Export = "/public/register/export"
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "published.html", d)
}

func (s *Server) exportPublishedRegister(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.exportPublished(w, r, actor, false)
}

func (s *Server) exportPublicRegister(w http.ResponseWriter, r *http.Request) {
	s.exportPublished(w, r, kscheck.Actor{}, true)
}

// exportPublished downloads the whole anonymised register.
func (s *Server) exportPublished(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, public bool) {
	s.streamExport(w, r, "published_register", func(L *i18n.Localizer, format export.Format) ([]export.Column, func(export.Writer) error) {
		cols := []export.Column{{Title: L.T("published.decided")}, {Title: L.T("case.kind"), Width: 30}, {Title: L.T("dashboard.faculty"), Width: 30},
			{Title: L.T("published.countries"), Width: 24}, {Title: L.T("published.partners"), Width: 30}, {Title: L.T("published.technology"), Width: 40},
			{Title: L.T("register.outcome"), Width: 24}, {Title: L.T("published.measures"), Width: 60}}
		return cols, func(out export.Writer) error {
			return s.svc.ExportPublishedRegister(r.Context(), actor, public, L.Lang(), string(format), func(e service.PublishedEntry) error {
				return out.Row(L.Month(e.Decided), L.E(e.Kind), e.Faculty, strings.Join(e.Countries, "; "), strings.Join(e.Partners, "; "),
					e.Technology, L.E(e.Verdict), strings.Join(measureNames(L, e.Measures), "; "))
			})
		}
	})
}

// measureNames names measure categories, "" being a measure in own words.
func measureNames(L *i18n.Localizer, cats []string) []string {
	out := make([]string, len(cats))
	for i, c := range cats {
		if c == "" {
			c = L.T("published.other_measure")
		}
		out[i] = c
	}
	return out
}
