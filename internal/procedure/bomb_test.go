package procedure

import (
	"runtime"
	"strings"
	"testing"
)

// bombs are procedure files made to exhaust the parser: deep nesting in
// flow and block style, and alias expansion ("billion laughs").
func bombs() map[string]string {
	laughs := "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	for i := 1; i <= 9; i++ {
		laughs += strings.Replace("aN: &aN [*aP, *aP, *aP, *aP, *aP, *aP, *aP, *aP, *aP, *aP]\n", "N", string(rune('0'+i)), 2)
		laughs = strings.ReplaceAll(laughs, "aP", "a"+string(rune('0'+i-1)))
	}
	var block strings.Builder
	for i := range 3000 {
		block.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	return map[string]string{
		"100,000 nested brackets": "id: x\nsections: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n",
		"nested flow maps":        "id: " + strings.Repeat("{a: ", 50_000) + "x" + strings.Repeat("}", 50_000) + "\n",
		"nested block maps":       block.String(),
		"nested block sequences":  "sections:\n" + strings.Repeat("- ", 50_000) + "x\n",
		"billion laughs":          laughs,
		"one alias":               minimal + "extra: &x [a]\nagain: *x\n",
	}
}

// TestParseRefusesBombs: each bomb is refused, naming the problem, with
// little memory (the tree is never built).
func TestParseRefusesBombs(t *testing.T) {
	for name, src := range bombs() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Parse("bomb.yaml", []byte(src))
		runtime.ReadMemStats(&after)
		probs, ok := err.(Problems)
		if !ok || len(probs) == 0 {
			t.Errorf("%s: %v, want it refused", name, err)
			continue
		}
		if !strings.Contains(probs.Error(), "nested") && !strings.Contains(probs.Error(), "alias") {
			t.Errorf("%s: refused as %q, which does not say why", name, probs.Error())
		}
		if used := after.TotalAlloc - before.TotalAlloc; used > 50<<20 {
			t.Errorf("%s: refusing it allocated %d MB", name, used>>20)
		}
	}
}

// BenchmarkParseBomb measures refusing the worst of the bombs.
func BenchmarkParseBomb(b *testing.B) {
	for name, src := range bombs() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Parse("bomb.yaml", []byte(src))
			}
		})
	}
}
