package i18n

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
)

// templateKey finds literal keys in template calls such as {{.L.T "nav.inbox"}},
// {{$.L.T "case.count" .N}} or {{.L.N "case.days_left" .Days .Days}}.
var templateKey = regexp.MustCompile(`\.[TN]\s+"([a-z0-9_.]+)"`)

// MissingInTemplates reads the files matching patterns in fsys and returns,
// sorted, every literal key used with .T or .N that some language lacks, as
// "file: lang:key". Keys built at run time (printf, E) are not seen here;
// Missing catches those when pages are rendered in tests.
func (b *Bundle) MissingInTemplates(fsys fs.FS, patterns ...string) ([]string, error) {
	var out []string
	for _, p := range patterns {
		files, err := fs.Glob(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("i18n: pattern %q: %w", p, err)
		}
		for _, f := range files {
			data, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("i18n: reading %s: %w", f, err)
			}
			for _, m := range templateKey.FindAllSubmatch(data, -1) {
				for _, lang := range Languages {
					if !b.Has(lang, string(m[1])) {
						out = append(out, f+": "+lang+":"+string(m[1]))
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
