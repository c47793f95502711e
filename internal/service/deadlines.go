package service

import (
	"context"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/store"
)

// DeadlineWarning is how long before the Committee's deadline the Desk and
// the chair are reminded of it.
const DeadlineWarning = 7 * 24 * time.Hour

// QueueDeadlineNotices queues a "deadline near" notice for every case
// awaiting a verdict whose deadline is within DeadlineWarning, and an
// "overdue" notice once it has passed, to the Advice Desk and the
// Committee's chair. Each is queued once per case and deadline, even when
// several kscheck processes run this at the same time; a case first seen
// after its deadline gets only the overdue notice. It returns how many
// messages were queued. Reminders of overdue measures go out with them.
func (s *Service) QueueDeadlineNotices(ctx context.Context) (int, error) {
	if s.Notifications == nil {
		return 0, nil
	}
	queued, err := s.queueMeasureReminders(ctx)
	if err != nil {
		return queued, err
	}
	now := s.Now()
	cases, err := s.store.CasesDueBy(ctx, now.Add(DeadlineWarning))
	if err != nil {
		return 0, err
	}
	for _, listed := range cases {
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			c, err := tx.Case(ctx, listed.ID) // it may have moved on since it was listed
			if err != nil {
				return err
			}
			due := c.Deadline()
			if due == nil || !c.State.AwaitsVerdict() || due.After(now.Add(DeadlineWarning)) {
				return nil
			}
			ev := notify.EventDeadlineNear
			if !now.Before(*due) {
				ev = notify.EventOverdue
			}
			first, err := tx.RecordDeadlineNotice(ctx, c.ID, string(ev), *due, now)
			if err != nil || !first {
				return err
			}
			n, err := s.queue(ctx, tx, System, c, deadlineRules(ev), notify.Notice{Due: *due})
			queued += n
			return err
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// MayReadMail reports whether actor may read the outbox: administrators,
// and in demo mode everyone (demo accounts are not real people, and the
// page shows what kscheck would have sent).
func MayReadMail(actor kscheck.Actor, demo bool) bool {
	return demo || actor.HasAnywhere(kscheck.RoleAdmin)
}

// RecentMail returns the newest limit messages of the outbox for actor.
func (s *Service) RecentMail(ctx context.Context, actor kscheck.Actor, demo bool, limit int) ([]notify.Mail, error) {
	if !MayReadMail(actor, demo) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "only administrators see the e-mail kscheck sends").Translated("err.access.outbox")
	}
	return s.store.RecentMail(ctx, s.Now(), limit)
}
