#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes a docker-save archive (legacy layout) whose layers are the given folders, for tests
# that need an image without a Docker daemon. Usage: mk-image.py OUT.tar [--user U] DIR...
import argparse, hashlib, io, json, os, tarfile

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--user", default="")
ap.add_argument("dirs", nargs="+")
a = ap.parse_args()
layers, diffs = [], []
for d in a.dirs:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for root, dirs, files in os.walk(d):
            dirs.sort()
            for name in sorted(dirs + files):
                full = os.path.join(root, name)
                t.add(full, arcname=os.path.relpath(full, d), recursive=False)
    data = buf.getvalue()
    layers.append(data)
    diffs.append("sha256:" + hashlib.sha256(data).hexdigest())
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": a.user},
                  "rootfs": {"type": "layers", "diff_ids": diffs}}).encode()
cname = hashlib.sha256(cfg).hexdigest() + ".json"
names = ["l%d/layer.tar" % i for i in range(len(layers))]
man = json.dumps([{"Config": cname, "RepoTags": ["test/image:1"], "Layers": names}]).encode()
with tarfile.open(a.out, "w") as t:
    for name, d in list(zip(names, layers)) + [(cname, cfg), ("manifest.json", man)]:
        i = tarfile.TarInfo(name)
        i.size = len(d)
        t.addfile(i, io.BytesIO(d))
