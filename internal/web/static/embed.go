// Package static holds the design system served under /static/: the
// stylesheet, the favicon and the vendored htmx. They are embedded so the
// single binary needs no files beside it and no CDN.
//
// htmx.min.js is htmx.org 2.0.11 from the npm package, unmodified
// (sha256 d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717);
// its licence (0BSD) is htmx.LICENSE.txt. Pages work without it; it only
// makes some forms quicker.
package static

import "embed"

// FS holds the static files at its root: style.css, favicon.svg,
// htmx.min.js, htmx.LICENSE.txt.
//
//go:embed style.css favicon.svg htmx.min.js htmx.LICENSE.txt
var FS embed.FS
