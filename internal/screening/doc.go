// Package screening checks partner names against sanctions, export-control
// and risk lists. It reads each list in its published format into one
// normalised entity model, indexes the names script-aware and order
// independent, and returns candidates with a score and an explanation:
// evidence for a person to weigh, never a verdict.
package screening
