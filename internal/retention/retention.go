// Package retention holds the institution's retention policy: how long
// kscheck keeps each kind of record after a check is closed, before
// erasing or pseudonymising it. The policy is configuration (a small YAML
// file), so that it follows the institution's records schedule, not code.
package retention

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/goccy/go-yaml"
)

// Policy is how many years after a check closed each kind of record is
// kept.
type Policy struct {
	// PersonalDataYears: names, free texts, thread messages, the detail of
	// the check's audit entries and individual partners' names. The
	// decision record (kind, unit, dates, route, verdict, its reasons and
	// measures) stays.
	PersonalDataYears int `yaml:"personal_data_years"`
	// DocumentYears: the documents attached to the check.
	DocumentYears int `yaml:"document_years"`
	// MailYears: the e-mail kscheck sent about the check.
	MailYears int `yaml:"mail_years"`
}

// Default is the policy when none is configured: personal data 7 years
// after the decision, documents 10, e-mail 1.
var Default = Policy{PersonalDataYears: 7, DocumentYears: 10, MailYears: 1}

// maxFile bounds a policy file: it is a handful of lines.
const maxFile = 64 << 10

// Load reads a policy file; keys it does not name keep their defaults.
func Load(path string) (Policy, error) {
	p := Default
	b, err := os.ReadFile(path)
	if err != nil {
		return p, fmt.Errorf("retention policy: %w", err)
	}
	if len(b) > maxFile {
		return p, fmt.Errorf("retention policy %s: the file is larger than %d KB; it should hold three lines", path, maxFile>>10)
	}
	if err := yaml.NewDecoder(bytes.NewReader(b), yaml.DisallowUnknownField()).Decode(&p); err != nil {
		return p, fmt.Errorf("retention policy %s: %s (the keys are personal_data_years, document_years and mail_years)", path, yaml.FormatError(err, false, true))
	}
	return p, p.Validate()
}

// Validate checks that every period is a whole number of years from 1 to
// 100, and that documents are not erased before the personal data.
func (p Policy) Validate() error {
	for _, f := range []struct {
		name  string
		years int
	}{{"personal_data_years", p.PersonalDataYears}, {"document_years", p.DocumentYears}, {"mail_years", p.MailYears}} {
		if f.years < 1 || f.years > 100 {
			return fmt.Errorf("retention policy: %s is %d; give a number of years from 1 to 100", f.name, f.years)
		}
	}
	return nil
}

// Due returns the moment before which a check must have closed for a
// record kept years to be due at now.
func Due(now time.Time, years int) time.Time { return now.AddDate(-years, 0, 0) }
