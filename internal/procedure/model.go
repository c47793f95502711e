package procedure

import (
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// Procedure is one version of one flowchart, with its supplementary
// questionnaire and its catalogue of mitigation measures.
type Procedure struct {
	ID          string        `yaml:"id"`
	Version     string        `yaml:"version"`
	Track       kscheck.Track `yaml:"track"`
	Title       Text          `yaml:"title"`
	Description Text          `yaml:"description"`
	AppliesTo   Applicability `yaml:"applies_to"`
	// Desk and Committee name the bodies a case in this track goes to.
	Desk      Text `yaml:"desk"`
	Committee Text `yaml:"committee"`
	// DeadlineWeeks is the Committee's maximum; ExternalAdviceWeeks the
	// maximum when it asks for external advice (0: not applicable).
	DeadlineWeeks       int          `yaml:"deadline_weeks"`
	ExternalAdviceWeeks int          `yaml:"external_advice_weeks"`
	Start               string       `yaml:"start"` // id of the first question
	Sections            []*Section   `yaml:"sections"`
	Supplementary       []*Section   `yaml:"supplementary"`
	Mitigations         []Mitigation `yaml:"mitigations"`

	file  string
	pos   positions
	from  time.Time
	until time.Time // zero: open-ended
	index map[string]*Question
}

// Text is a sentence of a procedure by language tag, written in the YAML
// as `en: …` and `nl: …`. It is a map so that a further language is a
// further entry in the files and the catalogs, not a change to Go;
// checkTranslations requires every language of i18n.Languages.
type Text map[string]string

// In returns the text in lang, falling back to English (i18n.Default).
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t[i18n.Default]
}

// all returns the text in every language it is given in, in the order of
// the language tags.
func (t Text) all() []string {
	out := make([]string, 0, len(t))
	for _, lang := range sortedKeys(t) {
		out = append(out, t[lang])
	}
	return out
}

// Applicability says for which units (and their descendants) and from when
// until when (exclusive) a procedure is in force.
type Applicability struct {
	Units []string `yaml:"units"`
	From  string   `yaml:"from"`  // YYYY-MM-DD
	Until string   `yaml:"until"` // YYYY-MM-DD, exclusive; empty: open-ended
}

// Section groups questions under a heading (A legal stops, B knowledge, ...).
type Section struct {
	ID        string      `yaml:"id"`
	Title     Text        `yaml:"title"`
	Questions []*Question `yaml:"questions"`
}

// QuestionType says how a question is answered.
type QuestionType string

// Question types.
const (
	YesNo      QuestionType = "yesno"
	Single     QuestionType = "single"     // one of Choices
	Multiple   QuestionType = "multiple"   // any of Choices
	FreeText   QuestionType = "text"       // a free answer
	Vocabulary QuestionType = "vocabulary" // one (or with Multiple, any) entry of a shared vocabulary
)

// Question is one step of the flowchart.
type Question struct {
	ID       string       `yaml:"id"`
	Type     QuestionType `yaml:"type"`
	Text     Text         `yaml:"text"`
	Help     Text         `yaml:"help"`
	Required bool         `yaml:"required"`
	// About says whose property the question asks for; a question choosing
	// from the country list must be about the partner organisation, since
	// a person's country is never a criterion.
	About      string   `yaml:"about"`
	Choices    []Choice `yaml:"choices"`
	Vocabulary string   `yaml:"vocabulary"`
	Multiple   bool     `yaml:"multiple"`
	// Opportunity records the answer as an opportunity of the collaboration.
	Opportunity bool `yaml:"opportunity"`
	// AnsweredFrom names the check's own data that answers the question
	// (see CaseFields): what the initiator gave when starting the check is
	// not asked a second time, and cannot disagree with the flowchart.
	AnsweredFrom CaseField `yaml:"answered_from"`
	// Doubt marks the question that asks whether the initiator and the
	// director remain in doubt, so that the form does not ask it a second
	// time beside the questions.
	Doubt bool `yaml:"doubt"`
	// When, if set, shows the question only when it holds; otherwise the
	// question is skipped and the flowchart continues at Next.
	When *Condition `yaml:"when"`
	// On maps an answer to what it leads to. Keys are "yes"/"no", a choice
	// code, or for multiple and vocabulary questions "flagged" (a flagged
	// vocabulary entry was chosen), "any" (something was chosen) and "none".
	On   map[string]*Branch `yaml:"on"`
	Next string             `yaml:"next"` // where answers without their own Next go

	section *Section
	path    string // where it is written, e.g. "sections[1].questions[0]"
}

// Section returns the section the question belongs to.
func (q *Question) Section() *Section { return q.section }

// Choice is one answer of a single or multiple choice question.
type Choice struct {
	Code string `yaml:"code" json:"code"`
	Text Text   `yaml:"text" json:"text"`
}

// Branch is what an answer leads to: the next question, or the end of the
// flowchart, and what the answer raises on the way.
type Branch struct {
	Next string `yaml:"next"`
	// Route is the route this answer calls for at least; the evaluation's
	// route is the heaviest one raised along the path.
	Route     kscheck.Route `yaml:"route"`
	Aspects   []Aspect      `yaml:"aspects"`
	LegalStop bool          `yaml:"legal_stop"`
	// Because explains the effect to the person answering.
	Because Text `yaml:"because"`
}

// Aspect is one of the three risk aspects of the policy.
type Aspect string

// The risk aspects.
const (
	KnowledgeTransfer Aspect = "knowledge_transfer"
	Influence         Aspect = "influence"
	Ethics            Aspect = "ethics"
)

// Aspects lists the risk aspects in the policy's order.
var Aspects = []Aspect{KnowledgeTransfer, Influence, Ethics}

// Condition is a test on answers given earlier. Exactly one of its forms is
// used: Answer with Is or In, or Any, All, Not.
type Condition struct {
	Answer string       `yaml:"answer"`
	Is     string       `yaml:"is"`
	In     []string     `yaml:"in"`
	Any    []*Condition `yaml:"any"`
	All    []*Condition `yaml:"all"`
	Not    *Condition   `yaml:"not"`
}

// Mitigation is one measure of the catalogue the Committee and the initiator
// choose from.
type Mitigation struct {
	Code string `yaml:"code" json:"code"`
	Text Text   `yaml:"text" json:"text"`
}

// File returns the name the procedure was parsed from.
func (p *Procedure) File() string { return p.file }

// From returns the first day the procedure is in force.
func (p *Procedure) From() time.Time { return p.from }

// Until returns the first day the procedure is no longer in force, or the
// zero time when it is open-ended.
func (p *Procedure) Until() time.Time { return p.until }

// Question returns the flowchart or supplementary question with id, or nil.
func (p *Procedure) Question(id string) *Question { return p.index[id] }

// Questions returns the flowchart questions in file order.
func (p *Procedure) Questions() []*Question { return questionsOf(p.Sections) }

// SupplementaryQuestions returns the supplementary questions in file order.
func (p *Procedure) SupplementaryQuestions() []*Question { return questionsOf(p.Supplementary) }

// sectionGroup is a list of sections with the field it is written under.
type sectionGroup struct {
	name     string
	sections []*Section
}

// sectionGroups returns the flowchart's and the supplementary
// questionnaire's sections.
func (p *Procedure) sectionGroups() []sectionGroup {
	return []sectionGroup{{"sections", p.Sections}, {"supplementary", p.Supplementary}}
}

func questionsOf(sections []*Section) []*Question {
	var qs []*Question
	for _, s := range sections {
		qs = append(qs, s.Questions...)
	}
	return qs
}

// InForce reports whether the procedure is in force on day.
func (p *Procedure) InForce(day time.Time) bool {
	return !day.Before(p.from) && (p.until.IsZero() || day.Before(p.until))
}

// Ref is "id@version", how a case and the command line name a procedure.
func (p *Procedure) Ref() string { return p.ID + "@" + p.Version }
