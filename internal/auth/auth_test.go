package auth

import (
	"testing"
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
