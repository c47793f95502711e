package procedure

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// position is a line and column in a procedure file, both from 1.
type position struct{ line, column int }

// positions maps a field path such as "sections[0].questions[2].on.yes.next"
// to where it is written, so that every problem can point at its line.
type positions map[string]position

// collectPositions records the position of every mapping key and sequence
// item under node.
func collectPositions(node ast.Node, path string, into positions) {
	switch n := node.(type) {
	case *ast.MappingNode:
		for _, v := range n.Values {
			collectPositions(v, path, into)
		}
	case *ast.MappingValueNode:
		name := n.Key.String()
		if s, ok := n.Key.(*ast.StringNode); ok {
			name = s.Value // without the quotes of "yes"
		}
		key := join(path, name)
		tk := n.Key.GetToken()
		into[key] = position{tk.Position.Line, tk.Position.Column}
		collectPositions(n.Value, key, into)
	case *ast.SequenceNode:
		for i, v := range n.Values {
			item := fmt.Sprintf("%s[%d]", path, i)
			if tk := v.GetToken(); tk != nil {
				into[item] = position{tk.Position.Line, tk.Position.Column}
			}
			collectPositions(v, item, into)
		}
	case *ast.TagNode:
		collectPositions(n.Value, path, into)
	case *ast.AnchorNode:
		collectPositions(n.Value, path, into)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// at returns the position of path, or of its nearest written ancestor when
// the field itself is missing (a missing field is reported where its parent
// is), or line 1 column 1.
func (ps positions) at(path string) position {
	for path != "" {
		if p, ok := ps[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return position{1, 1}
}
