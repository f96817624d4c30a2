#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Version comparators against the real tools (TAP). Runs with Debian's own python3, where
# python3-rpm and python3-packaging live:
#   dpkg   `dpkg --compare-versions` on every pair of versions of the same source package in
#          the machine's apt lists (/var/lib/apt/lists/*Packages*)
#   rpm    rpm.labelCompare (python3-rpm) on those versions and rpm-style extras
#   pep440 packaging.version (python3-packaging) on every pair of versions of each package in
#          the OSV PyPI corpus ($BW_SHARED/corpus/vulndb/osv/pypi-yaml)
#   maven  maven-artifact's ComparableVersion on the versions in /usr/share/maven-repo
#   semver node-semver's compare on the versions of the OSV Go corpus (Go modules are SemVer)
# Our answers come from one run of `test-version --compare SCHEME` per scheme.
import glob
import itertools
import os
import random
import re
import subprocess
import sys
import tempfile

build = os.environ.get("BW_BUILD", "build-asan")
shared = os.environ.get("BW_SHARED", os.path.join(os.path.dirname(__file__), "../../../shared"))
helper = os.path.join(build, "test-version")
n = 0
fails = 0


def ok(desc):
    global n
    n += 1
    print(f"ok {n} - {desc}")


def skip(desc, why):
    global n
    n += 1
    print(f"ok {n} - {desc} # SKIP {why}")


def fail(desc, detail=""):
    global n, fails
    n += 1
    fails += 1
    print(f"not ok {n} - {desc}")
    for line in detail.splitlines()[:20]:
        print(f"#   {line}")


def ours(scheme, pairs):
    data = "".join(f"{a}\t{b}\n" for a, b in pairs)
    out = subprocess.run([helper, "--compare", scheme], input=data, capture_output=True,
                         text=True, check=True).stdout.split()
    return [int(x) for x in out]


def check(scheme, pairs, expected, oracle):
    got = ours(scheme, pairs)
    bad = [f"{a!r} vs {b!r}: ours {g}, {oracle} {e}"
           for (a, b), g, e in zip(pairs, got, expected) if g != e]
    desc = f"{scheme}: agrees with {oracle} on {len(pairs)} pairs"
    if len(got) != len(pairs):
        fail(desc, f"helper printed {len(got)} answers for {len(pairs)} pairs")
    elif bad:
        fail(desc, f"{len(bad)} disagreements:\n" + "\n".join(bad))
    else:
        ok(desc)
    print(f"# {scheme}: {len(pairs)} pairs compared with {oracle}")


def apt_versions():
    """Versions grouped by source package, from the apt lists (binary and source versions)."""
    groups = {}
    files = glob.glob("/var/lib/apt/lists/*_Packages*")
    for f in files:
        if f.endswith(".lz4"):
            text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", f],
                                  capture_output=True, text=True).stdout
        elif f.endswith("_Packages"):
            text = open(f, encoding="utf-8", errors="replace").read()
        else:
            continue
        for para in text.split("\n\n"):
            fields = dict(re.findall(r"^(Package|Version|Source): (.*)$", para, re.M))
            if "Package" not in fields or "Version" not in fields:
                continue
            src, srcver = fields["Package"], fields["Version"]
            if "Source" in fields:
                m = re.match(r"(\S+)(?: \((.*)\))?", fields["Source"])
                src, srcver = m.group(1), m.group(2) or fields["Version"]
            g = groups.setdefault(src, set())
            g.add(fields["Version"])
            g.add(srcver)
    return groups


def dpkg_oracle(pairs, hints):
    """dpkg --compare-versions on every pair, in a few parallel shell loops. Each pair is asked
    first the question our comparator's answer (hint) suggests, so an agreeing pair costs one
    dpkg run; every answer still comes from dpkg alone."""
    script = ('while IFS="\t" read -r q a b; do '
              'if [ "$q" = eq ]; then '
              ' if dpkg --compare-versions "$a" eq "$b"; then echo 0; '
              ' elif dpkg --compare-versions "$a" lt "$b"; then echo -1; else echo 1; fi; '
              'else '
              ' if dpkg --compare-versions "$a" lt "$b"; then echo -1; '
              ' elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; '
              'fi; done')
    asks = []
    for (a, b), h in zip(pairs, hints):
        asks.append(("eq", a, b, 1) if h == 0 else ("lt", a, b, 1) if h < 0 else ("lt", b, a, -1))
    jobs = max(2, (os.cpu_count() or 2) * 2)
    chunks = [asks[i::jobs] for i in range(jobs)]
    procs = []
    with tempfile.TemporaryDirectory() as tmp:
        for j, c in enumerate(chunks):
            path = os.path.join(tmp, f"asks-{j}")
            with open(path, "w") as f:
                f.write("".join(f"{q}\t{a}\t{b}\n" for q, a, b, _ in c))
            with open(path) as f:
                procs.append(subprocess.Popen(["sh", "-c", script], stdin=f,
                                              stdout=subprocess.PIPE, text=True))
        result = [0] * len(pairs)
        for j, (p, c) in enumerate(zip(procs, chunks)):
            out, _ = p.communicate()
            for k, (v, ask) in enumerate(zip(out.split(), c)):
                result[j + k * jobs] = int(v) * ask[3]
    return result


def test_dpkg(groups):
    pairs = []
    for vs in groups.values():
        pairs.extend(itertools.combinations(sorted(vs), 2))
    extra = ["1.0~rc1", "1.0", "1.0-0", "0:1.0", "1:1.0", "1.0+b1", "1.0.0", "1.0a", "1.0~~",
             "99999999999999999999", "100000000000000000000", "0:0-0-0", "1.09", "1.9",
             "2.2~rc-4", "2.2-1", "0foo.bar", "0foobar", "1.0.1+gpl-1", "1.0.1-2"]
    pairs.extend(itertools.combinations(extra, 2))
    if not pairs:
        skip("dpkg oracle", "no apt lists")
        return
    check("deb", pairs, dpkg_oracle(pairs, ours("deb", pairs)), "dpkg --compare-versions")


def rpm_split(v):
    e, rest = "0", v
    m = re.match(r"^(\d*):(.*)$", v)
    if m:
        e, rest = m.group(1) or "0", m.group(2)
    ver, _, rel = rest.rpartition("-")
    if not _:
        return e, rest, None
    return e, ver, rel


def test_rpm(groups):
    try:
        import rpm
    except ImportError:
        skip("rpm oracle", "python3-rpm not installed")
        return
    vs = sorted({v for g in groups.values() for v in g})
    rnd = random.Random(5)
    extra = ["1.0^git1", "1.01", "6.0.rc1", "6.0", "2.0", "2_0", "1.0~rc1", "1.0", "10.0001",
             "10.1", "2.0.1a", "2.0.1", "xyz.4", "8", "1.0a", "1.0aa", "+a", "_a", "1.0^",
             "1.0.1", "1.0^20160101", "1.0~rc1^git1", "1.0~rc1", "1:1.0-1", "2.0-1",
             "2.02-150.el8", "1:2.02-90.el8", "1.0-1.el8", "1.0-1.el9", "1.0~~", "1.0~",
             "4.18.0-513.5.1.el8_9", "4.18.0-513.11.1.el8_9", "3.0.7-25.el9_3", "3.0.7-24.el9"]
    pairs = list(itertools.combinations(extra, 2))
    for _ in range(6000):
        pairs.append((rnd.choice(vs), rnd.choice(vs)))
    for g in groups.values():
        pairs.extend(itertools.combinations(sorted(g), 2))
    pairs = [(a, b) for a, b in pairs if (rpm_split(a)[2] is None) == (rpm_split(b)[2] is None)]
    expected = [rpm.labelCompare(rpm_split(a), rpm_split(b)) for a, b in pairs]
    check("rpm", pairs, expected, "rpm.labelCompare")


def test_pep440():
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:
        skip("pep440 oracle", "python3-packaging not installed")
        return
    root = os.path.join(shared, "corpus/vulndb/osv/pypi-yaml")
    if not os.path.isdir(root):
        skip("pep440 oracle", f"{root} absent")
        return
    by_pkg = {}
    for f in glob.glob(os.path.join(root, "*/*.yaml")):
        pkg = os.path.basename(os.path.dirname(f))
        text = open(f, encoding="utf-8", errors="replace").read()
        for m in re.finditer(r"^  versions:\n((?:  - .*\n)+)", text, re.M):
            for line in m.group(1).splitlines():
                v = line[4:].strip().strip("'\"")
                by_pkg.setdefault(pkg, set()).add(v)
    pairs = []
    rnd = random.Random(7)
    for vs in by_pkg.values():
        valid = []
        for v in vs:
            try:
                Version(v)
                valid.append(v)
            except InvalidVersion:
                pass
        valid.sort()
        if len(valid) > 40:
            valid = rnd.sample(valid, 40)
        pairs.extend(itertools.combinations(valid, 2))
    extra = ["1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
             "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
             "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.1.dev1",
             "1.0-1", "1.0rev1", "1.0c1", "1.0pre1", "1!0.5", "1.0.0", "v1.0", "1.0-ALPHA.1",
             "1.0+ubuntu-1", "1.0+ubuntu.1", "1.0a.", "1.0-dev", "1.0.post-1"]
    extra = [v for v in extra if not isinstance(v, Exception)]
    valid_extra = []
    for v in extra:
        try:
            Version(v)
            valid_extra.append(v)
        except InvalidVersion:
            pass
    pairs.extend(itertools.combinations(valid_extra, 2))

    parsed = {}

    def cmp(a, b):
        va = parsed.get(a) or parsed.setdefault(a, Version(a))
        vb = parsed.get(b) or parsed.setdefault(b, Version(b))
        return (va > vb) - (va < vb)
    check("pep440", pairs, [cmp(a, b) for a, b in pairs], "packaging.version")


def test_maven():
    jar = "/usr/share/java/maven-artifact-3.x.jar"
    if not os.path.exists(jar) or not os.path.exists("/usr/bin/java"):
        skip("maven oracle", "maven-artifact or java not installed")
        return
    vs = {os.path.basename(p) for p in glob.glob("/usr/share/maven-repo/*/*/*")
          if os.path.isdir(p) and os.path.basename(p) != "debian"}
    vs |= {"1", "1.0", "1.0.0", "1-alpha-1", "1-alpha2snapshot", "1-alpha2", "1-alpha-123",
           "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT",
           "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1",
           "1-2", "1-123", "2.0.0.RELEASE", "2.0.0.Final", "1.0-RC1", "1.0.0.M1", "1.0-ga",
           "1.2.3-jre", "1.2.3-android", "31.1-jre", "2.9.10.8", "2.9.10", "1.0.0-beta.2",
           "0.0.1-SNAPSHOT", "1a1", "1.a.2", "1.0-b1", "1.0.0.CR2", "1-0.1", "1--1", "1..1",
           "1-", "12345678901234567890", "1234567890123", "1.0.alpha-1", "5.3.0-M2"}
    vs = sorted(vs)
    pairs = list(itertools.combinations(vs, 2))
    random.Random(3).shuffle(pairs)
    pairs = pairs[:6000]
    expected = []
    batch = 1500
    for i in range(0, len(pairs), batch):
        chunk = pairs[i:i + batch]
        args = [x for p in chunk for x in p]
        out = subprocess.run(["java", "-cp", jar,
                              "org.apache.maven.artifact.versioning.ComparableVersion"] + args,
                             capture_output=True, text=True).stdout
        ops = re.findall(r"^   .* ([<>=]|==) .*$", out, re.M)
        ops = [l for l in out.splitlines() if l.startswith("   ")]
        res = []
        for line, (a, b) in zip(ops[0::2], chunk):
            body = line[3:]
            for op, v in ((" < ", -1), (" > ", 1), (" == ", 0)):
                if body == f"{a}{op}{b}":
                    res.append(v)
                    break
            else:
                res.append(None)
        expected.extend(res)
    keep = [(p, e) for p, e in zip(pairs, expected) if e is not None]
    check("maven", [p for p, _ in keep], [e for _, e in keep], "ComparableVersion")


def test_semver():
    """node-semver's compare on the SemVer versions of the OSV Go corpus, all pairs per
    module (sampled), plus SemVer's own precedence examples."""
    root = os.environ.get("BW_ROOT", os.path.join(os.path.dirname(__file__), "../.."))
    mod = os.path.join(root, "build/node-tools/node_modules/semver")
    go = os.path.join(shared, "corpus/vulndb/osv/go")
    if not os.path.isdir(mod) or not os.path.isdir(go):
        skip("semver oracle", "node semver (scripts/bootstrap --test-tools) or Go corpus absent")
        return
    import json
    by_mod = {}
    for f in glob.glob(os.path.join(go, "*.json")):
        d = json.load(open(f))
        for a in d.get("affected", []):
            name = a.get("package", {}).get("name", "")
            for r in a.get("ranges", []):
                for e in r.get("events", []):
                    for v in e.values():
                        if v != "0":
                            by_mod.setdefault(name, set()).add(v)
    vs = set()
    pairs = []
    rnd = random.Random(11)
    for name, s in by_mod.items():
        s = sorted(s)
        vs.update(s)
        pairs.extend(itertools.combinations(s[:30], 2))
    allv = sorted(vs)
    for _ in range(5000):
        pairs.append((rnd.choice(allv), rnd.choice(allv)))
    extra = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
             "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.0+build.5", "0.0.0-20191109021931-daa7c04131f5",
             "1.2.4-0.20191109021931-daa7c04131f5", "2.0.0+incompatible", "1.0.0-0A", "1.0.0-0a",
             "1.0.0-a-b", "1.0.0-a.b", "10.0.0", "9.99.999"]
    pairs.extend(itertools.combinations(extra, 2))
    js = ("const s=require(process.argv[1]);let o=[];"
          "for(const l of require('fs').readFileSync(0,'utf8').split('\\n')){if(!l)continue;"
          "const [a,b]=l.split('\\t');o.push(s.valid(a)&&s.valid(b)?s.compare(a,b):'x')}"
          "console.log(o.join('\\n'))")
    out = subprocess.run(["node", "-e", js, mod], input="".join(f"{a}\t{b}\n" for a, b in pairs),
                         capture_output=True, text=True, check=True).stdout.split()
    keep = [(p, int(e)) for p, e in zip(pairs, out) if e != "x"]
    check("semver", [p for p, _ in keep], [e for _, e in keep], "node-semver compare")


def timed(f, *args):
    import time
    t = time.monotonic()
    f(*args)
    print(f"# {f.__name__}: {time.monotonic() - t:.1f} s")


def main():
    if not os.access(helper, os.X_OK):
        print(f"1..0 # SKIP {helper} not built (meson -Dtests=true)")
        return 0
    groups = apt_versions()
    timed(test_dpkg, groups)
    timed(test_rpm, groups)
    timed(test_pep440)
    timed(test_maven)
    timed(test_semver)
    print(f"1..{n}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
