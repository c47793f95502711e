package kscheck

import "time"

// Where an uploaded procedure version stands.
const (
	ProcedureUploaded = "uploaded" // checked and stored, not yet in use
	ProcedureActive   = "active"   // new cases may resolve it
	ProcedureRetired  = "retired"  // kept for the cases pinned to it only
)

// ProcedureVersion is an uploaded procedure file. Its source never changes
// once stored: a case pins id and version and must always see the same
// questions.
type ProcedureVersion struct {
	ProcedureID string
	Version     string
	Filename    string
	Source      string
	SHA256      string
	Status      string
	UploadedBy  Stamp
	ActivatedBy *Stamp
	RetiredBy   *Stamp
}

// Ref is "id@version".
func (v *ProcedureVersion) Ref() string { return v.ProcedureID + "@" + v.Version }

// Stamp says who did something and when. PersonID is 0 for the command
// line.
type Stamp struct {
	PersonID int64
	Name     string
	At       time.Time
}
