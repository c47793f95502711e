package web

import (
	"net/url"
	"testing"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestExplanationInReadersLanguage: why a candidate scored as it did reads
// in the page's language, Dutch included, not in the English of the
// command line.
func TestExplanationInReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		withScreening(t, svc)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		_, path := startCase(t, eva, "Ground stations with Harbin")
		eva.post(path+"/partners", changeForm(t, svc, path, url.Values{"name": {"Harbin Institute of Technology University"}, "type": {"organization"}, "country": {"CN"}}))
		_, body := eva.get(path + "/partners/new")
		contains(t, "the English screening", body, "Harbin Institute of Technology", "the names state different kinds of institution")
		_, body = dutch(eva, path+"/partners/new")
		contains(t, "the Dutch screening", body, "Harbin Institute of Technology", "de namen noemen verschillende soorten instellingen")
	})
}

// TestEveryReasonWorded: every reason an explanation can give has a text
// in both languages, and the Dutch is not the English; the values of a
// reason about entity types are words of the catalogue too.
func TestEveryReasonWorded(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	en, nl := b.Localizer("en"), b.Localizer("nl")
	for _, r := range screening.Reasons {
		key := "explain." + r
		if !b.Has("en", key) || !b.Has("nl", key) || en.T(key) == nl.T(key) {
			t.Errorf("reason %q: the catalogue lacks %s in English or Dutch, or the two are the same", r, key)
		}
	}
	why := screening.Explanation{
		Notes:   []string{"listed as person, screened as organization"},
		Reasons: []screening.Reason{{Key: screening.ReasonTypeDiffers, Args: []string{"person", "organization"}}},
	}
	if got := explanationNotes(nl, why); len(got) != 1 || got[0] != "vermeld als persoon, gescreend als organisatie" {
		t.Errorf("the Dutch type reason reads %q", got)
	}
	// a candidate recorded before reasons keeps its English notes
	why.Reasons = nil
	if got := explanationNotes(nl, why); len(got) != 1 || got[0] != why.Notes[0] {
		t.Errorf("an old candidate's notes read %q", got)
	}
}
