package i18n

import (
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// TestTermsInCatalogue: every word of the domain that an error message
// names outside the enums (the duties, the text fields) has its text in
// both languages, and the English one is the word the message uses.
func TestTermsInCatalogue(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	terms := []kscheck.Term{{Key: "err.transition.nothing_allowed", Text: "nothing (the case is closed)"}}
	for _, d := range kscheck.Duties {
		terms = append(terms, d.Term())
	}
	for _, l := range []kscheck.TextLimit{kscheck.LimitTitle, kscheck.LimitDescription, kscheck.LimitMessage, kscheck.LimitComment,
		kscheck.LimitMeasure, kscheck.LimitMeasureNote, kscheck.LimitReason, kscheck.LimitPartnerName, kscheck.LimitWebsite,
		kscheck.LimitCode, kscheck.LimitSearch, kscheck.LimitPersonName, kscheck.LimitEmail} {
		terms = append(terms, l.Field)
	}
	for _, term := range terms {
		if got := b.catalogs["en"][term.Key]; got != term.Text {
			t.Errorf("en:%s is %q, the message says %q", term.Key, got, term.Text)
		}
		if nl := b.catalogs["nl"][term.Key]; nl == "" || nl == term.Text {
			t.Errorf("nl:%s is %q", term.Key, nl)
		}
	}
}

// TestMessageInDutch: an error that names the domain's words is said in
// Dutch throughout, its English Message unchanged.
func TestMessageInDutch(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	nl := b.Localizer("nl")
	c := &kscheck.Case{State: kscheck.StateDecided}
	_, refusal := kscheck.Next(kscheck.Actor{}, c, kscheck.ActCosignClear, kscheck.Input{})
	tooLong := kscheck.LimitTitle.Check(strings.Repeat("a", 201))
	problems := kscheck.Errorf(kscheck.EInvalid, "%s.", kscheck.Problems{
		kscheck.Errorf(kscheck.EInvalid, "choose at least one scope").Translated("err.token.scope_needed"),
		kscheck.Errorf(kscheck.EInvalid, "a token lives between one hour and one year").Translated("err.token.life"),
	}).Translated("err.problems")
	for _, tc := range []struct {
		err           error
		english, want string
	}{
		{refusal, "cannot cosign clear: the case is decided; allowed now: reassess",
			"„Medeondertekenen en afronden” kan nu niet: de check heeft de status „Besloten”; nu kan: Opnieuw beoordelen"},
		{tooLong, "the title is 201 characters long; the most is 200: shorten it and try again",
			"de titel is 201 tekens lang; het maximum is 200: maak de tekst korter en probeer het opnieuw"},
		{problems, "Choose at least one scope; a token lives between one hour and one year.",
			"Kies minstens één bevoegdheid; een token is tussen een uur en een jaar geldig."},
	} {
		e, ok := tc.err.(*kscheck.Error)
		if !ok {
			t.Fatalf("%v is not a *kscheck.Error", tc.err)
		}
		if e.Message != tc.english {
			t.Errorf("the message is %q, want %q", e.Message, tc.english)
		}
		if got := nl.Message(e); got != tc.want {
			t.Errorf("in Dutch %q, want %q", got, tc.want)
		}
	}
	if m := b.Missing(); len(m) > 0 {
		t.Errorf("missing keys: %v", m)
	}
}
