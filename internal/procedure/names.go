package procedure

import "github.com/kscheck/kscheck/internal/kscheck"

// routeNames are the routes as a person reads them.
var routeNames = map[kscheck.Route]Text{
	kscheck.RouteNone:          {"Not yet known", "Nog niet bekend"},
	kscheck.RouteCleared:       {"Cleared by initiator and director", "Vrijgegeven door initiatiefnemer en directeur"},
	kscheck.RouteSupplementary: {"Supplementary questionnaire", "Aanvullende vragenlijst"},
	kscheck.RouteAdvice:        {"Adviser's advice recommended", "Advies van de adviseur aanbevolen"},
	kscheck.RouteCommittee:     {"Committee decides (mandatory)", "Commissie beslist (verplicht)"},
}

// RouteName returns the name of route r in lang ("en" or "nl").
func RouteName(r kscheck.Route, lang string) string { return routeNames[r].In(lang) }

// aspectNames are the risk aspects as a person reads them.
var aspectNames = map[Aspect]Text{
	KnowledgeTransfer: {"knowledge transfer", "kennisoverdracht"},
	Influence:         {"influence", "beïnvloeding"},
	Ethics:            {"ethics", "ethiek"},
}

// AspectName returns the name of risk aspect a in lang.
func AspectName(a Aspect, lang string) string { return aspectNames[a].In(lang) }

// outcomeNames are the outcome keys as edge labels.
var outcomeNames = map[string]Text{
	"yes":             {"yes", "ja"},
	"no":              {"no", "nee"},
	OutcomeFlagged:    {"most critical", "meest kritiek"},
	OutcomeAny:        {"any chosen", "iets gekozen"},
	OutcomeNone:       {"none", "geen"},
	OutcomeAnswered:   {"", ""},
	OutcomeSkipped:    {"not asked", "niet gevraagd"},
	outcomeUnanswered: {"unanswered", "onbeantwoord"},
}

// OutcomeName returns how an answer's outcome reads in lang; a choice code
// reads as the choice's text.
func (q *Question) OutcomeName(key, lang string) string {
	if t, ok := outcomeNames[key]; ok {
		return t.In(lang)
	}
	for _, c := range q.Choices {
		if c.Code == key {
			return c.Text.In(lang)
		}
	}
	return key
}
