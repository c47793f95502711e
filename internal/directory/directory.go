// Package directory is the partner directory kscheck ships: the world's
// universities with their country and website, for type-ahead when an
// initiator adds a partner. The data is the university-domains-list of
// Hipo (MIT licence, see world-universities.LICENSE.txt), compressed into
// universities.tsv.gz by gen.go.
package directory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kscheck/kscheck/internal/screening"
)

//go:embed universities.tsv.gz
var universities []byte

// Entry is one organisation of the directory.
type Entry struct {
	Name    string
	Country string // ISO 3166-1 alpha-2
	Website string
}

// entry is an Entry with the words its name is searched by, as one string
// " w1 w2 … ", so that "a word starts with q" is one substring search.
type entry struct {
	Entry
	words string
}

var (
	loadOnce sync.Once
	entries  []entry
	loadErr  error
)

// load decompresses the directory once, on first use.
func load() ([]entry, error) {
	loadOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(universities))
		if err != nil {
			loadErr = fmt.Errorf("reading the university directory: %w", err)
			return
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			f := strings.Split(sc.Text(), "\t")
			if len(f) != 3 {
				continue
			}
			e := Entry{Name: f[0], Country: f[1], Website: f[2]}
			entries = append(entries, entry{Entry: e, words: " " + strings.Join(screening.Words(e.Name), " ") + " "})
		}
		if err := sc.Err(); err != nil {
			loadErr = fmt.Errorf("reading the university directory: %w", err)
		}
	})
	return entries, loadErr
}

// Len returns the number of entries in the directory.
func Len() int {
	es, _ := load()
	return len(es)
}

// Search returns up to limit entries whose name contains every word of q
// as the start of one of its words (diacritics, case and script folded as
// in screening), best first: names that start with the query, then shorter
// names, then alphabetical order. A query shorter than two letters finds
// nothing, since it would match half the world.
func Search(q string, limit int) ([]Entry, error) {
	want := screening.Words(q)
	if len(strings.Join(want, "")) < 2 || limit <= 0 {
		return nil, nil
	}
	es, err := load()
	if err != nil {
		return nil, err
	}
	type scored struct {
		e    *entry
		rank int
	}
	needles := make([]string, len(want))
	for i, w := range want {
		needles[i] = " " + w
	}
	var found []scored
	for i := range es {
		e := &es[i]
		if rank, ok := matches(e.words, needles); ok {
			found = append(found, scored{e, rank})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if d := len(a.e.Name) - len(b.e.Name); d != 0 {
			return d
		}
		return strings.Compare(a.e.Name, b.e.Name)
	})
	out := make([]Entry, 0, min(limit, len(found)))
	for _, s := range found[:min(limit, len(found))] {
		out = append(out, s.e.Entry)
	}
	return out, nil
}

// matches reports whether every needle (a query word after a space)
// starts some word of the name (as entry.words holds them), and ranks the
// match: 0 when the name starts with the first query word, 1 otherwise.
func matches(words string, needles []string) (rank int, ok bool) {
	for _, n := range needles {
		if !strings.Contains(words, n) {
			return 0, false
		}
	}
	if strings.HasPrefix(words, needles[0]) {
		return 0, true
	}
	return 1, true
}
