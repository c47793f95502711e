package contrast

import (
	"math"
	"testing"
)

func TestRatio(t *testing.T) {
	cases := []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54}, // the classic lightest AA grey on white
		{"#777777", "#ffffff", 4.48}, // just below AA
		{"#0000ff", "#ffffff", 8.59},
	}
	for _, c := range cases {
		got, err := Ratio(c.a, c.b)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.want) > 0.01 {
			t.Errorf("Ratio(%s, %s) = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
		if rev, _ := Ratio(c.b, c.a); rev != got {
			t.Errorf("Ratio is not symmetric for %s, %s", c.a, c.b)
		}
	}
	for _, bad := range []string{"", "#12", "red", "#gggggg"} {
		if _, err := Ratio(bad, "#fff"); err == nil {
			t.Errorf("Ratio(%q) gave no error", bad)
		}
	}
}
