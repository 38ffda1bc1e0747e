package nnkit

import (
	"fmt"
	"math"
	"time"
)

// LossTiming says which loss a History record holds.
type LossTiming int

const (
	// AfterEpoch evaluates the whole training set after the epoch's updates, as seed 000
	// prints calculate_loss after iteration i and seed 002 its MSE after epoch i.
	AfterEpoch LossTiming = iota
	// DuringEpoch averages the losses the epoch's steps computed before their updates. With
	// full-batch training that is the loss before the update, as Coursera prints its cost;
	// it costs no extra forward pass.
	DuringEpoch
)

// Record is one row of a History. Values that were not measured are NaN.
type Record struct {
	Epoch    int // 0-based
	Step     int // global steps done so far
	Loss     float64
	TrainAcc float64
	TestLoss float64
	TestAcc  float64
	// BatchAcc is the accuracy on the batch of the record's last update, measured again
	// after that update: seed 003's MNIST code keeps its best snapshot by it.
	BatchAcc float64
	Elapsed  time.Duration
}

// History is what Train measured, one record per Every epochs or EverySteps steps.
type History struct {
	Records []Record
	// BestEpoch is the epoch whose weights early stopping restored, or −1.
	BestEpoch int
	// Stopped says why training ended before its last epoch, or is empty.
	Stopped string
}

// Column returns one field of every record, by name: "loss", "train-acc", "test-loss",
// "test-acc" or "epoch".
func (h *History) Column(name string) []float64 {
	out := make([]float64, len(h.Records))
	for i, r := range h.Records {
		switch name {
		case "loss":
			out[i] = r.Loss
		case "train-acc":
			out[i] = r.TrainAcc
		case "test-loss":
			out[i] = r.TestLoss
		case "test-acc":
			out[i] = r.TestAcc
		case "epoch":
			out[i] = float64(r.Epoch)
		default:
			panic(fmt.Sprintf("nnkit: History.Column: unknown column %q (valid: loss, train-acc, test-loss, test-acc, epoch)", name))
		}
	}
	return out
}

// Last returns the last record; it panics on an empty History.
func (h *History) Last() Record { return h.Records[len(h.Records)-1] }

// String is one line per record.
func (h *History) String() string {
	s := ""
	for _, r := range h.Records {
		s += fmt.Sprintf("epoch %d: loss %.6f", r.Epoch, r.Loss)
		if !math.IsNaN(r.TrainAcc) {
			s += fmt.Sprintf(" train %.2f%%", 100*r.TrainAcc)
		}
		if !math.IsNaN(r.TestAcc) {
			s += fmt.Sprintf(" test %.2f%% (loss %.6f)", 100*r.TestAcc, r.TestLoss)
		}
		s += "\n"
	}
	if h.Stopped != "" {
		s += h.Stopped + "\n"
	}
	return s
}
