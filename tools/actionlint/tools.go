//go:build tools

// The program this module builds; the build tag keeps this file out of every compilation.
package tools

import (
	_ "github.com/rhysd/actionlint/cmd/actionlint"
)
