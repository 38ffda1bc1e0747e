package kernelext

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"

	"github.com/nnkit-go/nnkit/nnkit/playground"
)

// PlaygroundInterval is the least time between two redraws while the playground plays:
// at most 5 a second, so that a browser on a slow link keeps up.
const PlaygroundInterval = 200 * time.Millisecond

// PlaygroundEpochsPerDraw is how many epochs the playground trains between two redraws
// while it plays; it stops sooner if half an interval has gone by.
const PlaygroundEpochsPerDraw = 10

// playgroundConnect is how long Playground waits for the browser's first message.
const playgroundConnect = 30 * time.Second

// Playground is TensorFlow Playground in a cell, on nnkit. It starts at cfg and offers
// every control TensorFlow Playground has: the dataset (eight: five of nnkit's,
// Gaussian clusters and two regression sets), the train/test split, noise, batch size,
// the seven input features, 0 to 6 hidden layers of 1 to 8 neurons, learning rate,
// activation, L1 or L2 with its rate, "show test data" and "discretize output". Every
// control shows its value. Play trains continuously, redrawing the output plane, the losses and the
// network diagram (every link's width and colour its weight, every neuron a thumbnail of
// its output over the plane) at most 5 times a second; pause stops, step trains one
// epoch, reset starts again from epoch 0. Beyond TensorFlow Playground, a click on a
// layer or neuron's chip shows its forward and backward step at the current epoch, with
// equations, shapes and values, and "as code" prints the Go cell that builds and trains
// the current setting. Any change of setting starts a fresh run, so a setting and its
// seed always give the same result.
//
// When Headless, it trains cfg for snapshot epochs and shows that, without controls
// and with a note saying why, and returns. An invalid cfg is shown and returned.
//
// It runs until the cell is interrupted.
func Playground(cfg playground.Config, snapshot int) error {
	if snapshot < 0 {
		panic(fmt.Sprintf("nnkit: Playground: snapshot of %d epochs", snapshot))
	}
	s, err := newPlaygroundState(cfg)
	if err != nil {
		Show(err)
		return err
	}
	if Headless() {
		ShowHTML(`<div style="font-family:sans-serif;font-size:12px;color:#555">Static snapshot after `+fmt.Sprint(snapshot)+` epochs: the controls need JupyterLab in a browser (`+HeadlessEnv+` is set or this is not a notebook).</div>`,
			"playground: static snapshot (no browser)")
		err := s.run.Steps(snapshot)
		ShowPlayground(s.run, err)
		return err
	}
	id := gonbui.UniqueId()
	root, addr := "nnkit-pg-"+id, "/nnkit/playground/"+id
	events := comms.Listen[string](addr).WithBuffer(64)
	defer events.Close()
	gonbui.DisplayHTML(layoutHTML(root, s.render(true)))
	dom.TransientJavascript(playgroundJS(root, addr))
	// The browser says "hello" once its script runs; until some message comes, the
	// toolbar says it is connecting. With none in playgroundConnect, GoNB's channel
	// failed: say so rather than wait for ever.
	connect := time.NewTimer(playgroundConnect)
	defer connect.Stop()
	tick := time.NewTicker(PlaygroundInterval)
	defer tick.Stop()
	for {
		select {
		case ev, ok := <-events.C:
			if !ok {
				return nil
			}
			s.handle(ev)
			fill(root, s.render(true))
		case <-connect.C:
			if !s.connected {
				err := errors.New("kernelext: Playground: no answer from the browser in 30 s; interrupt the cell and run it again")
				Show(err)
				return err
			}
		case <-tick.C:
			if !s.playing {
				continue
			}
			start := time.Now()
			for i := 0; i < PlaygroundEpochsPerDraw && s.playing && time.Since(start) < PlaygroundInterval/2; i++ {
				s.tick(1)
			}
			fill(root, s.progress(true))
		}
	}
}

// fill replaces the contents of the parts given, in one script, so that they change
// together; a part not in parts is left as it is.
func fill(root string, parts map[string]string) {
	var b strings.Builder
	b.WriteString("(() => { const set = (id, h) => { const e = document.getElementById(id); if (e) e.innerHTML = h; };\n")
	for _, p := range pgParts {
		part, ok := parts[p]
		if !ok {
			continue
		}
		h, _ := json.Marshal(part) // a JS string literal; it escapes < and >, so no </script> ends the script
		fmt.Fprintf(&b, "set(%q, %s);\n", root+"-"+p, h)
	}
	b.WriteString("})();")
	dom.TransientJavascript(b.String())
}

// playgroundJS listens to the controls inside root, by delegation, so that a part's new
// HTML needs no listeners of its own, and sends each event to the cell, numbered.
func playgroundJS(root, addr string) string {
	return fmt.Sprintf(`(() => {
  const root = document.getElementById(%q), addr = %q;
  const comm = globalThis?.gonb_comm;
  if (!root || !comm) { console.error("nnkit playground: no connection to GoNB"); return; }
  let seq = 0;
  const send = (m) => comm.send(addr, (++seq) + "|" + m);
  root.addEventListener("click", (e) => {
    const b = e.target.closest("[data-ev]");
    if (b && root.contains(b) && !b.disabled) send(b.dataset.ev);
  });
  root.addEventListener("input", (e) => {
    const t = e.target;
    if (!t.dataset || !t.dataset.label) return;
    for (const l of root.getElementsByClassName(t.dataset.label)) {
      l.textContent = (Number(t.value) / Number(t.dataset.div)).toFixed(Number(t.dataset.digits)) + t.dataset.unit;
    }
  });
  root.addEventListener("change", (e) => {
    const t = e.target.closest("[data-set]");
    if (!t || !root.contains(t)) return;
    send("set:" + t.dataset.set + ":" + (t.type === "checkbox" ? (t.checked ? "1" : "0") : t.value));
  });
  send("hello");
})();`, root, addr)
}
