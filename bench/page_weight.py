#!/usr/bin/env python3
"""Bytes of CSS and JS a page of the Atlas loads, gzip, with and without search.

Builds the Atlas (or reads an already built site with --site), reads each page's HTML
for the stylesheets (<link rel="stylesheet">) and scripts (<script src>) it loads plus its
inline <script> and <style> blocks, and prints each one's gzip size (level 9, what a
static host serves). The budget, 30 kB gzip without the search client, is checked on
the named pages and on every HTML page of the site (inline JSON data, such as link previews
and JSON-LD, is shown apart and not counted); the script exits 1 when a page is over.

    python3 bench/page_weight.py [--atlas target/release/atlas] [--site DIR] [--budget 30000]

Default pages: home, a section, a note with code, a note without code.
"""
import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "section": "partitioning/",
    "note with code": "patterns/async-workers/",
    "note without code": "interview/levels-and-probes/",
}
SEARCH = ("search.js", "search.css")
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", re.I)
INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1>", re.I | re.S)
NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.I | re.S)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def local_file(site: Path, base_path: str, url: str) -> Path:
    """The built file a same-site URL (absolute or root-relative) names."""
    path = urlparse(url).path
    if path.startswith(base_path):
        path = path[len(base_path):]
    return site / path.lstrip("/")


def assets(html: str):
    """(kind, url) of every stylesheet and script file the page loads (noscript copies skipped)."""
    html = NOSCRIPT.sub("", html)
    for tag in STYLESHEET.findall(html):
        href = re.search(r"\bhref=\"([^\"]+)\"", tag)
        if href:
            yield "css", href.group(1)
    for src in SCRIPT_SRC.findall(html):
        yield "js", src


def inline_blocks(html: str):
    """(kind, bytes) of inline scripts and styles that run or apply; JSON data blocks
    (link previews, JSON-LD) are kind "data": bytes of the page, not of its code."""
    for tag, attrs, body in INLINE.findall(NOSCRIPT.sub("", html)):
        if tag.lower() == "script" and "src=" in attrs:
            continue
        if not body.strip():
            continue
        if tag.lower() == "style":
            yield "css", body.encode()
        elif "json" in attrs:
            yield "data", body.encode()
        else:
            yield "js", body.encode()


def weigh(site: Path, base_path: str, page: str):
    """Rows (name, kind, gzip bytes, is_search) for one page."""
    html = (site / page / "index.html").read_text()
    rows = []
    for kind, url in assets(html):
        f = local_file(site, base_path, url)
        name = f.name
        rows.append((name, kind, gz(f.read_bytes()), name in SEARCH))
    for i, (kind, body) in enumerate(inline_blocks(html)):
        rows.append((f"inline {kind} #{i + 1}", kind, gz(body), False))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--atlas", default=str(ROOT / "target/release/atlas"), help="atlas binary")
    ap.add_argument("--site", help="an already built site (skips the build)")
    ap.add_argument("--base-path", default="/atlas/", help="the site's base path when --site is given")
    ap.add_argument("--budget", type=int, default=30_000, help="gzip bytes of CSS+JS without search")
    args = ap.parse_args()
    tmp = None
    if args.site:
        site = Path(args.site)
        base_path = args.base_path
    else:
        tmp = Path(tempfile.mkdtemp(prefix="atlas-weight-"))
        site = tmp / "atlas"
        base_path = "/atlas/"
        subprocess.run(
            [args.atlas, "build", "-q", "--root", str(ROOT), "--base-url", "https://example.org/atlas/", "--output", str(site)],
            check=True,
        )
    try:
        over = []
        print(f"{'page':20} {'path':32} {'CSS':>7} {'JS':>7} {'total':>7} {'+search':>8} {'data':>7}   (gzip bytes)")
        for label, page in PAGES.items():
            rows = weigh(site, base_path, page)
            css = sum(r[2] for r in rows if r[1] == "css" and not r[3])
            js = sum(r[2] for r in rows if r[1] == "js" and not r[3])
            search = sum(r[2] for r in rows if r[3])
            data = sum(r[2] for r in rows if r[1] == "data")
            print(f"{label:20} {'/' + page:32} {css:>7} {js:>7} {css + js:>7} {css + js + search:>8} {data:>7}")
            print(f"{'':20} " + ", ".join(f"{n} {b}" for n, _, b, _ in rows))
            if css + js > args.budget:
                over.append(f"/{page}: {css + js} B")
        heaviest = (0, "")
        pages = sorted(p.parent for p in site.rglob("index.html"))
        for p in pages:
            rel = p.relative_to(site).as_posix()
            rel = "" if rel == "." else rel + "/"
            if "http-equiv=\"refresh\"" in (p / "index.html").read_text():
                continue
            total = sum(r[2] for r in weigh(site, base_path, rel) if r[1] != "data" and not r[3])
            heaviest = max(heaviest, (total, "/" + rel))
            if total > args.budget:
                over.append(f"/{rel}: {total} B")
        print(f"heaviest of {len(pages)} pages without search: {heaviest[1]} {heaviest[0]} B (budget {args.budget} B)")
        if over:
            print("OVER BUDGET: " + "; ".join(sorted(set(over))))
            sys.exit(1)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
