package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/store"
)

// MaxProcedureBytes is the largest procedure file an administrator may
// upload; the shipped university procedure is about a tenth of it.
const MaxProcedureBytes = 256 << 10

// RefusedProcedure is an upload the checker refused, with every problem at
// its place in the file. It unwraps to an EInvalid *kscheck.Error, so it
// maps to a status and an exit code like any other invalid input.
type RefusedProcedure struct {
	Problems procedure.Problems
}

func (e *RefusedProcedure) Error() string {
	return fmt.Sprintf("the procedure file has %d problem(s); fix them and upload it again:\n%s", len(e.Problems), e.Problems.Error())
}

func (e *RefusedProcedure) Unwrap() error { return kscheck.Errorf(kscheck.EInvalid, "%s", e.Error()) }

// ProcedureListing is one version the installation knows, shipped or
// uploaded, with where it stands and how many cases use it.
type ProcedureListing struct {
	Ref     string         `json:"ref"`
	ID      string         `json:"id"`
	Version string         `json:"version"`
	Title   procedure.Text `json:"title"`
	Track   kscheck.Track  `json:"track"`
	From    string         `json:"from"`
	Until   string         `json:"until,omitempty"`
	Units   []string       `json:"units"`
	// Origin is "shipped" (in the binary) or "uploaded".
	Origin string `json:"origin"`
	// Status is active, uploaded (not yet active) or retired.
	Status string `json:"status"`
	Cases  int    `json:"cases"`
	SHA256 string `json:"sha256"`
	// Upload is the stored upload with its stamps; nil for shipped ones.
	Upload *kscheck.ProcedureVersion `json:"-"`
}

func stampOf(by kscheck.Actor, s *Service) kscheck.Stamp {
	name := by.Person.Name
	if by.Person.ID == 0 {
		name = System.Person.Name
	}
	return kscheck.Stamp{PersonID: by.Person.ID, Name: name, At: s.Now()}
}

// UploadProcedure checks a procedure file against every version the
// installation knows and stores it, unchanged, as uploaded; with activate
// it goes live at once. A refused file comes back as *RefusedProcedure
// with every problem, and nothing is stored.
func (s *Service) UploadProcedure(ctx context.Context, by kscheck.Actor, filename string, src []byte, activate bool) (*kscheck.ProcedureVersion, error) {
	if err := mayAdminister(by, "manages procedure versions"); err != nil {
		return nil, err
	}
	if len(src) > MaxProcedureBytes {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the file is %d KB; a procedure file may be at most %d KB", (len(src)+1023)>>10, MaxProcedureBytes>>10).Translated("err.procedure.too_large")
	}
	if len(src) == 0 {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the file is empty; choose a procedure file (YAML)").Translated("err.procedure.empty")
	}
	if !utf8.Valid(src) {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the file is not UTF-8 text; save the procedure as UTF-8 YAML").Translated("err.procedure.utf8")
	}
	filename = path.Base(strings.ReplaceAll(filename, `\`, "/"))
	if filename == "." || filename == "/" {
		filename = "upload.yaml"
	}
	f := procedure.File{Name: filename, Src: src}
	if p, err := procedure.Parse(f.Name, f.Src); err == nil {
		if err := s.versionTaken(ctx, p); err != nil {
			return nil, err
		}
	}
	if probs := s.Procedures.CheckNew(f); len(probs) > 0 {
		return nil, &RefusedProcedure{Problems: probs}
	}
	p, err := procedure.Parse(f.Name, f.Src)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	v := &kscheck.ProcedureVersion{
		ProcedureID: p.ID, Version: p.Version, Filename: filename, Source: string(src),
		SHA256: hex.EncodeToString(sum[:]), Status: kscheck.ProcedureUploaded, UploadedBy: stampOf(by, s),
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddProcedureVersion(ctx, v); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "procedure.upload", nil, "", map[string]any{"procedure": v.Ref(), "file": filename, "sha256": v.SHA256})
	})
	if err != nil || !activate {
		return v, err
	}
	return s.ActivateProcedure(ctx, by, v.Ref())
}

// versionTaken is a conflict when p's id and version exist already, live
// or stored: a version, once published, never changes.
func (s *Service) versionTaken(ctx context.Context, p *procedure.Procedure) error {
	if _, err := s.Procedures.Get(p.ID, p.Version); err == nil {
		return kscheck.Errorf(kscheck.EConflict, "procedure %s exists already; a published version never changes, so upload your file under a new version", p.Ref()).Translated("err.procedure.exists")
	}
	old, err := s.store.ProcedureVersion(ctx, p.ID, p.Version)
	switch {
	case err == nil:
		return kscheck.Errorf(kscheck.EConflict, "procedure %s was uploaded already on %s and is %s; a stored version never changes, so upload your file under a new version",
			old.Ref(), old.UploadedBy.At.Format("2006-01-02"), old.Status).Translated("err.procedure.uploaded")
	case kscheck.ErrorCode(err) == kscheck.ENotFound:
		return nil
	}
	return err
}

// ActivateProcedure puts an uploaded version into the live set, so new
// cases of its units resolve it from its start date. It is checked again
// against the live set, which may have changed since the upload.
func (s *Service) ActivateProcedure(ctx context.Context, by kscheck.Actor, ref string) (*kscheck.ProcedureVersion, error) {
	id, version, err := s.managedRef(by, ref)
	if err != nil {
		return nil, err
	}
	var v *kscheck.ProcedureVersion
	added := false
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if v, err = tx.ProcedureVersion(ctx, id, version); err != nil {
			return err
		}
		switch v.Status {
		case kscheck.ProcedureActive:
			return kscheck.Errorf(kscheck.EConflict, "procedure %s is active already", ref).Translated("err.procedure.active")
		case kscheck.ProcedureRetired:
			return kscheck.Errorf(kscheck.EConflict, "procedure %s is retired already; only an uploaded version can be activated (upload a new version instead)", ref).Translated("err.procedure.not_uploaded")
		}
		if err := s.moveProcedure(ctx, tx, by, v, kscheck.ProcedureActive, nil); err != nil {
			return err
		}
		// Last, so that a refusal rolls the status back.
		if _, err := s.Procedures.AddChecked(procedure.File{Name: v.Filename, Src: []byte(v.Source)}); err != nil {
			return refused(err)
		}
		added = true
		return nil
	})
	if err != nil && added {
		s.Procedures.Remove(id, version)
	}
	return v, err
}

// RetireProcedure stops new cases from picking a version. Cases already
// pinned to it keep it: their questions and answers do not change.
func (s *Service) RetireProcedure(ctx context.Context, by kscheck.Actor, ref string) (*kscheck.ProcedureVersion, error) {
	id, version, err := s.managedRef(by, ref)
	if err != nil {
		return nil, err
	}
	var v *kscheck.ProcedureVersion
	wasActive := false
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if v, err = tx.ProcedureVersion(ctx, id, version); err != nil {
			return err
		}
		if v.Status == kscheck.ProcedureRetired {
			return kscheck.Errorf(kscheck.EConflict, "procedure %s is retired already", ref).Translated("err.procedure.retired")
		}
		use, err := tx.ProcedureUse(ctx)
		if err != nil {
			return err
		}
		wasActive = v.Status == kscheck.ProcedureActive
		return s.moveProcedure(ctx, tx, by, v, kscheck.ProcedureRetired, map[string]any{"cases": use[v.Ref()]})
	})
	if err == nil && wasActive {
		err = s.Procedures.Retire(id, version)
	}
	return v, err
}

// moveProcedure records v's new status with who and when, and audits it
// with the version's SHA-256 (procedure.activate, procedure.retire).
func (s *Service) moveProcedure(ctx context.Context, tx *store.Tx, by kscheck.Actor, v *kscheck.ProcedureVersion, to string, detail map[string]any) error {
	st := stampOf(by, s)
	if err := tx.SetProcedureStatus(ctx, v.ProcedureID, v.Version, to, st); err != nil {
		return err
	}
	action := map[string]string{kscheck.ProcedureActive: "procedure.activate", kscheck.ProcedureRetired: "procedure.retire"}[to]
	if detail == nil {
		detail = map[string]any{}
	}
	detail["procedure"], detail["sha256"] = v.Ref(), v.SHA256
	if err := s.audit(ctx, tx, by, action, nil, "", detail); err != nil {
		return err
	}
	v.Status = to
	if to == kscheck.ProcedureActive {
		v.ActivatedBy = &st
	} else {
		v.RetiredBy = &st
	}
	return nil
}

// managedRef checks that by may manage procedures and splits ref.
func (s *Service) managedRef(by kscheck.Actor, ref string) (string, string, error) {
	if err := mayAdminister(by, "manages procedure versions"); err != nil {
		return "", "", err
	}
	return s.uploadedRef(ref)
}

// uploadedRef splits "id@version" and refuses the shipped versions, which
// live in the binary rather than the database.
func (s *Service) uploadedRef(ref string) (string, string, error) {
	id, version, ok := strings.Cut(ref, "@")
	if !ok || id == "" || version == "" {
		return "", "", kscheck.Errorf(kscheck.EInvalid, "%q does not name a version; write ID@VERSION, e.g. university@2026.1", ref).Translated("err.procedure.ref")
	}
	if shipped, _ := procedure.Shipped(); slices.ContainsFunc(shipped, func(p *procedure.Procedure) bool { return p.Ref() == ref }) {
		return "", "", kscheck.Errorf(kscheck.EInvalid, "%s is shipped in the program and cannot be changed; upload a new version that supersedes it from a later date", ref).Translated("err.procedure.shipped")
	}
	return id, version, nil
}

// refused turns the checker's problems into a *RefusedProcedure.
func refused(err error) error {
	if probs, ok := err.(procedure.Problems); ok {
		return &RefusedProcedure{Problems: probs}
	}
	return err
}

// UploadedProcedure returns a stored upload that is not in the live set
// (uploaded, not yet active), parsed, so that an administrator can read
// its flowchart before activating it.
func (s *Service) UploadedProcedure(ctx context.Context, by kscheck.Actor, ref string) (*procedure.Procedure, error) {
	id, version, err := s.managedRef(by, ref)
	if err != nil {
		return nil, err
	}
	v, err := s.store.ProcedureVersion(ctx, id, version)
	if err != nil {
		return nil, err
	}
	return procedure.Parse(v.Filename, []byte(v.Source))
}

// ProcedureListings returns every version the installation knows, shipped
// and uploaded, by id and start date, with how many cases use each.
func (s *Service) ProcedureListings(ctx context.Context, by kscheck.Actor) ([]ProcedureListing, error) {
	if err := mayAdminister(by, "manages procedure versions"); err != nil {
		return nil, err
	}
	use, err := s.store.ProcedureUse(ctx)
	if err != nil {
		return nil, err
	}
	uploads, err := s.store.ProcedureVersions(ctx)
	if err != nil {
		return nil, err
	}
	shippedSums, err := shippedChecksums()
	if err != nil {
		return nil, err
	}
	var out []ProcedureListing
	listed := map[string]bool{}
	for _, u := range uploads {
		p, err := procedure.Parse(u.Filename, []byte(u.Source))
		if err != nil {
			return nil, fmt.Errorf("stored procedure %s: %w", u.Ref(), err)
		}
		l := listing(p, "uploaded", u.Status, u.SHA256)
		l.Upload = u
		out, listed[u.Ref()] = append(out, l), true
	}
	for _, p := range s.Procedures.Procedures() {
		if !listed[p.Ref()] {
			out = append(out, listing(p, "shipped", kscheck.ProcedureActive, shippedSums[p.File()]))
		}
	}
	for i := range out {
		out[i].Cases = use[out[i].Ref]
	}
	slices.SortStableFunc(out, func(a, b ProcedureListing) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.From, b.From)
	})
	return out, nil
}

func listing(p *procedure.Procedure, origin, status, sum string) ProcedureListing {
	return ProcedureListing{
		Ref: p.Ref(), ID: p.ID, Version: p.Version, Title: p.Title, Track: p.Track,
		From: p.AppliesTo.From, Until: p.AppliesTo.Until, Units: p.AppliesTo.Units,
		Origin: origin, Status: status, SHA256: sum,
	}
}

// shippedChecksums returns the SHA-256 of each shipped file by name.
func shippedChecksums() (map[string]string, error) {
	files, err := procedure.ShippedFiles()
	if err != nil {
		return nil, err
	}
	sums := make(map[string]string, len(files))
	for _, f := range files {
		sum := sha256.Sum256(f.Src)
		sums[f.Name] = hex.EncodeToString(sum[:])
	}
	return sums, nil
}

// LoadProcedures builds the live set: the shipped procedures, every active
// upload, and the retired uploads that were once active, kept for the cases
// pinned to them but no longer resolving.
func LoadProcedures(ctx context.Context, st *store.Store) (*procedure.Set, error) {
	shipped, err := procedure.Shipped()
	if err != nil {
		return nil, err
	}
	set, err := procedure.NewSet(shipped...)
	if err != nil {
		return nil, err
	}
	if _, err := syncProcedures(ctx, st, set); err != nil {
		return nil, err
	}
	return set, nil
}

// SyncProcedures brings the live set up to date with the versions activated
// or retired in the database since it was loaded, by this server or by
// another one on the same database, and returns how many changed.
func (s *Service) SyncProcedures(ctx context.Context) (int, error) {
	return syncProcedures(ctx, s.store, s.Procedures)
}

func syncProcedures(ctx context.Context, st *store.Store, set *procedure.Set) (int, error) {
	uploads, err := st.ProcedureVersions(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the uploaded procedures: %w", err)
	}
	changed := 0
	for _, u := range uploads {
		if u.Status == kscheck.ProcedureUploaded || u.ActivatedBy == nil {
			continue
		}
		if _, err := set.Get(u.ProcedureID, u.Version); kscheck.ErrorCode(err) == kscheck.ENotFound {
			p, err := procedure.Parse(u.Filename, []byte(u.Source))
			if err != nil {
				return changed, fmt.Errorf("stored procedure %s: %w", u.Ref(), err)
			}
			if err := set.Add(p); err != nil && kscheck.ErrorCode(err) != kscheck.EConflict {
				return changed, err
			}
			changed++
		}
		if u.Status == kscheck.ProcedureRetired && !set.Retired(u.Ref()) {
			if err := set.Retire(u.ProcedureID, u.Version); err != nil {
				return changed, err
			}
			changed++
		}
	}
	return changed, nil
}
