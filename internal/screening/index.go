package screening

import (
	"math"
	"slices"
)

// Index holds every name of a set of snapshots, ready for fast candidate
// lookup. It is immutable once built and safe for concurrent searches.
type Index struct {
	snaps    []*Snapshot
	ents     []indexedEntity
	names    []indexedName
	vocab    map[string]int32   // token or joined neighbours → term
	terms    []term             // by term id
	fuzzy    []uint64           // fuzzy keys of every token, sorted (see deletionHash, thirdHash)
	acronyms map[string][]int32 // initials of organisation names → names
	// skeletons: consonants of listed words → terms, for queries in Arabic
	// or Hebrew script (see skeleton)
	skeletons map[string][]int32
	maxIDF    float64 // the weight rarity gives an unknown word
	// commonPostings: see skipCommon
	commonPostings int
	scratch        scratchPool
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
	total := 0
	for _, s := range snaps {
		for _, e := range s.Entities {
			total += len(e.Names)
		}
	}
	ix := &Index{snaps: snaps, vocab: make(map[string]int32, total*2), acronyms: map[string][]int32{},
		names: make([]indexedName, 0, total)}
	var df []int32
	var buf []byte
	// intern returns the term of text (given as bytes to look up without
	// allocating); a, b are the parts of a joined term, or -1.
	intern := func(text []byte, a, b int32) int32 {
		id, ok := ix.vocab[string(text)]
		if !ok {
			id = int32(len(ix.terms))
			str := string(text)
			ix.vocab[str] = id
			ix.terms = append(ix.terms, term{text: str, a: a, b: b})
			df = append(df, 0)
		} else if a < 0 {
			// a word also seen as two joined words ("SHIPBUILDING", "SHIP
			// BUILDING") is weighed and fuzzily matched as a word
			ix.terms[id].a, ix.terms[id].b = -1, -1
		}
		return id
	}
	// postings are gathered as (term, name) pairs, then laid out per term
	var pairs [][2]int32
	var keys []int32
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
					rec.toks[i] = intern(append(buf[:0], t...), -1, -1)
				}
				ix.names = append(ix.names, rec)
				keys = append(keys[:0], rec.toks...)
				for i := 0; i+1 < len(toks); i++ {
					buf = append(append(buf[:0], toks[i]...), toks[i+1]...)
					keys = append(keys, intern(buf, rec.toks[i], rec.toks[i+1]))
				}
				for i, k := range keys {
					if !seenBefore(keys[:i], k) {
						df[k]++
						pairs = append(pairs, [2]int32{k, nid})
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
	ix.layoutPostings(pairs, df)
	ix.weigh(df)
	ix.scratch.size = len(ix.names)
	ix.commonPostings = defaultCommonPostings
	return ix
}

// layoutPostings stores every term's names in one array, in name order.
func (ix *Index) layoutPostings(pairs [][2]int32, df []int32) {
	all := make([]int32, len(pairs))
	next := make([]int32, len(df))
	off := int32(0)
	for id, n := range df {
		next[id] = off
		ix.terms[id].postings = all[off : off : off+n]
		off += n
	}
	for _, p := range pairs {
		all[next[p[0]]] = p[1]
		next[p[0]]++
	}
	for id := range ix.terms {
		t := &ix.terms[id]
		t.postings = t.postings[:cap(t.postings)]
	}
}

// weigh gives every term its weight (base weight times rarity), files the
// words for fuzzy lookup and sums each name's weight.
func (ix *Index) weigh(df []int32) {
	n := float64(len(ix.names) + 1)
	ix.maxIDF = math.Log(1 + n)
	fuzzy := 0
	for id := range ix.terms {
		t := &ix.terms[id]
		if t.a < 0 {
			t.weight = float32(baseWeight(t.text) * math.Log(1+n/float64(df[id])))
			fuzzy += len(t.text) + 1
		}
	}
	ix.fuzzy = make([]uint64, 0, fuzzy)
	ix.skeletons = make(map[string][]int32, len(ix.terms)/2)
	for id := range ix.terms {
		t := &ix.terms[id]
		if t.a >= 0 {
			t.weight = ix.terms[t.a].weight + ix.terms[t.b].weight
			continue
		}
		if len(t.text) > 1 && !hasDigit(t.text) {
			k := skeleton(t.text, false)
			ix.skeletons[k] = append(ix.skeletons[k], int32(id))
		}
		if maxEdits(len(t.text)) > 0 && !hasDigit(t.text) {
			for skip := -1; skip < len(t.text); skip++ {
				ix.fuzzy = append(ix.fuzzy, deletionHash(t.text, skip)<<32|uint64(id))
			}
			if len(t.text) >= longWord {
				for part := range 3 {
					ix.fuzzy = append(ix.fuzzy, thirdHash(t.text, len(t.text), part)<<32|uint64(id))
				}
			}
		}
	}
	slices.Sort(ix.fuzzy)
	for i := range ix.names {
		rec := &ix.names[i]
		for _, t := range rec.toks {
			rec.wsum += ix.terms[t].weight
		}
	}
}

func seenBefore(keys []int32, k int32) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// deletionHash is the upper half of the FNV-1a hash of s without its byte
// at skip (-1: all of s), computed without building the string. Two tokens
// within one edit share such a hash (the SymSpell idea); the index files
// each token under the hashes of itself and its one-byte deletions, as
// hash<<32 | term. Collisions only add candidates, which the similarity
// check removes.
func deletionHash(s string, skip int) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		if i != skip {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return h >> 32
}

// longWord is the length from which a word with two typos is still found.
const longWord = 8

// thirdHash is the upper half of the hash of one third of a long word of n
// letters (part 0: the first third, 1: the middle, 2: the last), with n.
// Two typos leave at least one third of a word intact, so the index files
// each long word under its thirds too; a query word looks up its own thirds
// for every length within two of its own. The first and last third stay in
// place when letters are inserted or dropped, the middle one only when
// letters are replaced.
func thirdHash(s string, n, part int) uint64 {
	k := n / 3
	var piece string
	switch part {
	case 0:
		piece = s[:min(k, len(s))]
	case 1:
		if len(s) != n {
			return 0
		}
		piece = s[k : 2*k]
	default:
		piece = s[max(0, len(s)-k):]
	}
	h := uint64(14695981039346656037)
	for _, c := range []byte{byte('0' + part), byte(n)} {
		h ^= uint64(c)
		h *= 1099511628211
	}
	for i := 0; i < len(piece); i++ {
		h ^= uint64(piece[i])
		h *= 1099511628211
	}
	return h >> 32
}

// fuzzyTerms returns the fuzzy keys filed under hash h.
func (ix *Index) fuzzyTerms(h uint64) []uint64 {
	i, _ := slices.BinarySearch(ix.fuzzy, h<<32)
	j := i
	for j < len(ix.fuzzy) && ix.fuzzy[j]>>32 == h {
		j++
	}
	return ix.fuzzy[i:j]
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
