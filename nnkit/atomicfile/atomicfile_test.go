package atomicfile_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/atomicfile"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.json")
	if err := atomicfile.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	tests := []struct {
		name  string
		write func(io.Writer) error
		err   error
		want  string
	}{
		{"a failed write keeps the old file", func(w io.Writer) error { io.WriteString(w, "half"); return boom }, boom, "old"},
		{"a good write replaces it", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
	}
	for _, tt := range tests {
		if err := atomicfile.Write(path, 0o640, tt.write); !errors.Is(err, tt.err) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.err)
		}
		if got, _ := os.ReadFile(path); string(got) != tt.want {
			t.Errorf("%s: file holds %q, want %q", tt.name, got, tt.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s: %d files in the directory, want 1 (no temporary file left)", tt.name, len(entries))
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v (%v), want 0640", fi.Mode().Perm(), err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "missing", "x"), nil, 0o644); err == nil {
		t.Error("a write into a missing directory succeeded")
	}
}

func ExampleWriteFile() {
	path := filepath.Join(os.TempDir(), "atomicfile-example.txt")
	defer os.Remove(path)
	if err := atomicfile.WriteFile(path, []byte("W¹ = [[0.1 0.2]]\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	// Output:
	// W¹ = [[0.1 0.2]]
}

// Write streams the content; a failure leaves the old file as it was.
func ExampleWrite() {
	path := filepath.Join(os.TempDir(), "atomicfile-write-example.txt")
	defer os.Remove(path)
	atomicfile.WriteFile(path, []byte("old\n"), 0o644)
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return errors.New("the download stopped")
	})
	b, _ := os.ReadFile(path)
	fmt.Print(err, "; the file still holds: ", string(b))
	// Output:
	// the download stopped; the file still holds: old
}
