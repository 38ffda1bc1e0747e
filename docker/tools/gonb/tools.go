//go:build tools

// Package tools pins gonb for docker/install.sh, which builds it from this module.
package tools

import _ "github.com/janpfeifer/gonb"
