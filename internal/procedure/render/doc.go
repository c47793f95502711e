// Package render draws a procedure's flowchart: as SVG drawn by kscheck
// itself (no external program at run time), and as Mermaid and Graphviz
// text for those who edit diagrams elsewhere. With an evaluation, the path
// the answers took is highlighted.
package render
