// Package testvec reads the reference vectors that the testdata generator scripts write:
// float64 values as Python repr() strings, which round-trip exactly.
package testvec

import (
	"encoding/json"
	"strconv"
)

// Floats decodes a JSON array of repr() strings into exact float64 values.
type Floats []float64

// UnmarshalJSON parses each string with strconv.ParseFloat.
func (f *Floats) UnmarshalJSON(b []byte) error {
	var s []string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*f = make(Floats, len(s))
	for i, v := range s {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return err
		}
		(*f)[i] = x
	}
	return nil
}
