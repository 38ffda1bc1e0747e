// Command nnkit-data downloads data sets into nnkit's cache, verified, so that notebooks
// find them offline later.
//
//	nnkit-data fetch mnist|fashion-mnist [-dir DIR] [-mirror URL]
//
// The cache is $NNKIT_DATA, or the user's cache directory followed by nnkit; -dir
// overrides both. -mirror (like $NNKIT_MIRROR, before which it goes) is a base URL tried
// before the published mirrors, such as a class's local copy. Files already there are verified, not downloaded again. When no mirror
// answers, it says which files to put where.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/nnkit-go/nnkit/nnkit/datasets/fetch"
)

func main() {
	if len(os.Args) < 3 || os.Args[1] != "fetch" {
		fmt.Fprintln(os.Stderr, "usage: nnkit-data fetch mnist|fashion-mnist [-dir DIR] [-mirror URL]")
		os.Exit(2)
	}
	remotes := map[string]fetch.Remote{"mnist": fetch.MNISTRemote, "fashion-mnist": fetch.FashionMNISTRemote}
	r, ok := remotes[os.Args[2]]
	if !ok {
		fmt.Fprintf(os.Stderr, "nnkit-data: unknown data set %q (valid: mnist, fashion-mnist)\n", os.Args[2])
		os.Exit(2)
	}
	fs := flag.NewFlagSet("fetch", flag.ExitOnError)
	dir := fs.String("dir", "", "cache directory (default: $NNKIT_DATA or the user's cache)")
	mirror := fs.String("mirror", "", "a base URL to try first (also $"+fetch.MirrorEnv+")")
	fs.Parse(os.Args[3:])
	if *mirror != "" {
		env := *mirror
		if old := os.Getenv(fetch.MirrorEnv); old != "" {
			env += "," + old
		}
		os.Setenv(fetch.MirrorEnv, env)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	last := time.Time{}
	f := &fetch.Fetcher{Dir: *dir, Progress: func(file string, done, total int64) {
		if time.Since(last) > time.Second || done == total {
			last = time.Now()
			fmt.Printf("  %s: %d of %d bytes\n", file, done, total)
		}
	}}
	got, err := f.Fetch(ctx, r)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s is in %s, verified\n", r.Name, got)
}
