package kscheck

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditEntry is one line of the append-only, hash-chained audit trail: every
// change and every read of a case. Hash is the SHA-256 of the entry's
// canonical form, which includes PrevHash, so altering or deleting any row
// breaks the chain from there on.
type AuditEntry struct {
	Seq       int64     // position in the trail, 1-based, no gaps
	At        time.Time // UTC, truncated to microseconds (both databases keep that)
	ActorID   int64     // 0 for the system
	ActorName string
	Action    string // a lifecycle Action, or e.g. "case.read", "user.add"
	CaseID    int64  // 0 when not about a case
	FromState State
	ToState   State
	Detail    string // JSON object: evidence referenced, comments, changed fields
	PrevHash  string // hex SHA-256 of the previous entry; "" for the first
	Hash      string // hex SHA-256 of this entry's canonical form

	// Format 2 (every entry written now) chains the SHA-256 digests of the
	// actor's name and of the detail instead of the texts themselves, so
	// that retention can later erase those personal fields (NameErased,
	// DetailErased) while the chain still verifies. Format 1 entries,
	// written before, chain the texts and cannot be erased.
	Format       int
	NameDigest   string // hex SHA-256 of ActorName as written
	DetailDigest string // hex SHA-256 of Detail as written
	NameErased   bool
	DetailErased bool
}

// The marks an erased field holds instead of its text.
const (
	ErasedName   = "[erased]"
	ErasedDetail = `{"erased":true}`
)

// digest is the hex SHA-256 of s.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Canonical returns the bytes that Hash covers: a JSON array with a fixed
// field order, so that it is stable across databases and Go versions.
// Format 2 puts the stored digests of the personal fields in their place.
func (e AuditEntry) Canonical() []byte {
	if e.Format >= 2 {
		b, _ := json.Marshal([]any{
			2, e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.NameDigest,
			e.Action, e.CaseID, string(e.FromState), string(e.ToState), e.DetailDigest, e.PrevHash,
		})
		return b
	}
	b, _ := json.Marshal([]any{
		e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorName,
		e.Action, e.CaseID, string(e.FromState), string(e.ToState), e.Detail, e.PrevHash,
	})
	return b
}

// ComputeHash returns the hex SHA-256 of e's canonical form.
func (e AuditEntry) ComputeHash() string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// Seal sets e's position and previous hash from prev (nil for the first
// entry) and computes its hash.
func (e *AuditEntry) Seal(prev *AuditEntry) {
	e.Seq, e.PrevHash = 1, ""
	if prev != nil {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Format, e.NameDigest, e.DetailDigest = 2, digest(e.ActorName), digest(e.Detail)
	e.Hash = e.ComputeHash()
}

// Erase blanks the personal fields named, keeping their digests: the
// entry still says who acted (by id), what, when and on which case, and
// still fits its place in the chain.
func (e *AuditEntry) Erase(name, detail bool) {
	if name {
		e.ActorName, e.NameErased = ErasedName, true
	}
	if detail {
		e.Detail, e.DetailErased = ErasedDetail, true
	}
}

// VerifyLink checks e against the entry before it (nil for the first) and
// returns a sentence saying what is wrong, or "" when the link holds.
func VerifyLink(prev *AuditEntry, e AuditEntry) string {
	wantSeq, wantPrev := int64(1), ""
	if prev != nil {
		wantSeq, wantPrev = prev.Seq+1, prev.Hash
	}
	switch {
	case e.Seq != wantSeq:
		return "entry is missing or out of order: expected sequence number " + itoa(wantSeq)
	case e.PrevHash != wantPrev:
		return "previous-hash does not match the entry before it (an entry before it was altered or removed)"
	case e.ComputeHash() != e.Hash:
		return "contents do not match its hash (the entry was altered)"
	case e.Format >= 2 && !fieldIntact(e.ActorName, e.NameDigest, e.NameErased, ErasedName):
		return "the actor's name does not match its digest (the entry was altered)"
	case e.Format >= 2 && !fieldIntact(e.Detail, e.DetailDigest, e.DetailErased, ErasedDetail):
		return "the detail does not match its digest (the entry was altered)"
	}
	return ""
}

// fieldIntact reports whether a personal field still holds what its digest
// covers, or exactly the erasure mark: erasure can hide a text, never
// replace it with another.
func fieldIntact(text, want string, erased bool, mark string) bool {
	if erased {
		return text == mark
	}
	return digest(text) == want
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// ChainHead is the last entry of a hash chain at one moment: its sequence
// number and hash. Kept outside the database, it proves later that no entry
// up to it was removed or rewritten, which the chain alone cannot show of
// its newest entries.
type ChainHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Checkpoint is what is written outside the database: the heads of the
// trail of changes and of the access log, and when they were taken.
type Checkpoint struct {
	At      time.Time `json:"at"`
	Changes ChainHead `json:"changes"`
	Reads   ChainHead `json:"reads"`
}
