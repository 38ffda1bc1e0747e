package datasets

import (
	"bufio"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ReadCSV reads a numeric table whose last column is an integer class label ≥ 0, as
// sklearn's bundled CSV files are. The first line may be sklearn's header
// ("150,4,setosa,versicolor,virginica": samples, features, class names), or a header
// of column names, or data. Input may be gzip-compressed.
// It returns an error naming the line for anything it cannot use.
func ReadCSV(r io.Reader, name string) (*Dataset, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: gzip: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" { // a UTF-8 byte-order mark, as spreadsheets write
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	var (
		data           []float64
		labels         []int
		cols           = -1
		classes        []string
		features       []string
		declared, line = -1, 0
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		// A header is either sklearn's (two counts, then class names) or column names, no
		// cell of which is a number; a first line with a typo in a number is data, and
		// its bad cell an error.
		if line == 1 && len(rec) >= 3 && isInt(rec[0]) && isInt(rec[1]) && noNumbers(rec[2:]) {
			declared, _ = strconv.Atoi(strings.TrimSpace(rec[0]))
			classes = trimAll(rec[2:])
			continue
		}
		if line == 1 && len(rec) >= 2 && noNumbers(rec) {
			features = trimAll(rec[:len(rec)-1])
			continue
		}
		if len(rec) < 2 {
			return nil, fmt.Errorf("datasets: %s: line %d: %d fields, want features and a label", name, line, len(rec))
		}
		if cols < 0 {
			cols = len(rec) - 1
		} else if len(rec)-1 != cols {
			return nil, fmt.Errorf("datasets: %s: line %d: %d fields, want %d", name, line, len(rec), cols+1)
		}
		for j, f := range rec[:cols] {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("datasets: %s: line %d, column %d: %q is not a finite number", name, line, j+1, f)
			}
			data = append(data, v)
		}
		l, err := strconv.Atoi(strings.TrimSpace(rec[cols]))
		if err != nil || l < 0 || l >= maxClasses {
			return nil, fmt.Errorf("datasets: %s: line %d: label %q is not a class number ≥ 0", name, line, rec[cols])
		}
		labels = append(labels, l)
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("datasets: %s: no data", name)
	}
	if declared >= 0 && declared != len(labels) {
		return nil, fmt.Errorf("datasets: %s: header declares %d samples, file has %d", name, declared, len(labels))
	}
	k := 0
	for _, l := range labels {
		k = max(k, l+1)
	}
	if classes == nil {
		classes = numbered(k)
	} else if k > len(classes) {
		return nil, fmt.Errorf("datasets: %s: label %d, but the header names %d classes", name, k-1, len(classes))
	}
	if features != nil && len(features) != cols {
		features = nil
	}
	return (&Dataset{Name: name, X: mat.NewDense(len(labels), cols, data), Labels: labels, Classes: classes, Features: features}).check(), nil
}

// ReadCSVFile is ReadCSV on a file, gzip-compressed or not.
func ReadCSVFile(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	return ReadCSV(f, path)
}

// maxClasses bounds labels, so a corrupt file cannot demand a huge class list.
const maxClasses = 10000

//go:embed iris.csv
var irisCSV string

// Iris returns Fisher's iris data, embedded in the library (sklearn's copy): 150
// samples of 4 measurements in cm, 50 of each of three species.
func Iris() *Dataset {
	d, err := ReadCSV(strings.NewReader(irisCSV), "iris")
	if err != nil {
		panic(err) // the embedded file is tested
	}
	d.Features = []string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}
	return d
}

// SklearnDigits reads sklearn's 8×8 digits (digits.csv.gz, shipped with sklearn and in
// Debian's python3-sklearn): 1797 images of 64 pixels valued 0 to 16, labels 0 to 9.
func SklearnDigits(path string) (*Dataset, error) {
	d, err := ReadCSVFile(path)
	if err != nil {
		return nil, err
	}
	if d.NumFeatures() != 64 || d.NumClasses() != 10 {
		return nil, fmt.Errorf("datasets: %s: %d features and %d classes, want sklearn's 64 and 10", path, d.NumFeatures(), d.NumClasses())
	}
	d.Name = "digits 8×8"
	return d, nil
}

// noNumbers reports whether no cell of rec parses as a number.
func noNumbers(rec []string) bool {
	for _, f := range rec {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return false
		}
	}
	return true
}

func isInt(s string) bool { _, err := strconv.Atoi(strings.TrimSpace(s)); return err == nil }

func trimAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.TrimSpace(v)
	}
	return out
}
