package service

import (
	"context"
	"fmt"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/retention"
	"github.com/kscheck/kscheck/internal/store"
)

// retentionBatch is how many checks one retention run handles at most; a
// daily run catches up on a backlog over the following days.
const retentionBatch = 1000

// RetentionCase is one check whose personal data a retention run erases.
type RetentionCase struct {
	ID     int64                `json:"id"`
	State  kscheck.State        `json:"state"`
	Closed string               `json:"closed"` // the day it closed
	Erased *store.Pseudonymised `json:"erased,omitempty"`
}

// RetentionReport says what a retention run erased, or would erase.
type RetentionReport struct {
	DryRun    bool             `json:"dry_run"`
	Policy    retention.Policy `json:"policy"`
	Cases     []RetentionCase  `json:"cases"`
	Documents int              `json:"documents"`
	Mail      int              `json:"mail"`
}

// RunRetention applies policy now: the personal data of checks closed
// longer ago than the policy's period are pseudonymised, their documents
// and e-mail erased. Each check is handled in its own transaction, with an
// audit entry that says what went. A dry run only lists it. It runs as
// the system (the command line and the server's daily job).
func (s *Service) RunRetention(ctx context.Context, policy retention.Policy, dryRun bool) (*RetentionReport, error) {
	if err := policy.Validate(); err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s", err.Error())
	}
	now := s.Now()
	rep := &RetentionReport{DryRun: dryRun, Policy: policy}
	cases, err := s.store.DueForPseudonymisation(ctx, retention.Due(now, policy.PersonalDataYears), retentionBatch)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		rc := RetentionCase{ID: c.ID, State: c.State, Closed: closedOn(c)}
		if !dryRun {
			err := s.store.InTx(ctx, func(tx *store.Tx) error {
				var err error
				if rc.Erased, err = tx.PseudonymiseCase(ctx, c, s.freeTextQuestions(c), now); err != nil {
					return err
				}
				return s.audit(ctx, tx, System, "retention.pseudonymise", c, c.State, map[string]any{
					"policy_years": policy.PersonalDataYears, "messages": rc.Erased.Messages, "partners": rc.Erased.Partners,
					"audit_entries": rc.Erased.AuditEntries, "audit_entries_kept": rc.Erased.AuditKept})
			})
			if err != nil {
				return rep, fmt.Errorf("retention of check %d: %w", c.ID, err)
			}
		}
		rep.Cases = append(rep.Cases, rc)
	}

	docs, err := s.store.DueDocuments(ctx, retention.Due(now, policy.DocumentYears), retentionBatch)
	if err != nil {
		return rep, err
	}
	rep.Documents = len(docs)
	if !dryRun && len(docs) > 0 {
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			for _, d := range docs {
				if err := tx.EraseDocument(ctx, d.ID, now); err != nil {
					return err
				}
			}
			return s.audit(ctx, tx, System, "retention.documents", nil, "", map[string]any{"documents": len(docs), "policy_years": policy.DocumentYears})
		})
		if err != nil {
			return rep, fmt.Errorf("retention of documents: %w", err)
		}
	}

	mailBefore := retention.Due(now, policy.MailYears)
	if dryRun {
		rep.Mail, err = s.store.CountDueMail(ctx, mailBefore)
		return rep, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		// Nothing due is no change: no delete, and no entry.
		n, err := tx.CountDueMail(ctx, mailBefore)
		if err != nil || n == 0 {
			return err
		}
		if n, err = tx.DeleteDueMail(ctx, mailBefore); err != nil {
			return err
		}
		rep.Mail = n
		return s.audit(ctx, tx, System, "retention.mail", nil, "", map[string]any{"messages": n, "policy_years": policy.MailYears})
	})
	return rep, err
}

// freeTextQuestions lists the free-text questions of c's procedure: their
// answers are the people's own words and go with the personal data.
func (s *Service) freeTextQuestions(c *kscheck.Case) []string {
	p, err := s.ProcedureOf(c)
	if err != nil {
		return nil
	}
	var ids []string
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		if q.Type == procedure.FreeText {
			ids = append(ids, q.ID)
		}
	}
	return ids
}

// closedOn is the day a closed case closed.
func closedOn(c *kscheck.Case) string {
	if c.VerdictAt != nil {
		return c.VerdictAt.Format("2006-01-02")
	}
	return c.UpdatedAt.Format("2006-01-02")
}

// ErasePerson pseudonymises a person whose data are no longer needed (see
// store.ErasePerson): an administrator's act, refused while the person
// still has open checks of their own. A dry run changes nothing.
func (s *Service) ErasePerson(ctx context.Context, by kscheck.Actor, email string, dryRun bool) (*kscheck.Person, error) {
	if err := mayAdminister(by, "erases a person's data"); err != nil {
		return nil, err
	}
	p, err := s.store.PersonByEmail(ctx, email)
	if err != nil {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is nobody with the e-mail address %q", email).Translated("err.person.no_email")
	}
	open, err := s.store.OpenCasesOf(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if len(open) > 0 {
		return nil, kscheck.Errorf(kscheck.EConflict, "%s still has %d open checks (first: KS-%d); they are needed until those are closed or handed over", email, len(open), open[0]).Translated("err.person.open_checks")
	}
	if dryRun {
		return p, nil
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		erased, kept, err := tx.ErasePerson(ctx, p.ID, s.Now())
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "person.erase", nil, "", map[string]any{"person": p.ID, "audit_entries": erased, "audit_entries_kept": kept})
	})
	return p, err
}

// PersonExport is what kscheck holds about a person, for their access
// request: their profile and roles, the checks they started, what they
// wrote and did. Other people's names and the detail of shared records
// are left out (they are third parties' data).
type PersonExport struct {
	Person    *kscheck.Person      `json:"person"`
	Language  string               `json:"language"`
	Roles     []kscheck.Assignment `json:"roles"`
	Generated string               `json:"generated"`
	*store.SubjectData
}

// ExportPerson gathers a PersonExport for the person with email: an
// administrator's act, recorded in the audit trail.
func (s *Service) ExportPerson(ctx context.Context, by kscheck.Actor, email string) (*PersonExport, error) {
	if err := mayAdminister(by, "exports a person's data"); err != nil {
		return nil, err
	}
	p, err := s.store.PersonByEmail(ctx, email)
	if err != nil {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is nobody with the e-mail address %q", email).Translated("err.person.no_email")
	}
	e := &PersonExport{Person: p, Generated: s.Now().Format("2006-01-02T15:04:05Z")}
	if e.Language, err = s.store.Language(ctx, p.ID); err != nil {
		return nil, err
	}
	if e.Roles, err = s.store.Assignments(ctx, p.ID); err != nil {
		return nil, err
	}
	if e.SubjectData, err = s.store.Subject(ctx, p.ID); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, by, "person.export", nil, "", map[string]any{"person": p.ID})
	})
	return e, err
}
