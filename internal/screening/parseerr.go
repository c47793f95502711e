package screening

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// formatError reports a corrupt or truncated list file, naming the file and
// where in it the problem is, so that an operator can find it.
func formatError(file string, line int, format string, args ...any) error {
	where := file
	if line > 0 {
		where = fmt.Sprintf("%s line %d", file, line)
	}
	return kscheck.Errorf(kscheck.EInvalid, "%s: %s", where, fmt.Sprintf(format, args...))
}

// offsetError is formatError for byte offsets (XML and JSON decoders).
func offsetError(file string, offset int64, format string, args ...any) error {
	return kscheck.Errorf(kscheck.EInvalid, "%s at byte %d: %s", file, offset, fmt.Sprintf(format, args...))
}

// jsonError turns a JSON decoder error into an error naming the offset.
func jsonError(file string, dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return offsetError(file, dec.InputOffset(), "the file ends too early (truncated download?)")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return offsetError(file, se.Offset, "not valid JSON: %v", err)
	}
	return offsetError(file, dec.InputOffset(), "unexpected content: %v", err)
}

// complete accepts a snapshot only when it has entries and each has an id
// and a name: a reader never hands on part of a list.
func complete(file string, s *Snapshot) (*Snapshot, error) {
	if len(s.Entities) == 0 {
		return nil, formatError(file, 0, "the list has no entries")
	}
	for _, e := range s.Entities {
		if e.ID == "" {
			return nil, formatError(file, 0, "an entry (%q) has no id", e.Primary())
		}
		if len(e.Names) == 0 {
			return nil, formatError(file, 0, "entry %s has no name", e.ID)
		}
	}
	return s, nil
}
