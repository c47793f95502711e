package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/store"
)

// Measures imposed by a verdict are followed up, not self-certified: the
// initiator reports one as carried out, with evidence; the Advice Desk
// accepts the report (the measure is done) or sends it back with a note
// (it is open again).

// Evidence is the initiator's report that a measure was carried out: a
// text, and optionally a document kept with the case.
type Evidence struct {
	Text     string
	FileName string
	File     []byte
}

// ReportMeasure records the initiator's report, with evidence, that an
// imposed measure was carried out; the Desk reviews it next.
func (s *Service) ReportMeasure(ctx context.Context, actor kscheck.Actor, id, version, measureID int64, e Evidence) error {
	e.Text = strings.TrimSpace(e.Text)
	if e.Text == "" || len(e.Text) > 5000 {
		return kscheck.Errorf(kscheck.EInvalid, "describe in up to 5,000 characters how the measure was carried out (the evidence); a document is optional").Translated("err.measure.evidence")
	}
	var doc *kscheck.Attachment
	if len(e.File) > 0 {
		name := cleanFileName(e.FileName)
		ct, err := documentType(name, e.File)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(e.File)
		doc = &kscheck.Attachment{CaseID: id, Name: name, ContentType: ct, SHA256: hex.EncodeToString(sum[:]), Data: e.File, UploadedBy: actor.Person.ID, UploadedAt: s.Now()}
	}
	return s.followUp(ctx, actor, id, version, measureID, "case.measure.report", func(tx *store.Tx, c *kscheck.Case, m *kscheck.Measure) (map[string]any, error) {
		if actor.Person.ID != c.InitiatorID {
			return nil, kscheck.Errorf(kscheck.EForbidden, "the initiator reports a measure as carried out; the Advice Desk reviews the report").Translated("err.measure.report_who")
		}
		if !m.Due() {
			return nil, kscheck.Errorf(kscheck.EInvalid, "this measure is %s: only an open measure can be reported as carried out", m.Status.Term()).Translated("err.measure.not_open")
		}
		detail := map[string]any{"measure": m.ID, "evidence": e.Text}
		if doc != nil {
			if err := tx.AddAttachment(ctx, doc); err != nil {
				return nil, err
			}
			m.EvidenceAttachment = doc.ID
			detail["attachment"], detail["sha256"] = doc.ID, doc.SHA256
		}
		now := s.Now()
		m.Status, m.Evidence, m.ReportedBy, m.ReportedAt = kscheck.MeasureReported, e.Text, actor.Person.ID, &now
		return detail, nil
	})
}

// ReviewMeasure is the Advice Desk's decision on a reported measure:
// accepted (done), or sent back to the initiator with a note saying what
// is missing.
func (s *Service) ReviewMeasure(ctx context.Context, actor kscheck.Actor, id, version, measureID int64, accept bool, note string) error {
	note = strings.TrimSpace(note)
	if !accept && note == "" {
		return kscheck.Errorf(kscheck.EInvalid, "say what is missing: a note is required to send the report back").Translated("err.measure.note_missing")
	}
	if len(note) > 5000 {
		return kscheck.Errorf(kscheck.EInvalid, "the note must be 5,000 characters or fewer").Translated("err.measure.note_long")
	}
	action := "case.measure.accept"
	if !accept {
		action = "case.measure.send_back"
	}
	return s.followUp(ctx, actor, id, version, measureID, action, func(_ *store.Tx, c *kscheck.Case, m *kscheck.Measure) (map[string]any, error) {
		if !slices.Contains(kscheck.Involvements(actor, c), kscheck.InvolvedDesk) {
			return nil, kscheck.Errorf(kscheck.EForbidden, "the Advice Desk reviews reported measures").Translated("err.measure.review_who")
		}
		if actor.Person.ID == m.ReportedBy {
			return nil, kscheck.Errorf(kscheck.EForbidden, "you reported this measure yourself: a colleague at the Advice Desk must review it").Translated("err.measure.review_self")
		}
		if m.Status != kscheck.MeasureReported {
			return nil, kscheck.Errorf(kscheck.EInvalid, "this measure has not been reported as carried out, so there is nothing to review").Translated("err.measure.not_reported")
		}
		now := s.Now()
		m.Status, m.Note, m.ReviewedBy, m.ReviewedAt = kscheck.MeasureDone, note, actor.Person.ID, &now
		if !accept {
			m.Status = kscheck.MeasureOpen
		}
		return map[string]any{"measure": m.ID, "note": note}, nil
	})
}

// followUp changes one imposed measure of case id, under PermFollowUp,
// with fn, and audits it as action.
func (s *Service) followUp(ctx context.Context, actor kscheck.Actor, id, version, measureID int64, action string, fn func(*store.Tx, *kscheck.Case, *kscheck.Measure) (map[string]any, error)) error {
	_, err := s.change(ctx, actor, id, version, kscheck.PermFollowUp, action, func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		ms, err := tx.Measures(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(ms, func(m *kscheck.Measure) bool { return m.ID == measureID && m.Imposed })
		if i < 0 {
			return nil, kscheck.Errorf(kscheck.ENotFound, "this check has no imposed measure %d", measureID).Translated("err.measure.not_found")
		}
		detail, err := fn(tx, c, ms[i])
		if err != nil {
			return nil, err
		}
		return detail, tx.UpdateMeasure(ctx, ms[i])
	})
	return err
}

// OverdueMeasures returns the imposed measures past their due date that
// the Desk actor oversees, earliest first.
func (s *Service) OverdueMeasures(ctx context.Context, actor kscheck.Actor) ([]kscheck.OverdueMeasure, error) {
	all, err := s.store.OverdueMeasures(ctx, kscheck.OverdueFilter{Before: s.Now().Add(-measureGrace), Imposed: true, Limit: queueLimit})
	if err != nil {
		return nil, err
	}
	var out []kscheck.OverdueMeasure
	for _, m := range all {
		if actor.Has(kscheck.RoleDeskCoordinator, m.UnitPath) || actor.Has(kscheck.RoleDeskAdviser, m.UnitPath) {
			out = append(out, m)
		}
	}
	return out, nil
}

// measureGrace is how long after its due date (a day, counted from its
// start) a measure counts as overdue: it is due all of that day.
const measureGrace = 24 * time.Hour

// queueMeasureReminders queues one reminder of each overdue measure to
// the initiator and the Advice Desk, once per measure and due date.
func (s *Service) queueMeasureReminders(ctx context.Context) (int, error) {
	now := s.Now()
	overdue, err := s.store.OverdueMeasures(ctx, kscheck.OverdueFilter{Before: now.Add(-measureGrace), Imposed: true, Limit: 1000})
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, om := range overdue {
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			c, err := tx.Case(ctx, om.Measure.CaseID)
			if err != nil {
				return err
			}
			first, err := tx.RecordDeadlineNotice(ctx, c.ID, "measure_overdue:"+strconv.FormatInt(om.Measure.ID, 10), *om.Measure.DueOn, now)
			if err != nil || !first {
				return err
			}
			rs := []rule{{to: toInitiator, event: notify.EventMeasureOverdue}, {to: toDesk, event: notify.EventMeasureOverdue, alert: true}}
			n, err := s.queue(ctx, tx, System, c, rs, notify.Notice{Due: *om.Measure.DueOn})
			queued += n
			return err
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}
