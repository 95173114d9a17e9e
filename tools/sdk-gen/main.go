// pulumi-sdkgen generates a Pulumi package's SDK for one language from its schema, with the code
// generators of github.com/pulumi/pulumi/pkg/v3 (the version go.mod pins, the CLI's own). It stands
// in for `pulumi package gen-sdk`, which asks the language host to generate and so cannot here (the
// Node.js host tools/pulumi-language-nodejs builds predates GeneratePackage).
//
//	pulumi-sdkgen <python|go|nodejs> <schema.json> <outdir>
//
// The schema is bound without plugins: it may not refer to another package's types or resources.
// For go, it must carry language.go.importBasePath ("<module>/<name>"); the files go in
// <outdir>/<name>/ and, unless the schema's meta.supportPack makes the generator write one, this
// tool writes <outdir>/go.mod (module language.go.modulePath, else importBasePath without its last
// element), requiring github.com/pulumi/pulumi/sdk/v3 at the version this tool was built with.
// language.python and language.nodejs are optional.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen"

// noPlugins is the schema loader: every package the schema refers to other than itself is an error.
type noPlugins struct{}

func (noPlugins) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("%s loads no plugins: the schema refers to package %q", tool, name)
}

func (l noPlugins) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (noPlugins) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("%s loads no plugins: the schema refers to package %q", tool, name)
}

func (l noPlugins) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}

func main() {
	if len(os.Args) != 4 || (os.Args[1] != "python" && os.Args[1] != "go" && os.Args[1] != "nodejs") {
		fmt.Fprintf(os.Stderr, "usage: %s <python|go|nodejs> <schema.json> <outdir>\n", tool)
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(language, schemaPath, outdir string) error {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("reading %s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPlugins{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("binding %s: %w", schemaPath, err)
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "%s: %v\n", schemaPath, d)
	}
	if diags.HasErrors() {
		return fmt.Errorf("binding %s: %d error(s)", schemaPath, len(diags.Errs()))
	}

	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noPlugins{})
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, noPlugins{})
	case "go":
		if files, err = gogen.GeneratePackage(tool, pkg, nil); err == nil {
			err = addGoMod(pkg, files)
		}
	}
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", language, err)
	}
	for name, content := range files {
		file := filepath.Join(outdir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, content, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "%s: wrote %d files of the %s SDK of %s into %s\n", tool, len(files), language, pkg.Name, outdir)
	return nil
}

// addGoMod adds a go.mod that makes the generated package compile on its own, when the generator
// wrote none.
func addGoMod(pkg *schema.Package, files map[string][]byte) error {
	if _, ok := files["go.mod"]; ok {
		return nil
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	module := info.ModulePath
	if module == "" {
		if info.ImportBasePath == "" {
			return fmt.Errorf("the schema has no language.go.importBasePath")
		}
		module = path.Dir(info.ImportBasePath)
	}
	sdk := "v3.248.0"
	if build, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range build.Deps {
			if dep.Path == "github.com/pulumi/pulumi/sdk/v3" {
				sdk = dep.Version
			}
		}
	}
	files["go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n", module, sdk))
	return nil
}
