package datasets_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestGeneratorsRefuseBadSettings: a nil Source or a negative count panics with a
// "datasets:" message naming it, not in the runtime.
func TestGeneratorsRefuseBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"Moons without a Source", func() { datasets.Moons(datasets.MoonsConfig{N: 10}, nil) }, "datasets: Moons: nil Source"},
		{"Circles without a Source", func() { datasets.Circles(datasets.CirclesConfig{N: 10}, nil) }, "datasets: Circles: nil Source"},
		{"Spiral without a Source", func() { datasets.Spiral(10, 2, nil) }, "datasets: Spiral: nil Source"},
		{"Blobs with −1 centres", func() { datasets.Blobs(datasets.BlobsConfig{N: 10, Centers: -1}, nprand.New(0)) }, "datasets: Blobs: Centers -1"},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			tc.f()
			return "no panic"
		}()
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
