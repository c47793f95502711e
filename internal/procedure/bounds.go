package procedure

import (
	"bytes"
	"time"
)

// Bounds on the shape of a procedure file, checked on the raw text before
// the YAML library builds a tree: its parser takes minutes and gigabytes
// on a few hundred kilobytes of nested brackets, and decoding expands
// aliases without limit. Real procedures nest about ten levels deep.
const (
	maxNesting = 64     // levels of maps and lists, block and flow style together
	maxNodes   = 50_000 // lines and flow items
	// parseBudget bounds the YAML library's own work on a file that
	// passed the bounds; it is a second guard, never reached in practice.
	parseBudget = 2 * time.Second
)

// checkShape refuses files nested deeper than maxNesting, with more than
// maxNodes nodes, or with anchors and aliases (procedure files write
// their texts out, so an alias can only be an attempt to expand one node
// into millions). It reads the text once, allocating only its lines.
func checkShape(filename string, src []byte) *Problem {
	var indents []int   // indentation of the open block levels
	nodes, flow := 0, 0 // flow collections stay open across lines
	refuse := func(line, col int, key, format string, args ...any) *Problem {
		p := newProblem(filename, line, col, key, format, args...)
		return &p
	}
	nested := func(line, col int) *Problem {
		return refuse(line, col, "procedure_check.too_deep", "the file is nested more than %d levels deep; procedures need far fewer: check the brackets and the indentation", maxNesting)
	}
	tooMany := func(line, col int) *Problem {
		return refuse(line, col, "procedure_check.too_many_entries", "the file has more than %d entries, more than any procedure needs", maxNodes)
	}
	for lineNo, line := range bytes.Split(src, []byte("\n")) {
		n := lineNo + 1
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		rest := line[indent:]
		if len(bytes.TrimSpace(rest)) == 0 || rest[0] == '#' {
			continue
		}
		if nodes++; nodes > maxNodes {
			return tooMany(n, 1)
		}
		for len(indents) > 0 && indents[len(indents)-1] >= indent {
			indents = indents[:len(indents)-1]
		}
		indents = append(indents, indent)
		block := len(indents)
		// "- - - x" opens a list inside a list on one line.
		for len(rest) > 1 && rest[0] == '-' && rest[1] == ' ' {
			block++
			rest = bytes.TrimLeft(rest[2:], " ")
		}
		if block+flow > maxNesting {
			return nested(n, indent+1)
		}
		var quote byte
	scan:
		for i, c := range rest {
			col := len(line) - len(rest) + i + 1
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '#' && (i == 0 || rest[i-1] == ' '):
				break scan
			case !valueStart(rest, i):
				// inside a plain scalar: nothing here is syntax
			case c == '"' || c == '\'':
				quote = c
			case c == '&' || c == '*':
				return refuse(n, col, "procedure_check.anchors", "procedure files may not use YAML anchors or aliases (&name, *name): write the text out where it is needed")
			case c == '[' || c == '{':
				if flow++; block+flow > maxNesting {
					return nested(n, col)
				}
				if nodes++; nodes > maxNodes {
					return tooMany(n, col)
				}
			}
			if quote == 0 && (c == ']' || c == '}') {
				flow = max(flow-1, 0)
			}
			if quote == 0 && c == ',' {
				nodes++
			}
		}
	}
	return nil
}

// valueStart reports whether rest[i] begins a value: it follows the start
// of the line, or (after spaces) one of ": - [ { , ?".
func valueStart(rest []byte, i int) bool {
	j := i - 1
	for j >= 0 && rest[j] == ' ' {
		j--
	}
	if j < 0 {
		return true
	}
	switch rest[j] {
	case '[', '{', ',':
		return true
	case ':', '-', '?':
		return j < i-1 // "a: x", "- x": a space must follow
	}
	return false
}
