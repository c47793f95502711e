package retention

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	write := func(body string) string {
		p := filepath.Join(t.TempDir(), "policy.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, err := Load(write("personal_data_years: 5\n"))
	if err != nil || p.PersonalDataYears != 5 || p.DocumentYears != Default.DocumentYears {
		t.Errorf("a partial policy: %+v, %v", p, err)
	}
	for body, say := range map[string]string{
		"keep_forever: true\n":       "personal_data_years, document_years and mail_years",
		"document_years: 0\n":        "from 1 to 100",
		"mail_years: [1, 2]\n":       "mail_years",
		"personal_data_years: 101\n": "from 1 to 100",
	} {
		if _, err := Load(write(body)); err == nil || !strings.Contains(err.Error(), say) {
			t.Errorf("%q: %v, want it to say %q", body, err, say)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing file was accepted")
	}
}
