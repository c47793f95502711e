package webhook

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	const secret = "whsec_test"
	body := []byte(`{"event":"verdict.recorded"}`)
	sent := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	good := Signature(secret, sent, body)
	for name, tc := range map[string]struct {
		secret, header string
		body           []byte
		at             time.Time
		want           error
	}{
		"as sent":                {secret, good, body, sent.Add(time.Minute), nil},
		"clock behind":           {secret, good, body, sent.Add(-4 * time.Minute), nil},
		"second signature valid": {secret, "t=" + good[2:12] + ",v1=00ff," + good[13:], body, sent, nil},
		"replayed later":         {secret, good, body, sent.Add(6 * time.Minute), ErrStale},
		"other body":             {secret, good, []byte(`{"event":"check.submitted"}`), sent, ErrMismatch},
		"other secret":           {"whsec_other", good, body, sent, ErrMismatch},
		"no timestamp":           {secret, "v1=abc", body, sent, ErrMalformed},
		"no signature":           {secret, "t=1740819600", body, sent, ErrMalformed},
		"garbage":                {secret, "nonsense", body, sent, ErrMalformed},
		"empty":                  {secret, "", body, sent, ErrMalformed},
	} {
		if err := Verify(tc.secret, tc.header, tc.body, tc.at, 0); !errors.Is(err, tc.want) {
			t.Errorf("%s: Verify = %v, want %v", name, err, tc.want)
		}
	}
}

func TestSecretsDiffer(t *testing.T) {
	a, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSecret()
	if a == b || len(a) < 40 {
		t.Errorf("secrets %q and %q", a, b)
	}
}

// FuzzVerify: no header, however malformed, panics or verifies without
// the secret.
func FuzzVerify(f *testing.F) {
	now := time.Unix(1740819600, 0)
	f.Add(Signature("s", now, []byte("{}")), []byte("{}"))
	f.Add("t=1,v1=", []byte(""))
	f.Add(",,=,t==", []byte("x"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		if Verify("secret", header, body, now, 0) != nil {
			return
		}
		// It verified: then it names a timestamp and carries the HMAC
		// of that timestamp and the body.
		var ts string
		for _, part := range strings.Split(header, ",") {
			if k, v, _ := strings.Cut(strings.TrimSpace(part), "="); k == "t" {
				ts = v
			}
		}
		if !strings.Contains(header, "v1="+mac("secret", ts, body)) {
			t.Fatalf("header %q verified without the signature", header)
		}
	})
}
