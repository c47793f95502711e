package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// AddProcedureVersion stores a new upload. The same id and version again
// is refused by the table's unique key: a stored version is never
// overwritten (the service says so in words before it gets here).
func (o *Tx) AddProcedureVersion(ctx context.Context, v *kscheck.ProcedureVersion) error {
	o.recordChange("procedure.add")
	_, err := o.q.ExecContext(ctx, `INSERT INTO procedure_versions
		(procedure_id, version, filename, source, sha256, status, uploaded_by, uploaded_by_name, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		v.ProcedureID, v.Version, v.Filename, v.Source, v.SHA256, v.Status,
		personOrNull(v.UploadedBy.PersonID), v.UploadedBy.Name, micros(v.UploadedBy.At))
	return err
}

const procedureVersionColumns = `procedure_id, version, filename, source, sha256, status,
	uploaded_by, uploaded_by_name, uploaded_at, activated_by, activated_by_name, activated_at,
	retired_by, retired_by_name, retired_at`

// ProcedureVersion returns the upload id@version, or ENotFound.
func (o ops) ProcedureVersion(ctx context.Context, id, version string) (*kscheck.ProcedureVersion, error) {
	v, err := scanProcedureVersion(o.q.QueryRowContext(ctx,
		`SELECT `+procedureVersionColumns+` FROM procedure_versions WHERE procedure_id = $1 AND version = $2`, id, version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "no procedure %s@%s was uploaded; `kscheck procedure list` shows the versions", id, version).Translated("err.procedure.not_uploaded_list")
	}
	return v, err
}

// ProcedureVersions returns every upload, oldest first.
func (o ops) ProcedureVersions(ctx context.Context) ([]*kscheck.ProcedureVersion, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT `+procedureVersionColumns+` FROM procedure_versions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*kscheck.ProcedureVersion
	for rows.Next() {
		v, err := scanProcedureVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SetProcedureStatus moves an upload to status (active or retired),
// stamped by. Only the status and its stamp change, never the source.
func (o *Tx) SetProcedureStatus(ctx context.Context, id, version, status string, by kscheck.Stamp) error {
	o.recordChange("procedure.status")
	col := map[string]string{kscheck.ProcedureActive: "activated", kscheck.ProcedureRetired: "retired"}[status]
	if col == "" {
		return kscheck.Errorf(kscheck.EInvalid, "unknown procedure status %q", status).Translated("err.procedure.status")
	}
	res, err := o.q.ExecContext(ctx, `UPDATE procedure_versions SET status = $1, `+col+`_by = $2, `+col+`_by_name = $3, `+col+`_at = $4
		WHERE procedure_id = $5 AND version = $6`,
		status, personOrNull(by.PersonID), by.Name, micros(by.At), id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kscheck.Errorf(kscheck.ENotFound, "no procedure %s@%s was uploaded", id, version).Translated("err.procedure.not_found_uploaded")
	}
	return nil
}

// ProcedureUse counts the cases of each procedure version, by "id@version".
func (o ops) ProcedureUse(ctx context.Context) (map[string]int, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT procedure_id, procedure_version, COUNT(*) FROM cases
		WHERE procedure_id <> '' GROUP BY procedure_id, procedure_version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	use := map[string]int{}
	for rows.Next() {
		var id, version string
		var n int
		if err := rows.Scan(&id, &version, &n); err != nil {
			return nil, err
		}
		use[id+"@"+version] = n
	}
	return use, rows.Err()
}

func scanProcedureVersion(row interface{ Scan(...any) error }) (*kscheck.ProcedureVersion, error) {
	var v kscheck.ProcedureVersion
	var upBy, actBy, retBy sql.NullInt64
	var upAt int64
	var actAt, retAt sql.NullInt64
	var actName, retName string
	err := row.Scan(&v.ProcedureID, &v.Version, &v.Filename, &v.Source, &v.SHA256, &v.Status,
		&upBy, &v.UploadedBy.Name, &upAt, &actBy, &actName, &actAt, &retBy, &retName, &retAt)
	if err != nil {
		return nil, err
	}
	v.UploadedBy.PersonID, v.UploadedBy.At = upBy.Int64, fromMicros(upAt)
	v.ActivatedBy = stamp(actBy, actName, actAt)
	v.RetiredBy = stamp(retBy, retName, retAt)
	return &v, nil
}

// stamp reads an optional stamp: nil when it never happened.
func stamp(by sql.NullInt64, name string, at sql.NullInt64) *kscheck.Stamp {
	if !at.Valid {
		return nil
	}
	return &kscheck.Stamp{PersonID: by.Int64, Name: name, At: fromMicros(at.Int64)}
}

// personOrNull stores the command line's person id 0 as NULL.
func personOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
