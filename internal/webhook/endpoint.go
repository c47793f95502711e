package webhook

import (
	"slices"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Endpoint is an endpoint registered by an administrator.
type Endpoint struct {
	ID        int64
	URL       string
	Events    []Event
	Secret    string
	Active    bool
	CreatedBy int64
	CreatedAt time.Time
}

// Wants reports whether the endpoint is registered for ev.
func (w *Endpoint) Wants(ev Event) bool { return w.Active && slices.Contains(w.Events, ev) }

// DeliveryRecord is a delivery with its attempts, for the admin page.
type DeliveryRecord struct {
	ID, WebhookID, CaseID int64
	Event                 Event
	Body                  string
	CreatedAt, DueAt      time.Time
	Status                kscheck.DeliveryStatus
	Attempts              []Attempt
}
