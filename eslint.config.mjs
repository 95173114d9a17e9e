// Lint is part of `npm test`: typescript-eslint's type-aware rules catch floating promises and
// unsafe `any`, which matter in a provider whose every call is async.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

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
  prettier,
);
