//go:build tools

// The programs this module builds; the build tag keeps this file out of every compilation.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
