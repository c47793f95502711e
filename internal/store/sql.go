package store

import (
	"strconv"
	"strings"
)

// placeholder returns the n-th positional parameter, $n: PostgreSQL's
// syntax, which SQLite also accepts.
func placeholder(n int) string { return "$" + strconv.Itoa(n) }

// prefixed qualifies every column of a comma-separated list with p, for
// joins ("p.id, p.email, …").
func prefixed(p, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		if strings.HasPrefix(c, "COALESCE(") {
			cols[i] = "COALESCE(" + p + strings.TrimPrefix(c, "COALESCE(")
			continue
		}
		cols[i] = p + c
	}
	return strings.Join(cols, ", ")
}
