#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every real Dockerfile in ../shared/corpus/dockerfiles/ lints in one run of the sanitizer
build without a parse error, crash or sanitizer report. Prints per-rule finding counts."""
import collections
import json
import os
import subprocess
import sys

root = os.environ.get("BW_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
shared = os.environ.get("BW_SHARED", os.path.join(root, "..", "shared"))
corpus = os.path.join(shared, "corpus", "dockerfiles")
if not os.path.isdir(corpus):
    print(f"1..0 # SKIP {corpus} not found (the shared corpus is absent)")
    sys.exit(0)
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".Dockerfile"))
# Corpus files that are not valid Dockerfiles (BuildKit rejects them too): each must get a
# precise parse error instead, at the line and with the words listed.
invalid = {}
for line in open(os.path.join(root, "tests", "corpus-invalid-dockerfiles.txt"), encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        name, where, words, _reason = line.rstrip("\n").split("\t")
        invalid[name] = (where, words)
p = subprocess.run([os.environ["BULWARK"], "lint", "--format", "json", "--fail-on", "never",
                    "--ignore-file", os.devnull] + files, capture_output=True, text=True, cwd="/")
results = []
want_rc = 3 if invalid else 0
results.append((p.returncode == want_rc, f"bulwark exited {p.returncode} (want {want_rc}: every valid file parsed)"))
san = [l for l in p.stderr.splitlines() if "Sanitizer" in l or "runtime error" in l]
results.append((not san, "no sanitizer report" + (": " + san[0] if san else "")))
try:
    out = json.loads(p.stdout)
except ValueError:
    out = {"targets": [], "findings": []}
errors = [t for t in out["targets"] if t.get("error")]
results.append((len(out["targets"]) == len(files), f"{len(out['targets'])} of {len(files)} files checked"))
for t in errors:
    name = os.path.basename(t["path"])
    if name in invalid:
        where, words = invalid.pop(name)
        ok = f":{where}: " in t["error"] and words in t["error"]
        results.append((ok, f"invalid corpus file gets a precise error: {t['error']}"))
    else:
        results.append((False, f"parse error on a valid file: {t['error']}"))
for name in invalid:
    results.append((False, f"{name} is listed as invalid but parsed"))
print(f"1..{len(results)}")
for i, (ok, text) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {text}")
print(f"# parsed {len(out['targets']) - len(errors)} of {len(files)} corpus Dockerfiles, "
      f"{len(out['findings'])} findings")
counts = collections.Counter(f["rule_id"] for f in out["findings"])
for rule, n in sorted(counts.items()):
    print(f"#   {rule}: {n}")
sys.exit(0 if all(ok for ok, _ in results) else 1)
