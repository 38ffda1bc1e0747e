// Command nnbench runs the three benchmark workloads of ../shared/bench/README.md with
// nnkit, with the same data, initialisation, hyper-parameters and update rule as
// wl_a.py, wl_b.py and wl_c.py, and prints a line in their format, so that the Go and
// Python figures can be compared side by side:
//
//	go run ./nnkit/cmd/nnbench -workload a            # like wl_a.py numpy
//	go run ./nnkit/cmd/nnbench -workload b -n 10      # like wl_b.py numpy 10
//	go run ./nnkit/cmd/nnbench -workload c -n 3       # like wl_c.py numpy64 3
//	go run ./nnkit/cmd/nnbench -workload c -n 3 -f32  # like wl_c.py numpy32 3
//
// Workload (c) reads Fashion-MNIST from -data (Debian's dataset-fashion-mnist by
// default) and takes its momentum from $MOMENTUM, as wl_c.py does. Built with
// -tags openblas it multiplies matrices with OpenBLAS; the line says which backend ran.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/fetch"
	"github.com/nnkit-go/nnkit/nnkit/f32"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

func main() {
	workload := flag.String("workload", "", "workload to run: a, b or c")
	n := flag.Int("n", 0, "passes for (a) (default 20000), epochs for (b) (default 10) and (c) (default 3)")
	data := flag.String("data", fetch.DebianFashionMNIST, "directory holding Fashion-MNIST's IDX files, for (c)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	single := flag.Bool("f32", false, "train (c) in float32 with nnkit/f32, like wl_c.py numpy32")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments %q", flag.Args()))
	}
	if *workload != "a" && *workload != "b" && *workload != "c" {
		flag.Usage()
		os.Exit(2)
	}
	if *single && *workload != "c" {
		fail(errors.New("-f32 is for workload c"))
	}
	var mom float64
	if s := os.Getenv("MOMENTUM"); s != "" && *workload == "c" {
		var err error
		if mom, err = strconv.ParseFloat(s, 64); err != nil || mom < 0 || mom >= 1 {
			fail(fmt.Errorf("MOMENTUM=%q: want a number in [0, 1)", s))
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fail(err)
			}
		}()
	}
	var err error
	switch *workload {
	case "a":
		_, err = runA(os.Stdout, or(*n, 20000))
	case "b":
		_, err = runB(os.Stdout, or(*n, 10))
	case "c":
		err = runC(os.Stdout, *data, or(*n, 3), mom, *single)
	}
	if err != nil {
		pprof.StopCPUProfile()
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "nnbench:", err)
	os.Exit(1)
}

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// runA is wl_a.py: 2-3-2 tanh/softmax, full-batch gradient descent on the summed
// cross-entropy plus (0.01/2)·ΣW², ε 0.01. It returns the trained network.
func runA(w io.Writer, passes int) (*nnkit.Network, error) {
	start := time.Now()
	train := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	test := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(1))
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reg:         nnkit.Regularization{L2: 0.01},
		Init:        nnkit.InitFanIn{},
		Reduction:   nnkit.Sum,
	}, nprand.New(0))
	y := train.OneHot()
	setup := time.Since(start)

	t0 := time.Now()
	_, err := net.Train(train.X, y, nnkit.TrainConfig{Epochs: passes, Every: passes, LossAt: nnkit.DuringEpoch,
		Optimizer: nnkit.SGD{LR: 0.01}})
	elapsed := time.Since(t0)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "wl_a go passes=%d train_s=%.3f us/pass=%.1f setup_s=%.2f train_acc=%.3f test_acc=%.3f W1[0]=%s\n",
		passes, elapsed.Seconds(), elapsed.Seconds()/float64(passes)*1e6, setup.Seconds(),
		accuracy(net, train), accuracy(net, test), row(net.Layers[0].W, 0))
	return net, nil
}

// runB is wl_b.py: 2-25-50-25-2 sigmoid with ½Σ squared error, per-sample SGD at 0.01,
// each epoch in RandomState(0).permutation order after the initialisation's draws.
func runB(w io.Writer, epochs int) (*nnkit.Network, error) {
	start := time.Now()
	all := datasets.Moons(datasets.MoonsConfig{N: 2000, Noise: 0.2}, nprand.New(100))
	train, test, err := datasets.TrainTestSplit(all, 0.3, nprand.New(42))
	if err != nil {
		return nil, err
	}
	src := nprand.New(0)
	sig := nnkit.Sigmoid
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 25, 50, 25, 2},
		Activations: []nnkit.Activation{sig, sig, sig, sig},
		Loss:        nnkit.MSEHalfSum,
		Init:        nnkit.InitFanIn{},
		Reduction:   nnkit.Sum,
	}, src)
	orders := make([][]int, epochs)
	for i := range orders {
		orders[i] = src.Perm(train.Len())
	}
	y := train.OneHot()
	setup := time.Since(start)

	t0 := time.Now()
	_, err = net.Train(train.X, y, nnkit.TrainConfig{Epochs: epochs, Every: epochs, LossAt: nnkit.DuringEpoch,
		Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 1, Orders: orders})
	elapsed := time.Since(t0).Seconds()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "wl_b go epochs=%d train_s=%.3f ms/epoch=%.1f us/sample=%.2f setup_s=%.2f test_acc=%.4f\n",
		epochs, elapsed, elapsed/float64(epochs)*1e3, elapsed/float64(epochs*train.Len())*1e6, setup.Seconds(),
		accuracy(net, test))
	return net, nil
}

// runC is wl_c.py numpy64: 784-300-100-10 ReLU/softmax, mean cross-entropy, batches of
// 256 (the last one partial), SGD at 0.1 (with momentum mom if > 0), He initialisation,
// and each epoch in RandomState(0).permutation order after the initialisation's draws;
// with single, wl_c.py numpy32: the same initial weights rounded to float32, trained by f32.
func runC(w io.Writer, dir string, epochs int, mom float64, single bool) error {
	if single && mom > 0 {
		return errors.New("-f32 trains plain SGD; unset MOMENTUM")
	}
	start := time.Now()
	train, err := datasets.ReadFashionMNIST(dir, "train")
	if err != nil {
		return err
	}
	test, err := datasets.ReadFashionMNIST(dir, "t10k")
	if err != nil {
		return err
	}
	y := train.OneHot()
	load := time.Since(start)

	src := nprand.New(0)
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{784, 300, 100, 10},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.ReLU, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Mean,
		Init:        nnkit.InitHe{},
	}, src)
	if single {
		return runC32(w, net, train, test, src, epochs, load)
	}
	var opt nnkit.Optimizer = nnkit.SGD{LR: 0.1}
	if mom > 0 {
		opt = &nnkit.Momentum{LR: 0.1, Beta: mom}
	}
	var times []float64
	var last time.Duration
	lap := nnkit.HookFuncs{Record: func(r nnkit.Record) error {
		times = append(times, (r.Elapsed - last).Seconds())
		last = r.Elapsed
		return nil
	}}
	_, err = net.Train(train.X, y, nnkit.TrainConfig{Epochs: epochs, BatchSize: 256, Shuffle: true, Source: src,
		LossAt: nnkit.DuringEpoch, Optimizer: opt, Hooks: []nnkit.Hook{lap}})
	if err != nil {
		return err
	}
	parts := make([]string, epochs)
	for i, t := range times {
		parts[i] = fmt.Sprintf("%.2f", t)
	}
	fmt.Fprintf(w, "wl_c go backend=%s mom=%g epochs=%d s/epoch=%s median_s/epoch=%.3f load_s=%.2f test_acc=%.4f maxrss_MB=%.0f gomaxprocs=%d\n",
		nnkit.MatMulBackend(), mom, epochs, strings.Join(parts, " "), median(times), load.Seconds(),
		accuracy(net, test), maxRSSMB(), runtime.GOMAXPROCS(0))
	return nil
}

// runC32 is runC's training in float32.
func runC32(w io.Writer, net *nnkit.Network, train, test *datasets.Dataset, src nnkit.Source, epochs int, load time.Duration) error {
	n32, err := f32.New(net)
	if err != nil {
		return err
	}
	var times []float64
	lap := time.Now()
	err = n32.Train(train.X, train.Labels, f32.TrainConfig{Epochs: epochs, BatchSize: 256, LR: 0.1, Source: src,
		AfterEpoch: func(int) error {
			times = append(times, time.Since(lap).Seconds())
			lap = time.Now()
			return nil
		}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "wl_c go backend=%s-f32 mom=0 epochs=%d s/epoch=%s median_s/epoch=%.3f load_s=%.2f test_acc=%.4f maxrss_MB=%.0f gomaxprocs=%d\n",
		f32.Backend(), epochs, laps(times), median(times), load.Seconds(), accuracy(n32.Network(), test), maxRSSMB(), runtime.GOMAXPROCS(0))
	return nil
}

func laps(times []float64) string {
	parts := make([]string, len(times))
	for i, t := range times {
		parts[i] = fmt.Sprintf("%.2f", t)
	}
	return strings.Join(parts, " ")
}

func accuracy(net *nnkit.Network, d *datasets.Dataset) float64 {
	return nnkit.Accuracy(net.Predict(d.X), d.Labels)
}

// row formats row i of m as numpy prints a float array, for the W1[0] comparison.
func row(m *mat.Dense, i int) string {
	parts := make([]string, len(m.RawRowView(i)))
	for j, v := range m.RawRowView(i) {
		parts[j] = strconv.FormatFloat(v, 'g', 8, 64)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
