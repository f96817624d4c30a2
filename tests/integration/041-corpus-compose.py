#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every real compose file in ../shared/corpus/compose/ lints in one run of the sanitizer build
without a crash or sanitizer report; legacy v1 files (v1/) are recognised as such (CMP-029) and
no other file is; the files that are wrong get the precise error expected below (the odd files
in _other/, and two real mistakes Docker Compose rejects too); the others parse. Prints
per-rule finding counts."""
import collections
import json
import os
import subprocess
import sys

root = os.environ.get("BW_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
shared = os.environ.get("BW_SHARED", os.path.join(root, "..", "shared"))
corpus = os.path.join(shared, "corpus", "compose")
if not os.path.isdir(corpus):
    print(f"1..0 # SKIP {corpus} not found (the shared corpus is absent)")
    sys.exit(0)

# file (relative to the corpus) -> (line, column, text the error must contain)
EXPECTED_ERRORS = {
    "_other/vimagick+dockerfiles__wekan__docker-compose.yml":
        (7, 1, "unknown top-level key 'sevices' (did you mean 'services'?)"),
    "_other/vimagick+dockerfiles__langfuse__docker-compose.yml":
        (5, 1, "unknown top-level key 'service' (did you mean 'services'?)"),
    "_other/vimagick+dockerfiles__calendso__docker-compose.yml":
        (14, 27, "a value starting with '*' must be quoted"),
    "vimagick+dockerfiles__3proxy__docker-compose.yml":
        (1, 1, "unknown top-level key 'verson' (did you mean 'version'?)"),
    "vimagick+dockerfiles__openldap__docker-compose.yml":
        (26, 12, "service 'restart' must be a mapping, not a scalar"),
}

files = []
for d, _, names in os.walk(corpus):
    for n in names:
        if n != "INDEX.tsv" and not n.startswith("."):
            files.append(os.path.join(d, n))
files.sort()
p = subprocess.run([os.environ["BULWARK"], "lint", "--format", "json", "--fail-on", "never",
                    "--ignore-file", os.devnull] + files, capture_output=True, text=True, cwd="/")
results = []


def tap(ok, text):
    results.append((ok, text))


tap(p.returncode in (0, 3), f"bulwark exited {p.returncode} (3 = some files have errors)")
san = [l for l in p.stderr.splitlines() if "Sanitizer" in l or "runtime error" in l]
tap(not san, "no sanitizer report" + (": " + san[0] if san else ""))
try:
    out = json.loads(p.stdout)
except ValueError:
    out = {"targets": [], "findings": []}
targets = {os.path.relpath(t["path"], corpus): t for t in out["targets"]}
tap(len(targets) == len(files), f"{len(targets)} of {len(files)} files checked")
tap(all(t["kind"] == "compose" for t in targets.values()), "every file is linted as compose")

for rel, t in sorted(targets.items()):
    err = t.get("error")
    want = EXPECTED_ERRORS.get(rel)
    if want:
        line, col, text = want
        ok = bool(err) and f":{line}:{col}: " in err and text in err
        tap(ok, f"{rel}: precise error" + ("" if ok else f": got {err!r}"))
    elif err:
        tap(False, f"{rel}: unexpected error: {err}")
missing = [r for r in EXPECTED_ERRORS if r not in targets]
tap(not missing, "every expected error file was linted" + (f": {missing}" if missing else ""))

by_path = collections.defaultdict(set)
for f in out["findings"]:
    by_path[os.path.relpath(f["path"], corpus)].add(f["rule_id"])
v1 = [r for r in targets if r.startswith("v1/")]
unrecognised = [r for r in v1 if "CMP-029" not in by_path[r]]
tap(v1 and not unrecognised, f"{len(v1) - len(unrecognised)} of {len(v1)} v1 files recognised"
    + (f": not {unrecognised[:5]}" if unrecognised else ""))
wrong = [r for r in targets if not r.startswith("v1/") and "CMP-029" in by_path[r]]
tap(not wrong, "no other file is called v1" + (f": {wrong[:5]}" if wrong else ""))

print(f"1..{len(results)}")
for i, (ok, text) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {text}")
n_err = sum(1 for t in targets.values() if t.get("error"))
print(f"# parsed {len(targets) - n_err} of {len(files)} corpus compose files "
      f"({len(v1)} legacy v1), {len(out['findings'])} findings")
counts = collections.Counter(f["rule_id"] for f in out["findings"])
for rule, n in sorted(counts.items()):
    print(f"#   {rule}: {n}")
sys.exit(0 if all(ok for ok, _ in results) else 1)
