package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGenerated checks that ../logdata.go is this generator's output, so that a table
// entry changed by hand fails in every build, with or without cgo.
func TestGenerated(t *testing.T) {
	want, err := os.ReadFile("../logdata.go")
	if err != nil {
		t.Fatal(err)
	}
	if got := generate(); !bytes.Equal(got, want) {
		t.Fatal("../logdata.go is not the generator's output: run go run . > ../logdata.go in this directory")
	}
}
