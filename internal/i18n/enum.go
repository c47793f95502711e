package i18n

import (
	"fmt"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Key returns the catalog key of a domain enum value: the type's prefix and
// the value, as in "state.draft", "verdict.with_mitigation",
// "measure.in_progress". The empty route (flowchart not answered) is
// "route.none". A value of another type gets the prefix "enum.", which no
// catalog has, so that it shows up as missing instead of being guessed.
// The values that error messages name take the key of their Term, so that
// a page and an error name them with the same text.
func Key(v any) string {
	switch v := v.(type) {
	case kscheck.State:
		return v.Term().Key
	case kscheck.Action:
		return v.Term().Key
	case kscheck.Role:
		return v.Term().Key
	case kscheck.Kind:
		return "kind." + string(v)
	case kscheck.Verdict:
		return "verdict." + string(v)
	case kscheck.Route:
		if v == kscheck.RouteNone {
			return "route.none"
		}
		return "route." + string(v)
	case kscheck.MeasureStatus:
		return v.Term().Key
	case kscheck.Track:
		return v.Term().Key
	case kscheck.Permission:
		return v.Term().Key
	case kscheck.PartnerType:
		return v.Term().Key
	}
	return fmt.Sprintf("enum.%v", v)
}

// Aspects are the catalog keys of the policy's three risk aspects. The
// domain has no type for them yet; the keys are fixed here so that pages
// and the procedures' data can refer to them.
var Aspects = []string{"aspect.knowledge_transfer", "aspect.influence", "aspect.ethics"}

// enumKeys lists the key of every domain enum value; the catalog test
// requires each of them in every language.
func enumKeys() []string {
	var keys []string
	for _, s := range kscheck.States {
		keys = append(keys, Key(s))
	}
	for _, a := range kscheck.Actions {
		keys = append(keys, Key(a))
	}
	for _, r := range kscheck.Roles {
		keys = append(keys, Key(r))
	}
	for _, k := range kscheck.Kinds {
		keys = append(keys, Key(k))
	}
	for _, v := range kscheck.Verdicts {
		keys = append(keys, Key(v))
	}
	for _, r := range []kscheck.Route{kscheck.RouteNone, kscheck.RouteCleared, kscheck.RouteSupplementary, kscheck.RouteAdvice, kscheck.RouteCommittee} {
		keys = append(keys, Key(r))
	}
	for _, m := range []kscheck.MeasureStatus{kscheck.MeasureOpen, kscheck.MeasureInProgress, kscheck.MeasureReported, kscheck.MeasureDone, kscheck.MeasureNotDone} {
		keys = append(keys, Key(m))
	}
	for _, t := range []kscheck.Track{kscheck.TrackKnowledgeSecurity, kscheck.TrackFossilFuel} {
		keys = append(keys, Key(t))
	}
	for _, p := range kscheck.Permissions {
		keys = append(keys, Key(p))
	}
	for _, p := range []kscheck.PartnerType{kscheck.PartnerOrganization, kscheck.PartnerIndividual} {
		keys = append(keys, Key(p))
	}
	return append(keys, Aspects...)
}
