#!/usr/bin/env node
/* SPDX-License-Identifier: Apache-2.0 */
/* Validates SARIF files against the published SARIF 2.1.0 schema (shipped by the
 * @microsoft/jest-sarif package; JSON Schema draft-04, hence ajv-draft-04) and then against
 * what GitHub code scanning requires beyond the schema. Usage: sarif-validate.js FILE...
 * Needs NODE_PATH (or cwd) to reach build/node-tools/node_modules. Exit 0 when all valid. */
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
/* unicodeRegExp off: the schema's 'language' pattern has a stray ']' that only non-unicode
 * regular expressions accept (as in draft-04 validators of its time). */
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/* GitHub code scanning: docs "SARIF support for code scanning" (supported properties, limits). */
function githubProblems(log) {
  const p = [];
  if (log.version !== '2.1.0') p.push('version is not "2.1.0"');
  if (!Array.isArray(log.runs) || log.runs.length < 1 || log.runs.length > 20)
    p.push('runs must hold 1..20 runs');
  for (const [ri, run] of (log.runs || []).entries()) {
    const driver = run.tool && run.tool.driver;
    if (!driver || !driver.name) p.push(`run ${ri}: tool.driver.name missing`);
    const rules = (driver && driver.rules) || [];
    const ids = new Set();
    for (const [k, rule] of rules.entries()) {
      if (!rule.id) p.push(`rule ${k}: no id`);
      if (ids.has(rule.id)) p.push(`rule ${k}: duplicate id ${rule.id}`);
      ids.add(rule.id);
      const props = rule.properties || {};
      const ss = props['security-severity'];
      if (ss !== undefined) {
        if (typeof ss !== 'string' || !/^\d+(\.\d+)?$/.test(ss) || Number(ss) < 0 || Number(ss) > 10)
          p.push(`rule ${rule.id}: security-severity '${ss}' is not a numeric string in 0..10`);
      }
      if (props.tags && (!Array.isArray(props.tags) || props.tags.length > 20))
        p.push(`rule ${rule.id}: more than 20 tags`);
      if (!rule.shortDescription || !rule.shortDescription.text)
        p.push(`rule ${rule.id}: no shortDescription.text`);
      if (rule.defaultConfiguration && rule.defaultConfiguration.level &&
          !['none', 'note', 'warning', 'error'].includes(rule.defaultConfiguration.level))
        p.push(`rule ${rule.id}: bad defaultConfiguration.level`);
    }
    const results = run.results || [];
    if (results.length > 25000) p.push(`run ${ri}: more than 25,000 results`);
    const fingerprints = new Set();
    for (const [k, res] of results.entries()) {
      const where = `result ${k}`;
      const id = res.ruleId || (res.rule && res.rule.id);
      if (!id) p.push(`${where}: no ruleId`);
      else if (!ids.has(id)) p.push(`${where}: ruleId ${id} not in tool.driver.rules`);
      if (res.ruleIndex !== undefined && (!rules[res.ruleIndex] || rules[res.ruleIndex].id !== id))
        p.push(`${where}: ruleIndex ${res.ruleIndex} does not name rule ${id}`);
      if (!res.message || !res.message.text) p.push(`${where}: no message.text`);
      if (res.level && !['none', 'note', 'warning', 'error'].includes(res.level))
        p.push(`${where}: bad level ${res.level}`);
      const locs = res.locations || [];
      if (locs.length < 1 || locs.length > 1000) p.push(`${where}: needs 1..1000 locations`);
      for (const loc of locs) {
        const pl = loc.physicalLocation;
        if (!pl || !pl.artifactLocation || !pl.artifactLocation.uri) {
          p.push(`${where}: no physicalLocation.artifactLocation.uri`);
          continue;
        }
        const uri = pl.artifactLocation.uri;
        if (!/^[\x21-\x7e]+$/.test(uri) || /%(?![0-9A-F]{2})/.test(uri))
          p.push(`${where}: uri '${uri}' is not ASCII and percent-encoded`);
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) ? !uri.startsWith('file:///') : uri.startsWith('/'))
          p.push(`${where}: uri '${uri}' neither relative nor a file:/// URI`);
        try {
          decodeURIComponent(uri);
        } catch (e) {
          p.push(`${where}: uri '${uri}' does not decode`);
        }
        const r = pl.region;
        if (!r) continue;
        if (!Number.isInteger(r.startLine) || r.startLine < 1) p.push(`${where}: startLine < 1`);
        if (r.endLine !== undefined && (!Number.isInteger(r.endLine) || r.endLine < r.startLine))
          p.push(`${where}: endLine < startLine`);
        if (r.startColumn !== undefined && (!Number.isInteger(r.startColumn) || r.startColumn < 1))
          p.push(`${where}: startColumn < 1`);
      }
      for (const [key, v] of Object.entries(res.partialFingerprints || {})) {
        if (typeof v !== 'string' || !v) p.push(`${where}: fingerprint ${key} empty`);
        const unique = `${id}\0${key}\0${v}`;
        if (fingerprints.has(unique)) p.push(`${where}: fingerprint ${key}=${v} repeats`);
        fingerprints.add(unique);
      }
      for (const s of res.suppressions || [])
        if (!['inSource', 'external'].includes(s.kind)) p.push(`${where}: bad suppression kind`);
    }
  }
  return p;
}

let bad = 0;
for (const file of process.argv.slice(2)) {
  let log;
  try {
    log = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${file}: not JSON: ${e.message}`);
    bad++;
    continue;
  }
  const problems = [];
  if (!validate(log))
    for (const e of validate.errors) problems.push(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  for (const g of githubProblems(log)) problems.push(`github: ${g}`);
  if (problems.length) {
    bad++;
    console.log(`${file}: INVALID`);
    for (const m of problems.slice(0, 30)) console.log(`  ${m}`);
  } else {
    console.log(`${file}: valid (${path.basename(schemaPath)} + GitHub checks)`);
  }
}
process.exit(bad ? 1 : 0);
