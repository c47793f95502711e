package screening

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedData returns ../shared/data relative to the repository root, or
// skips the test when the real data is not there.
func sharedData(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: repository root not found")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(data, "lists")); err != nil {
		// CI sets the switch: the real-file tests must not silently go missing.
		if os.Getenv("KSCHECK_TEST_REQUIRE_SHARED_DATA") == "1" {
			t.Fatalf("KSCHECK_TEST_REQUIRE_SHARED_DATA=1 but the real list data is not at %s", data)
		}
		t.Skipf("skipping: real list data not found at %s (set KSCHECK_TEST_REQUIRE_SHARED_DATA=1 to require it)", data)
	}
	return data
}

// readOne reads the single snapshot under path.
func readOne(t testing.TB, path string) *Snapshot {
	t.Helper()
	snaps, err := ReadPath(path)
	if err != nil {
		t.Fatalf("ReadPath(%s): %v", path, err)
	}
	if len(snaps) != 1 {
		t.Fatalf("ReadPath(%s): %d snapshots, want 1", path, len(snaps))
	}
	return snaps[0]
}
