package procedure

import (
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// TestProductWordsComeFromTheCatalogs: every route, risk aspect and
// outcome has its name in every language's catalog, and the names differ
// by language, so that no word of the product falls back to its key.
func TestProductWordsComeFromTheCatalogs(t *testing.T) {
	b := i18n.Shared()
	q := &Question{}
	for _, lang := range i18n.Languages {
		var names []string
		for _, r := range []kscheck.Route{kscheck.RouteNone, kscheck.RouteCleared, kscheck.RouteSupplementary, kscheck.RouteAdvice, kscheck.RouteCommittee} {
			names = append(names, RouteName(r, lang))
		}
		for _, a := range Aspects {
			names = append(names, AspectName(a, lang))
		}
		for _, o := range outcomeWords {
			names = append(names, q.OutcomeName(o, lang))
		}
		for _, n := range names {
			if n == "" || strings.HasPrefix(n, vocabKey) {
				t.Errorf("%s: a name reads %q", lang, n)
			}
		}
	}
	if en, nl := RouteName(kscheck.RouteCommittee, "en"), RouteName(kscheck.RouteCommittee, "nl"); en == nl {
		t.Errorf("the committee route reads %q in English and Dutch", en)
	}
	if q.OutcomeName(OutcomeAnswered, "nl") != "" {
		t.Error("a free answer has a name")
	}
	if got := b.Missing(); len(got) > 0 {
		t.Errorf("words looked up that the catalogs lack: %v", got)
	}
}

// TestTextFallsBackToEnglish: a text without the reader's language reads
// in English.
func TestTextFallsBackToEnglish(t *testing.T) {
	tx := Text{"en": "Partner", "nl": ""}
	if got := tx.In("nl"); got != "Partner" {
		t.Errorf("In(nl) = %q, want the English text", got)
	}
	if got := (Text{"en": "Partner", "nl": "Partner (nl)"}).In("nl"); got != "Partner (nl)" {
		t.Errorf("In(nl) = %q", got)
	}
}

// TestAspectTitle: an aspect standing alone starts with a capital, also
// where the name starts with a letter beyond ASCII, and is otherwise the
// name used inside a sentence.
func TestAspectTitle(t *testing.T) {
	for _, tt := range []struct {
		a          Aspect
		lang, want string
	}{
		{KnowledgeTransfer, "en", "Knowledge transfer"},
		{Influence, "nl", "Beïnvloeding"},
		{Ethics, "nl", "Ethiek"},
	} {
		if got := AspectTitle(tt.a, tt.lang); got != tt.want {
			t.Errorf("AspectTitle(%s, %s) = %q, want %q", tt.a, tt.lang, got, tt.want)
		}
	}
}
