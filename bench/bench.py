#!/usr/bin/env python3
"""Build-time benchmark of Atlas, with Zola and Hugo side by side when installed.

usage: bench/bench.py [--notes 1000 10000] [--runs 3] [--big-runs 1] [--fresh] [--work DIR] [--gen PATH]

Generates corpora with gen_corpus.py (default: ../shared/bench/gen_corpus.py next to
the repository), builds the binary of cargo profile dist (what the Release workflow
ships; --profile release for the quicker build), and reports for each size: cold build
time (median of --runs; of --big-runs, default 1, at 10,000+ notes), ms per note, peak RSS, output bytes
and files, and Atlas's per-stage timings. Peers run on the same notes in the same run
(`--flavor zola`, `--flavor hugo`) and the ratio to Atlas is printed. Zola runs lean: its page template without the
sidebar and without a search index (the configuration the build-time targets name),
while Atlas builds with its sidebar, highlighting and search index.

Each timed run replaces the site of the run before (a warm-up build leaves one), as a
contributor rebuilding does: Zola with `--force`, Atlas by its staging swap (which
reuses unchanged files and the site it replaced last). `--fresh` instead builds into
an empty directory every run, removing the previous output outside the timing.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS MiB, stderr)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "__RSS__ %M"] + cmd, cwd=cwd, text=True, capture_output=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    rss = int(re.search(r"__RSS__ (\d+)", p.stderr).group(1)) / 1024
    return dt, rss, p.stderr


def dir_size(path):
    total = files = 0
    for dp, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(dp, f))
            files += 1
    return total, files


def gen(gen_py, n, out, flavor):
    if not (out / ".done").exists():
        if out.exists():
            shutil.rmtree(out)
        sh([sys.executable, str(gen_py), "--notes", str(n), "--out", str(out), "--flavor", flavor])
        if flavor == "zola":
            make_zola_lean(out)
        (out / ".done").write_text("ok")


def make_zola_lean(site):
    """Zola's fastest configuration, the yardstick of the build-time targets: the page
    template without its `get_section` sidebar (which makes Zola quadratic in notes)."""
    page = site / "templates" / "page.html"
    text = page.read_text()
    lean = re.sub(r"\{% set parent = get_section.*?</nav>\n", "", text, flags=re.S)
    if lean == text:
        raise SystemExit(f"{page}: sidebar block not found; gen_corpus.py changed?")
    page.write_text(lean)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-runs", type=int, default=1, help="runs at 10,000 notes and more (default 1)")
    ap.add_argument("--work", default=os.environ.get("ATLAS_BENCH_DIR", "/tmp/atlas-bench"))
    ap.add_argument("--gen", default=str(ROOT.parent / "shared" / "bench" / "gen_corpus.py"))
    ap.add_argument("--json", help="also write results as JSON to this file")
    ap.add_argument("--profile", default="dist",
                    help="cargo profile of the atlas binary timed (default: dist, the one the Release "
                         "workflow ships; release builds quicker and runs about 6%% slower)")
    ap.add_argument("--fresh", action="store_true",
                    help="build into an empty directory each run: remove the previous output (and the "
                         "site Atlas keeps for reuse) before each timed run, outside the timing")
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    gen_py = pathlib.Path(args.gen)
    if not gen_py.exists():
        raise SystemExit(f"corpus generator not found: {gen_py}")

    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    sh(["cargo", "build", "--profile", args.profile, "--quiet"], cwd=ROOT)
    atlas = str(target / args.profile / "atlas")
    peers = {name: shutil.which(name) for name in ("zola", "hugo")}
    results = []
    for n in args.notes:
        runs = args.runs if n < 10000 else args.big_runs
        corpus = work / f"atlas-{n}"
        gen(gen_py, n, corpus, "atlas")
        out = work / f"out-atlas-{n}"
        times, rss, stages = [], [], ""
        timed([atlas, "build", "-q", "--root", str(corpus), "-o", str(out)])  # warm the page cache
        for _ in range(runs):
            if args.fresh:
                for d in (out, out.parent / f".{out.name}.atlas-prev"):
                    shutil.rmtree(d, ignore_errors=True)
            dt, r, err = timed([atlas, "build", "--timings", "--root", str(corpus), "-o", str(out)])
            times.append(dt)
            rss.append(r)
            stages = err
        size, files = dir_size(out)
        med = statistics.median(times)
        row = {"tool": "atlas", "notes": n, "seconds": round(med, 3), "ms_per_note": round(med * 1000 / n, 2),
               "peak_rss_mib": round(max(rss)), "output_bytes": size, "output_files": files}
        row["stages"] = {m.group(1): float(m.group(2)) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) ms", stages, re.M)}
        results.append(row)
        for name, exe in peers.items():
            if not exe:
                continue
            pc = work / f"{name}-{n}"
            gen(gen_py, n, pc, name)
            pout = work / f"out-{name}-{n}"
            # Zola lean: no sidebar (see make_zola_lean) and no search index. Like Atlas
            # (whose output of the warm-up build is replaced each run), every tool replaces
            # an existing site: Zola with `--force`, which removes it first.
            cmd = ([exe, "--config", "config.nosearch.toml", "build", "--force", "-o", str(pout)] if name == "zola"
                   else [exe, "--quiet", "-d", str(pout)])
            timed(cmd, cwd=pc)  # warm the page cache, and leave a site to replace
            ptimes, prss = [], []
            for _ in range(runs):
                if args.fresh:
                    shutil.rmtree(pout, ignore_errors=True)
                dt, r, _ = timed(cmd, cwd=pc)
                ptimes.append(dt)
                prss.append(r)
            psize, pfiles = dir_size(pout)
            pmed = statistics.median(ptimes)
            results.append({"tool": name, "notes": n, "seconds": round(pmed, 3), "ms_per_note": round(pmed * 1000 / n, 2),
                            "peak_rss_mib": round(max(prss)), "output_bytes": psize, "output_files": pfiles,
                            "atlas_ratio": round(med / pmed, 3)})

    print(f"{'tool':<6} {'notes':>6} {'seconds':>8} {'ms/note':>8} {'peak MiB':>9} {'output MB':>10} {'files':>7} {'atlas/peer':>10}")
    for r in results:
        ratio = f"{r['atlas_ratio']:.2f}" if "atlas_ratio" in r else ""
        print(f"{r['tool']:<6} {r['notes']:>6} {r['seconds']:>8.2f} {r['ms_per_note']:>8.2f} {r['peak_rss_mib']:>9} "
              f"{r['output_bytes'] / 1e6:>10.1f} {r['output_files']:>7} {ratio:>10}")
    for r in results:
        if r.get("stages"):
            st = ", ".join(f"{k} {v:.0f}" for k, v in r["stages"].items())
            print(f"atlas {r['notes']} stages (ms): {st}")
    if not all(peers.values()):
        missing = [k for k, v in peers.items() if not v]
        print(f"(peers not installed, skipped: {', '.join(missing)}; `apt-get install hugo`; zola builds from source)")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
