// Package webhook tells other systems what happened in kscheck: a check was
// submitted, a verdict recorded, a measure is overdue, re-screening found
// a new hit. Deliveries are queued by the database layer in the
// transaction of the change they report, and a Worker posts them, signed
// with HMAC-SHA256, retrying with backoff for a day.
//
// A receiver checks the X-Kscheck-Signature header with Verify: it is
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>",
// and a timestamp outside the replay window is refused.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Event names a kind of change a webhook may be registered for.
type Event string

// The events kscheck sends.
const (
	CheckSubmitted  Event = "check.submitted"  // a check was (re)submitted to the Advice Desk
	VerdictRecorded Event = "verdict.recorded" // the Committee recorded its verdict
	MeasureOverdue  Event = "measure.overdue"  // a mitigation measure passed its due date unfinished
	ScreeningAlert  Event = "screening.alert"  // re-screening found a new or changed hit on a check
)

// Events lists every event in a stable order.
var Events = []Event{CheckSubmitted, VerdictRecorded, MeasureOverdue, ScreeningAlert}

// Valid reports whether e is a known event.
func (e Event) Valid() bool { return slices.Contains(Events, e) }

// Header names of a delivery.
const (
	SignatureHeader = "X-Kscheck-Signature"
	EventHeader     = "X-Kscheck-Event"
	DeliveryHeader  = "X-Kscheck-Delivery"
)

// ReplayWindow is how far a delivery's timestamp may be from the
// receiver's clock before Verify refuses it.
const ReplayWindow = 5 * time.Minute

// NewSecret returns a fresh signing secret for an endpoint.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b), nil
}

// Signature returns the X-Kscheck-Signature value for body sent at t.
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Errors of Verify.
var (
	ErrMalformed = errors.New("webhook: the signature header is malformed")
	ErrStale     = errors.New("webhook: the timestamp is outside the replay window")
	ErrMismatch  = errors.New("webhook: the signature does not match the body")
)

// Verify checks a signature header against body, at now, with the given
// replay window (ReplayWindow when 0).
func Verify(secret, header string, body []byte, now time.Time, window time.Duration) error {
	if window <= 0 {
		window = ReplayWindow
	}
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return ErrMalformed
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrMalformed
	}
	if d := now.Sub(time.Unix(sec, 0)); d > window || d < -window {
		return fmt.Errorf("%w (%s)", ErrStale, d.Round(time.Second))
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return ErrMismatch
}
