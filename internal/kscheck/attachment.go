package kscheck

import "time"

// Attachment is a document on a case. Data is filled only when one document
// is read, never by the list, so that listing a dossier does not read the
// files.
type Attachment struct {
	ID           int64
	CaseID       int64
	Name         string
	ContentType  string
	Size         int64
	SHA256       string
	UploadedBy   int64
	UploaderName string
	UploadedAt   time.Time
	Data         []byte
}
