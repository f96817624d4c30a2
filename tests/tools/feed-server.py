#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A tiny HTTP server for `bulwark db update` tests, on 127.0.0.1 only: serves files of ROOT with
# ETag and Last-Modified, answers If-None-Match / If-Modified-Since with 304, and fails the first
# N requests of /flaky/N/<path> with 503 (to test retries), and sends /slow/N/<path> in 20 pieces
# over N seconds (to test progress output). Writes its port to PORTFILE and logs
# "PATH STATUS" lines to LOGFILE. Stops by itself after --lifetime seconds.
import email.utils
import hashlib
import http.server
import os
import sys
import threading
import time

root, portfile, logfile = sys.argv[1], sys.argv[2], sys.argv[3]
lifetime = float(sys.argv[4]) if len(sys.argv) > 4 else 300
flaky = {}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body=b"", headers=(), slow=0):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            step = max(1, -(-len(body) // 20) if slow else len(body))
            try:
                for i in range(0, len(body), step):
                    self.wfile.write(body[i : i + step])
                    self.wfile.flush()
                    if slow:
                        time.sleep(slow / 20)
            except (BrokenPipeError, ConnectionResetError):
                status = f"{status} aborted by the client"
        with lock, open(logfile, "a") as f:
            f.write(f"{self.path} {status}\n")

    def do_GET(self):
        path = self.path.split("?")[0]
        parts = path.strip("/").split("/")
        slow = 0
        if len(parts) > 2 and parts[0] == "slow":
            slow, parts = float(parts[1]), parts[2:]
        if len(parts) > 2 and parts[0] == "flaky":
            with lock:
                left = flaky.setdefault(path, int(parts[1]))
                flaky[path] = left - 1
            if left > 0:
                return self.reply(503, b"try again")
            parts = parts[2:]
        full = os.path.realpath(os.path.join(root, *parts))
        if not full.startswith(os.path.realpath(root)) or not os.path.isfile(full):
            return self.reply(404, b"not found")
        body = open(full, "rb").read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        mtime = int(os.path.getmtime(full))
        lm = email.utils.formatdate(mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if inm == etag:
                return self.reply(304, b"", [("ETag", etag)])
        elif ims is not None:
            t = email.utils.parsedate_to_datetime(ims).timestamp()
            if mtime <= t:
                return self.reply(304, b"", [("Last-Modified", lm)])
        self.reply(200, body, [("ETag", etag), ("Last-Modified", lm)], slow)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
threading.Timer(lifetime, server.shutdown).start()
server.serve_forever()
