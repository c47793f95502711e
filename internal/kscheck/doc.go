// Package kscheck holds the domain of a knowledge security check: units,
// people and their roles, partners, cases and their lifecycle, verdicts,
// mitigation measures and the audit trail. It depends on the standard
// library only, so that every adapter (store, web, CLI) can share it.
package kscheck
