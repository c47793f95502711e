// Package checkpoint keeps the heads of the audit trail and the access log
// in a file outside the database: one JSON line per checkpoint, appended,
// never rewritten. Someone who can change the database but not this file
// (or the copies sent on from it) cannot remove or rewrite the newest
// entries unnoticed, which a hash chain alone cannot show.
package checkpoint

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// DefaultPath is where checkpoints go when none is named: beside an SQLite
// database file, or in the working directory for PostgreSQL.
func DefaultPath(sqlitePath string, postgres bool) string {
	if postgres || sqlitePath == "" {
		return "kscheck-audit.checkpoints"
	}
	return sqlitePath + ".checkpoints"
}

// Append adds cp as the newest line of the file at path, creating it
// (readable by its owner only) when missing, and syncs it to disk.
func Append(path string, cp kscheck.Checkpoint) error {
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening the checkpoint file: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("writing the checkpoint file %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("writing the checkpoint file %s: %w", path, err)
	}
	return f.Close()
}

// ErrNone is returned by Last when there is no checkpoint file yet.
var ErrNone = errors.New("no checkpoint has been written")

// Last returns the newest checkpoint in the file at path. A line that does
// not parse is an error naming it: a damaged file must not pass for an
// older checkpoint.
func Last(path string) (kscheck.Checkpoint, error) {
	var last kscheck.Checkpoint
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return last, ErrNone
	}
	if err != nil {
		return last, fmt.Errorf("opening the checkpoint file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, found := 0, false
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var cp kscheck.Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &cp); err != nil {
			return last, fmt.Errorf("checkpoint file %s, line %d, is not a checkpoint: %v", path, n, err)
		}
		last, found = cp, true
	}
	if err := sc.Err(); err != nil {
		return last, fmt.Errorf("reading the checkpoint file %s: %w", path, err)
	}
	if !found {
		return last, ErrNone
	}
	return last, nil
}
