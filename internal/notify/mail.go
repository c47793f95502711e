package notify

import (
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Mail is an outbox message as people see it on the outbox page.
type Mail struct {
	ID        int64
	CaseID    int64
	Message   Message
	CreatedAt time.Time
	DueAt     time.Time
	Attempts  int
	LastError string
	SentAt    *time.Time
	GaveUpAt  *time.Time
	Status    kscheck.MailStatus
}
