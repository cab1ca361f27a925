#!/usr/bin/env python3
"""Resident memory of `atlas serve`: after the first build (pages and search index
built), and after a run of saves (each waited for, search index included).

usage: bench/serve_memory.py --corpus DIR [--edits 30] [--atlas PATH] [--port 1331]
"""
import argparse
import json
import os
import pathlib
import subprocess
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


def status(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__atlas/status", timeout=5) as r:
        return json.loads(r.read())


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def settle(port, version_above, search=True, timeout=600):
    """Waits for a build newer than `version_above` and (with `search`) its search index."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            s = status(port)
            if s["version"] > version_above and (not search or s["search_version"] >= s["version"]):
                return s["version"]
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("the server did not settle")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True, help="a site root (edited, then restored)")
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--atlas", help="atlas binary (default: the release binary of this checkout)")
    ap.add_argument("--port", type=int, default=1331)
    ap.add_argument("--no-search", action="store_true", help="the site has search off: wait for pages only")
    args = ap.parse_args()
    atlas = args.atlas
    if not atlas:
        target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        atlas = str(target / "release" / "atlas")
    corpus = pathlib.Path(args.corpus)
    notes = sorted(p for p in (corpus / "content").rglob("*.md") if p.name != "_index.md")
    picked = [notes[(i * 7919) % len(notes)] for i in range(args.edits)]
    originals = {p: p.read_text() for p in picked}
    server = subprocess.Popen([atlas, "serve", "-q", "--root", str(corpus), "--port", str(args.port)],
                              stderr=subprocess.DEVNULL)
    try:
        t0 = time.time()
        version = settle(args.port, 0, not args.no_search)
        first = rss_mb(server.pid)
        print(f"{len(notes)} notes: first build and search index in {time.time() - t0:.1f} s; RSS {first:.0f} MB")
        peak = first
        for i, p in enumerate(picked):
            p.write_text(originals[p] + f"\n\nserve-memory edit {i} {time.time_ns()}\n")
            version = settle(args.port, version, not args.no_search)
            peak = max(peak, rss_mb(server.pid))
        time.sleep(1.0)
        after = rss_mb(server.pid)
        print(f"  after {len(picked)} saves (each rebuilt and indexed): RSS {after:.0f} MB (highest seen {peak:.0f} MB)")
    finally:
        for p, text in originals.items():
            p.write_text(text)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
