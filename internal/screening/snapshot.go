package screening

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Snapshot is one list as published at one moment: the unit that is
// imported, stored, screened against and cited in results.
type Snapshot struct {
	List      ListID         `json:"list"`
	Source    string         `json:"source"`             // where it came from: URL or file
	Published time.Time      `json:"published,omitzero"` // publication date where the file states it
	Fetched   time.Time      `json:"fetched"`            // when kscheck read or downloaded it
	SHA256    string         `json:"sha256"`             // of the source bytes, files in name order
	Files     []string       `json:"files"`              // the file names it was read from
	Counts    map[string]int `json:"counts"`             // entities by type
	Bundled   bool           `json:"bundled,omitempty"`  // the copy shipped inside the binary, not a download
	Entities  []*Entity      `json:"entities"`
}

// SnapshotStore keeps snapshots. ActiveSnapshots returns the active
// snapshot of every list that has one, and ActiveSnapshotRefs only their
// citations, cheaply. Saving them is the importer's (UpdateStore), which
// records each import.
type SnapshotStore interface {
	ActiveSnapshots(ctx context.Context) ([]*Snapshot, error)
	ActiveSnapshotRefs(ctx context.Context) ([]Ref, error)
}

// count fills Counts from Entities.
func (s *Snapshot) count() {
	s.Counts = map[string]int{}
	for _, e := range s.Entities {
		s.Counts[string(e.Type)]++
	}
}

// Ref is how a result cites the snapshot it came from, with what its
// coverage needs to know: when the list was published or fetched, how many
// entries it had and whether it was the bundled copy.
type Ref struct {
	List      ListID    `json:"list"`
	SHA256    string    `json:"sha256"`
	Published time.Time `json:"published,omitzero"`
	Fetched   time.Time `json:"fetched,omitzero"`
	Entries   int       `json:"entries,omitempty"`
	Bundled   bool      `json:"bundled,omitempty"`
}

// Ref returns the citation of s.
func (s *Snapshot) Ref() Ref {
	return Ref{List: s.List, SHA256: s.SHA256, Published: s.Published, Fetched: s.Fetched, Entries: len(s.Entities), Bundled: s.Bundled}
}

// MarshalBinary encodes the snapshot as gzip-compressed JSON, so that a
// store can keep it as one blob.
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(s); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes what MarshalBinary produced.
func (s *Snapshot) UnmarshalBinary(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("snapshot blob: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("snapshot blob: %w", err)
	}
	var out Snapshot
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("snapshot blob: %w", err)
	}
	*s = out
	return nil
}
