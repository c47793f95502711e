package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// ErasedText replaces free texts that retention erased.
const ErasedText = "[erased under the retention policy]"

// closedBefore is the condition under which a case closed before $1: a
// verdict given before it, or cleared or withdrawn (and left so) before it.
const closedBefore = `((state = 'decided' AND verdict_at < $1) OR (state IN ('cleared', 'withdrawn') AND updated_at < $1))`

// DueForPseudonymisation returns the closed cases that closed before and
// whose personal data are still there, oldest first, at most limit.
func (o ops) DueForPseudonymisation(ctx context.Context, before time.Time, limit int) ([]*kscheck.Case, error) {
	return collect(ctx, o.q, scanCase, `SELECT `+caseColumns+` FROM cases WHERE pseudonymised_at IS NULL AND `+closedBefore+`
		ORDER BY id LIMIT $2`, micros(before), limit)
}

// DueDocument is a document whose retention has ended.
type DueDocument struct {
	ID, CaseID int64
	Size       int64
}

// DueDocuments returns the documents of cases that closed before and that
// are still stored, at most limit.
func (o ops) DueDocuments(ctx context.Context, before time.Time, limit int) ([]DueDocument, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT a.id, a.case_id, a.size FROM attachments a
		WHERE a.erased_at IS NULL AND a.case_id IN (SELECT id FROM cases WHERE `+closedBefore+`) ORDER BY a.id LIMIT $2`, micros(before), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DueDocument
	for rows.Next() {
		var d DueDocument
		if err := rows.Scan(&d.ID, &d.CaseID, &d.Size); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CountDueMail counts the e-mail about cases that closed before, already
// sent or given up on.
func (o ops) CountDueMail(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := o.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE (sent_at IS NOT NULL OR gave_up_at IS NOT NULL)
		AND case_id IN (SELECT id FROM cases WHERE `+closedBefore+`)`, micros(before)).Scan(&n)
	return n, err
}

// DeleteDueMail removes the e-mail that CountDueMail counts.
func (t *Tx) DeleteDueMail(ctx context.Context, before time.Time) (int, error) {
	t.recordChange("retention.mail")
	res, err := t.q.ExecContext(ctx, `DELETE FROM outbox WHERE (sent_at IS NOT NULL OR gave_up_at IS NOT NULL)
		AND case_id IN (SELECT id FROM cases WHERE `+closedBefore+`)`, micros(before))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// EraseDocument empties a stored document, keeping its size and SHA-256
// (the record that it existed and what it was) and marking it erased.
func (t *Tx) EraseDocument(ctx context.Context, id int64, at time.Time) error {
	t.recordChange("retention.document")
	_, err := t.q.ExecContext(ctx, `UPDATE attachments SET data = $1, name = $2, erased_at = $3 WHERE id = $4 AND erased_at IS NULL`,
		[]byte{}, "erased", micros(at), id)
	return err
}

// Pseudonymised counts what PseudonymiseCase erased.
type Pseudonymised struct {
	Messages     int `json:"messages"`
	Notes        int `json:"measure_notes"`
	Partners     int `json:"individual_partners"`
	AuditEntries int `json:"audit_entries"`
	AuditKept    int `json:"audit_entries_kept"` // written before erasable entries existed
}

// PseudonymiseCase erases the personal data of case c in one transaction:
// its title (it becomes its reference) and description, the free-text
// answers named, the thread's messages, the measures' notes, the names of
// individual partners no other live case has, and the detail of its audit
// entries. Kind, unit, dates, route, verdict, the verdict's reasons and
// the measures stay: they are the decision record.
func (t *Tx) PseudonymiseCase(ctx context.Context, c *kscheck.Case, freeText []string, at time.Time) (*Pseudonymised, error) {
	t.recordChange("retention.pseudonymise")
	p := &Pseudonymised{}
	answers := map[string]any{}
	for k, v := range c.Answers {
		answers[k] = v
	}
	for _, id := range freeText {
		delete(answers, id)
	}
	a, err := json.Marshal(answers)
	if err != nil {
		return nil, err
	}
	if _, err := t.q.ExecContext(ctx, `UPDATE cases SET title = $1, description = '', answers = $2, pseudonymised_at = $3, version = version + 1 WHERE id = $4`,
		fmt.Sprintf("KS-%d", c.ID), string(a), micros(at), c.ID); err != nil {
		return nil, fmt.Errorf("pseudonymising check %d: %w", c.ID, err)
	}
	exec := func(n *int, query string, args ...any) error {
		if err != nil {
			return err
		}
		res, e := t.q.ExecContext(ctx, query, args...)
		if e != nil {
			err = fmt.Errorf("pseudonymising check %d: %w", c.ID, e)
			return err
		}
		k, _ := res.RowsAffected()
		*n = int(k)
		return nil
	}
	exec(&p.Messages, `UPDATE messages SET body = $1 WHERE case_id = $2 AND body <> $1`, ErasedText, c.ID)
	exec(&p.Notes, `UPDATE measures SET note = '' WHERE case_id = $1 AND note <> ''`, c.ID)
	exec(&p.Partners, `UPDATE partners SET name = $1, name_key = 'erased-' || CAST(id AS TEXT), website = ''
		WHERE type = 'individual' AND name <> $1 AND id IN (SELECT partner_id FROM case_partners WHERE case_id = $2)
		AND NOT EXISTS (SELECT 1 FROM case_partners cp JOIN cases o ON o.id = cp.case_id
			WHERE cp.partner_id = partners.id AND o.id <> $2 AND o.pseudonymised_at IS NULL)`, "Individual partner (erased)", c.ID)
	if err != nil {
		return nil, err
	}
	seqs, err := t.entrySeqs(ctx, kscheck.Changes, `case_id = $1 AND detail_erased = $2`, c.ID, false)
	if err != nil {
		return nil, err
	}
	if p.AuditEntries, p.AuditKept, err = t.EraseEntries(ctx, kscheck.Changes, seqs, false, true); err != nil {
		return nil, err
	}
	return p, nil
}

// entrySeqs returns the sequence numbers of the entries of chain that
// match where.
func (t *Tx) entrySeqs(ctx context.Context, chain kscheck.Chain, where string, args ...any) ([]int64, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT seq FROM `+string(chain)+` WHERE `+where+` ORDER BY seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ErasePerson pseudonymises a person who has left: their name and e-mail
// become placeholders, their password, sessions, roles and links to an
// identity provider go, and their name is erased from the audit entries
// they wrote and from the access log of their reads (which keep their id,
// so the record still says that one and the same person acted).
func (t *Tx) ErasePerson(ctx context.Context, id int64, at time.Time) (auditErased, auditKept int, err error) {
	t.recordChange("person.erase")
	if _, err := t.q.ExecContext(ctx, `UPDATE people SET name = $1, email = $2, password_hash = '', active = $3, erased_at = $4 WHERE id = $5`,
		fmt.Sprintf("Former member %d", id), fmt.Sprintf("erased-%d@erased.invalid", id), false, micros(at), id); err != nil {
		return 0, 0, fmt.Errorf("erasing person %d: %w", id, err)
	}
	for _, q := range []string{`DELETE FROM sessions WHERE person_id = $1`, `DELETE FROM assignments WHERE person_id = $1`, `DELETE FROM external_identities WHERE person_id = $1`} {
		if _, err := t.q.ExecContext(ctx, q, id); err != nil {
			return 0, 0, fmt.Errorf("erasing person %d: %w", id, err)
		}
	}
	for _, chain := range []kscheck.Chain{kscheck.Changes, kscheck.Reads} {
		seqs, err := t.entrySeqs(ctx, chain, `actor_id = $1 AND name_erased = $2`, id, false)
		if err != nil {
			return 0, 0, err
		}
		e, k, err := t.EraseEntries(ctx, chain, seqs, true, false)
		if err != nil {
			return 0, 0, err
		}
		auditErased, auditKept = auditErased+e, auditKept+k
	}
	return auditErased, auditKept, nil
}

// OpenCasesOf returns the ids of the cases person initiated that are not
// closed yet.
func (o ops) OpenCasesOf(ctx context.Context, person int64) ([]int64, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT id FROM cases WHERE initiator_id = $1 AND state NOT IN ('decided', 'cleared', 'withdrawn') ORDER BY id`, person)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
