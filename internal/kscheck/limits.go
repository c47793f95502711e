package kscheck

import (
	"strings"
	"unicode/utf8"
)

// TextLimit is the longest a free-text field may be, in characters, and
// the words that name the field in an error message (a Term, so that pages
// name it in the reader's language). Every free-text field
// kscheck stores has its limit here, so that SQLite and PostgreSQL (and
// the append-only audit trail, which keeps what was stored) see the same.
type TextLimit struct {
	Field Term
	Max   int
}

// The limits of kscheck's free-text fields.
var (
	LimitTitle       = TextLimit{Term{Key: "field.title", Text: "the title"}, 200}
	LimitDescription = TextLimit{Term{Key: "field.description", Text: "the description"}, 20_000}
	LimitMessage     = TextLimit{Term{Key: "field.message", Text: "the message"}, 20_000}
	LimitComment     = TextLimit{Term{Key: "field.comment", Text: "the comment"}, 10_000}
	LimitMeasure     = TextLimit{Term{Key: "field.measure", Text: "the measure"}, 2_000}
	LimitMeasureNote = TextLimit{Term{Key: "field.measure_note", Text: "the follow-up note"}, 5_000}
	LimitReason      = TextLimit{Term{Key: "field.reason", Text: "the reason"}, 2_000}
	LimitPartnerName = TextLimit{Term{Key: "field.partner_name", Text: "the partner's name"}, 300}
	LimitWebsite     = TextLimit{Term{Key: "field.website", Text: "the website"}, 500}
	LimitCode        = TextLimit{Term{Key: "field.code", Text: "the code"}, 100}
	LimitSearch      = TextLimit{Term{Key: "field.search", Text: "the search"}, 200}
	LimitPersonName  = TextLimit{Term{Key: "field.person_name", Text: "the name"}, 200}
	LimitEmail       = TextLimit{Term{Key: "field.email", Text: "the e-mail address"}, 254}
)

// Check returns an EInvalid error that names the field when s is not
// plain text (see CheckPlainText) or is longer than the limit.
func (l TextLimit) Check(s string) error {
	if err := CheckPlainText(l.Field, s); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > l.Max {
		return Errorf(EInvalid, "%s is %d characters long; the most is %d: shorten it and try again", l.Field, n, l.Max).Translated("err.text.too_long")
	}
	return nil
}

// CheckPlainText returns an EInvalid error that names field when s is not
// valid UTF-8 or holds a NUL byte or another control character (other than
// tab and line breaks): PostgreSQL refuses such text and SQLite would store
// it as it came, so both refuse it here, the same way.
func CheckPlainText(field Term, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EInvalid, "%s contains bytes that are not text (invalid UTF-8): type or paste it again as plain text", field).Translated("err.text.not_utf8")
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f }) {
		return Errorf(EInvalid, "%s contains a control character (such as a NUL byte) that is not text: remove it and try again", field).Translated("err.text.control")
	}
	return nil
}
