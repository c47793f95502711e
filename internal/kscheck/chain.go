package kscheck

import "fmt"

// Chain names one of the two hash chains: the audit trail of changes, and
// the access log of reads. Reads are far more numerous than changes; kept
// apart, they neither lengthen a case's history nor wait for the lock that
// orders changes, and the trail of changes stays short to verify.
type Chain string

// The chains, named after their tables.
const (
	Changes Chain = "audit"
	Reads   Chain = "access_log"
)

// Name is the chain as people call it in messages.
func (c Chain) Name() string {
	if c == Reads {
		return "access log"
	}
	return "audit trail"
}

// AuditBreak describes the first place where a chain is not intact.
type AuditBreak struct {
	Chain  Chain
	Seq    int64
	Reason string
}

func (b *AuditBreak) Error() string {
	return fmt.Sprintf("%s broken at entry %d: %s", b.Chain.Name(), b.Seq, b.Reason)
}
