package i18n

import (
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Message returns e in l's language: its catalogue text, with the words of
// the domain among its arguments (kscheck.Term, Terms and Problems) in l's
// language too, so that no English word stands in a Dutch sentence. An
// error without a catalogue text keeps its English Message.
func (l *Localizer) Message(e *kscheck.Error) string {
	if e.Key == "" || !l.b.Has(l.lang, e.Key) {
		return e.Message
	}
	return l.T(e.Key, l.args(e.Args)...)
}

// args returns args with each word of the domain in l's language.
func (l *Localizer) args(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case kscheck.Term:
			out[i] = l.term(a)
		case kscheck.Terms:
			words := make([]string, len(a.List))
			for j, t := range a.List {
				words[j] = l.term(t)
			}
			sep := ", "
			if a.Or {
				sep = " " + l.T("list.or") + " "
			}
			out[i] = strings.Join(words, sep)
		case kscheck.Problems:
			msgs := make([]string, len(a))
			for j, p := range a {
				msgs[j] = l.Message(p)
			}
			out[i] = kscheck.Capitalise(strings.Join(msgs, "; "))
		default:
			out[i] = a
		}
	}
	return out
}

// term is t in l's language.
func (l *Localizer) term(t kscheck.Term) string { return l.T(t.Key, l.args(t.Args)...) }

// Sentence is t in l's language as a sentence of its own: capitalised,
// with a full stop, for a notice that says one of the domain's rules.
func (l *Localizer) Sentence(t kscheck.Term) string { return kscheck.Sentence(l.term(t)) }
