package screening

import (
	"slices"
	"sort"
)

// TokenMatch explains one step of a match: which query word(s) met which
// listed word(s), and how alike they were.
type TokenMatch struct {
	Query      string  `json:"query"`
	Listed     string  `json:"listed"`
	Similarity float64 `json:"similarity"`
}

// side is one name to compare: its tokens and their weights.
type side struct {
	tokens      []string
	weights     []float64
	literal     bool // written in a script whose transliteration loses too much for typo tolerance
	consonantal bool // written in a script without short vowels (Arabic, Hebrew)
}

// newSide is a name's tokens with weights still to be set.
func newSide(name string, tokens []string) side {
	script := scriptOf(name)
	return side{tokens: tokens, weights: make([]float64, len(tokens)), literal: literalScript(script),
		consonantal: consonantalScript(script)}
}

// transliterationSimilarity is the similarity of a word in Arabic or
// Hebrew script to a Latin word with the same consonants: likely the same
// word, but vowels and the choice among spellings are not known.
const transliterationSimilarity = 0.95

// similarity compares a word of q with a word of c, exactly when either
// name is literal, through their consonants when one is written in Arabic
// or Hebrew and the other in Latin letters.
func similarity(q, c side, a, b string) float64 {
	if q.literal || c.literal {
		if a == b {
			return 1
		}
		if (q.consonantal && !c.literal || c.consonantal && !q.literal) && len(a) > 1 && len(b) > 1 &&
			skeleton(a, q.consonantal) == skeleton(b, c.consonantal) {
			return transliterationSimilarity
		}
		return 0
	}
	return tokenSimilarity(a, b)
}

func (s side) total() float64 {
	t := 0.0
	for _, w := range s.weights {
		t += w
	}
	return t
}

// alignment is the result of comparing two names.
type alignment struct {
	score float64
	why   []TokenMatch
	// agree: every distinguishing word of either name found its equal in
	// the other (no typo, none missing); only such names are strong.
	agree bool
	// unpairedQ, unpairedC: the words of each name that met none of the
	// other's (see replacedWord)
	unpairedQ, unpairedC []string
	// innerQ, innerC: a word of each name that met none of the other's
	// although words before and after it did (see innerWord)
	innerQ, innerC string
}

// compareSides scores how well two names agree, in [0,1], independent of
// word order. Words are paired greedily by similarity and weight; words left
// over may still meet as joined neighbours ("AL DARI" ~ "ALDARI",
// "AREFULLAHA REF" ~ "AREFULLAH AREF"). The score is the harmonic mean of
// the weighted share of each side that found a partner, so both a missing
// distinctive word and an extra one cost.
func compareSides(q, c side) alignment {
	a1 := alignSides(q, c, false)
	if a1.score == 1 {
		return a1
	}
	if a2 := alignSides(q, c, true); a2.score > a1.score {
		return a2
	}
	return a1
}

// alignSides pairs the words of two names. With joinsFirst, joined
// neighbours are paired before single words, which wins when a space moved
// ("MYONGC HIN" ~ "MYONG CHIN") and a single-word pairing would be greedy.
func alignSides(q, c side, joinsFirst bool) alignment {
	qUsed := make([]bool, len(q.tokens))
	cUsed := make([]bool, len(c.tokens))
	var matchedQ, matchedC float64
	var why []TokenMatch
	agree := true
	joins := func() {
		if len(q.tokens) == 1 && len(c.tokens) == 1 {
			return
		}
		cSpans := spans(c.tokens, cUsed)
		for _, qs := range spans(q.tokens, qUsed) {
			for _, cs := range cSpans {
				// joined words meet with one typo at most (below), so their
				// lengths differ by one at most
				if qs.n == 1 && cs.n == 1 || abs(len(qs.text)-len(cs.text)) > 1 ||
					anyUsed(qUsed, qs) || anyUsed(cUsed, cs) || sameSplit(q, c, qs, cs) {
					continue
				}
				// joined words may differ by one typo at most: a larger
				// difference hides a whole different word (BEIJING NORMAL,
				// NANJING NORMAL)
				s := similarity(q, c, qs.text, cs.text)
				if s == 0 || s < 1 && editDistance(qs.text, cs.text, 1) > 1 {
					continue
				}
				agree = agree && (s == 1 || !distinguishing(c.tokens[cs.from:cs.from+cs.n]))
				for k := qs.from; k < qs.from+qs.n; k++ {
					qUsed[k] = true
					matchedQ += s * q.weights[k]
				}
				for k := cs.from; k < cs.from+cs.n; k++ {
					cUsed[k] = true
					matchedC += s * c.weights[k]
				}
				why = append(why, TokenMatch{qs.text, cs.text, round3(s)})
			}
		}
	}
	if joinsFirst {
		joins()
	}
	type pair struct {
		qi, ci int
		sim    float64
	}
	var pairs []pair
	for i, qt := range q.tokens {
		for j, ct := range c.tokens {
			if qUsed[i] || cUsed[j] {
				continue
			}
			if s := similarity(q, c, qt, ct); s > 0 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		pa, pb := pairs[a], pairs[b]
		return pa.sim*(q.weights[pa.qi]+c.weights[pa.ci]) > pb.sim*(q.weights[pb.qi]+c.weights[pb.ci])
	})
	for _, p := range pairs {
		if qUsed[p.qi] || cUsed[p.ci] {
			continue
		}
		qUsed[p.qi], cUsed[p.ci] = true, true
		agree = agree && (p.sim == 1 || !distinguishing(c.tokens[p.ci:p.ci+1]))
		matchedQ += p.sim * q.weights[p.qi]
		matchedC += p.sim * c.weights[p.ci]
		why = append(why, TokenMatch{q.tokens[p.qi], c.tokens[p.ci], round3(p.sim)})
	}
	if !joinsFirst {
		joins()
	}
	tq, tc := q.total(), c.total()
	if tq == 0 || tc == 0 || matchedQ == 0 {
		return alignment{}
	}
	agree = agree && !unmatchedDistinguishing(q.tokens, qUsed) && !unmatchedDistinguishing(c.tokens, cUsed)
	covQ, covC := min(1, matchedQ/tq), min(1, matchedC/tc)
	return alignment{score: 2 * covQ * covC / (covQ + covC), why: why, agree: agree,
		unpairedQ: unpaired(q.tokens, qUsed), unpairedC: unpaired(c.tokens, cUsed),
		innerQ: inner(q.tokens, qUsed), innerC: inner(c.tokens, cUsed)}
}

// inner returns the first distinguishing word that met nothing although
// words before and after it did, or "".
func inner(tokens []string, used []bool) string {
	first, last := slices.Index(used, true), len(used)-1
	for last >= 0 && !used[last] {
		last--
	}
	for i := first + 1; first >= 0 && i < last; i++ {
		if !used[i] && distinguishing(tokens[i:i+1]) {
			return tokens[i]
		}
	}
	return ""
}

func unpaired(tokens []string, used []bool) []string {
	var out []string
	for i, t := range tokens {
		if !used[i] {
			out = append(out, t)
		}
	}
	return out
}

// sameSplit reports whether two pairs of joined neighbours split at the
// same place ("HUBEI UNIVERSITY", "HEBEI UNIVERSITY"): no space moved, and
// joining them would only hide a difference in one word that the
// word-by-word comparison judges.
func sameSplit(q, c side, qs, cs span) bool {
	return qs.n == 2 && cs.n == 2 && len(q.tokens[qs.from]) == len(c.tokens[cs.from])
}

// distinguishing reports whether any of the tokens is a distinguishing
// word: one with the full base weight, not an article, legal form or
// generic word of organisation names. The listed side's words decide, so
// that a typo in a generic word ("Institue") is not taken for one.
func distinguishing(tokens []string) bool {
	for _, t := range tokens {
		if baseWeight(t) == 1 {
			return true
		}
	}
	return false
}

func unmatchedDistinguishing(tokens []string, used []bool) bool {
	for i := range tokens {
		if !used[i] && distinguishing(tokens[i:i+1]) {
			return true
		}
	}
	return false
}

// span is a word or two adjacent words joined.
type span struct {
	from, n int
	text    string
}

// spans lists the unused single words and unused adjacent pairs of tokens.
func spans(tokens []string, used []bool) []span {
	var out []span
	for i, t := range tokens {
		if used[i] {
			continue
		}
		out = append(out, span{i, 1, t})
		if i+1 < len(tokens) && !used[i+1] {
			out = append(out, span{i, 2, t + tokens[i+1]})
		}
	}
	return out
}

func anyUsed(used []bool, s span) bool {
	for k := s.from; k < s.from+s.n; k++ {
		if used[k] {
			return true
		}
	}
	return false
}

func abs(n int) int { return max(n, -n) }

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
