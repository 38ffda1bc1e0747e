package nnkit

import "fmt"

// Monitor is the quantity early stopping watches.
type Monitor int

const (
	MonitorLoss          Monitor = iota // training loss, lower is better
	MonitorTestLoss                     // test loss, lower is better
	MonitorTestAccuracy                 // test accuracy, higher is better
	MonitorTrainAccuracy                // training accuracy, higher is better
	MonitorBatchAccuracy                // the last batch's accuracy (Record.BatchAcc), higher is better
)

// String names the monitored quantity.
func (m Monitor) String() string {
	names := [...]string{"loss", "test loss", "test accuracy", "train accuracy", "last batch's accuracy"}
	if m < 0 || int(m) >= len(names) {
		return fmt.Sprintf("Monitor(%d)", int(m))
	}
	return names[m]
}

// EarlyStop stops training once Monitor has not improved by more than MinDelta for
// Patience records in a row, and restores the best weights seen.
type EarlyStop struct {
	Monitor  Monitor
	Patience int
	MinDelta float64
	// KeepLatest makes a record that ties the best (improves by exactly MinDelta) the new
	// best, as a loop comparing with >= does (seed 003's code); false keeps the first.
	KeepLatest bool
}

// value is the monitored quantity in r.
func (m Monitor) value(r Record) float64 {
	switch m {
	case MonitorTestLoss:
		return r.TestLoss
	case MonitorTestAccuracy:
		return r.TestAcc
	case MonitorTrainAccuracy:
		return r.TrainAcc
	case MonitorBatchAccuracy:
		return r.BatchAcc
	}
	return r.Loss
}

// improves reports whether v improves on best by more than MinDelta, or, with
// KeepLatest, by at least MinDelta.
func (es *EarlyStop) improves(v, best float64) bool {
	gain := best - v
	if m := es.Monitor; m == MonitorTestAccuracy || m == MonitorTrainAccuracy || m == MonitorBatchAccuracy {
		gain = v - best
	}
	if es.KeepLatest {
		return gain >= es.MinDelta
	}
	return gain > es.MinDelta
}
