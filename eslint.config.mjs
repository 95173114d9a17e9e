// Lint is part of `npm test`: typescript-eslint's type-aware rules catch floating promises and
// unsafe `any`, which matter in a provider whose every call is async.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

/** The pattern that keeps tests/ out of everything else (harness/ is what they share). */
const NO_TESTS = {
  regex: "^(\\.\\./)+tests/",
  message: "only tests import from tests/ (shared code lives in harness/).",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/explicit-module-boundary-types": "error",
      // `const { dropped: _unused, ...rest } = x` is how the tests build inputs without a field.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Each example project has its own tsconfig.json, for users: it finds pulumi-macie-member-status
    // in the project's node_modules, which the checkout does not have. Lint the examples with the
    // root tsconfig.json, which maps the name to provider/ (tsc checks them with it too).
    files: ["examples/*/**/*.ts"],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: "./tsconfig.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  // The layout of provider/ (docs/ARCHITECTURE.md): what each folder may not import. program/ runs in
  // the user's program, lifecycle/ in Pulumi's provider host, member/ holds the rules both share
  // (no Pulumi SDK), plugin/ the provider plugin over lifecycle/, aws/ the SDK wiring, config/ the configuration. Only the entry points at
  // provider/ (index, host, shim, preflight-cli) see everything. No import cycles: tests/provider/layout.test.ts.
  ...layoutRules({
    program: ["lifecycle", "plugin", "preflight"],
    lifecycle: ["program", "plugin", "preflight"],
    plugin: ["program", "preflight"],
    member: ["lifecycle", "program", "plugin", "preflight", "@pulumi/pulumi"],
    aws: ["member", "program", "lifecycle", "plugin", "preflight"],
    config: ["aws", "member", "program", "lifecycle", "plugin", "preflight"],
    preflight: ["program", "lifecycle", "plugin"],
  }),
  // What ships, the bench, the demo and the harness never import a test folder.
  {
    files: ["provider/*.ts", "emulator/**/*.ts", "bench/**/*.ts", "examples/**/*.ts", "harness/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_TESTS] }] },
  },
  prettier,
);

/** One `no-restricted-imports` block per provider/ folder: `forbidden` are sibling folders or packages. */
function layoutRules(forbidden) {
  return Object.entries(forbidden).map(([folder, names]) => ({
    files: [`provider/${folder}/**/*.ts`],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [NO_TESTS].concat(
            names.map((name) =>
              name.startsWith("@")
                ? { regex: `^${name}(/|$)`, message: `provider/${folder}/ does not import ${name}.` }
                : {
                    regex: `^(\\.\\./)+${name}(/|$)`,
                    message: `provider/${folder}/ does not import provider/${name}/ (docs/ARCHITECTURE.md, "Layout").`,
                  },
            ),
          ),
        },
      ],
    },
  }));
}
