package screening

import (
	"hash/fnv"
	"math"
)

// Index holds every name of a set of snapshots, ready for fast candidate
// lookup. It is immutable once built and safe for concurrent searches.
type Index struct {
	snaps    []*Snapshot
	ents     []indexedEntity
	names    []indexedName
	vocab    map[string]int32   // token or joined neighbours → term
	terms    []term             // by term id
	fuzzy    map[uint64][]int32 // hash of a token and of its one-deletion variants → terms
	acronyms map[string][]int32 // initials of organisation names → names
	maxIDF   float64            // the weight rarity gives an unknown word
	scratch  scratchPool
}

type indexedEntity struct {
	e    *Entity
	snap int32
}

type indexedName struct {
	ent  int32
	name int32 // index into the entity's Names
	toks []int32
	wsum float32 // total weight of toks
}

// term is a distinct token, or two adjacent tokens joined, of the listed
// names. weight is its base weight times its rarity; a joined term weighs
// its two parts together.
type term struct {
	text     string
	weight   float32
	a, b     int32 // the parts of a joined term, -1 for a single token
	postings []int32
}

// NewIndex indexes the names of the snapshots.
func NewIndex(snaps []*Snapshot) *Index {
	ix := &Index{snaps: snaps, vocab: map[string]int32{}, fuzzy: map[uint64][]int32{}, acronyms: map[string][]int32{}}
	df := []int32{}
	intern := func(text string, a, b int32) int32 {
		id, ok := ix.vocab[text]
		if !ok {
			id = int32(len(ix.terms))
			ix.vocab[text] = id
			ix.terms = append(ix.terms, term{text: text, a: a, b: b})
			df = append(df, 0)
		} else if a < 0 {
			// a word also seen as two joined words ("SHIPBUILDING", "SHIP
			// BUILDING") is weighed and fuzzily matched as a word
			ix.terms[id].a, ix.terms[id].b = -1, -1
		}
		return id
	}
	for si, s := range snaps {
		for _, e := range s.Entities {
			ent := int32(len(ix.ents))
			ix.ents = append(ix.ents, indexedEntity{e, int32(si)})
			for ni, n := range e.Names {
				toks := Normalize(n.Full)
				if len(toks) == 0 {
					continue
				}
				nid := int32(len(ix.names))
				rec := indexedName{ent: ent, name: int32(ni), toks: make([]int32, len(toks))}
				for i, t := range toks {
					rec.toks[i] = intern(t, -1, -1)
				}
				ix.names = append(ix.names, rec)
				keys := append([]int32(nil), rec.toks...)
				for i := 0; i+1 < len(toks); i++ {
					keys = append(keys, intern(toks[i]+toks[i+1], rec.toks[i], rec.toks[i+1]))
				}
				for i, k := range keys {
					if !seenBefore(keys[:i], k) {
						df[k]++
						ix.terms[k].postings = append(ix.terms[k].postings, nid)
					}
				}
				if e.Type == TypeOrganization {
					if a := acronym(toks); a != "" {
						ix.acronyms[a] = append(ix.acronyms[a], nid)
					}
				}
			}
		}
	}
	n := float64(len(ix.names) + 1)
	ix.maxIDF = math.Log(1 + n)
	for id := range ix.terms {
		t := &ix.terms[id]
		if t.a < 0 {
			t.weight = float32(baseWeight(t.text) * math.Log(1+n/float64(df[id])))
		}
	}
	for id := range ix.terms {
		t := &ix.terms[id]
		if t.a >= 0 {
			t.weight = ix.terms[t.a].weight + ix.terms[t.b].weight
			continue
		}
		if maxEdits(len(t.text)) > 0 && !hasDigit(t.text) {
			for _, v := range deletions(t.text) {
				h := hashString(v)
				ix.fuzzy[h] = append(ix.fuzzy[h], int32(id))
			}
		}
	}
	for i := range ix.names {
		rec := &ix.names[i]
		for _, t := range rec.toks {
			rec.wsum += ix.terms[t].weight
		}
	}
	ix.scratch.size = len(ix.names)
	return ix
}

func seenBefore(keys []int32, k int32) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// deletions returns s and every string with one byte of s removed.
func deletions(s string) []string {
	out := make([]string, 0, len(s)+1)
	out = append(out, s)
	for i := 0; i < len(s); i++ {
		out = append(out, s[:i]+s[i+1:])
	}
	return out
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// acronym returns the initials of an organisation name of three or more
// words, leaving out articles: "National University of Defense Technology"
// → nudt. Shorter names have no acronym worth indexing.
func acronym(toks []string) string {
	var b []byte
	for _, t := range toks {
		if !stopword(t) {
			b = append(b, t[0])
		}
	}
	if len(b) < 3 || len(toks) == 1 {
		return ""
	}
	return string(b)
}

// weight is the weight of a query token: its term weight when listed
// names contain it, else the weight of a word rarer than any listed one.
func (ix *Index) weight(tok string) float64 {
	if id, ok := ix.vocab[tok]; ok && ix.terms[id].a < 0 {
		return float64(ix.terms[id].weight)
	}
	return baseWeight(tok) * ix.maxIDF
}

// Size returns the number of entities and of names indexed.
func (ix *Index) Size() (entities, names int) { return len(ix.ents), len(ix.names) }

// Snapshots returns the snapshots the index was built from.
func (ix *Index) Snapshots() []*Snapshot { return ix.snaps }
