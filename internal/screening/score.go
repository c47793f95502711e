package screening

import "sort"

// TokenMatch explains one step of a match: which query word(s) met which
// listed word(s), and how alike they were.
type TokenMatch struct {
	Query      string  `json:"query"`
	Listed     string  `json:"listed"`
	Similarity float64 `json:"similarity"`
}

// side is one name to compare: its tokens and their weights.
type side struct {
	tokens  []string
	weights []float64
	literal bool // written in a script whose transliteration loses too much for typo tolerance
}

// similarity compares a word of q with a word of c, exactly when either
// name is literal.
func similarity(q, c side, a, b string) float64 {
	if q.literal || c.literal {
		if a == b {
			return 1
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

// compareSides scores how well two names agree, in [0,1], independent of
// word order. Words are paired greedily by similarity and weight; words left
// over may still meet as joined neighbours ("AL DARI" ~ "ALDARI",
// "AREFULLAHA REF" ~ "AREFULLAH AREF"). The score is the harmonic mean of
// the weighted share of each side that found a partner, so both a missing
// distinctive word and an extra one cost.
func compareSides(q, c side) (float64, []TokenMatch) {
	s1, why1 := alignSides(q, c, false)
	if s1 == 1 {
		return s1, why1
	}
	if s2, why2 := alignSides(q, c, true); s2 > s1 {
		return s2, why2
	}
	return s1, why1
}

// alignSides pairs the words of two names. With joinsFirst, joined
// neighbours are paired before single words, which wins when a space moved
// ("MYONGC HIN" ~ "MYONG CHIN") and a single-word pairing would be greedy.
func alignSides(q, c side, joinsFirst bool) (float64, []TokenMatch) {
	qUsed := make([]bool, len(q.tokens))
	cUsed := make([]bool, len(c.tokens))
	var matchedQ, matchedC float64
	var why []TokenMatch
	joins := func() {
		if len(q.tokens) == 1 && len(c.tokens) == 1 {
			return
		}
		cSpans := spans(c.tokens, cUsed)
		for _, qs := range spans(q.tokens, qUsed) {
			for _, cs := range cSpans {
				if qs.n == 1 && cs.n == 1 || anyUsed(qUsed, qs) || anyUsed(cUsed, cs) {
					continue
				}
				// joined words may differ by one typo at most: a larger
				// difference hides a whole different word (BEIJING NORMAL,
				// NANJING NORMAL)
				s := similarity(q, c, qs.text, cs.text)
				if s == 0 || s < 1 && editDistance(qs.text, cs.text, 1) > 1 {
					continue
				}
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
		matchedQ += p.sim * q.weights[p.qi]
		matchedC += p.sim * c.weights[p.ci]
		why = append(why, TokenMatch{q.tokens[p.qi], c.tokens[p.ci], round3(p.sim)})
	}
	if !joinsFirst {
		joins()
	}
	tq, tc := q.total(), c.total()
	if tq == 0 || tc == 0 || matchedQ == 0 {
		return 0, nil
	}
	covQ, covC := min(1, matchedQ/tq), min(1, matchedC/tc)
	return 2 * covQ * covC / (covQ + covC), why
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

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
