package screening

import (
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Comparison is the verdict on a pair of names.
type Comparison struct {
	Score       float64     `json:"score"`
	Match       bool        `json:"match"`
	Explanation Explanation `json:"explanation"`
}

// CompareNames scores two names against each other without an index: words
// weigh by their base weight only, since there is no list to tell rare from
// common. schema is a FollowTheMoney schema name (Person, Organization,
// Company, LegalEntity, Vessel) or empty; for organisations a different
// kind of institution lowers the score. Match is the score reaching
// th.Review.
func CompareNames(a, b, schema string, th Thresholds) (Comparison, error) {
	t := TypeOther
	if schema = strings.TrimSpace(schema); schema != "" {
		var ok bool
		if t, ok = SchemaType(schema); !ok {
			return Comparison{}, kscheck.Errorf(kscheck.EInvalid, "unknown schema %q: use Person, Organization, Company, LegalEntity or Vessel", schema).Translated("err.screening.schema")
		}
	}
	sa, sb := baseSide(a), baseSide(b)
	if len(sa.tokens) == 0 || len(sb.tokens) == 0 {
		return Comparison{}, kscheck.Errorf(kscheck.EInvalid, "both names are required").Translated("err.screening.both_names")
	}
	al := compareSides(sa, sb)
	c := Comparison{Explanation: Explanation{Tokens: al.why}}
	if t != TypePerson {
		al.score = institutionAdjust(al, sa.tokens, sb.tokens, &c.Explanation, true)
	}
	c.Score = round3(al.score)
	c.Match = c.Score >= th.Review
	return c, nil
}

func baseSide(name string) side {
	toks := Normalize(name)
	s := newSide(name, toks)
	for i, t := range toks {
		s.weights[i] = baseWeight(t)
	}
	return s
}
