package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// partnerKey is the form under which partner names are compared for
// uniqueness: case- and space-insensitive.
func partnerKey(name string) string { return strings.Join(strings.Fields(strings.ToLower(name)), " ") }

// UpsertPartner returns the existing partner with the same name, country
// and type, or creates it: one partner appears in many cases.
func (o *Tx) UpsertPartner(ctx context.Context, p *kscheck.Partner) error {
	o.recordChange("partner.upsert")
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	if p.Name == "" {
		return kscheck.Errorf(kscheck.EInvalid, "a partner needs a name").Translated("err.partner.name")
	}
	if !p.Type.Valid() {
		return kscheck.Errorf(kscheck.EInvalid, "partner type must be organization or individual, not %q", p.Type).Translated("err.partner.type")
	}
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	if p.Country != "" && (len(p.Country) != 2 || strings.Trim(p.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		return kscheck.Errorf(kscheck.EInvalid, "country %q is not a two-letter ISO 3166 code such as CN or US", p.Country).Translated("err.partner.country")
	}
	// The same organisation is one partner: by its ROR identifier where
	// one is known, otherwise by name, country and type. Merged partners
	// live on in the partner they were merged into.
	var err error
	if p.RORID != "" {
		err = o.q.QueryRowContext(ctx, `SELECT id FROM partners WHERE ror_id = $1 AND type = $2 AND merged_into IS NULL ORDER BY id LIMIT 1`,
			p.RORID, string(p.Type)).Scan(&p.ID)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	var merged sql.NullInt64
	err = o.q.QueryRowContext(ctx, `SELECT id, merged_into FROM partners WHERE name_key = $1 AND country = $2 AND type = $3`,
		partnerKey(p.Name), p.Country, string(p.Type)).Scan(&p.ID, &merged)
	if err == nil {
		if merged.Valid {
			p.ID = merged.Int64
		}
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	p.CreatedAt = time.Now().UTC()
	return o.q.QueryRowContext(ctx, `INSERT INTO partners (name, name_key, type, country, website, ror_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		p.Name, partnerKey(p.Name), string(p.Type), p.Country, p.Website, p.RORID, micros(p.CreatedAt)).Scan(&p.ID)
}

const partnerColumns = `id, name, type, country, website, ror_id, is_public, created_at`

func scanPartner(row scanner) (*kscheck.Partner, error) {
	var p kscheck.Partner
	var typ string
	var created int64
	if err := row.Scan(&p.ID, &p.Name, &typ, &p.Country, &p.Website, &p.RORID, &p.Public, &created); err != nil {
		return nil, err
	}
	p.Type, p.CreatedAt = kscheck.PartnerType(typ), fromMicros(created)
	return &p, nil
}

func (o ops) partners(ctx context.Context, query string, args ...any) ([]*kscheck.Partner, error) {
	return collect(ctx, o.q, scanPartner, query, args...)
}

// Partner returns the partner with the given id.
func (o ops) Partner(ctx context.Context, id int64) (*kscheck.Partner, error) {
	p, err := scanPartner(o.q.QueryRowContext(ctx, `SELECT `+partnerColumns+` FROM partners WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "no partner with id %d", id).Translated("err.partner.not_found")
	}
	return p, err
}

// SearchPartners returns up to limit known partners whose name contains q.
func (o ops) SearchPartners(ctx context.Context, q string, limit int) ([]*kscheck.Partner, error) {
	return o.partners(ctx, `SELECT `+partnerColumns+` FROM partners WHERE name_key LIKE $1 ESCAPE '\' AND merged_into IS NULL ORDER BY name LIMIT $2`,
		"%"+likeEscape(partnerKey(q))+"%", limit)
}

// LinkPartner adds partner to a case (no-op when already linked).
func (o *Tx) LinkPartner(ctx context.Context, caseID, partnerID int64) error {
	o.recordChange("case.partner.link")
	_, err := o.q.ExecContext(ctx, `INSERT INTO case_partners (case_id, partner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, caseID, partnerID)
	return err
}

// UnlinkPartner removes a partner from a case; a partner that is not on
// the case is not found.
func (o *Tx) UnlinkPartner(ctx context.Context, caseID, partnerID int64) error {
	o.recordChange("case.partner.unlink")
	res, err := o.q.ExecContext(ctx, `DELETE FROM case_partners WHERE case_id = $1 AND partner_id = $2`, caseID, partnerID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, kscheck.Errorf(kscheck.ENotFound, "partner %d is not on check %d", partnerID, caseID).Translated("err.partner.not_on_case"))
	}
	return nil
}

// CasePartners returns the partners of a case.
func (o ops) CasePartners(ctx context.Context, caseID int64) ([]*kscheck.Partner, error) {
	return o.partners(ctx, `SELECT `+prefixed("p.", partnerColumns)+` FROM partners p JOIN case_partners cp ON cp.partner_id = p.id
		WHERE cp.case_id = $1 ORDER BY p.name`, caseID)
}

// AddMessage appends a message to a case.
func (o *Tx) AddMessage(ctx context.Context, m *kscheck.Message) error {
	o.recordChange("case.message")
	if strings.TrimSpace(m.Body) == "" {
		return kscheck.Errorf(kscheck.EInvalid, "the message is empty").Translated("err.case.message_empty")
	}
	m.CreatedAt = time.Now().UTC()
	return o.q.QueryRowContext(ctx, `INSERT INTO messages (case_id, author_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		m.CaseID, m.AuthorID, string(m.Kind), m.Body, micros(m.CreatedAt)).Scan(&m.ID)
}

// Messages returns the messages of a case of the given kinds, oldest first.
func (o ops) Messages(ctx context.Context, caseID int64, kinds ...kscheck.MessageKind) ([]kscheck.Message, error) {
	args := []any{caseID}
	marks := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, string(k))
		marks[i] = placeholder(len(args))
	}
	if len(kinds) == 0 {
		return nil, nil
	}
	rows, err := o.q.QueryContext(ctx, `SELECT m.id, m.case_id, m.author_id, p.name, m.kind, m.body, m.created_at
		FROM messages m JOIN people p ON p.id = m.author_id
		WHERE m.case_id = $1 AND m.kind IN (`+strings.Join(marks, ", ")+`) ORDER BY m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kscheck.Message
	for rows.Next() {
		var m kscheck.Message
		var kind string
		var created int64
		if err := rows.Scan(&m.ID, &m.CaseID, &m.AuthorID, &m.AuthorName, &kind, &m.Body, &created); err != nil {
			return nil, err
		}
		m.Kind, m.CreatedAt = kscheck.MessageKind(kind), fromMicros(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMeasure records a mitigation measure on a case.
func (o *Tx) AddMeasure(ctx context.Context, m *kscheck.Measure) error {
	o.recordChange("measure.add")
	if strings.TrimSpace(m.Text) == "" {
		return kscheck.Errorf(kscheck.EInvalid, "describe the measure").Translated("err.measure.describe")
	}
	if m.Status == "" {
		m.Status = kscheck.MeasureOpen
	}
	m.UpdatedAt = time.Now().UTC()
	return o.q.QueryRowContext(ctx, `INSERT INTO measures (case_id, code, text, imposed, status, due_on, note, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		m.CaseID, m.Code, m.Text, m.Imposed, string(m.Status), microsPtr(m.DueOn), m.Note, micros(m.UpdatedAt)).Scan(&m.ID)
}

// UpdateMeasure writes a measure's follow-up: status, note, evidence and
// who reported and reviewed it when.
func (o *Tx) UpdateMeasure(ctx context.Context, m *kscheck.Measure) error {
	o.recordChange("measure.update")
	m.UpdatedAt = time.Now().UTC()
	var att any
	if m.EvidenceAttachment != 0 {
		att = m.EvidenceAttachment
	}
	_, err := o.q.ExecContext(ctx, `UPDATE measures SET status = $1, note = $2, imposed = $3, updated_at = $4,
		evidence = $7, evidence_attachment = $8, reported_by = $9, reported_at = $10, reviewed_by = $11, reviewed_at = $12
		WHERE id = $5 AND case_id = $6`,
		string(m.Status), m.Note, m.Imposed, micros(m.UpdatedAt), m.ID, m.CaseID,
		m.Evidence, att, m.ReportedBy, microsPtr(m.ReportedAt), m.ReviewedBy, microsPtr(m.ReviewedAt))
	return err
}

const measureColumns = `id, case_id, code, text, imposed, status, due_on, note, updated_at,
	evidence, evidence_attachment, reported_by, reported_at, reviewed_by, reviewed_at`

func scanMeasure(row scanner) (*kscheck.Measure, error) {
	var m kscheck.Measure
	var status string
	var due, att, reported, reviewed sql.NullInt64
	var updated int64
	if err := row.Scan(&m.ID, &m.CaseID, &m.Code, &m.Text, &m.Imposed, &status, &due, &m.Note, &updated,
		&m.Evidence, &att, &m.ReportedBy, &reported, &m.ReviewedBy, &reviewed); err != nil {
		return nil, err
	}
	m.Status, m.DueOn, m.UpdatedAt = kscheck.MeasureStatus(status), fromNullMicros(due), fromMicros(updated)
	m.EvidenceAttachment, m.ReportedAt, m.ReviewedAt = att.Int64, fromNullMicros(reported), fromNullMicros(reviewed)
	return &m, nil
}

// Measures returns the measures of a case.
func (o ops) Measures(ctx context.Context, caseID int64) ([]*kscheck.Measure, error) {
	return collect(ctx, o.q, scanMeasure, `SELECT `+measureColumns+` FROM measures WHERE case_id = $1 ORDER BY id`, caseID)
}
