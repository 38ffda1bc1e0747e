// Package kernelext shows nnkit inside GoNB, the Go kernel for Jupyter.
//
// Show displays any nnkit value as rich HTML or SVG in a notebook, and as a concise text
// summary anywhere else, so the same program runs under go run and go test. Forward
// passes, backward passes and updates render as one block per layer with the equation,
// the operand shapes and a few values. Live shows training as it happens, Cached keeps a
// trained network across cells, Check compares results with published figures, and
// Playground is an interactive cell that falls back to a static snapshot when no browser
// is attached.
//
// Rendering (HTML, Text) is pure and separate from display (Show), which only writes
// when gonbui.IsNotebook. Everything rendered is static HTML and SVG, without scripts,
// so a saved notebook shows it on GitHub and nbviewer and after nbconvert.
package kernelext

import (
	"fmt"
	"io"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
)

// Out is where Show and friends write their text when not in a notebook; nil means
// os.Stdout as it is at the time of writing.
var Out io.Writer

func out() io.Writer {
	if Out == nil {
		return os.Stdout
	}
	return Out
}

// InNotebook reports whether output goes to a Jupyter notebook through GoNB.
func InNotebook() bool { return gonbui.IsNotebook }

// Show displays v: rich HTML in a notebook, text otherwise. It accepts every nnkit value
// (see HTML for the list) and reports a value it cannot show in its output rather than
// failing, so a notebook cell never dies in Show.
func Show(v any) {
	if InNotebook() {
		html, err := HTML(v)
		if err != nil {
			html = errorHTML(err)
		}
		display(html)
		return
	}
	fmt.Fprintln(out(), Text(v))
}

// ShowHTML displays an HTML fragment in a notebook, or its text form elsewhere.
func ShowHTML(html, text string) {
	if InNotebook() {
		display(html)
		return
	}
	fmt.Fprintln(out(), text)
}

// display sends html to the cell's output and waits until GoNB has it: a cell program
// that exits right after a display would otherwise lose it.
func display(html string) {
	gonbui.DisplayHTML(html)
	gonbui.Sync()
}
