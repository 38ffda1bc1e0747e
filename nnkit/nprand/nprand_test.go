package nprand

import (
	"encoding/json"

	"os"
	"slices"
	"strconv"
	"testing"
)

// vectors is testdata/vectors.json, written by testdata/gen_vectors.py with numpy 1.24.
type vectors struct {
	Numpy  string           `json:"numpy"`
	Seeds  []map[string]any `json:"seeds"`
	Anchor []string         `json:"anchor_uniform_seed0"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func wantFloats(t *testing.T, c map[string]any, key string) []float64 {
	t.Helper()
	raw, ok := c[key].([]any)
	if !ok {
		t.Fatalf("vectors: no %q", key)
	}
	out := make([]float64, len(raw))
	for i, s := range raw {
		f, err := strconv.ParseFloat(s.(string), 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = f
	}
	return out
}

func wantInts(t *testing.T, c map[string]any, key string) []int64 {
	t.Helper()
	raw, ok := c[key].([]any)
	if !ok {
		t.Fatalf("vectors: no %q", key)
	}
	out := make([]int64, len(raw))
	for i, v := range raw {
		out[i] = int64(v.(float64))
	}
	return out
}

func toInt64(s []int) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v)
	}
	return out
}

// sameFloats compares exactly: the generator must be bit-identical to numpy.
func sameFloats(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s[%d]: got %.17g, want %.17g", name, i, got[i], want[i])
		}
	}
}

func sameInts(t *testing.T, name string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got %v\nwant %v", name, got, want)
	}
}

func TestMatchesNumpy(t *testing.T) {
	v := loadVectors(t)
	if len(v.Seeds) != 7 {
		t.Fatalf("vectors hold %d seeds, want 7", len(v.Seeds))
	}
	p := []float64{0.1, 0.05, 0.3, 0.0, 0.25, 0.3}
	for _, c := range v.Seeds {
		seed := uint32(c["seed"].(float64))
		t.Run(strconv.FormatUint(uint64(seed), 10), func(t *testing.T) {
			r := New(seed)
			sameFloats(t, "random_sample", r.Rand(1000), wantFloats(t, c, "random_sample"))
			r.Seed(seed)
			sameFloats(t, "rand_3x4", r.Rand(12), wantFloats(t, c, "rand_3x4"))
			r.Seed(seed)
			sameFloats(t, "randn", r.Randn(1001), wantFloats(t, c, "randn"))
			r.Seed(seed)
			inter := []float64{r.NormFloat64(), r.Float64(), r.NormFloat64(), r.NormFloat64()}
			sameFloats(t, "interleaved", inter, wantFloats(t, c, "interleaved"))
			r.Seed(seed)
			sameFloats(t, "uniform", r.Uniform(-3.5, 2.25, 50), wantFloats(t, c, "uniform"))
			r.Seed(seed)
			sameFloats(t, "normal", r.Normal(1.5, 0.2, 51), wantFloats(t, c, "normal"))
			r.Seed(seed)
			sameInts(t, "randint_10", r.Randint(0, 10, 200), wantInts(t, c, "randint_10"))
			r.Seed(seed)
			sameInts(t, "randint_neg", r.Randint(-7, 13, 100), wantInts(t, c, "randint_neg"))
			r.Seed(seed)
			sameInts(t, "randint_big", r.Randint(0, 1<<40+3, 50), wantInts(t, c, "randint_big"))
			r.Seed(seed)
			sameInts(t, "randint_u32", r.Randint(0, 1<<32, 20), wantInts(t, c, "randint_u32"))
			r.Seed(seed)
			one := append(r.Randint(5, 6, 3), r.Randint(0, 3, 5)...)
			sameInts(t, "randint_one", one, wantInts(t, c, "randint_one"))
			r.Seed(seed)
			sameInts(t, "permutation_10", toInt64(r.Perm(10)), wantInts(t, c, "permutation_10"))
			r.Seed(seed)
			sameInts(t, "permutation_1000", toInt64(r.Perm(1000)), wantInts(t, c, "permutation_1000"))
			r.Seed(seed)
			x := make([]int, 37)
			for i := range x {
				x[i] = i
			}
			r.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
			sameInts(t, "shuffle_37", toInt64(x), wantInts(t, c, "shuffle_37"))
			for _, tc := range []struct {
				key     string
				n, size int
				replace bool
				p       []float64
			}{
				{"choice_replace", 13, 40, true, nil},
				{"choice_noreplace", 13, 7, false, nil},
				{"choice_p", 6, 40, true, p},
				{"choice_p_noreplace", 6, 4, false, p},
			} {
				r.Seed(seed)
				got, err := r.Choice(tc.n, tc.size, tc.replace, tc.p)
				if err != nil {
					t.Fatalf("%s: %v", tc.key, err)
				}
				sameInts(t, tc.key, toInt64(got), wantInts(t, c, tc.key))
			}
		})
	}
}

// TestPublishedAnchor is the figure every numpy tutorial quotes:
// np.random.seed(0); np.random.uniform(size=5).
func TestPublishedAnchor(t *testing.T) {
	r := New(0)
	got := r.Uniform(0, 1, 5)
	want := []float64{0.5488135, 0.71518937, 0.60276338, 0.54488318, 0.4236548}
	for i := range want {
		if d := got[i] - want[i]; d > 5e-9 || d < -5e-9 {
			t.Errorf("uniform[%d]: got %.8f, want %.8f (published)", i, got[i], want[i])
		}
	}
	sameFloats(t, "anchor", got, wantFloats(t, map[string]any{"a": toAny(loadVectors(t).Anchor)}, "a"))
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func TestChoiceErrors(t *testing.T) {
	r := New(0)
	for _, tc := range []struct {
		name    string
		n, size int
		replace bool
		p       []float64
	}{
		{"empty population", 0, 1, true, nil},
		{"negative size", 3, -1, true, nil},
		{"too many without replacement", 3, 4, false, nil},
		{"wrong p length", 3, 1, true, []float64{0.5, 0.5}},
		{"negative p", 2, 1, true, []float64{1.5, -0.5}},
		{"p does not sum to 1", 2, 1, true, []float64{0.5, 0.4}},
		{"too few non-zero p", 3, 3, false, []float64{0.5, 0.5, 0}},
	} {
		if _, err := r.Choice(tc.n, tc.size, tc.replace, tc.p); err == nil {
			t.Errorf("%s: got no error", tc.name)
		}
	}
}

func TestRandintPanicsOnEmptyRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Randint(3, 3) did not panic")
		}
	}()
	New(0).Randint(3, 3, 1)
}

func BenchmarkNormFloat64(b *testing.B) {
	r := New(0)
	for b.Loop() {
		r.NormFloat64()
	}
}
