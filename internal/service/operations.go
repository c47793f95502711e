package service

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/webhook"
)

// This file is what running kscheck needs beyond the use cases: closing
// and copying the database, and the narrow views of it that the
// background workers drain. The store itself stays inside the service, so
// that nothing outside can read a case past the need-to-know rules or
// change one without its audit entry.

// Open opens the database named by dsn (an SQLite file, or a
// postgres:// URL), bringing its schema up to date, and builds the
// service on it: the procedures shipped and activated, and screening
// against the lists imported into the database, or the copies bundled in
// the binary where none was, so that a fresh installation screens real
// data.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Service, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	procs, err := LoadProcedures(ctx, st)
	if err != nil {
		st.Close()
		return nil, err
	}
	s := New(st, procs, log)
	s.Screening = screening.NewService(st, bundled.Snapshots, screening.DefaultThresholds)
	return s, nil
}

// Close closes the database.
func (s *Service) Close() error { return s.store.Close() }

// Backup writes a consistent copy of an SQLite database to the file at
// path, which must not exist, while the server keeps running.
func (s *Service) Backup(ctx context.Context, path string) error {
	return s.store.Backup(ctx, path)
}

// Outbox is the mail queue the notification worker sends from; the
// notices in it were queued with the changes they tell of.
func (s *Service) Outbox() notify.Outbox { return s.store }

// WebhookQueue is the queue of deliveries the webhook worker sends.
func (s *Service) WebhookQueue() webhook.Queue { return s.store }

// Snapshots is where the screening service reads the active list
// snapshots from.
func (s *Service) Snapshots() screening.SnapshotStore { return s.store }

// UnitPath returns the codes from the institution down to the unit code,
// by which procedures are chosen (it makes the service a
// procedure.UnitTree).
func (s *Service) UnitPath(ctx context.Context, code string) ([]string, error) {
	return s.store.UnitPath(ctx, code)
}

// Unit returns the unit of code, for naming it in letters and pages.
func (s *Service) Unit(ctx context.Context, code string) (*kscheck.Unit, error) {
	return s.store.Unit(ctx, code)
}

// Language returns the language the actor chose for pages and mail, ""
// when they chose none.
func (s *Service) Language(ctx context.Context, actor kscheck.Actor) (string, error) {
	return s.store.Language(ctx, actor.Person.ID)
}

// CountCases counts all cases, for the command line's reports of bulk
// work.
func (s *Service) CountCases(ctx context.Context) (int, error) {
	return s.store.CountCases(ctx)
}

// AddSyntheticCases writes made-up cases for measuring lists and pages at
// scale, batch by batch, calling next for each case and progress after
// each batch. They are written without audit entries, as they record no
// real decisions; the planner's statistics are refreshed at the end.
func (s *Service) AddSyntheticCases(ctx context.Context, n int, next func(i int) *kscheck.Case, progress func(done int)) error {
	const batch = 1000
	for done := 0; done < n; {
		size := min(batch, n-done)
		cases := make([]*kscheck.Case, size)
		for i := range cases {
			cases[i] = next(done + i)
		}
		if err := s.store.AddSyntheticCases(ctx, cases); err != nil {
			return fmt.Errorf("synthetic cases: %w", err)
		}
		done += size
		if progress != nil {
			progress(done)
		}
	}
	return s.store.Analyze(ctx)
}
