#!/usr/bin/env python3
"""Edit-to-reload latency of `atlas serve`: time from saving a note to the reload
signal on the live-reload WebSocket, with the updated page then served.

usage: bench/reload.py --notes 1000 [--edits 50] [--search] [--work DIR] [--gen PATH]
"""
import argparse
import base64
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


def ws_connect(port, path):
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    if b" 101 " not in buf.split(b"\r\n")[0]:
        raise SystemExit(f"websocket upgrade failed: {buf[:200]!r}")
    return s


def ws_read_text(s):
    hdr = s.recv(2)
    n = hdr[1] & 0x7F
    if n == 126:
        n = int.from_bytes(s.recv(2), "big")
    data = b""
    while len(data) < n:
        data += s.recv(n - len(data))
    return data.decode()


def status(port):
    import json
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__atlas/status") as r:
        return json.loads(r.read())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--work", default=os.environ.get("ATLAS_BENCH_DIR", "/tmp/atlas-bench"))
    ap.add_argument("--gen", default=str(ROOT.parent / "shared" / "bench" / "gen_corpus.py"))
    ap.add_argument("--port", type=int, default=1311)
    ap.add_argument("--search", action="store_true",
                    help="also wait for each edit's search index (adds its time to the run)")
    args = ap.parse_args()
    corpus = pathlib.Path(args.work) / f"reload-{args.notes}"
    if not (corpus / "content").exists():
        subprocess.run([sys.executable, args.gen, "--notes", str(args.notes), "--out", str(corpus), "--flavor", "atlas"],
                       check=True, capture_output=True)
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    server = subprocess.Popen([str(target / "release" / "atlas"), "serve", "-q", "--root", str(corpus), "--port", str(args.port)],
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", args.port)).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("server did not start")
                time.sleep(0.05)
        notes = sorted(p for p in (corpus / "content").rglob("*.md") if p.name != "_index.md")
        note = notes[len(notes) // 2]
        rel = note.relative_to(corpus / "content").with_suffix("")
        url = f"http://127.0.0.1:{args.port}/{rel.as_posix()}/"
        original = note.read_text()
        lat = []
        search_lat = []
        try:
            for i in range(args.edits):
                ws = ws_connect(args.port, "/__atlas/ws")
                time.sleep(0.05)
                marker = f"edit-marker-{i}-{time.time_ns()}"
                t0 = time.perf_counter()
                note.write_text(original + f"\n\n{marker}\n")
                msg = ws_read_text(ws)
                t1 = time.perf_counter()
                ws.close()
                body = urllib.request.urlopen(url).read().decode()
                if marker not in body:
                    raise SystemExit(f"reload signalled ({msg}) before the page had the edit")
                lat.append((t1 - t0) * 1000)
                if args.search:
                    # The search index follows the pages on a background worker.
                    want = status(args.port)["version"]
                    while status(args.port)["search_version"] < want:
                        time.sleep(0.01)
                    search_lat.append((time.perf_counter() - t0) * 1000)
                time.sleep(0.5)  # a person saves far less often; faster saves count as a burst and coalesce
        finally:
            note.write_text(original)
        lat.sort()
        p50 = statistics.median(lat)
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))]
        print(f"edit-to-reload, {args.notes} notes, {len(lat)} edits: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
              f"min {lat[0]:.0f} ms, max {lat[-1]:.0f} ms")
        if search_lat:
            search_lat.sort()
            print(f"edit-to-search-index, {args.notes} notes: p50 {statistics.median(search_lat):.0f} ms, "
                  f"max {search_lat[-1]:.0f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
