package screening

// tokenSimilarity compares two tokens: 1 when equal, otherwise one minus
// the edit distance (with transpositions) over the longer length, provided
// the distance is small for the tokens' length; two-letter tokens and
// numbers must match exactly, because "li" and "le" or 12 and 13 are
// different names, not typos; and so must two distinct words (places,
// qualifiers: see distinctWords).
func tokenSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	short := min(len(a), len(b))
	allowed := maxEdits(short)
	if allowed == 0 || hasDigit(a) || hasDigit(b) {
		return 0
	}
	if d := len(a) - len(b); d > allowed || -d > allowed {
		return 0
	}
	d := editDistance(a, b, allowed)
	if d > allowed || distinctWords[a] && distinctWords[b] {
		return 0 // Hubei is not a typo of Hebei
	}
	return 1 - float64(d)/float64(max(len(a), len(b)))
}

// maxEdits is the number of typos tolerated in a token of length n.
func maxEdits(n int) int {
	switch {
	case n < 3:
		return 0
	case n < 6:
		return 1
	case n < 10:
		return 2
	default:
		return 3
	}
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// editDistance is the optimal-string-alignment distance of two ASCII
// strings, giving up (returning limit+1) once every path exceeds limit.
func editDistance(a, b string, limit int) int {
	if len(a) > 64 || len(b) > 64 {
		a, b = a[:min(len(a), 64)], b[:min(len(b), 64)]
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
