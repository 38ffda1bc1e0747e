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

// better reports whether v improves on best by more than minDelta.
func (m Monitor) better(v, best, minDelta float64) bool {
	if m == MonitorTestAccuracy || m == MonitorTrainAccuracy || m == MonitorBatchAccuracy {
		return v > best+minDelta
	}
	return v < best-minDelta
}
