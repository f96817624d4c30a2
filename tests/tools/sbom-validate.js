#!/usr/bin/env node
/* SPDX-License-Identifier: Apache-2.0 */
/* Validates SBOMs. CycloneDX: against the published CycloneDX 1.5 JSON schema (draft-07) as
 * shipped by @cyclonedx/cyclonedx-library (with its SPDX license-id and JSF schemas). SPDX:
 * no package reachable from the test machines ships the SPDX 2.3 JSON schema (draft 2019-09), so
 * the specification's own rules are checked here (required fields, SPDXID syntax and uniqueness,
 * relationships naming existing elements, purl external references, timestamps), and the
 * published schema as well when the environment variable SPDX_SCHEMA names its file.
 * Usage: sbom-validate.js cyclonedx|spdx FILE... (NODE_PATH reaches build/node-tools). */
'use strict';
const fs = require('fs');
const path = require('path');

function cyclonedxValidator() {
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const dir = path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
    'res', 'schema');
  const load = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')
    .replace(/\.SNAPSHOT\.schema\.json/g, '.schema.json'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  /* formats ajv-formats does not know; the schema only uses them for optional fields */
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  ajv.addSchema(load('spdx.SNAPSHOT.schema.json'));
  ajv.addSchema(load('jsf-0.82.SNAPSHOT.schema.json'));
  const validate = ajv.compile(load('bom-1.5.SNAPSHOT.schema.json'));
  return (doc) => {
    const p = [];
    if (!validate(doc))
      for (const e of validate.errors.slice(0, 20)) p.push(`${e.instancePath} ${e.message}`);
    if (doc.specVersion !== '1.5') p.push('specVersion is not 1.5');
    const refs = new Set();
    for (const c of doc.components || []) {
      if (refs.has(c['bom-ref'])) p.push(`duplicate bom-ref ${c['bom-ref']}`);
      refs.add(c['bom-ref']);
      if (c.purl && !/^pkg:[a-z]+\/.+@.+/.test(c.purl)) p.push(`bad purl ${c.purl}`);
    }
    for (const d of doc.dependencies || [])
      for (const r of d.dependsOn || []) if (!refs.has(r)) p.push(`dependsOn names unknown ${r}`);
    return p;
  };
}

/* The published SPDX 2.3 JSON schema (draft-07), when the file SPDX_SCHEMA names exists: the
 * tests pass it from ../shared/schemas/ once it is there; until then only the rules below. */
function spdxSchemaValidator() {
  const file = process.env.SPDX_SCHEMA;
  if (!file || !fs.existsSync(file)) return null;
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  /* the SPDX 2.3.x schema declares draft 2019-09 */
  const Ajv = /2019-09/.test(schema.$schema || '') ? require('ajv/dist/2019') : require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/* SPDX 2.3 (spdx.github.io/spdx-spec/v2.3): clauses 6 (document creation), 7 (packages), 11. */
function spdxValidator() {
  const idRe = /^SPDXRef-[A-Za-z0-9.-]+$/;
  const tsRe = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
  const schema = spdxSchemaValidator();
  return (doc) => {
    const p = [];
    if (schema && !schema(doc))
      for (const e of schema.errors.slice(0, 20)) p.push(`schema: ${e.instancePath} ${e.message}`);
    const need = (o, k, where) => { if (o[k] === undefined || o[k] === '') p.push(`${where}: ${k} missing`); };
    for (const k of ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo'])
      need(doc, k, 'document');
    if (doc.spdxVersion !== 'SPDX-2.3') p.push('spdxVersion is not SPDX-2.3');
    if (doc.dataLicense !== 'CC0-1.0') p.push('dataLicense must be CC0-1.0');
    if (doc.SPDXID !== 'SPDXRef-DOCUMENT') p.push('document SPDXID must be SPDXRef-DOCUMENT');
    if (!/^[a-z]+:\/\/[^#\s]+$/.test(doc.documentNamespace || '')) p.push('documentNamespace is not a URI without #');
    const ci = doc.creationInfo || {};
    if (!tsRe.test(ci.created || '')) p.push('creationInfo.created is not YYYY-MM-DDThh:mm:ssZ');
    if (!Array.isArray(ci.creators) || !ci.creators.every((c) => /^(Tool|Organization|Person): .+/.test(c)))
      p.push('creationInfo.creators malformed');
    const ids = new Set(['SPDXRef-DOCUMENT']);
    for (const [i, pk] of (doc.packages || []).entries()) {
      for (const k of ['SPDXID', 'name', 'downloadLocation']) need(pk, k, `package ${i}`);
      if (!idRe.test(pk.SPDXID || '')) p.push(`package ${i}: SPDXID '${pk.SPDXID}' malformed`);
      if (ids.has(pk.SPDXID)) p.push(`package ${i}: duplicate SPDXID ${pk.SPDXID}`);
      ids.add(pk.SPDXID);
      for (const k of ['licenseConcluded', 'licenseDeclared'])
        if (pk[k] !== undefined && !/^(NOASSERTION|NONE|[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*)$/.test(pk[k]))
          p.push(`package ${i}: ${k} '${pk[k]}' is not a license expression`);
      if (pk.filesAnalyzed !== undefined && typeof pk.filesAnalyzed !== 'boolean') p.push(`package ${i}: filesAnalyzed not boolean`);
      for (const r of pk.externalRefs || []) {
        if (!['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER'].includes(r.referenceCategory))
          p.push(`package ${i}: bad referenceCategory`);
        if (r.referenceType === 'purl' && !/^pkg:[a-z]+\/.+@.+/.test(r.referenceLocator))
          p.push(`package ${i}: bad purl ${r.referenceLocator}`);
      }
    }
    for (const [i, r] of (doc.relationships || []).entries()) {
      if (!ids.has(r.spdxElementId) || !ids.has(r.relatedSpdxElement))
        p.push(`relationship ${i} names an unknown element`);
      if (!/^[A-Z_]+$/.test(r.relationshipType || '')) p.push(`relationship ${i}: bad type`);
    }
    if (!(doc.relationships || []).some((r) => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES'))
      p.push('no DESCRIBES relationship from the document');
    return p;
  };
}

const [kind, ...files] = process.argv.slice(2);
const check = kind === 'cyclonedx' ? cyclonedxValidator() : kind === 'spdx' ? spdxValidator() : null;
if (!check || files.length === 0) {
  console.error('usage: sbom-validate.js cyclonedx|spdx FILE...');
  process.exit(2);
}
let bad = 0;
for (const f of files) {
  const problems = check(JSON.parse(fs.readFileSync(f, 'utf8')));
  if (problems.length) {
    bad++;
    console.log(`${f}: ${problems.length} problem(s)`);
    for (const q of problems.slice(0, 20)) console.log(`  ${q}`);
  }
}
process.exit(bad ? 1 : 0);
