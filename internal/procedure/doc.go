// Package procedure holds an institution's knowledge security flowcharts as
// versioned data: it parses procedure files (YAML, with positions for every
// problem), checks them, resolves which one is in force for a unit on a day,
// evaluates a set of answers into a route, and describes the flowchart as a
// graph for drawing.
//
// Procedures are data so that an institution can replace them without
// touching Go; the engine knows nothing about any particular flowchart.
package procedure
