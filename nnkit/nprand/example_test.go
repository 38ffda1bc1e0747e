package nprand_test

import (
	"fmt"

	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// np.random.seed(0); np.random.uniform(size=5), the figure numpy tutorials quote.
func ExampleNew() {
	r := nprand.New(0)
	fmt.Printf("%.8f\n", r.Uniform(0, 1, 5))
	// Output:
	// [0.54881350 0.71518937 0.60276338 0.54488318 0.42365480]
}

// np.random.seed(0); np.random.randn(4): the legacy polar method, second value cached.
func ExampleRandomState_NormFloat64() {
	r := nprand.New(0)
	for range 4 {
		fmt.Printf("%.8f ", r.NormFloat64())
	}
	fmt.Println()
	// Output:
	// 1.76405235 0.40015721 0.97873798 2.24089320
}

func ExampleRandomState_Randint() {
	r := nprand.New(42)
	fmt.Println(r.Randint(0, 10, 8))
	// Output:
	// [6 3 7 4 6 9 2 6]
}

func ExampleRandomState_Perm() {
	r := nprand.New(0)
	fmt.Println(r.Perm(10))
	// Output:
	// [2 8 4 9 1 6 7 3 0 5]
}

func ExampleRandomState_Shuffle() {
	r := nprand.New(0)
	names := []string{"a", "b", "c", "d", "e"}
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	fmt.Println(names)
	// Output:
	// [c a b d e]
}

func ExampleRandomState_Choice() {
	r := nprand.New(0)
	idx, _ := r.Choice(5, 3, false, nil)
	fmt.Println(idx)
	weighted, _ := r.Choice(3, 6, true, []float64{0.1, 0.1, 0.8})
	fmt.Println(weighted)
	_, err := r.Choice(3, 4, false, nil)
	fmt.Println(err)
	// Output:
	// [2 0 1]
	// [2 2 2 2 2 2]
	// nprand: Choice: cannot take 4 samples from 3 without replacement
}

func ExampleRandomState_Rand() {
	r := nprand.New(1)
	fmt.Printf("%.6f\n", r.Rand(3))
	// Output:
	// [0.417022 0.720324 0.000114]
}

func ExampleRandomState_Normal() {
	r := nprand.New(1)
	fmt.Printf("%.6f\n", r.Normal(10, 2, 2))
	// Output:
	// [13.248691 8.776487]
}
