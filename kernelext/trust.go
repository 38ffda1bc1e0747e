package kernelext

import (
	"fmt"
	"os"
	"syscall"
)

// trusted returns an error if a cache directory or entry could have been planted by
// another user: it is owned by someone else, or writable by its group or by everyone. On a
// class server students share /tmp; a model that another student put in one's cache must
// never be loaded as one's own.
func trusted(paths ...string) error {
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o022 != 0 {
			return fmt.Errorf("%s is writable by other users (%v): not trusted", p, fi.Mode().Perm())
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
			return fmt.Errorf("%s belongs to uid %d, not to you (uid %d): not trusted", p, st.Uid, os.Getuid())
		}
	}
	return nil
}
