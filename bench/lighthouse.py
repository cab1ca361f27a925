#!/usr/bin/env python3
"""Lighthouse as the outside judge: builds the Atlas with an absolute base_url under a
subpath, serves it on localhost (gzip, like any static host), runs Lighthouse's mobile
defaults in headless Chromium on the home page, a section page and four notes (wide code,
a table, a case study, the note the issue measured), and
prints the four category scores per page.

    python3 bench/lighthouse.py [--atlas target/release/atlas] [--pages / /caching/ ...]

Lighthouse comes from npm into ~/.cache/lh-npm (installed on first use, outside the
repository); Chromium from CHROME_PATH (default /usr/bin/chromium).
"""
import argparse
import gzip
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "",  # home
    "partitioning/",  # a section
    "partitioning/consistent-hashing/",  # the note the issue measured
    "patterns/async-workers/",  # a note with wide code
    "caching/write-strategies/",  # a note with a table
    "case-studies/url-shortener/",  # a case study (code, tables, a diagram)
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def lighthouse_bin(prefix: Path) -> Path:
    exe = prefix / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        print(f"== installing lighthouse into {prefix}", file=sys.stderr)
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(prefix), "--no-save", "--no-audit", "--no-fund", "lighthouse"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return exe


def serve(root: Path):
    """A static server for `root` that gzips text and answers 404 with /atlas/404.html."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or not str(path).endswith(TEXT_TYPES):
                return super().send_head()
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Cache-Control", "max-age=3600")
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, 6, mtime=0)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--atlas", default=str(ROOT / "target/release/atlas"), help="atlas binary")
    ap.add_argument("--lighthouse-dir", default=str(Path.home() / ".cache/lh-npm"))
    ap.add_argument("--pages", nargs="*", default=PAGES, help="paths under the site, '' for home")
    ap.add_argument("--json", help="write all scores as JSON here")
    args = ap.parse_args()
    lh = lighthouse_bin(Path(args.lighthouse_dir))
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    tmp = Path(tempfile.mkdtemp(prefix="atlas-lh-"))
    try:
        site = tmp / "www"
        httpd = serve(site)
        port = httpd.server_address[1]
        base = f"http://127.0.0.1:{port}/atlas/"
        subprocess.run(
            [args.atlas, "build", "-q", "--root", str(ROOT), "--base-url", base, "--output", str(site / "atlas")],
            check=True,
        )
        results = {}
        print(f"{'page':40} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
        for page in args.pages:
            report = tmp / "report.json"
            env = dict(os.environ, CHROME_PATH=chrome)
            subprocess.run(
                [
                    str(lh), base + page, "--quiet", "--output=json", f"--output-path={report}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    "--only-categories=" + ",".join(CATEGORIES),
                ],
                check=True,
                env=env,
            )
            data = json.loads(report.read_text())
            scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
            failing = [
                f"{a['id']} ({a.get('displayValue', '')})".replace(" ()", "")
                for a in data["audits"].values()
                if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            ]
            results["/" + page] = {"scores": scores, "below_90": failing}
            print(f"{'/' + page:40} " + " ".join(f"{scores[c]:>5}" for c in CATEGORIES))
            if failing:
                print(f"{'':40} below 90: {', '.join(failing[:8])}")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
        httpd.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
