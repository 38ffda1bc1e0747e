package kernelext

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/playground"
)

// TestPlaygroundEvents drives the playground's state with the events the browser test
// sends, in its order, and checks after each what it changed. The final run must equal
// the same setting trained directly: the widget layer and the training agree.
func TestPlaygroundEvents(t *testing.T) {
	s, err := newPlaygroundState(playground.Default)
	if err != nil {
		t.Fatal(err)
	}
	must := func(ev string) {
		t.Helper()
		if err := s.handle("7|" + ev); err != nil || s.message != "" {
			t.Fatalf("%s: %v (message %q)", ev, err, s.message)
		}
	}
	if !strings.Contains(s.render(true)[partToolbar], `data-connected="false"`) {
		t.Fatal("before the browser's hello the toolbar does not say it is connecting")
	}
	must("hello")
	if !strings.Contains(s.render(true)[partToolbar], `data-connected="true"`) {
		t.Fatal("after the browser's hello the toolbar is not connected")
	}
	must("layer:+")
	if !slices.Equal(s.cfg.Hidden, []int{4, 2, 2}) || len(s.run.Net.Layers) != 4 {
		t.Fatalf("after layer:+ hidden %v, %d layers", s.cfg.Hidden, len(s.run.Net.Layers))
	}
	must("layer:-")
	must("neuron:1:+")
	if !slices.Equal(s.cfg.Hidden, []int{5, 2}) {
		t.Fatalf("after neuron:1:+ hidden %v", s.cfg.Hidden)
	}
	must("set:feature:2:1")
	if !slices.Equal(s.cfg.Features, []playground.Feature{playground.X1, playground.X2, playground.X1Squared}) || s.run.Net.Sizes()[0] != 3 {
		t.Fatalf("after set:feature:2:1 features %v, sizes %v", s.cfg.Features, s.run.Net.Sizes())
	}
	must("set:dataset:circles")
	must("set:noise:10")
	must("set:ratio:60")
	must("set:batch:12")
	must("set:lr:0.1")
	must("set:act:relu")
	must("set:regrate:0.003")
	if s.cfg.RegRate != 0 {
		t.Fatalf("a rate without a penalty reached the setting: %v", s.cfg.RegRate)
	}
	must("set:penalty:L2")
	must("set:seed:+")
	must("set:discretize:1")
	must("set:showtest:0")
	if s.showTest {
		t.Fatal("set:showtest:0 left the test points shown")
	}
	must("set:showtest:1")
	want := playground.Config{Dataset: "circles", Points: 400, Noise: 0.1, TrainRatio: 0.6,
		Features: []playground.Feature{playground.X1, playground.X2, playground.X1Squared}, Hidden: []int{5, 2},
		Activation: nnkit.ReLU, LR: 0.1, Penalty: playground.L2, RegRate: 0.003, BatchSize: 12, Seed: 1}
	if !s.cfg.Equal(want) || !s.discretize {
		t.Fatalf("setting %#v, want %#v", s.cfg, want)
	}
	must("play")
	if p := s.progress(true); p[partControls] != "" || p[partNetwork] == "" || len(p) != len(pgParts)-1 {
		t.Fatalf("a frame while playing redraws %d parts, the controls %v", len(p), p[partControls] != "")
	}
	s.tick(7)
	if s.run.Epoch != 7 {
		t.Fatalf("playing 7 ticks: epoch %d", s.run.Epoch)
	}
	must("pause")
	s.tick(3)
	if s.run.Epoch != 7 {
		t.Fatalf("paused, the epoch went on to %d", s.run.Epoch)
	}
	must("step")
	if s.run.Epoch != 8 {
		t.Fatalf("step: epoch %d, want 8", s.run.Epoch)
	}
	must("select:2:1")
	parts := s.render(true)
	if !strings.Contains(parts[partStep], "neuron 2 of layer 2") || !strings.Contains(parts[partStep], "at epoch 8") {
		t.Fatalf("step view:\n%s", parts[partStep])
	}
	must("code")
	if !strings.Contains(s.render(true)[partCode], "run.Steps(8)") {
		t.Fatal("the code does not train 8 epochs")
	}

	direct, err := playground.New(want)
	if err != nil {
		t.Fatal(err)
	}
	if err := direct.Steps(8); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(direct.Losses, s.run.Losses) {
		t.Fatalf("the playground's losses %v differ from the direct run's %v", s.run.Losses, direct.Losses)
	}
	must("reset")
	if s.run.Epoch != 0 || len(s.run.Losses) != 1 || s.run.Losses[0] != direct.Losses[0] {
		t.Fatalf("reset: epoch %d, losses %v", s.run.Epoch, s.run.Losses)
	}
	if s.selected == nil {
		t.Fatal("reset dropped a selection that still exists")
	}
	must("layer:-")
	must("layer:-")
	if s.selected != nil {
		t.Fatalf("selection %v outlived its layer", s.selected)
	}
}

// TestPlaygroundRefuses: a setting out of range keeps the run and says why; an event that
// is not the playground's is an error and changes nothing.
func TestPlaygroundRefuses(t *testing.T) {
	s, err := newPlaygroundState(playground.Default)
	if err != nil {
		t.Fatal(err)
	}
	keep := s.run
	for _, tc := range []struct{ ev, message string }{
		{"set:feature:0:0", ""},
		{"set:feature:1:0", "no features"},
		{"neuron:1:+", ""}, {"neuron:1:+", ""}, {"neuron:1:+", ""}, {"neuron:1:+", ""},
		{"neuron:1:+", "hidden layer 1 has 9 neurons"},
		{"set:batch:31", "BatchSize is 31"},
		{"set:lr:0", "LR is 0"},
	} {
		before := s.cfg.Clone()
		if err := s.handle(tc.ev); err != nil {
			t.Fatalf("%s: %v", tc.ev, err)
		}
		if tc.message == "" {
			keep = s.run
			continue
		}
		if !strings.Contains(s.message, tc.message) || s.run != keep || !s.cfg.Equal(before) {
			t.Errorf("%s: message %q (want %q); run kept %v; setting kept %v", tc.ev, s.message, tc.message, s.run == keep, s.cfg.Equal(before))
		}
	}
	for _, ev := range []string{"", "jump", "layer", "layer:*", "neuron:9:+", "neuron:1:x", "select:9:0", "select:0:7",
		"set:dataset", "set:noise:x", "set:batch:2.5", "set:act:softmax", "set:penalty:L3", "set:feature:7:1", "set:feature:0:2", "set:seed:x", "set:colour:red", "set:regrate:-1", "set:regrate:NaN", "set:showtest:2", "set:discretize"} {
		before := s.cfg.Clone()
		run := s.run
		if err := s.handle(ev); !errors.Is(err, errEvent) {
			t.Errorf("%q: error %v, want errEvent", ev, err)
		}
		if s.run != run || !s.cfg.Equal(before) {
			t.Errorf("%q changed the setting", ev)
		}
	}
}

// FuzzPlaygroundEvent: no event, however malformed, panics or leaves a setting that
// Validate refuses.
func FuzzPlaygroundEvent(f *testing.F) {
	for _, ev := range []string{"1|play", "layer:+", "neuron:1:-", "select:1:-1", "set:feature:3:1", "set:noise:50", "set:ratio:90", "set:lr:10", "step"} {
		f.Add(ev)
	}
	f.Fuzz(func(t *testing.T, ev string) {
		s, err := newPlaygroundState(playground.Default)
		if err != nil {
			t.Fatal(err)
		}
		s.handle(ev)
		s.handle(ev)
		if err := s.cfg.Validate(); err != nil {
			t.Fatalf("%q left an invalid setting: %v", ev, err)
		}
		if s.selected != nil {
			sizes := s.run.Net.Sizes()
			if s.selected[0] >= len(sizes) || s.selected[1] >= sizes[s.selected[0]] {
				t.Fatalf("%q selected %v of %v", ev, s.selected, sizes)
			}
		}
	})
}

// TestPlaygroundAsCode runs the "as code" cell's body as a Go program and checks that it
// prints the run's losses: the code a learner continues from is the run they saw.
func TestPlaygroundAsCode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	cfg := playground.Default.Clone()
	cfg.Dataset, cfg.Features, cfg.Hidden, cfg.Penalty, cfg.RegRate = "spiral", playground.Features(), []int{6, 3}, playground.L1, 0.001
	r, err := playground.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Steps(12); err != nil {
		t.Fatal(err)
	}
	code := r.Code()
	body, ok := strings.CutPrefix(code, "%%\n")
	if !ok {
		t.Fatalf("the cell does not start with %%%%:\n%s", code)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prog := "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/nnkit-go/nnkit/kernelext\"\n\t\"github.com/nnkit-go/nnkit/nnkit\"\n\t\"github.com/nnkit-go/nnkit/nnkit/playground\"\n)\n\nvar _ = nnkit.Tanh\n\nfunc main() {\n" + body + "}\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go \S+$`).FindString(string(gomod))
	mod := "module ascode\n\n" + goVersion + "\n\nrequire github.com/nnkit-go/nnkit v0.0.0\n\nreplace github.com/nnkit-go/nnkit => " + root + "\n"
	for name, text := range map[string]string{"main.go": prog, "go.mod": mod, "go.sum": string(sum)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	cmd = exec.Command("go", "run", ".")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "GOPROXY=off", HeadlessEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s\nprogram:\n%s", err, out, prog)
	}
	train, test := r.Loss()
	if want := sprintLosses(r.Epoch, train, test); !strings.Contains(string(out), want+"\n") {
		t.Errorf("the code printed\n%s\nnot the run's %q", out, want)
	}
}

// sprintLosses is the line the "as code" cell prints.
func sprintLosses(epoch int, train, test float64) string {
	return fmt.Sprintf("epoch %d: train loss %.6f, test loss %.6f", epoch, train, test)
}

// BenchmarkPlaygroundFrame is one redraw while playing: PlaygroundEpochsPerDraw epochs of
// the default setting and the parts training changes rendered, which must fit well inside
// PlaygroundInterval. It reports the bytes sent.
func BenchmarkPlaygroundFrame(b *testing.B) {
	s, err := newPlaygroundState(playground.Default)
	if err != nil {
		b.Fatal(err)
	}
	s.playing = true
	var size int
	for b.Loop() {
		s.tick(PlaygroundEpochsPerDraw)
		size = 0
		for _, h := range s.progress(true) {
			size += len(h)
		}
	}
	b.ReportMetric(float64(size), "bytes/frame")
}

// BenchmarkPlaygroundEpoch is one epoch of the default setting.
func BenchmarkPlaygroundEpoch(b *testing.B) {
	r, err := playground.New(playground.Default)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := r.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPlaygroundDiverges: a run that diverges while playing pauses, says why, and still
// renders (its weights, still finite, give outputs whose loss is not): a picture that
// cannot be drawn would show its error, never panic.
func TestPlaygroundDiverges(t *testing.T) {
	c := playground.Default.Clone()
	c.Dataset, c.Hidden, c.Activation, c.LR, c.Features = "plane", []int{8, 8, 8}, nnkit.ReLU, 10, playground.Features()
	s, err := newPlaygroundState(c)
	if err != nil {
		t.Fatal(err)
	}
	s.selected = []int{2, 3}
	if err := s.handle("play"); err != nil {
		t.Fatal(err)
	}
	s.tick(50)
	if s.playing || !strings.Contains(s.message, "training diverged at epoch") {
		t.Fatalf("playing %v, message %q", s.playing, s.message)
	}
	parts := s.render(true)
	if !strings.Contains(parts[partToolbar], "lower the learning rate") || !strings.Contains(parts[partNetwork], "<img") {
		t.Errorf("toolbar %q\nnetwork %.300q", parts[partToolbar], parts[partNetwork])
	}
	if err := s.handle("reset"); err != nil || s.run.Epoch != 0 {
		t.Fatalf("reset after divergence: %v, epoch %d", err, s.run.Epoch)
	}
}
