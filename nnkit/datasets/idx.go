package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX is an IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST:
// Dims[0] items of Dims[1]×Dims[2]… values each.
type IDX struct {
	Dims []int
	Data []uint8
}

// maxIDXBytes bounds what ReadIDX accepts: Fashion-MNIST's training images are 47 MB.
const maxIDXBytes = 1 << 30

// ReadIDX reads an IDX file of unsigned bytes, gzip-compressed or raw. It checks the
// magic number, the dimensions and that the data is exactly as long as they say, and
// returns an error otherwise; it never panics and allocates only as much as it reads.
func ReadIDX(r io.Reader) (*IDX, error) { return readIDX(r, maxIDXBytes) }

// readIDX is ReadIDX that refuses, from the header alone, a file of more than limit data
// bytes, before decompressing any of it.
func readIDX(r io.Reader, limit int) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, fmt.Errorf("not an IDX file: %d-byte header: %w", 4, unexpected(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("not an IDX file: magic %#x", magic)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("IDX element type %#02x is not supported (only 0x08, unsigned byte)", magic[2])
	}
	n := int(magic[3])
	if n < 1 {
		return nil, errors.New("IDX file has no dimensions")
	}
	dims := make([]int, n)
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("IDX header: dimension %d: %w", i, unexpected(err))
		}
		dims[i] = int(d)
		if d == 0 || size > limit/int(d) {
			return nil, fmt.Errorf("IDX dimensions %v: size 0 or over %d bytes", dims[:i+1], limit)
		}
		size *= int(d)
	}
	var buf bytes.Buffer
	got, err := io.Copy(&buf, io.LimitReader(br, int64(size)+1))
	if err != nil {
		return nil, fmt.Errorf("IDX data: %w", unexpected(err))
	}
	switch {
	case got < int64(size):
		return nil, fmt.Errorf("truncated: %d of %d data bytes for dimensions %v", got, size, dims)
	case got > int64(size):
		return nil, fmt.Errorf("%d data bytes expected for dimensions %v, but there is more", size, dims)
	}
	return &IDX{Dims: dims, Data: buf.Bytes()}, nil
}

// ReadIDXFile is ReadIDX on a file; its errors name the file.
func ReadIDXFile(path string) (*IDX, error) { return readIDXFile(path, maxIDXBytes) }

func readIDXFile(path string, limit int) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	x, err := readIDX(f, limit)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return x, nil
}

// unexpected turns a bare EOF into ErrUnexpectedEOF: inside a header it is truncation.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
