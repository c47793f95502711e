package kscheck

// HitStatus is where a screening candidate stands: evidence for a person
// to resolve, never a verdict by itself.
type HitStatus string

// Hit statuses.
const (
	HitCandidate HitStatus = "candidate"
	HitConfirmed HitStatus = "confirmed"
	HitDismissed HitStatus = "dismissed"
)
