package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
)

// SaveSnapshot stores a list snapshot and makes it the active one of its
// list, keeping the older ones for history. Saving a snapshot that is
// already stored (same list and SHA-256) makes it active again. It is a
// method of Tx only, so that the import is written together with its
// audit entry.
func (tx *Tx) SaveSnapshot(ctx context.Context, sn *screening.Snapshot) (int64, error) {
	tx.recordChange("lists.snapshot")
	blob, err := sn.MarshalBinary()
	if err != nil {
		return 0, fmt.Errorf("encoding the %s snapshot: %w", sn.List, err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE list_snapshots SET active = $1 WHERE list = $2`, false, string(sn.List)); err != nil {
		return 0, err
	}
	var id int64
	err = tx.q.QueryRowContext(ctx, `SELECT id FROM list_snapshots WHERE list = $1 AND sha256 = $2`, string(sn.List), sn.SHA256).Scan(&id)
	if err == nil {
		_, err = tx.q.ExecContext(ctx, `UPDATE list_snapshots SET active = $1 WHERE id = $2`, true, id)
		return id, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	var published any
	if !sn.Published.IsZero() {
		published = micros(sn.Published)
	}
	err = tx.q.QueryRowContext(ctx, `INSERT INTO list_snapshots (list, source, published_at, fetched_at, sha256, entities, active, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		string(sn.List), sn.Source, published, micros(sn.Fetched), sn.SHA256, len(sn.Entities), true, blob).Scan(&id)
	return id, err
}

// ActiveSnapshotRefs cites the active snapshot of every list that has one,
// without reading the snapshots themselves: enough to compare counts
// before an import, and for a server to notice cheaply that another one
// changed the lists.
func (o ops) ActiveSnapshotRefs(ctx context.Context) ([]screening.Ref, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT list, sha256, published_at, fetched_at, entities FROM list_snapshots WHERE active ORDER BY list`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []screening.Ref
	for rows.Next() {
		var r screening.Ref
		var published sql.NullInt64
		var fetched int64
		if err := rows.Scan(&r.List, &r.SHA256, &published, &fetched, &r.Entries); err != nil {
			return nil, err
		}
		if published.Valid {
			r.Published = fromMicros(published.Int64)
		}
		r.Fetched = fromMicros(fetched)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ActiveSnapshots returns the active snapshot of every list that has one.
func (s *Store) ActiveSnapshots(ctx context.Context) ([]*screening.Snapshot, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT list, data FROM list_snapshots WHERE active ORDER BY list`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*screening.Snapshot
	for rows.Next() {
		var list string
		var blob []byte
		if err := rows.Scan(&list, &blob); err != nil {
			return nil, err
		}
		sn := &screening.Snapshot{}
		if err := sn.UnmarshalBinary(blob); err != nil {
			return nil, fmt.Errorf("the stored %s snapshot is unreadable: %w", list, err)
		}
		out = append(out, sn)
	}
	return out, rows.Err()
}

// AddScreeningRun records that a case's partner was screened against the
// snapshots refs, finding matches candidates.
func (o *Tx) AddScreeningRun(ctx context.Context, caseID, partnerID int64, at time.Time, refs []screening.Ref, matches int) error {
	o.recordChange("screening.run")
	b, err := json.Marshal(refs)
	if err != nil {
		return err
	}
	_, err = o.q.ExecContext(ctx, `INSERT INTO screening_runs (case_id, partner_id, at, snapshots, matches) VALUES ($1, $2, $3, $4, $5)`,
		caseID, partnerID, micros(at), string(b), matches)
	return err
}

// LatestScreenings returns the newest screening run of each partner of a
// case, by partner id.
func (o ops) LatestScreenings(ctx context.Context, caseID int64) (map[int64]screening.Run, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT partner_id, at, snapshots, matches FROM screening_runs WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]screening.Run{}
	for rows.Next() {
		var r screening.Run
		var at int64
		var snaps string
		if err := rows.Scan(&r.PartnerID, &at, &snaps, &r.Matches); err != nil {
			return nil, err
		}
		r.At = fromMicros(at)
		if err := json.Unmarshal([]byte(snaps), &r.Snapshots); err != nil {
			return nil, err
		}
		out[r.PartnerID] = r
	}
	return out, rows.Err()
}

// RecordHit stores a candidate for a case partner. A hit seen before is
// updated; if it grew stronger, or matched another listed name, it needs a
// person again and goes back to candidate. It returns the hit's id and
// "new", "changed" or "" (unchanged).
func (o *Tx) RecordHit(ctx context.Context, caseID, partnerID int64, m screening.Match, at time.Time) (int64, string, error) {
	o.recordChange("screening.hit")
	b, err := json.Marshal(m)
	if err != nil {
		return 0, "", err
	}
	snap, _ := json.Marshal(m.Snapshot)
	var id int64
	var score float64
	var raw string
	err = o.q.QueryRowContext(ctx, `SELECT id, score, match FROM screening_hits WHERE case_id = $1 AND partner_id = $2 AND list = $3 AND entity_id = $4`,
		caseID, partnerID, string(m.List), m.ID).Scan(&id, &score, &raw)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = o.q.QueryRowContext(ctx, `INSERT INTO screening_hits (case_id, partner_id, list, entity_id, match, score, strength, snapshot, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			caseID, partnerID, string(m.List), m.ID, string(b), m.Score, m.Strength, string(snap), string(kscheck.HitCandidate), micros(at)).Scan(&id)
		return id, "new", err
	case err != nil:
		return 0, "", err
	}
	var prev screening.Match
	if err := json.Unmarshal([]byte(raw), &prev); err != nil {
		return 0, "", err
	}
	change := ""
	if m.Score > score+1e-9 || m.Matched != prev.Matched {
		change = "changed"
	}
	if change == "" {
		_, err = o.q.ExecContext(ctx, `UPDATE screening_hits SET match = $1, snapshot = $2, updated_at = $3 WHERE id = $4`, string(b), string(snap), micros(at), id)
		return id, "", err
	}
	_, err = o.q.ExecContext(ctx, `UPDATE screening_hits SET match = $1, score = $2, strength = $3, snapshot = $4, status = $5, reason = '', resolved_by = NULL, resolved_at = NULL, updated_at = $6 WHERE id = $7`,
		string(b), m.Score, m.Strength, string(snap), string(kscheck.HitCandidate), micros(at), id)
	return id, change, err
}

// Hits returns the screening hits of a case, strongest first.
func (o ops) Hits(ctx context.Context, caseID int64) ([]screening.Hit, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT id, case_id, partner_id, match, status, reason, resolved_by, resolved_at, created_at, updated_at
		FROM screening_hits WHERE case_id = $1 ORDER BY score DESC, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []screening.Hit
	for rows.Next() {
		var h screening.Hit
		var raw, status string
		var by, resolved sql.NullInt64
		var created, updated int64
		if err := rows.Scan(&h.ID, &h.CaseID, &h.PartnerID, &raw, &status, &h.Reason, &by, &resolved, &created, &updated); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &h.Match); err != nil {
			return nil, err
		}
		h.Status, h.ResolvedBy, h.ResolvedAt = kscheck.HitStatus(status), by.Int64, fromNullMicros(resolved)
		h.CreatedAt, h.UpdatedAt = fromMicros(created), fromMicros(updated)
		out = append(out, h)
	}
	return out, rows.Err()
}

// ResolveHit records a person's decision on a candidate.
func (o *Tx) ResolveHit(ctx context.Context, caseID, hitID int64, status kscheck.HitStatus, reason string, by int64, at time.Time) error {
	o.recordChange("hit.resolve")
	res, err := o.q.ExecContext(ctx, `UPDATE screening_hits SET status = $1, reason = $2, resolved_by = $3, resolved_at = $4, updated_at = $4 WHERE id = $5 AND case_id = $6`,
		string(status), reason, by, micros(at), hitID, caseID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kscheck.Errorf(kscheck.ENotFound, "this check has no screening candidate %d", hitID).Translated("err.screening.no_candidate")
	}
	return nil
}

// AddAlert records that re-screening found a new or changed hit.
func (o *Tx) AddAlert(ctx context.Context, caseID, hitID int64, change string, at time.Time) error {
	o.recordChange("alert.add")
	_, err := o.q.ExecContext(ctx, `INSERT INTO screening_alerts (case_id, hit_id, change, created_at) VALUES ($1, $2, $3, $4)`, caseID, hitID, change, micros(at))
	return err
}

// OpenAlerts returns the alerts nobody acknowledged yet, newest first.
func (o ops) OpenAlerts(ctx context.Context, limit int) ([]screening.Alert, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT a.id, a.case_id, c.title, a.hit_id, a.change, h.match, a.created_at
		FROM screening_alerts a JOIN cases c ON c.id = a.case_id JOIN screening_hits h ON h.id = a.hit_id
		WHERE a.acknowledged_at IS NULL ORDER BY a.created_at DESC, a.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []screening.Alert
	for rows.Next() {
		var a screening.Alert
		var raw string
		var created int64
		if err := rows.Scan(&a.ID, &a.CaseID, &a.CaseTitle, &a.HitID, &a.Change, &raw, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &a.Match); err != nil {
			return nil, err
		}
		a.CreatedAt = fromMicros(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// AcknowledgeAlert marks an alert as seen by a Desk member.
func (o *Tx) AcknowledgeAlert(ctx context.Context, id, by int64, at time.Time) (int64, error) {
	o.recordChange("alert.acknowledge")
	var caseID int64
	err := o.q.QueryRowContext(ctx, `UPDATE screening_alerts SET acknowledged_by = $1, acknowledged_at = $2 WHERE id = $3 AND acknowledged_at IS NULL RETURNING case_id`,
		by, micros(at), id).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kscheck.Errorf(kscheck.ENotFound, "there is no open alert %d", id).Translated("err.screening.no_alert")
	}
	return caseID, err
}

// ScreenedPartner is a partner of a case that re-screening covers.
type ScreenedPartner struct {
	CaseID  int64
	Partner kscheck.Partner
}

// PartnersToRescreen returns the partners of every open or running case:
// everything except withdrawn checks and collaborations that do not start.
func (o ops) PartnersToRescreen(ctx context.Context) ([]ScreenedPartner, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT `+prefixed("p.", partnerColumns)+`, cp.case_id FROM case_partners cp
		JOIN cases c ON c.id = cp.case_id JOIN partners p ON p.id = cp.partner_id
		WHERE c.state <> 'withdrawn' AND NOT (c.state = 'decided' AND c.verdict = 'do_not_start') ORDER BY cp.case_id, p.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScreenedPartner
	for rows.Next() {
		var sp ScreenedPartner
		p, err := scanPartner(rowWith{rows, []any{&sp.CaseID}})
		if err != nil {
			return nil, err
		}
		sp.Partner = *p
		out = append(out, sp)
	}
	return out, rows.Err()
}
