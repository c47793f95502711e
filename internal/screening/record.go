package screening

import (
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Run is one screening of a case partner.
type Run struct {
	PartnerID int64
	At        time.Time
	Snapshots []Ref
	Matches   int
}

// Hit is a screening candidate recorded on a case partner.
type Hit struct {
	ID         int64
	CaseID     int64
	PartnerID  int64
	Match      Match
	Status     kscheck.HitStatus
	Reason     string
	ResolvedBy int64
	ResolvedAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Alert is a re-screening alert for the Advice Desk.
type Alert struct {
	ID        int64
	CaseID    int64
	CaseTitle string
	HitID     int64
	Change    string
	Match     Match
	CreatedAt time.Time
}
