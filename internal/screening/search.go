package screening

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Query is a partner to screen. Country is the ISO code of the partner
// organisation's country (for an individual: of their organisation), used
// to tell apart organisations of the same name; Type is person,
// organization or empty.
type Query struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Type    string `json:"type"`
}

// normalizeQuery validates a query and brings country and type into the
// forms the matcher compares; "individual" (a partner type) means person.
func normalizeQuery(q Query) (Query, error) {
	q.Name = cleanSpace(q.Name)
	if q.Name == "" {
		return q, kscheck.Errorf(kscheck.EInvalid, "a name to screen is required").Translated("err.screening.name")
	}
	if q.Country = strings.TrimSpace(q.Country); q.Country != "" {
		cc := CountryCode(q.Country)
		if cc == "" {
			return q, kscheck.Errorf(kscheck.EInvalid, "unknown country %q: give an ISO 3166 code such as NL", q.Country).Translated("err.screening.country")
		}
		q.Country = cc
	}
	switch t := strings.ToLower(strings.TrimSpace(q.Type)); t {
	case "":
		q.Type = ""
	case "person", "individual":
		q.Type = string(TypePerson)
	case "organization", "organisation":
		q.Type = string(TypeOrganization)
	default:
		return q, kscheck.Errorf(kscheck.EInvalid, "unknown type %q: use person or organization", q.Type).Translated("err.screening.type")
	}
	return q, nil
}

// Thresholds decide which candidates are shown: at or above Review a
// person looks at the candidate; at or above Strong it is a likely hit.
type Thresholds struct {
	Review float64 `json:"review"`
	Strong float64 `json:"strong"`
}

// DefaultThresholds are tuned on the evaluation sets (docs/screening.md).
var DefaultThresholds = Thresholds{Review: 0.7, Strong: 0.9}

// Score adjustments, each named in the explanation when applied.
const (
	weakAliasFactor       = 0.9  // the list itself calls the alias weak
	typeMismatchFactor    = 0.8  // a person query against an organisation or vice versa
	countryMismatchFactor = 0.6  // an organisation listed in other countries than the partner's
	acronymScore          = 0.8  // initials of a listed name, not a listed alias
	kindMismatchFactor    = 0.85 // a university against an institute, a college against an academy
	qualifierFactor       = 0.7  // Nanjing Medical University against Nanjing University
	replacedFactor        = 0.85 // Beijing against Nanjing University of Posts and Telecommunications
	minorWeight           = 0.2  // share of its weight a word naming a campus or school keeps
)

// Match is one candidate: a listed entity whose name resembles the query.
type Match struct {
	List        ListID      `json:"list"`
	ID          string      `json:"id"`
	Name        string      `json:"name"`    // primary name
	Matched     string      `json:"matched"` // the listed name that matched
	Score       float64     `json:"score"`
	Strength    string      `json:"strength"` // strong or review
	Type        EntityType  `json:"type"`
	Assessment  bool        `json:"assessment,omitempty"` // the list assesses, it does not designate
	Countries   []string    `json:"countries,omitempty"`
	Programs    []string    `json:"programs,omitempty"`
	Link        string      `json:"link,omitempty"`
	Explanation Explanation `json:"explanation"`
	Snapshot    Ref         `json:"snapshot"`
}

// Explanation says why a candidate scored as it did: the words that met,
// and each adjustment of the score in words, in English (Notes, for the
// command line and scripts) and as catalogue keys with their values
// (Reasons, one per note, for pages in the reader's language).
type Explanation struct {
	Tokens  []TokenMatch `json:"tokens"`
	Notes   []string     `json:"notes,omitempty"`
	Reasons []Reason     `json:"reasons,omitempty"`
}

// Reason is a note as pages word it: the catalogue key "explain.<Key>"
// and the values it names.
type Reason struct {
	Key  string   `json:"key"`
	Args []string `json:"args,omitempty"`
}

// The reasons an explanation can give.
const (
	ReasonInitials       = "initials"
	ReasonKindDiffers    = "kind_differs"
	ReasonQualifier      = "qualifier"
	ReasonReplaced       = "replaced"
	ReasonWeakAlias      = "weak_alias"
	ReasonTypeDiffers    = "type_differs" // its values are entity types
	ReasonCountryDiffers = "country_differs"
	ReasonNotStrong      = "not_strong"
)

// Reasons lists every reason, for the catalogue's test.
var Reasons = []string{ReasonInitials, ReasonKindDiffers, ReasonQualifier, ReasonReplaced, ReasonWeakAlias,
	ReasonTypeDiffers, ReasonCountryDiffers, ReasonNotStrong}

// note adds an adjustment: format with args in English, and the reason key.
func (e *Explanation) note(key, format string, args ...string) {
	values := make([]any, len(args))
	for i, a := range args {
		values[i] = a
	}
	e.Notes = append(e.Notes, fmt.Sprintf(format, values...))
	e.Reasons = append(e.Reasons, Reason{Key: key, Args: args})
}

// scratchPool recycles the per-query accumulators, one slot per name. It
// is a free list rather than a sync.Pool: a pool is emptied at every
// garbage collection, and reallocating accumulators for a million names
// after each one would itself drive the next collection.
type scratchPool struct {
	size int
	mu   sync.Mutex
	free []*scratch
}

type scratch struct {
	accQ, accC []float32
	touched    []int32
}

// maxFreeScratch bounds the accumulators kept for reuse.
const maxFreeScratch = 8

func (p *scratchPool) get() *scratch {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		s := p.free[n-1]
		p.free = p.free[:n-1]
		return s
	}
	return &scratch{accQ: make([]float32, p.size), accC: make([]float32, p.size)}
}

func (p *scratchPool) put(s *scratch) {
	for _, n := range s.touched {
		s.accQ[n], s.accC[n] = 0, 0
	}
	s.touched = s.touched[:0]
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < maxFreeScratch {
		p.free = append(p.free, s)
	}
}

// search returns the candidates for q scoring at least th.Review, best
// first, one per listed entity. q must have passed normalizeQuery.
func (ix *Index) search(q Query, th Thresholds) []Match {
	qs, nMain := ix.querySide(q)
	toks := qs.tokens
	if len(toks) == 0 || len(ix.names) == 0 {
		return nil
	}
	wq := float32(qs.total())
	sc := ix.scratch.get()
	defer ix.scratch.put(sc)
	hit := func(id int32, sim, qw float32) {
		t := &ix.terms[id]
		for _, n := range t.postings {
			if sc.accQ[n] == 0 && sc.accC[n] == 0 {
				sc.touched = append(sc.touched, n)
			}
			sc.accQ[n] += sim * qw
			sc.accC[n] += sim * t.weight
		}
	}
	cands := make([][]candidate, len(toks))
	for i, tok := range toks {
		cands[i] = ix.lookup(tok, qs.literal)
		if qs.consonantal {
			for _, id := range ix.skeletons[skeleton(tok, true)] {
				if !containsCandidate(cands[i], id) {
					cands[i] = append(cands[i], candidate{id, transliterationSimilarity})
				}
			}
		}
	}
	skip, optQ, optC := ix.skipCommon(cands, qs.weights, th.Review)
	for i, tok := range toks {
		if !skip[i] {
			for _, c := range cands[i] {
				hit(c.id, c.sim, float32(qs.weights[i]))
			}
		}
		if i+1 < len(toks) {
			if id, ok := ix.vocab[tok+toks[i+1]]; ok {
				hit(id, 1, float32(qs.weights[i]+qs.weights[i+1]))
			}
		}
	}
	heaviest := heaviestSums(qs.weights)
	var open []bounded
	for _, n := range sc.touched {
		rec := &ix.names[n]
		accQ, accC := sc.accQ[n], sc.accC[n]
		// a word of the name pairs with one query word, or two joined: a
		// query that repeats a common word credits a short name with more
		// than it can share
		capQ := heaviest[min(2*len(rec.toks), len(toks))]
		bound := upperBound(min(accQ+optQ, capQ), accC+optC, wq, rec.wsum)
		if bound < th.Review {
			continue
		}
		if optQ > 0 {
			// replace the optimistic credit by what the name really shares
			q, c := skippedShare(rec, cands, skip, qs.weights, ix)
			if bound = upperBound(min(accQ+q, capQ), accC+c, wq, rec.wsum); bound < th.Review {
				continue
			}
		}
		open = append(open, bounded{n, bound})
	}
	// the names are scored most promising first, within a budget of word
	// pairs, so that no query costs more than a few milliseconds
	slices.SortFunc(open, func(a, b bounded) int {
		if c := cmp.Compare(b.bound, a.bound); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
	work := 0
	best := map[int32]Match{}
	for _, o := range open {
		rec := &ix.names[o.n]
		if work += len(toks) * len(rec.toks); work > maxPairWork {
			break
		}
		ix.scoreName(best, q, qs, nMain, o.n, th)
	}
	if len(toks) == 1 && len(toks[0]) >= 3 && len(toks[0]) <= 8 {
		for _, n := range ix.acronyms[toks[0]] {
			why := Explanation{Tokens: []TokenMatch{{Query: toks[0], Listed: ix.fullName(n), Similarity: 1}}}
			why.note(ReasonInitials, "the query is the initials of this listed name")
			ix.consider(best, q, n, acronymScore, true, why, th)
		}
	}
	return sortedMatches(best)
}

// querySide is the query's words with their weights, and the number of
// words that name the institution itself rather than a campus or a school
// of it, which keep a fifth of their weight.
func (ix *Index) querySide(q Query) (qs side, nMain int) {
	main, campus := splitParenthesised(q.Name)
	minor := Normalize(campus)
	toks := append(Normalize(main), minor...)
	qs = newSide(q.Name, toks)
	nMain = min(len(toks)-len(minor), minorFrom(toks))
	for i, t := range toks {
		qs.weights[i] = ix.weight(t)
		if i >= nMain {
			qs.weights[i] *= minorWeight
		}
	}
	return qs, nMain
}

// scoreName scores the listed name n against the query in full and keeps
// it in best if it is a candidate.
func (ix *Index) scoreName(best map[int32]Match, q Query, qs side, nMain int, n int32, th Thresholds) {
	rec := &ix.names[n]
	script := ix.ents[rec.ent].e.Names[rec.name].Script
	cs := side{tokens: make([]string, len(rec.toks)), weights: make([]float64, len(rec.toks)),
		literal: literalScript(script), consonantal: consonantalScript(script)}
	for i, t := range rec.toks {
		cs.tokens[i], cs.weights[i] = ix.terms[t].text, float64(ix.terms[t].weight)
	}
	a := compareSides(qs, cs)
	expl := Explanation{Tokens: a.why}
	if q.Type != string(TypePerson) && ix.ents[rec.ent].e.Type != TypePerson {
		a.score = institutionAdjust(a, qs.tokens[:nMain], cs.tokens, &expl, false)
	}
	ix.consider(best, q, n, a.score, a.agree, expl, th)
}

// sortedMatches returns the candidates best first, in a fixed order.
func sortedMatches(best map[int32]Match) []Match {
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.List)+a.ID, string(b.List)+b.ID)
	})
	return out
}

// fullName returns the listed name as written.
func (ix *Index) fullName(n int32) string {
	rec := &ix.names[n]
	return ix.ents[rec.ent].e.Names[rec.name].Full
}

// institutionAdjust lowers the score of two organisation names that state
// different kinds of institution (in either direction when both, as in
// names compare, stand for themselves), of which only one has a qualifier
// (Medical, Normal, Technology), or that each have a word in place of one
// of the other's (Beijing and Nanjing University of Posts and
// Telecommunications), naming the reason. a and b are the main words of
// the two names the alignment al compared.
func institutionAdjust(al alignment, a, b []string, why *Explanation, both bool) float64 {
	score := al.score
	if kindMissing(a, b) || both && kindMissing(b, a) {
		score *= kindMismatchFactor
		why.note(ReasonKindDiffers, "the names state different kinds of institution")
	}
	x, y := replacedWord(al.unpairedQ, al.unpairedC)
	w := qualifierMissing(a, b)
	if w == "" && x == "" && statesKind(a) && statesKind(b) {
		w = innerWord(al)
	}
	if w != "" {
		score *= qualifierFactor
		why.note(ReasonQualifier, "only one of the names says %q: a different institution", w)
	}
	if x != "" {
		score *= replacedFactor
		why.note(ReasonReplaced, "one name says %q where the other says %q", x, y)
	}
	return score
}

// innerWord returns a distinguishing word inside one name, between words
// both names share, that the other name lacks, or "". Inside the name of
// a university, institute, college or academy such a word says what the
// institution is (Shenyang Ligong University, Chongqing Wenli University):
// it acts as a qualifier, in whatever language it is written. A word before
// or after the shared ones (a campus) does not count, nor does a generic
// word ("General", "International") in the name of a company.
func innerWord(al alignment) string {
	if al.innerQ != "" && al.innerC == "" {
		return al.innerQ
	}
	if al.innerC != "" && al.innerQ == "" {
		return al.innerC
	}
	return ""
}

// replacedWord returns a word of each name that met nothing in the other,
// or "". A name that leaves a word out may be the same institution written
// short; one that says another word in its place (a city, "Command" for
// "Research") names another. Articles, legal forms and initials do not
// count, and two kinds of institution are the kind rule's to judge.
func replacedWord(a, b []string) (string, string) {
	for _, x := range a {
		if baseWeight(x) < 0.5 {
			continue
		}
		for _, y := range b {
			if baseWeight(y) >= 0.5 && !(institutionKinds[x] && institutionKinds[y]) {
				return x, y
			}
		}
	}
	return "", ""
}

// splitParenthesised separates the words in parentheses (a campus, an
// original name) from the rest of a name.
func splitParenthesised(name string) (main, inner string) {
	i := strings.IndexByte(name, '(')
	if i < 0 {
		return name, ""
	}
	j := strings.IndexByte(name[i:], ')')
	if j < 0 {
		return name, ""
	}
	rest, more := splitParenthesised(name[i+j+1:])
	return name[:i] + " " + rest, cleanSpace(name[i+1:i+j] + " " + more)
}

// consider applies the type, country and alias-quality adjustments to a
// name's raw score and keeps it if it is the entity's best so far. Only
// names that agree on every distinguishing word are strong.
func (ix *Index) consider(best map[int32]Match, q Query, n int32, score float64, agree bool, why Explanation, th Thresholds) {
	rec := &ix.names[n]
	ent := ix.ents[rec.ent]
	e := ent.e
	name := e.Names[rec.name]
	if q.Type != "" && e.Type == TypeVessel {
		return
	}
	if name.Quality == QualityWeak {
		score *= weakAliasFactor
		why.note(ReasonWeakAlias, "the list calls this alias weak")
	}
	if q.Type != "" && e.Type != TypeOther && string(e.Type) != q.Type {
		score *= typeMismatchFactor
		why.note(ReasonTypeDiffers, "listed as %s, screened as %s", string(e.Type), q.Type)
	}
	if q.Country != "" && q.Type != string(TypePerson) && e.Type != TypePerson &&
		len(e.Countries) > 0 && !slices.Contains(e.Countries, q.Country) {
		score *= countryMismatchFactor
		why.note(ReasonCountryDiffers, "listed in %s, the partner is in %s", strings.Join(e.Countries, ", "), q.Country)
	}
	score = round3(score)
	if !agree && score >= th.Strong {
		score = round3(th.Strong - 0.001)
		why.note(ReasonNotStrong, "a distinguishing word differs or is missing: to review, not strong")
	}
	if score < th.Review {
		return
	}
	if old, ok := best[rec.ent]; ok && old.Score >= score {
		return
	}
	why.Tokens = showWords(why.Tokens, words(q.Name), words(name.Full))
	strength := "review"
	if score >= th.Strong {
		strength = "strong"
	}
	best[rec.ent] = Match{List: e.List, ID: e.ID, Name: e.Primary(), Matched: name.Full, Score: score,
		Strength: strength, Type: e.Type, Assessment: e.List.Assessment(), Countries: e.Countries,
		Programs: e.Programs, Link: e.Link, Explanation: why, Snapshot: ix.snaps[ent.snap].Ref()}
}

// candidate is a listed token resembling a query token.
type candidate struct {
	id  int32
	sim float32
}

// lookup finds the listed tokens equal to tok or within one edit of it
// (through the deletion hashes), each with its similarity; literal tokens
// only equal ones. A long token that found nothing looks for words with
// two typos through the hashes of their thirds.
func (ix *Index) lookup(tok string, literal bool) []candidate {
	var out []candidate
	exact, hasExact := ix.vocab[tok]
	if hasExact {
		out = append(out, candidate{exact, 1})
	}
	if literal || maxEdits(len(tok)) == 0 || hasDigit(tok) {
		return out
	}
	for skip := -1; skip < len(tok); skip++ {
		for _, k := range ix.fuzzyTerms(deletionHash(tok, skip)) {
			id := int32(uint32(k))
			if hasExact && id == exact || containsCandidate(out, id) {
				continue
			}
			if s := tokenSimilarity(tok, ix.terms[id].text); s > 0 {
				out = append(out, candidate{id, float32(s)})
			}
		}
	}
	if len(out) > 0 || len(tok) < longWord {
		return out
	}
	for n := len(tok) - 2; n <= len(tok)+2; n++ {
		for part := range 3 {
			h := thirdHash(tok, n, part)
			if h == 0 {
				continue
			}
			for _, k := range ix.fuzzyTerms(h) {
				id := int32(uint32(k))
				if containsCandidate(out, id) || len(ix.terms[id].text) != n {
					continue
				}
				if s := tokenSimilarity(tok, ix.terms[id].text); s > 0 {
					out = append(out, candidate{id, float32(s)})
				}
			}
		}
	}
	return out
}

func containsCandidate(cs []candidate, id int32) bool {
	for _, c := range cs {
		if c.id == id {
			return true
		}
	}
	return false
}

// showWords replaces the matching forms of words in an explanation by the
// words as written (before doubled letters were squashed), so that a
// person reads "nuaa", not "nua".
func showWords(ms []TokenMatch, query, listed []string) []TokenMatch {
	out := make([]TokenMatch, 0, len(ms))
	for _, m := range ms {
		if stopword(m.Query) && stopword(m.Listed) {
			continue // "of" matched "of" explains nothing
		}
		m.Query, m.Listed = shownAs(m.Query, query), shownAs(m.Listed, listed)
		out = append(out, m)
	}
	return out
}

func shownAs(tok string, words []string) string {
	for _, w := range words {
		if squashRepeats(w) == tok {
			return w
		}
	}
	return tok
}

// bounded is a name that may reach the review threshold, with the most it
// can score.
type bounded struct {
	n     int32
	bound float64
}

// maxPairWork bounds the words compared in full scoring per query (query
// words times listed words, summed over the names scored). The names of
// the evaluation sets need at most about 6,000 (a common Arabic name of
// eight words); twenty words repeating the commonest listed words would
// otherwise cost over ten milliseconds.
const maxPairWork = 8192

// upperBound is the most a name whose words met the query's with the
// weighted sums accQ and accC can score.
func upperBound(accQ, accC, wq, wc float32) float64 {
	covQ, covC := min(1, accQ/wq), min(1, accC/wc)
	return float64(2 * covQ * covC / (covQ + covC))
}

// heaviestSums returns, for every k, the sum of the k heaviest weights: the
// most that k words of the query can contribute.
func heaviestSums(weights []float64) []float32 {
	sorted := slices.Clone(weights)
	slices.SortFunc(sorted, func(a, b float64) int { return cmp.Compare(b, a) })
	sums := make([]float32, len(sorted)+1)
	for i, w := range sorted {
		sums[i+1] = sums[i] + float32(w)
	}
	return sums
}

// skippedShare is the weight a name shares with the skipped query words.
func skippedShare(rec *indexedName, cands [][]candidate, skip []bool, weights []float64, ix *Index) (q, c float32) {
	for i, sk := range skip {
		if !sk {
			continue
		}
		for _, t := range rec.toks {
			for _, cd := range cands[i] {
				if cd.id == t {
					q += cd.sim * float32(weights[i])
					c += cd.sim * ix.terms[t].weight
				}
			}
		}
	}
	return q, c
}

// defaultCommonPostings is the number of names above which a query word's
// names are not walked if the query's other words suffice to find every
// name that could reach the review threshold.
const defaultCommonPostings = 2000

// skipCommon chooses query words to leave out of candidate gathering:
// words found in very many names (university, mohammed) whose weights
// together are too small for a name sharing only them to reach review
// (coverage c of the query gives at best 2c/(1+c)). Names found through
// the other words are credited as if they contained the skipped words too
// (optQ, optC), so their upper bound stays an upper bound.
func (ix *Index) skipCommon(cands [][]candidate, weights []float64, review float64) (skip []bool, optQ, optC float32) {
	skip = make([]bool, len(cands))
	total := 0.0
	for _, w := range weights {
		total += w
	}
	limit := review / (2 - review) * total
	order := make([]int, len(cands))
	size := make([]int, len(cands))
	for i, cs := range cands {
		order[i] = i
		for _, c := range cs {
			size[i] += len(ix.terms[c.id].postings)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return size[b] - size[a] })
	skipped := 0.0
	for _, i := range order {
		if size[i] <= ix.commonPostings || skipped+weights[i] >= limit {
			break
		}
		skip[i] = true
		skipped += weights[i]
		optQ += float32(weights[i])
		var most float32
		for _, c := range cands[i] {
			most = max(most, c.sim*ix.terms[c.id].weight)
		}
		optC += most
	}
	return skip, optQ, optC
}
