package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// PartnerCases returns the cases, other than except, that assessed the
// same partner as partnerID: the partner itself, partners merged into it,
// and partners with the same ROR identifier. Newest first.
func (o ops) PartnerCases(ctx context.Context, partnerID, except int64) ([]*kscheck.Case, error) {
	return collect(ctx, o.q, scanCase, `SELECT `+caseColumns+` FROM cases WHERE id <> $2 AND id IN (
		SELECT cp.case_id FROM case_partners cp JOIN partners p ON p.id = cp.partner_id
		JOIN partners q ON q.id = $1
		WHERE p.id = q.id OR p.merged_into = q.id OR (q.ror_id <> '' AND p.ror_id = q.ror_id))
		ORDER BY created_at DESC, id DESC`, partnerID, except)
}

// FindPartners returns up to limit partners whose name contains q (all
// when q is empty), not merged, with how many cases each is on.
func (o ops) FindPartners(ctx context.Context, q string, limit int) ([]kscheck.PartnerUse, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT `+prefixed("p.", partnerColumns)+`, (SELECT COUNT(*) FROM case_partners cp WHERE cp.partner_id = p.id)
		FROM partners p WHERE p.name_key LIKE $1 ESCAPE '\' AND p.merged_into IS NULL ORDER BY p.name, p.id LIMIT $2`,
		"%"+likeEscape(partnerKey(q))+"%", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kscheck.PartnerUse
	for rows.Next() {
		var u kscheck.PartnerUse
		var typ string
		var created int64
		p := &kscheck.Partner{}
		if err := rows.Scan(&p.ID, &p.Name, &typ, &p.Country, &p.Website, &p.RORID, &p.Public, &created, &u.Cases); err != nil {
			return nil, err
		}
		p.Type, p.CreatedAt = kscheck.PartnerType(typ), fromMicros(created)
		u.Partner = p
		out = append(out, u)
	}
	return out, rows.Err()
}

// MergePartner folds partner drop into keep: drop's cases, screening runs
// and candidates move to keep (a candidate keep already has on the same
// case stays where it is, so no evidence is lost), and drop is kept,
// marked as merged, so that old references still resolve. It returns the
// cases moved.
func (t *Tx) MergePartner(ctx context.Context, keep, drop int64) (int, error) {
	t.recordChange("partner.merge")
	if keep == drop {
		return 0, kscheck.Errorf(kscheck.EInvalid, "a partner cannot be merged into itself").Translated("err.partner.merge_self")
	}
	var n int
	if err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_partners WHERE partner_id = $1`, drop).Scan(&n); err != nil {
		return 0, err
	}
	both := []any{keep, drop}
	for _, st := range []struct {
		query string
		args  []any
	}{
		{`INSERT INTO case_partners (case_id, partner_id) SELECT case_id, $1 FROM case_partners WHERE partner_id = $2 ON CONFLICT DO NOTHING`, both},
		{`DELETE FROM case_partners WHERE partner_id = $1`, []any{drop}},
		{`UPDATE screening_runs SET partner_id = $1 WHERE partner_id = $2`, both},
		{`UPDATE screening_hits SET partner_id = $1 WHERE partner_id = $2 AND NOT EXISTS (SELECT 1 FROM screening_hits k
			WHERE k.partner_id = $1 AND k.case_id = screening_hits.case_id AND k.list = screening_hits.list AND k.entity_id = screening_hits.entity_id)`, both},
		{`UPDATE partners SET merged_into = $1 WHERE id = $2 OR merged_into = $2`, both},
	} {
		if _, err := t.q.ExecContext(ctx, st.query, st.args...); err != nil {
			return 0, fmt.Errorf("merging partner %d into %d: %w", drop, keep, err)
		}
	}
	return n, nil
}

// SetPartnerPublic marks whether the published register may name partner.
func (t *Tx) SetPartnerPublic(ctx context.Context, id int64, public bool) error {
	t.recordChange("partner.public")
	_, err := t.q.ExecContext(ctx, `UPDATE partners SET is_public = $1 WHERE id = $2`, public, id)
	return err
}

// DecidedCases returns a page of the cases with a verdict, latest verdict
// first, and how many there are.
func (o ops) DecidedCases(ctx context.Context, limit, offset int) ([]*kscheck.Case, int, error) {
	var total int
	if err := o.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE state = 'decided'`).Scan(&total); err != nil {
		return nil, 0, err
	}
	cases, err := collect(ctx, o.q, scanCase, `SELECT `+caseColumns+` FROM cases WHERE state = 'decided' ORDER BY verdict_at DESC, id DESC LIMIT $1 OFFSET $2`, limit, offset)
	return cases, total, err
}

// PartnersOf returns the partners of the given cases, by case id.
func (o ops) PartnersOf(ctx context.Context, caseIDs []int64) (map[int64][]*kscheck.Partner, error) {
	out := map[int64][]*kscheck.Partner{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	args, marks := make([]any, len(caseIDs)), make([]string, len(caseIDs))
	for i, id := range caseIDs {
		args[i], marks[i] = id, placeholder(i+1)
	}
	rows, err := o.q.QueryContext(ctx, `SELECT cp.case_id, `+prefixed("p.", partnerColumns)+` FROM partners p JOIN case_partners cp ON cp.partner_id = p.id
		WHERE cp.case_id IN (`+strings.Join(marks, ", ")+`) ORDER BY cp.case_id, p.name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		var typ string
		var created int64
		p := &kscheck.Partner{}
		if err := rows.Scan(&caseID, &p.ID, &p.Name, &typ, &p.Country, &p.Website, &p.RORID, &p.Public, &created); err != nil {
			return nil, err
		}
		p.Type, p.CreatedAt = kscheck.PartnerType(typ), fromMicros(created)
		out[caseID] = append(out[caseID], p)
	}
	return out, rows.Err()
}
