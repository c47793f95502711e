package kscheck

import "testing"

func TestCapitalise(t *testing.T) {
	for in, want := range map[string]string{"knowledge transfer": "Knowledge transfer", "beïnvloeding": "Beïnvloeding", "éthique": "Éthique", "": ""} {
		if got := Capitalise(in); got != want {
			t.Errorf("Capitalise(%q) = %q, want %q", in, got, want)
		}
	}
}
