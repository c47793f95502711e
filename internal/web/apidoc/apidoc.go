// Package apidoc holds the OpenAPI 3.1 description of kscheck's API v1,
// written by hand and checked against the real handlers by a test in
// internal/web, route by route.
package apidoc

import _ "embed"

// OpenAPI is the document served at /api/v1/openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte
