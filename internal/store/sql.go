package store

import (
	"context"
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

// scanner is what a row offers: *sql.Row and *sql.Rows both have Scan.
type scanner interface{ Scan(dest ...any) error }

// collect runs query and scans every row with scan: the one loop behind
// every list query.
func collect[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
