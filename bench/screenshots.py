#!/usr/bin/env python3
"""Refreshes the README screenshots (.github/screenshots/*.png) from the current Atlas.

Builds the Atlas with the given atlas binary, serves the output with a plain static
server (no live-reload client), runs `examples/screenshots.rs` in headless Chromium
(home, a note in light and dark and on a 390 px phone with the menu closed, search with
results, the section map; 1280 px wide unless a phone) and shrinks each PNG with pngquant
(apt-get install pngquant) when it is installed.

    python3 bench/screenshots.py [--atlas target/release/atlas] [--out .github/screenshots]
        [--note partitioning/consistent-hashing/] [--query "consistent hash"] [--release]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lighthouse import serve  # noqa: E402  (the same gzip static server)

ROOT = Path(__file__).resolve().parent.parent


def shrink(png: Path):
    """Quantises `png` in place with pngquant (lossy palette, visually the same), if installed."""
    if not shutil.which("pngquant"):
        print(f"pngquant not installed: {png.name} left at {png.stat().st_size} B", file=sys.stderr)
        return
    before = png.stat().st_size
    subprocess.run(
        ["pngquant", "--force", "--skip-if-larger", "--strip", "--quality=70-95", "--speed=1",
         "--output", str(png), str(png)],
        check=False,
    )
    print(f"{png.name}: {before} -> {png.stat().st_size} B")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--atlas", default=str(ROOT / "target/release/atlas"), help="atlas binary")
    ap.add_argument("--out", default=str(ROOT / ".github/screenshots"))
    ap.add_argument("--note", default="partitioning/consistent-hashing/")
    ap.add_argument("--query", default="consistent hash")
    ap.add_argument("--release", action="store_true", help="build the screenshot example in release mode")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="atlas-shots-"))
    try:
        httpd = serve(tmp)
        base = f"http://127.0.0.1:{httpd.server_address[1]}/atlas/"
        subprocess.run(
            [args.atlas, "build", "-q", "--root", str(ROOT), "--base-url", base, "--output", str(tmp / "atlas")],
            check=True,
        )
        cargo = ["cargo", "run", "-q", "--example", "screenshots"] + (["--release"] if args.release else [])
        subprocess.run(cargo + ["--", base, args.note, args.query, args.out], check=True, cwd=ROOT, env=os.environ)
        for png in sorted(Path(args.out).glob("*.png")):
            shrink(png)
        httpd.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
