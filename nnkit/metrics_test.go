package nnkit_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit"
)

func TestConfusion(t *testing.T) {
	labels := []int{0, 0, 0, 1, 1, 2, 2, 2, 2}
	pred := []int{0, 0, 1, 1, 2, 2, 2, 2, 0}
	c, err := nnkit.NewConfusion(pred, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want float64
	}{
		{"accuracy", c.Accuracy(), 6.0 / 9},
		{"precision 0", c.Precision(0), 2.0 / 3},
		{"recall 0", c.Recall(0), 2.0 / 3},
		{"precision 1", c.Precision(1), 1.0 / 2},
		{"recall 1", c.Recall(1), 1.0 / 2},
		{"precision 2", c.Precision(2), 3.0 / 4},
		{"recall 2", c.Recall(2), 3.0 / 4},
		{"Accuracy()", nnkit.Accuracy(pred, labels), 6.0 / 9},
	}
	for _, tc := range tests {
		if math.Abs(tc.got-tc.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if c.Counts[2][0] != 1 || c.Total() != 9 {
		t.Errorf("counts %v", c.Counts)
	}
	if !strings.Contains(c.String(), "accuracy 0.6667 of 9") {
		t.Errorf("String:\n%s", c)
	}
	empty, _ := nnkit.NewConfusion([]int{0}, []int{0}, 2)
	if !math.IsNaN(empty.Precision(1)) || !math.IsNaN(empty.Recall(1)) {
		t.Error("precision and recall of an absent class should be NaN")
	}
	if _, err := nnkit.NewConfusion([]int{3}, []int{0}, 3); err == nil {
		t.Error("prediction 3 of 3 classes: no error")
	}
	if _, err := nnkit.NewConfusion([]int{0, 1}, []int{0}, 3); err == nil {
		t.Error("length mismatch: no error")
	}
}

func TestPredictAndLabels(t *testing.T) {
	x, y := seed000Data(t)
	net := moonsNet()
	if _, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 2000, Optimizer: nnkit.SGD{LR: 0.01}}); err != nil {
		t.Fatal(err)
	}
	labels := nnkit.Labels(y)
	acc := nnkit.Accuracy(net.Predict(x), labels)
	// Seed 000's network reaches about 97% on its own training data (numpy, 20000 passes).
	if acc < 0.85 {
		t.Fatalf("training accuracy %.3f after 2000 passes", acc)
	}
	p := net.Probabilities(x)
	for i := range 200 {
		if s := p.At(i, 0) + p.At(i, 1); math.Abs(s-1) > 1e-12 {
			t.Fatalf("row %d of probabilities sums to %v", i, s)
		}
	}
	col, _ := nnkit.Column([]int{0, 1, 1})
	if got := nnkit.Labels(col); got[0] != 0 || got[1] != 1 {
		t.Errorf("Labels of a 0/1 column: %v", got)
	}
}
