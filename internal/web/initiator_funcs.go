package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
)

// init adds the template functions of the initiator's, director's and
// adviser's pages to funcs; they live here, beside the pages that use
// them, rather than in render.go.
func init() {
	funcs["answerText"] = answerText
	funcs["hitsOf"] = hitsOf
	funcs["screeningOf"] = screeningOf
	funcs["coverageOf"] = coverageOf
	funcs["openHits"] = openHits
	funcs["coverageLists"] = coverageLists
	funcs["snapshotName"] = screening.SnapshotName
	funcs["gapText"] = gapText
	funcs["explanationNotes"] = explanationNotes
	funcs["shortHash"] = func(h string) string { return h[:min(len(h), 12)] }
	funcs["percentOf"] = func(score float64) string { return fmt.Sprintf("%.0f%%", score*100) }
	funcs["questionText"] = questionText
	funcs["questionnaireAnswers"] = questionnaireAnswers
	funcs["lastAdvice"] = lastAdvice
	funcs["isAnswer"] = func(m kscheck.Message) bool { return m.Kind != kscheck.MsgQuestion }
}

// answerText is a flowchart step's answer in words.
func answerText(p *procedure.Procedure, s procedure.Step, lang string) string {
	return p.AnswerText(s.Question, s.Outcome, s.Answer, lang)
}

// questionText is the text of question id in lang, or the id for a
// question the procedure does not know.
func questionText(p *procedure.Procedure, id, lang string) string {
	if q := p.Question(id); q != nil {
		return q.Text.In(lang)
	}
	return id
}

// hitsOf returns the screening candidates of one partner of a case.
func hitsOf(v *service.CaseView, partnerID int64) []screening.Hit {
	var out []screening.Hit
	for _, h := range v.Hits {
		if h.PartnerID == partnerID {
			out = append(out, h)
		}
	}
	return out
}

// coverageOf is the coverage of a stored screening run (a value or a
// pointer, as the pages hold it), as it was when the run was made.
func coverageOf(run any) screening.Coverage {
	switch r := run.(type) {
	case *screening.Run:
		return screening.CoverageOf(r.Snapshots, r.At)
	case screening.Run:
		return screening.CoverageOf(r.Snapshots, r.At)
	}
	return screening.CoverageOf(nil, time.Now())
}

// openHits counts the candidates still to resolve: a confirmed or
// dismissed hit is settled.
func openHits(hits []screening.Hit) int {
	n := 0
	for _, h := range hits {
		if h.Status == kscheck.HitCandidate {
			n++
		}
	}
	return n
}

// coverageLists names the snapshots a screening covered, in the reader's
// language.
func coverageLists(L *i18n.Localizer, c screening.Coverage) string {
	parts := make([]string, len(c.Lists))
	for i, r := range c.Lists {
		parts[i] = screening.SnapshotName(L, r)
	}
	return strings.Join(parts, "; ")
}

// gapText says what a coverage gap means, in the reader's language.
func gapText(L *i18n.Localizer, g screening.Gap) string {
	name := L.T("listname." + string(g.List))
	switch g.Kind {
	case screening.GapSample:
		return L.T("coverage.gap.sample", name, g.Entries)
	case screening.GapStale:
		return L.T("coverage.gap.stale", name, g.Days)
	case screening.GapBundled:
		return L.T("coverage.gap.bundled", name)
	}
	return L.T("coverage.gap.missing", name)
}

// explanationNotes words a candidate's score adjustments in the reader's
// language. A candidate recorded before explanations carried reasons keeps
// its English notes.
func explanationNotes(L *i18n.Localizer, e screening.Explanation) []string {
	if len(e.Reasons) != len(e.Notes) {
		return e.Notes
	}
	out := make([]string, len(e.Reasons))
	for i, r := range e.Reasons {
		args := make([]any, len(r.Args))
		for j, a := range r.Args {
			args[j] = a
			if r.Key == screening.ReasonTypeDiffers {
				args[j] = L.T("explain.entity." + a)
			}
		}
		out[i] = L.T("explain."+r.Key, args...)
	}
	return out
}

// screeningOf returns the latest screening run of a partner, or nil when
// the partner has not been screened (no lists loaded).
func screeningOf(v *service.CaseView, partnerID int64) *screening.Run {
	if r, ok := v.Screenings[partnerID]; ok {
		return &r
	}
	return nil
}

// lastAdvice returns the faculty adviser's most recent recorded advice on
// a case, or nil.
func lastAdvice(thread []kscheck.Message) *kscheck.Message {
	for i := len(thread) - 1; i >= 0; i-- {
		if thread[i].Kind == kscheck.MsgAdvice && strings.TrimSpace(thread[i].Body) != "" {
			return &thread[i]
		}
	}
	return nil
}
