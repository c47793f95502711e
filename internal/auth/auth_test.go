package auth

import (
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("the right password does not match its hash")
	}
	for _, wrong := range []string{"", "correct horse batterY", "correct horse battery "} {
		if CheckPassword(h, wrong) {
			t.Errorf("wrong password %q matches", wrong)
		}
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", h + "x$"} {
		if CheckPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q matches", bad)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
}

func TestTokens(t *testing.T) {
	a, ha, _ := NewToken()
	b, hb, _ := NewToken()
	if a == b || ha == hb || ha == a || TokenHash(a) != ha {
		t.Errorf("tokens are not fresh or hashes inconsistent: %q %q", a, b)
	}
}

func TestThrottle(t *testing.T) {
	th := NewThrottle(3, time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if ok, _ := th.Allowed("k", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		th.Fail("k", now)
	}
	ok, until := th.Allowed("k", now.Add(10*time.Second))
	if ok || !until.Equal(now.Add(time.Minute)) {
		t.Fatalf("fourth attempt: allowed=%v until=%v", ok, until)
	}
	if ok, _ := th.Allowed("other", now); !ok {
		t.Error("another key was throttled")
	}
	if ok, _ := th.Allowed("k", now.Add(time.Minute)); !ok {
		t.Error("still throttled after the window")
	}
	th.Fail("k", now.Add(time.Minute))
	th.Succeed("k")
	if ok, _ := th.Allowed("k", now.Add(time.Minute)); !ok {
		t.Error("a success did not reset the failures")
	}
}
