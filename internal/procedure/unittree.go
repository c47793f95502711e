package procedure

import (
	"context"
	"fmt"
	"slices"

	"github.com/goccy/go-yaml"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// StaticTree is a unit tree held in memory, parent by code: an institution
// testing its procedures offline describes its units in a file instead of
// a database.
type StaticTree map[string]string

// ParseUnitTree reads a unit tree file (YAML or JSON):
//
//	units:
//	  - {code: leiden}
//	  - {code: science, parent: leiden}
func ParseUnitTree(filename string, src []byte) (StaticTree, error) {
	var file struct {
		Units []struct {
			Code   string `yaml:"code"`
			Parent string `yaml:"parent"`
		} `yaml:"units"`
	}
	if err := yaml.UnmarshalWithOptions(src, &file, yaml.DisallowUnknownField()); err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s: %s", filename, yaml.FormatError(err, false, false))
	}
	tree := StaticTree{}
	for _, u := range file.Units {
		if u.Code == "" {
			return nil, kscheck.Errorf(kscheck.EInvalid, "%s: every unit needs a code", filename)
		}
		tree[u.Code] = u.Parent
	}
	for code, parent := range tree {
		if _, ok := tree[parent]; parent != "" && !ok {
			return nil, kscheck.Errorf(kscheck.EInvalid, "%s: the parent %q of unit %q is not in the file", filename, parent, code)
		}
	}
	return tree, nil
}

// UnitPath returns the codes from the root down to code.
func (t StaticTree) UnitPath(_ context.Context, code string) ([]string, error) {
	if _, ok := t[code]; !ok {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no unit %q", code).Translated("err.unit.not_found")
	}
	var path []string
	for c := code; c != ""; c = t[c] {
		if slices.Contains(path, c) || len(path) > len(t) {
			return nil, fmt.Errorf("unit tree: %q is its own ancestor", c)
		}
		path = append(path, c)
	}
	slices.Reverse(path)
	return path, nil
}
