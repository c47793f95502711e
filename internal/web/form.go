package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// readForm parses a posted form, URL-encoded or multipart (files up to
// maxMemory stay in memory), and checks that every value is plain text.
// Every handler that reads a form goes through it, so that a form that
// does not parse is refused with a plain sentence (422), never read as
// empty. tooBig is the error when the body is over its limit.
func readForm(r *http.Request, maxMemory int64, tooBig *kscheck.Error) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxMemory)
	} else {
		err = r.ParseForm()
	}
	var overLimit *http.MaxBytesError
	switch {
	case errors.As(err, &overLimit):
		return tooBig
	case err != nil:
		return kscheck.Errorf(kscheck.EInvalid, "the form could not be read (%v): reload the page and send it again", err).Translated("err.form.unreadable")
	}
	for name, values := range r.Form {
		field := kscheck.Term{Key: "field.form", Text: fmt.Sprintf("the field %.40q", name), Args: []any{name}}
		if err := kscheck.CheckPlainText(field, name); err != nil {
			return kscheck.Errorf(kscheck.EInvalid, "a field name contains bytes that are not text: reload the page and send the form again").Translated("err.form.field_name")
		}
		for _, v := range values {
			if err := kscheck.CheckPlainText(field, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// formTooBig is the error for a form over the body limit.
func (s *Server) formTooBig() *kscheck.Error {
	return kscheck.Errorf(kscheck.EInvalid, "the form is larger than %d KB: shorten the texts and send it again", s.cfg.MaxBodyBytes>>10).Translated("err.form.too_big")
}

// postedVersion reads the version of the case the person saw, which every
// change carries; a missing or garbled one reads as 0, which the service
// refuses (never "do not check").
func postedVersion(r *http.Request) int64 {
	v, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil || v < 0 {
		return 0
	}
	return v
}
