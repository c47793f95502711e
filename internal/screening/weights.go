package screening

import "slices"

// Words that say little about which organisation or person is meant. They
// still count, so that "Nanjing University" and "Nanjing Institute" stay
// apart, but far less than the distinctive words around them. The index
// multiplies these base weights by each word's rarity among listed names.
var genericWeights = map[string]float64{}

func init() {
	// keys are written as Normalize writes tokens, doubled letters once
	// (college → colege)
	set := func(w float64, words ...string) {
		for _, t := range words {
			genericWeights[squashRepeats(t)] = w
		}
	}
	// articles and particles of names in many languages
	set(0.1, "of", "the", "and", "for", "in", "at", "on", "de", "del", "della", "di", "do", "dos",
		"das", "du", "des", "la", "le", "les", "el", "y", "e", "et", "und", "der", "die", "fur", "von", "zu")
	set(0.3, "al", "bin", "ibn", "bint", "ben", "ould")
	// legal forms
	set(0.2, "ltd", "limited", "co", "company", "corp", "corporation", "inc", "incorporated", "llc",
		"plc", "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "jsc", "ojsc", "cjsc", "pjsc",
		"ooo", "oao", "zao", "pao", "llp", "lp", "pte", "pvt", "private", "fze", "fzco", "fzc", "fzllc", "kg",
		"ab", "oy", "as", "cv", "rl", "sl", "sde", "tov", "dmcc", "est", "establishment", "holding", "holdings")
	// generic words of organisation names
	set(0.5, "university", "universitat", "universite", "universidad", "universidade", "universita",
		"college", "institute", "institut", "instituto", "academy", "academie", "school", "center",
		"centre", "research", "science", "sciences", "scientific", "technology", "technologies",
		"technological", "technical", "engineering", "national", "state", "key", "laboratory", "lab",
		"group", "industry", "industries", "industrial", "international", "trading", "enterprise",
		"enterprises", "general", "services", "service", "department", "ministry", "bureau", "agency",
		"organization", "organisation", "foundation", "association", "society", "office", "commission",
		"committee", "council", "federal", "republic", "people", "peoples",
		"military", "army", "force", "forces", "defense", "defence", "command", "joint", "stock", "bank")
}

// institutionKinds are the words that say what kind of institution a name
// is. A name stating a kind (Harbin Institute of Technology) is not the
// same institution as one of another kind (Harbin University of Science and
// Technology) or one stating none ("ANA" for Anna University, "AL FURQAN"
// for Furman University), however much else they share.
var institutionKinds = map[string]bool{}

func init() {
	for _, w := range []string{"university", "universitat", "universite", "universidad", "universidade",
		"universita", "institute", "institut", "instituto", "college", "academy", "academie", "school",
		"hospital", "bank", "foundation", "ministry"} {
		institutionKinds[squashRepeats(w)] = true
	}
}

// kindMissing reports whether the query names a kind of institution that
// the listed name does not (allowing a typo in the kind word).
func kindMissing(query, listed []string) bool {
	for _, x := range query {
		if !institutionKinds[x] {
			continue
		}
		found := false
		for _, y := range listed {
			if institutionKinds[y] && tokenSimilarity(x, y) >= 0.8 {
				found = true
				break
			}
		}
		if !found {
			return true
		}
	}
	return false
}

// baseWeight is a token's weight before rarity: generic words are light,
// single letters (initials) lighter still.
func baseWeight(tok string) float64 {
	if w, ok := genericWeights[tok]; ok {
		return w
	}
	if len(tok) == 1 {
		return 0.3
	}
	return 1
}

// stopword reports whether a token is left out of acronyms ("National
// University of Defense Technology" → NUDT).
func stopword(tok string) bool { return genericWeights[tok] == 0.1 }

// statesKind reports whether a name says what kind of institution it is.
func statesKind(tokens []string) bool {
	return slices.ContainsFunc(tokens, func(t string) bool { return institutionKinds[t] })
}
