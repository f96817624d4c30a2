#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Hadolint's own test suite as data (../shared/corpus/hadolint-cases/cases.jsonl): every case
whose rule one of our rules aliases must get the same answer from bulwark (catches / catches
not / the count where given). Deviations we chose are listed with a reason in
tests/hadolint-deviations.txt. Prints the agreement rate."""
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

root = os.environ.get("BW_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
shared = os.environ.get("BW_SHARED", os.path.join(root, "..", "shared"))
bulwark = os.environ["BULWARK"]
cases_path = os.path.join(shared, "corpus", "hadolint-cases", "cases.jsonl")
if not os.path.exists(cases_path):
    print(f"1..0 # SKIP {cases_path} not found (the shared corpus is absent)")
    sys.exit(0)

deviations = {}
dev_path = os.path.join(root, "tests", "hadolint-deviations.txt")
if os.path.exists(dev_path):
    for line in open(dev_path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            case_id, _, reason = line.partition(" ")
            deviations[int(case_id)] = reason.strip()

rules = json.loads(subprocess.run([bulwark, "rules", "--format", "json"], capture_output=True,
                                  text=True, check=True).stdout)
ours = defaultdict(set)  # DL id -> our rule ids aliasing it
for r in rules:
    for a in r["aliases"]:
        if a.startswith("DL"):
            ours[a].add(r["id"])


def onbuild(snippet):
    """Hadolint's onbuild variant wraps every RUN instruction as ONBUILD RUN."""
    out, cont = [], False
    for line in snippet.split("\n"):
        if not cont and re.match(r"^\s*run\b", line, re.I):
            line = re.sub(r"^(\s*)", r"\1ONBUILD ", line, count=1)
        out.append(line)
        cont = line.rstrip().endswith("\\")
    return "\n".join(out)


def config_for(case, tmp):
    """Our .bulwark.yaml for a case's Hadolint config, or False when we have no equivalent."""
    cfg = case.get("config")
    if not cfg:
        return None
    m = re.fullmatch(r"\{\s*allowedRegistries\s*=\s*\[(.*)\]\s*\}", cfg.strip(), re.S)
    if not m:
        return False
    regs = re.findall(r'"([^"]*)"', m.group(1))
    path = os.path.join(tmp, f"config-{case['id']}.yaml")
    with open(path, "w") as fh:
        fh.write("trusted_registries:\n" + "".join(f"  - \"{r}\"\n" for r in regs))
    return path


results, agree, total, skipped = [], 0, 0, defaultdict(int)
with tempfile.TemporaryDirectory() as tmp:
    groups = defaultdict(list)
    applicable = []
    for line in open(cases_path, encoding="utf-8"):
        case = json.loads(line)
        rule_ids = ours.get(case["rule"])
        if not rule_ids:
            skipped["rule not aliased"] += 1
            continue
        cfg = config_for(case, tmp)
        if cfg is False:
            skipped["hadolint config without equivalent"] += 1
            continue
        path = os.path.join(tmp, f"case-{case['id']}.Dockerfile")
        text = case["snippet"] + "\n"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(onbuild(text) if case.get("onbuild") else text)
        groups[cfg].append(path)
        applicable.append((case, path, rule_ids))

    found = defaultdict(lambda: defaultdict(int))
    parse_errors = {}
    for cfg, files in groups.items():
        for i in range(0, len(files), 400):
            cmd = [bulwark, "lint", "--format", "json", "--fail-on", "never", "--ignore-file", os.devnull]
            if cfg:
                cmd += ["--config", cfg]
            p = subprocess.run(cmd + files[i:i + 400], capture_output=True, text=True, cwd=tmp)
            if p.returncode not in (0, 3):
                sys.stderr.write(p.stderr)
                print(f"not ok 1 - bulwark exited {p.returncode}")
                sys.exit(1)
            out = json.loads(p.stdout)
            for f in out["findings"]:
                found[f["path"]][f["rule_id"]] += 1
            for t in out["targets"]:
                if t.get("error"):
                    parse_errors[t["path"]] = t["error"]

    for case, path, rule_ids in applicable:
        n = sum(found[path][r] for r in rule_ids)
        if case["expect"] == "catches_not":
            ok = n == 0
        elif case["count"] is None:
            ok = n > 0
        else:
            ok = n == case["count"]
        want = "0" if case["expect"] == "catches_not" else (str(case["count"]) if case["count"] is not None else ">0")
        total += 1
        agree += ok
        desc = f"case {case['id']} {case['rule']} ({'/'.join(sorted(rule_ids))}) {case['it'][:60]!r}: want {want}, got {n}"
        if path in parse_errors:
            desc += f" [parse error: {parse_errors[path]}]"
        if not ok and case["id"] in deviations:
            results.append((True, desc + f" # deviation: {deviations[case['id']]}"))
        else:
            results.append((ok, desc))

print(f"1..{len(results)}")
for i, (ok, text) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {text}")
rate = 100.0 * agree / total if total else 0.0
print(f"# hadolint agreement: {agree}/{total} cases ({rate:.1f}%), {len(deviations)} listed deviations")
for why, n in sorted(skipped.items()):
    print(f"# not applicable: {n} cases ({why})")
sys.exit(0 if all(ok for ok, _ in results) else 1)
