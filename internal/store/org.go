package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// AddUnit creates a unit under its parent (none for the root).
func (o *Tx) AddUnit(ctx context.Context, u *kscheck.Unit) error {
	o.recordChange("unit.add")
	if !u.Level.Valid() {
		return kscheck.Errorf(kscheck.EInvalid, "unknown unit level %q: use university, faculty or institute", u.Level).Translated("admin.err.unit_level")
	}
	if strings.TrimSpace(u.Code) == "" || strings.TrimSpace(u.Name) == "" {
		return kscheck.Errorf(kscheck.EInvalid, "a unit needs a code and a name").Translated("admin.err.unit_code_name")
	}
	var parent any
	if u.ParentCode != "" {
		if _, err := o.Unit(ctx, u.ParentCode); err != nil {
			return err
		}
		parent = u.ParentCode
	}
	if _, err := o.Unit(ctx, u.Code); err == nil {
		return kscheck.Errorf(kscheck.EConflict, "a unit with code %q exists already", u.Code).Translated("admin.err.unit_exists")
	}
	u.CreatedAt = time.Now().UTC()
	return o.q.QueryRowContext(ctx,
		`INSERT INTO units (code, name, name_nl, level, parent_code, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.Code, u.Name, u.NameNL, string(u.Level), parent, micros(u.CreatedAt)).Scan(&u.ID)
}

const unitColumns = `id, code, name, name_nl, level, COALESCE(parent_code, ''), created_at`

func scanUnit(row scanner) (*kscheck.Unit, error) {
	var u kscheck.Unit
	var level string
	var created int64
	if err := row.Scan(&u.ID, &u.Code, &u.Name, &u.NameNL, &level, &u.ParentCode, &created); err != nil {
		return nil, err
	}
	u.Level, u.CreatedAt = kscheck.UnitLevel(level), fromMicros(created)
	return &u, nil
}

// Unit returns the unit with the given code.
func (o ops) Unit(ctx context.Context, code string) (*kscheck.Unit, error) {
	u, err := scanUnit(o.q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "no unit with code %q; `kscheck unit list` shows the units", code).Translated("admin.err.no_unit")
	}
	return u, err
}

// Units returns every unit, ordered by code.
func (o ops) Units(ctx context.Context) ([]*kscheck.Unit, error) {
	return collect(ctx, o.q, scanUnit, `SELECT `+unitColumns+` FROM units ORDER BY code`)
}

// UnitPath returns the codes from the root down to the unit code.
func (o ops) UnitPath(ctx context.Context, code string) ([]string, error) {
	var path []string
	for c := code; c != ""; {
		u, err := o.Unit(ctx, c)
		if err != nil {
			return nil, err
		}
		path = append([]string{u.Code}, path...)
		if len(path) > 16 {
			return nil, kscheck.Errorf(kscheck.EInvalid, "the unit tree above %q has a cycle", code).Translated("err.unit.cycle")
		}
		c = u.ParentCode
	}
	return path, nil
}

// AddPerson creates a person with a password hash (may be empty for people
// who only sign in through single sign-on) and role assignments.
func (o *Tx) AddPerson(ctx context.Context, p *kscheck.Person, passwordHash string, roles []kscheck.Assignment) error {
	o.recordChange("person.add")
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	if !strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " <>") {
		return kscheck.Errorf(kscheck.EInvalid, "%q is not an e-mail address", p.Email).Translated("admin.err.email")
	}
	if strings.TrimSpace(p.Name) == "" {
		return kscheck.Errorf(kscheck.EInvalid, "a person needs a name").Translated("admin.err.person_name")
	}
	if _, err := o.Unit(ctx, p.UnitCode); err != nil {
		return err
	}
	if _, err := o.PersonByEmail(ctx, p.Email); err == nil {
		return kscheck.Errorf(kscheck.EConflict, "someone with e-mail %s exists already", p.Email).Translated("admin.err.person_exists")
	}
	p.CreatedAt, p.Active = time.Now().UTC(), true
	err := o.q.QueryRowContext(ctx,
		`INSERT INTO people (email, name, unit_code, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		p.Email, p.Name, p.UnitCode, passwordHash, true, micros(p.CreatedAt)).Scan(&p.ID)
	if err != nil {
		return err
	}
	for _, a := range roles {
		if err := o.Assign(ctx, p.ID, a.Role, a.UnitCode); err != nil {
			return err
		}
	}
	return nil
}

// Assign gives person id the role at unit, as granted by an administrator.
func (o *Tx) Assign(ctx context.Context, personID int64, role kscheck.Role, unit string) error {
	o.recordChange("role.assign")
	return o.assign(ctx, personID, role, unit, kscheck.SourceAdmin)
}

func (o ops) assign(ctx context.Context, personID int64, role kscheck.Role, unit, source string) error {
	if !role.Valid() {
		return kscheck.Errorf(kscheck.EInvalid, "unknown role %q", role).Translated("err.person.role_unknown")
	}
	if _, err := o.Unit(ctx, unit); err != nil {
		return err
	}
	_, err := o.q.ExecContext(ctx,
		`INSERT INTO assignments (person_id, role, unit_code, source) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		personID, string(role), unit, source)
	return err
}

const personColumns = `id, email, name, unit_code, active, created_at`

func scanPerson(row scanner) (*kscheck.Person, error) {
	var p kscheck.Person
	var created int64
	if err := row.Scan(&p.ID, &p.Email, &p.Name, &p.UnitCode, &p.Active, &created); err != nil {
		return nil, err
	}
	p.CreatedAt = fromMicros(created)
	return &p, nil
}

// Person returns the person with the given id.
func (o ops) Person(ctx context.Context, id int64) (*kscheck.Person, error) {
	p, err := scanPerson(o.q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "no person with id %d", id).Translated("admin.err.no_person")
	}
	return p, err
}

// PersonByEmail returns the person with the given e-mail address.
func (o ops) PersonByEmail(ctx context.Context, email string) (*kscheck.Person, error) {
	p, err := scanPerson(o.q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "nobody with e-mail %s", email).Translated("admin.err.no_email")
	}
	return p, err
}

// People returns everyone, ordered by name.
func (o ops) People(ctx context.Context) ([]*kscheck.Person, error) {
	return collect(ctx, o.q, scanPerson, `SELECT `+personColumns+` FROM people ORDER BY name, id`)
}

// PasswordHash returns the stored password hash of a person ("" if none).
func (o ops) PasswordHash(ctx context.Context, personID int64) (string, error) {
	var h string
	err := o.q.QueryRowContext(ctx, `SELECT password_hash FROM people WHERE id = $1`, personID).Scan(&h)
	return h, err
}

// SetPasswordHash replaces a person's password hash.
func (o *Tx) SetPasswordHash(ctx context.Context, personID int64, hash string) error {
	o.recordChange("person.password")
	_, err := o.q.ExecContext(ctx, `UPDATE people SET password_hash = $1 WHERE id = $2`, hash, personID)
	return err
}

// Language returns the person's remembered interface language ("" if none).
func (o ops) Language(ctx context.Context, personID int64) (string, error) {
	var l string
	err := o.q.QueryRowContext(ctx, `SELECT lang FROM people WHERE id = $1`, personID).Scan(&l)
	return l, err
}

// SetLanguage remembers a person's interface language.
func (o ops) SetLanguage(ctx context.Context, personID int64, lang string) error {
	_, err := o.q.ExecContext(ctx, `UPDATE people SET lang = $1 WHERE id = $2`, lang, personID)
	return err
}

// Assignments returns a person's role assignments.
func (o ops) Assignments(ctx context.Context, personID int64) ([]kscheck.Assignment, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT role, unit_code, source FROM assignments WHERE person_id = $1 ORDER BY role, unit_code, source`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kscheck.Assignment
	for rows.Next() {
		a := kscheck.Assignment{PersonID: personID}
		var role string
		if err := rows.Scan(&role, &a.UnitCode, &a.Source); err != nil {
			return nil, err
		}
		a.Role = kscheck.Role(role)
		out = append(out, a)
	}
	return out, rows.Err()
}

// PeopleWithRole returns the people who hold role at a unit on path (e.g.
// the directors of a case's institute), for notifications.
func (o ops) PeopleWithRole(ctx context.Context, role kscheck.Role, path []string) ([]*kscheck.Person, error) {
	if len(path) == 0 {
		return nil, nil
	}
	args := []any{string(role)}
	var marks []string
	for _, c := range path {
		args = append(args, c)
		marks = append(marks, placeholder(len(args)))
	}
	return collect(ctx, o.q, scanPerson, `SELECT DISTINCT `+prefixed("p.", personColumns)+` FROM people p JOIN assignments a ON a.person_id = p.id
		WHERE a.role = $1 AND a.unit_code IN (`+strings.Join(marks, ", ")+`) AND p.active ORDER BY p.name`, args...)
}

// Actor loads a person with their assignments.
func (o ops) Actor(ctx context.Context, personID int64) (kscheck.Actor, error) {
	p, err := o.Person(ctx, personID)
	if err != nil {
		return kscheck.Actor{}, err
	}
	as, err := o.Assignments(ctx, personID)
	if err != nil {
		return kscheck.Actor{}, err
	}
	return kscheck.Actor{Person: *p, Assignments: as}, nil
}

// SetPersonActive switches a person's account on or off. Switching it off
// also ends every session of theirs at once (SessionPerson refuses inactive
// people anyway; deleting the rows leaves nothing to revive).
func (o *Tx) SetPersonActive(ctx context.Context, personID int64, active bool) error {
	o.recordChange("person.active")
	if _, err := o.q.ExecContext(ctx, `UPDATE people SET active = $1 WHERE id = $2`, active, personID); err != nil {
		return err
	}
	if active {
		return nil
	}
	return o.DeleteSessionsOf(ctx, personID)
}

// Unassign takes role at unit away from a person; it reports whether they
// held it.
func (o *Tx) Unassign(ctx context.Context, personID int64, role kscheck.Role, unit string) (bool, error) {
	o.recordChange("role.unassign")
	res, err := o.q.ExecContext(ctx, `DELETE FROM assignments WHERE person_id = $1 AND role = $2 AND unit_code = $3`, personID, string(role), unit)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// AllAssignments returns every role assignment, by person, for listing
// people with their roles in one query.
func (o ops) AllAssignments(ctx context.Context) (map[int64][]kscheck.Assignment, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT person_id, role, unit_code, source FROM assignments ORDER BY person_id, role, unit_code, source`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]kscheck.Assignment{}
	for rows.Next() {
		var a kscheck.Assignment
		var role string
		if err := rows.Scan(&a.PersonID, &role, &a.UnitCode, &a.Source); err != nil {
			return nil, err
		}
		a.Role = kscheck.Role(role)
		out[a.PersonID] = append(out[a.PersonID], a)
	}
	return out, rows.Err()
}
