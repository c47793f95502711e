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
	}
	return snaps, nil
}
