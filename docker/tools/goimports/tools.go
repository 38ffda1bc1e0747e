//go:build tools

// Package tools pins goimports for docker/install.sh, which builds it from this module.
package tools

import _ "golang.org/x/tools/cmd/goimports"
