// Package bundled holds the list snapshots shipped inside the kscheck
// binary (see SOURCES.md for their origin and licences): the default
// screening data until current lists are imported or downloaded.
package bundled

import (
	"embed"
	"io/fs"
	"time"

	"github.com/kscheck/kscheck/internal/screening"
)

//go:embed lists SOURCES.md
var files embed.FS

// Copied is when the bundled copies were taken; it is their fetch time.
var Copied = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// published is when the bundled copies whose files state no date were
// published, to the month (see SOURCES.md), so that their age is shown.
var published = map[screening.ListID]time.Time{
	screening.ListOFACSDN:  time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC),
	screening.ListOFACCons: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
	screening.ListBISDPL:   time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
}

// Snapshots reads the bundled snapshots.
func Snapshots() ([]*screening.Snapshot, error) {
	lists, err := fs.Sub(files, "lists")
	if err != nil {
		return nil, err
	}
	snaps, err := screening.ReadFS(lists, Copied)
	if err != nil {
		return nil, err
	}
	for _, s := range snaps {
		s.Source = "bundled copy: " + s.Source
		s.Bundled = true
		if s.Published.IsZero() {
			s.Published = published[s.List]
		}
	}
	return snaps, nil
}
