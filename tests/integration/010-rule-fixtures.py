#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Rule fixtures as data: every tests/data/lint/<RULE-ID>/bad-* must produce exactly the
findings its '# expect: ID @LINE' lines name (for the directory's rule and every rule an
expect line names), every good-* none of the directory's rule. Also walks the rule tables:
ids valid, unique and sorted, title and fix present, a bad and a good fixture per rule."""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

root = os.environ.get("BW_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
bulwark = os.environ["BULWARK"]
data = os.path.join(root, "tests", "data", "lint")
LINT_KINDS = {"dockerfile", "compose", "k8s"}  # rules checked on files, so fixtures can show them
EXPECT = re.compile(r"^\s*#\s*expect:\s*([A-Z0-9]+-[0-9]+)\s*@\s*(\d+)\s*$")

results = []


def tap(ok, text):
    results.append((ok, text))


def owner(path, fixtures):
    """The fixture a finding's path belongs to: the file itself, or a fixture folder."""
    if path in fixtures:
        return path
    d = os.path.dirname(path)
    while d and d != "/":
        if d in fixtures:
            return d
        d = os.path.dirname(d)
    return path


def lint(files, config=None):
    cmd = [bulwark, "lint", "--format", "json", "--fail-on", "never", "--ignore-file", os.devnull]
    if config:
        cmd += ["--config", config]
    p = subprocess.run(cmd + files, capture_output=True, text=True, cwd="/")
    if p.returncode not in (0, 3):
        sys.stderr.write(p.stderr)
        raise SystemExit(f"bulwark exited {p.returncode}")
    out = json.loads(p.stdout)
    fixtures = set(files)
    by_path = defaultdict(list)
    for f in out["findings"]:
        by_path[owner(f["path"], fixtures)].append((f["rule_id"], f["line"]))
    errors = {owner(t["path"], fixtures): t.get("error") for t in out["targets"] if t.get("error")}
    return by_path, errors, p.stderr


def expectations(path):
    """The '# expect:' lines of a fixture file, or of the files of a fixture folder."""
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(path, n) for n in os.listdir(path) if os.path.isfile(os.path.join(path, n)))
    expected = []
    for fp in files:
        with open(fp, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                m = EXPECT.match(line)
                if m:
                    expected.append((m.group(1), int(m.group(2))))
                elif line.strip() and not line.lstrip().startswith("#"):
                    break
    return expected


rules = json.loads(subprocess.run([bulwark, "rules", "--format", "json"], capture_output=True,
                                  text=True, check=True).stdout)
ids = [r["id"] for r in rules]
tap(len(ids) == len(set(ids)), f"{len(ids)} rule ids are unique")
by_set = defaultdict(list)
for r in rules:
    by_set[r["ruleset"]].append(r["id"])
for pfx, lst in by_set.items():
    tap(lst == sorted(lst, key=lambda i: [int(x) if x.isdigit() else x for x in re.split(r"[-.]", i)])
        or lst == sorted(lst), f"{pfx} rules are listed in id order")
for r in rules:
    problems = []
    if not re.fullmatch(r"[A-Z][A-Z0-9]*-([0-9]{3,}|[0-9]+(\.[0-9]+)+)", r["id"]):
        problems.append("malformed id")
    if not r["title"] or len(r["title"]) > 72:
        problems.append("title empty or over 72 characters")
    if not r["fix"]:
        problems.append("no fix")
    d = os.path.join(data, r["id"])
    names = os.listdir(d) if os.path.isdir(d) else []
    if r["kind"] in LINT_KINDS and not (any(n.startswith("bad-") for n in names)
                                        and any(n.startswith("good-") for n in names)):
        problems.append(f"no bad-* and good-* fixtures in tests/data/lint/{r['id']}/")
    tap(not problems, f"rule {r['id']} table row and fixtures" + (": " + ", ".join(problems) if problems else ""))

known = set(ids)
groups = defaultdict(list)   # config file (or None) -> fixture paths
for rule_id in sorted(os.listdir(data)) if os.path.isdir(data) else []:
    d = os.path.join(data, rule_id)
    cfg = os.path.join(d, "bulwark.yaml")
    for name in sorted(os.listdir(d)):
        if name.startswith(("bad-", "good-")):
            path = os.path.join(d, name)
            if os.path.isdir(path):
                # A folder fixture: compose.yaml plus the files it reads (.env, extends).
                path = os.path.join(path, "compose.yaml")
            groups[cfg if os.path.exists(cfg) else None].append(path)

for cfg, files in groups.items():
    by_path, errors, _ = lint(files, cfg)
    for path in files:
        # tests/data/lint/RULE/bad-1.yaml, or RULE/bad-1/compose.yaml for a folder fixture
        rule_id, fixture = os.path.relpath(path, data).split(os.sep)[:2]
        rel = os.path.relpath(path, root)
        if rule_id not in known:
            tap(False, f"{rel}: folder names no known rule")
            continue
        if errors.get(path):
            tap(False, f"{rel}: does not parse: {errors[path]}")
            continue
        expected = expectations(path)
        relevant = {rule_id} | {e[0] for e in expected}
        got = sorted(f for f in by_path.get(path, []) if f[0] in relevant)
        expected.sort()
        if fixture.startswith("bad-") and not any(e[0] == rule_id for e in expected):
            tap(False, f"{rel}: bad fixture without an '# expect: {rule_id} @LINE' line")
        elif got == expected:
            tap(True, f"{rel}")
        else:
            tap(False, f"{rel}: expected {expected}, got {got}")

print(f"1..{len(results)}")
for i, (ok, text) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {text}")
sys.exit(0 if all(ok for ok, _ in results) else 1)
