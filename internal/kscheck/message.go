package kscheck

import "time"

// MessageKind says what a message on a case is, and so who may read it.
type MessageKind string

// Message kinds.
const (
	MsgQuestion     MessageKind = "question"     // initiator or director asks the adviser
	MsgAnswer       MessageKind = "answer"       // an answer in the thread
	MsgAdvice       MessageKind = "advice"       // the faculty adviser's recorded advice
	MsgComment      MessageKind = "comment"      // a comment with a transition (send back, postponement request)
	MsgDeskNote     MessageKind = "desk_note"    // Advice Desk's notes for the dossier
	MsgDeliberation MessageKind = "deliberation" // Committee only
)

// Message is one entry of a case's threads.
type Message struct {
	ID         int64
	CaseID     int64
	AuthorID   int64
	AuthorName string
	Kind       MessageKind
	Body       string
	CreatedAt  time.Time
}
