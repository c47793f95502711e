package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// AddAttachment stores a document on a case; a.Data, a.SHA256 and the
// metadata must be set.
func (o *Tx) AddAttachment(ctx context.Context, a *kscheck.Attachment) error {
	o.recordChange("attachment.add")
	a.Size = int64(len(a.Data))
	return o.q.QueryRowContext(ctx, `INSERT INTO attachments (case_id, name, content_type, size, sha256, data, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.CaseID, a.Name, a.ContentType, a.Size, a.SHA256, a.Data, a.UploadedBy, micros(a.UploadedAt)).Scan(&a.ID)
}

// Attachments lists the documents of a case, oldest first, without their
// contents.
func (o ops) Attachments(ctx context.Context, caseID int64) ([]kscheck.Attachment, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT a.id, a.case_id, a.name, a.content_type, a.size, a.sha256, a.uploaded_by, p.name, a.uploaded_at
		FROM attachments a JOIN people p ON p.id = a.uploaded_by WHERE a.case_id = $1 ORDER BY a.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kscheck.Attachment
	for rows.Next() {
		var a kscheck.Attachment
		var at int64
		if err := rows.Scan(&a.ID, &a.CaseID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploadedBy, &a.UploaderName, &at); err != nil {
			return nil, err
		}
		a.UploadedAt = fromMicros(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment returns one document of a case with its contents.
func (o ops) Attachment(ctx context.Context, caseID, id int64) (*kscheck.Attachment, error) {
	var a kscheck.Attachment
	var at int64
	err := o.q.QueryRowContext(ctx, `SELECT id, case_id, name, content_type, size, sha256, data, uploaded_by, uploaded_at
		FROM attachments WHERE case_id = $1 AND id = $2`, caseID, id).
		Scan(&a.ID, &a.CaseID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.Data, &a.UploadedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "this check has no document %d", id).Translated("err.attachment.not_found")
	}
	a.UploadedAt = fromMicros(at)
	return &a, err
}
