// Package contrast computes WCAG 2.1 contrast ratios between colours, so
// that tests can hold the stylesheet and the charts to the AA thresholds
// instead of trusting a designer's eye.
package contrast

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The WCAG 2.1 AA thresholds.
const (
	Text    = 4.5 // normal text (1.4.3)
	NonText = 3.0 // large text, graphical objects and focus indicators (1.4.11)
)

// Parse reads a colour written as #rgb or #rrggbb.
func Parse(hex string) (r, g, b uint8, err error) {
	s := strings.TrimPrefix(strings.TrimSpace(hex), "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return 0, 0, 0, fmt.Errorf("contrast: %q is not a #rgb or #rrggbb colour", hex)
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("contrast: %q is not a #rgb or #rrggbb colour", hex)
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v), nil
}

// luminance is the relative luminance of WCAG 2.1.
func luminance(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Ratio returns the contrast ratio of two colours, from 1 to 21.
func Ratio(a, b string) (float64, error) {
	r1, g1, b1, err := Parse(a)
	if err != nil {
		return 0, err
	}
	r2, g2, b2, err := Parse(b)
	if err != nil {
		return 0, err
	}
	l1, l2 := luminance(r1, g1, b1), luminance(r2, g2, b2)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05), nil
}
