package screening

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// csvRows reads every record of a CSV file with the given separator and
// calls fn with the record and its line number. width > 0 demands that many
// fields in every record. The DOS end-of-file mark that OFAC appends is
// accepted as the last line; any other malformation fails the whole file.
func csvRows(file string, data []byte, sep rune, width int, fn func(rec []string, line int) error) error {
	data = bytes.TrimSuffix(bytes.TrimRight(data, "\r\n"), []byte{0x1a})
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = width
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return formatError(file, pe.Line, "%v", pe.Err)
			}
			return formatError(file, 0, "%v", err)
		}
		line, _ := r.FieldPos(0)
		if err := fn(rec, line); err != nil {
			return err
		}
	}
}

// ofacValue returns a CSV field with OFAC's "-0-" empty marker removed.
func ofacValue(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// header maps column names to their index, for formats read by name.
type header map[string]int

func newHeader(rec []string) header {
	h := header{}
	for i, name := range rec {
		h[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	return h
}

// get returns the named column of rec, or "" when the file lacks it.
func (h header) get(rec []string, name string) string {
	if i, ok := h[name]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// require fails unless the header has every named column.
func (h header) require(file string, names ...string) error {
	for _, n := range names {
		if _, ok := h[n]; !ok {
			return formatError(file, 1, "the header lacks the column %q", n)
		}
	}
	return nil
}
