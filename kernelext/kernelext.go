// Package kernelext shows nnkit inside GoNB, the Go kernel for Jupyter.
//
// Show displays any nnkit value as rich HTML or SVG in a notebook, and as a concise text
// summary anywhere else, so the same program runs under go run and go test. Forward
// passes, backward passes and updates render as one block per layer with the equation,
// the operand shapes and a few values. Live shows training as it happens, Fit trains
// once and keeps the network and its History across cells and runs, Check compares
// results with published figures, and Playground is TensorFlow Playground in a cell,
// which falls back to a static snapshot when no browser is attached.
//
// Rendering (HTML, Text, Bundle) is pure and separate from display (Show), which only
// writes when gonbui.IsNotebook. Everything rendered is static HTML without scripts; the
// live Playground alone sends scripts, as transient outputs that a saved notebook does
// not keep.
//
// # How pictures are sent
//
// Every output is a MIME bundle of two forms: text/html, and a text/plain that says in
// words what the output shows ("decision boundary of 2-3-2 tanh/softmax … on moons:
// 97.50% of 200 points correct"), never "[picture]". A picture, an SVG from viz, is an
// <img> element in the HTML whose src is the SVG as a data:image/svg+xml;base64 URI,
// with the same words as its alt text. The choice rests on how viewers treat a
// committed notebook that nobody has run, which Jupyter calls untrusted:
//
//   - JupyterLab 4 and Notebook 7 (one renderer, measured with JupyterLab 4.6.6 and
//     Notebook 7 in headless Chromium by .ci/browser_test.mjs): they sanitise untrusted
//     HTML, and the sanitiser drops inline <svg> elements, which is how pictures used to
//     be sent and why they vanished; an image/svg+xml output is not rendered either,
//     since its renderer is not marked safe, and falls back to text/plain. The
//     sanitiser keeps <img> with a data URI, so the data-URI form draws, vector-sharp.
//   - nbconvert's HTML export, which nbviewer uses, copies text/html through unchanged
//     (measured by .ci/notebooks.py --html and the browser test).
//   - VS Code ranks text/html above every image form (its NOTEBOOK_DISPLAY_ORDER) and
//     renders it in the output webview. GitHub's notebook view is reported, in users'
//     issue threads, to drop inline <svg> and to show a data:image/svg+xml <img>.
//     Neither viewer can be run here, so neither is measured.
//
// image/png would draw everywhere too, but as pixels that blur when zoomed, and larger:
// rasterised by Chromium at twice the size, as a high-DPI screen needs, five of viz's
// golden pictures took 1.6 to 10.6 times the bytes of their base64 SVG (the network
// diagram 101 KB against 9 KB). The SVG keeps text and lines as vectors and embeds
// only its dense parts (decision regions, thumbnails) as small PNGs. Live views update
// their output in place with the same bundle, so the last frame, the one a saved
// notebook keeps, is in the same form.
package kernelext

import (
	"fmt"
	"io"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
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
//
// It takes a function's error too, so that a picture and its error go straight in:
// Show(viz.Scatter(d, nil, viz.Options{})) shows the picture, or the error if there is one.
func Show(v any, errs ...error) {
	for _, err := range errs {
		if err != nil {
			v = err
			break
		}
	}
	if InNotebook() {
		display(Bundle(v), "")
		return
	}
	fmt.Fprintln(out(), Text(v))
}

// Must returns v, or panics with err: for a value a cell cannot go on without, such as
// its data.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Must2 is Must for a function of two results and an error, such as a train/test split.
func Must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// ShowHTML displays an HTML fragment in a notebook, with text as its text/plain form, or
// the text elsewhere.
func ShowHTML(html, text string) {
	if InNotebook() {
		display(map[string]string{"text/html": html, "text/plain": text}, "")
		return
	}
	fmt.Fprintln(out(), text)
}

// Bundle returns the MIME bundle that Show displays for v: "text/html", as HTML renders
// it (an error's message if it cannot), and "text/plain", as Text does.
func Bundle(v any) map[string]string {
	html, err := HTML(v)
	if err != nil {
		html = errorHTML(err)
	}
	return map[string]string{"text/html": html, "text/plain": Text(v)}
}

// display sends a MIME bundle to the cell's output and waits until GoNB has it: a cell
// program that exits right after a display would otherwise lose it. With an id, it
// replaces the output last sent with that id, creating it the first time.
func display(bundle map[string]string, id string) {
	send(bundle, id)
	gonbui.Sync()
}

// send is display without the wait, for frames that a later one replaces.
func send(bundle map[string]string, id string) {
	data := make(map[protocol.MIMEType]any, len(bundle))
	for mime, content := range bundle {
		data[protocol.MIMEType(mime)] = content
	}
	gonbui.SendData(&protocol.DisplayData{Data: data, DisplayID: id})
}
