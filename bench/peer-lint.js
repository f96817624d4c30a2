#!/usr/bin/env node
/* SPDX-License-Identifier: Apache-2.0 */
/* Lints many Dockerfiles in one node process with a peer linter's library API, so that a
 * benchmark does not count node's start-up once per file. Writes one JSON report (file ->
 * diagnostics) to stdout, as the peers' own CLIs do with --json.
 * Usage: peer-lint.js dockerfile-utils|dockerfilelint FILE... (NODE_PATH reaches the peers). */
'use strict';
const fs = require('fs');
const path = require('path');

const [tool, ...files] = process.argv.slice(2);
let lint;
if (tool === 'dockerfile-utils') {
  const du = require('dockerfile-utils');
  lint = (file, content) => du.validate(content);
} else if (tool === 'dockerfilelint') {
  const dl = require('dockerfilelint');
  lint = (file, content) => dl.run(path.dirname(path.resolve(file)), content);
} else {
  console.error('usage: peer-lint.js dockerfile-utils|dockerfilelint FILE...');
  process.exit(2);
}

/* A peer that throws on a file (dockerfilelint does on some HEALTHCHECK forms, which ends its
 * own CLI) is counted as crashed on it, and the run goes on. */
const report = {};
let issues = 0;
const crashed = [];
for (const file of files) {
  const content = fs.readFileSync(file, 'utf8');
  try {
    const diags = lint(file, content);
    issues += diags.length;
    report[file] = diags;
  } catch (e) {
    crashed.push(file);
    report[file] = { crash: String(e && e.message) };
  }
}
process.stdout.write(JSON.stringify({ files: files.length, issues, crashed: crashed.length, report }) + '\n');
