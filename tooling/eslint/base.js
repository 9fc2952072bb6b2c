import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Shared lint rules: the TypeScript recommended set, plus the house rules that catch real bugs. */
export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".turbo/**", "**/*.tmp.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["warn", { allow: ["warn", "error", "info"] }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any>, never the app's current schema.
    files: ["**/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
