package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// MaxAttachmentBytes is the largest document a case takes.
const MaxAttachmentBytes = 10 << 20

// documentTypes maps the extensions of accepted documents to the content
// type they are stored and served with, and to the kind of content the
// file must actually have.
var documentTypes = map[string]struct{ contentType, content string }{
	".pdf":  {"application/pdf", "pdf"},
	".png":  {"image/png", "png"},
	".jpg":  {"image/jpeg", "jpeg"},
	".jpeg": {"image/jpeg", "jpeg"},
	".gif":  {"image/gif", "gif"},
	".webp": {"image/webp", "webp"},
	".txt":  {"text/plain; charset=utf-8", "text"},
	".csv":  {"text/csv; charset=utf-8", "text"},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip"},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip"},
	".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "zip"},
	".odt":  {"application/vnd.oasis.opendocument.text", "zip"},
	".ods":  {"application/vnd.oasis.opendocument.spreadsheet", "zip"},
	".odp":  {"application/vnd.oasis.opendocument.presentation", "zip"},
	".doc":  {"application/msword", "ole"},
	".xls":  {"application/vnd.ms-excel", "ole"},
	".ppt":  {"application/vnd.ms-powerpoint", "ole"},
}

// oleMagic starts the compound files of older Office documents.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniff says what data really is, from its first bytes (never from its
// name): pdf, png, jpeg, gif, webp, zip, ole, text, or "" for anything
// else (HTML and scripts included, which are never served back).
func sniff(data []byte) string {
	if bytes.HasPrefix(data, oleMagic) {
		return "ole"
	}
	switch ct := http.DetectContentType(data); {
	case ct == "application/pdf":
		return "pdf"
	case ct == "image/png", ct == "image/jpeg", ct == "image/gif", ct == "image/webp":
		return strings.TrimPrefix(ct, "image/")
	case ct == "application/zip":
		return "zip"
	case strings.HasPrefix(ct, "text/plain"):
		if utf8.Valid(data) {
			return "text"
		}
	}
	return ""
}

// documentType checks a document's name, size and content and returns
// the content type to store it under.
func documentType(name string, data []byte) (string, error) {
	if len(data) == 0 {
		return "", kscheck.Errorf(kscheck.EInvalid, "the file %q is empty", name).Translated("err.attachment.empty")
	}
	if len(data) > MaxAttachmentBytes {
		return "", kscheck.Errorf(kscheck.EInvalid, "the file %q is larger than %d MB", name, MaxAttachmentBytes>>20).Translated("err.attachment.too_large")
	}
	t, ok := documentTypes[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return "", kscheck.Errorf(kscheck.EInvalid, "%q is not a document type kscheck keeps: upload a PDF, an Office or OpenDocument file, an image (PNG, JPEG, GIF, WebP) or plain text", name).Translated("err.attachment.type")
	}
	if got := sniff(data); got != t.content {
		return "", kscheck.Errorf(kscheck.EInvalid, "the contents of %q do not match its name (%s): save it in the format its name says and upload it again", name, strings.TrimPrefix(filepath.Ext(name), ".")).Translated("err.attachment.mismatch")
	}
	return t.contentType, nil
}

// cleanFileName keeps the last element of a name as a browser sent it,
// without control characters, and at most 200 bytes long.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		ext := filepath.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		base := name[:200-len(ext)]
		for !utf8.ValidString(base) {
			base = base[:len(base)-1]
		}
		name = base + ext
	}
	return strings.TrimSpace(name)
}

// AddAttachment stores a document on a case for its dossier. The Advice
// Desk adds documents while it has the case, the initiator while the case
// is with them; the upload is audited with the document's SHA-256.
func (s *Service) AddAttachment(ctx context.Context, actor kscheck.Actor, id, version int64, name string, data []byte) (*kscheck.Attachment, error) {
	name = cleanFileName(name)
	if name == "" || name == "." {
		return nil, kscheck.Errorf(kscheck.EInvalid, "choose a file to upload").Translated("err.attachment.choose")
	}
	ct, err := documentType(name, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	a := &kscheck.Attachment{CaseID: id, Name: name, ContentType: ct, SHA256: hex.EncodeToString(sum[:]), Data: data, UploadedBy: actor.Person.ID, UploadedAt: s.Now()}
	_, err = s.change(ctx, actor, id, version, "", "case.attachment.add", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		if !kscheck.Can(actor, c, kscheck.PermDossier) && !kscheck.Can(actor, c, kscheck.PermEdit) {
			return nil, kscheck.Errorf(kscheck.EForbidden, "documents are added by the Advice Desk, or by the initiator while the check is with them").Translated("err.attachment.who")
		}
		if err := tx.AddAttachment(ctx, a); err != nil {
			return nil, err
		}
		return map[string]any{"attachment": a.ID, "name": a.Name, "sha256": a.SHA256, "size": a.Size}, nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Attachment returns a document of a case to someone who may see the
// case, recording the download in the audit trail.
func (s *Service) Attachment(ctx context.Context, actor kscheck.Actor, caseID, id int64) (*kscheck.Attachment, error) {
	var a *kscheck.Attachment
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := visibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if a, err = tx.Attachment(ctx, caseID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "case.attachment.read", c, c.State, map[string]any{"attachment": a.ID, "sha256": a.SHA256})
	})
	return a, err
}
