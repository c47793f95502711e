// Package procedures carries the shipped procedure files and the shared
// vocabularies in the binary, so that kscheck works without any files next
// to it. An institution replaces them by uploading its own versions.
package procedures

import "embed"

// FS holds *.yaml (one procedure each) and vocabularies/*.yaml.
//
//go:embed *.yaml vocabularies/*.yaml
var FS embed.FS
