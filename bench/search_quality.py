#!/usr/bin/env python3
"""Search quality of the browser engine, with Pagefind on the same sites and queries.

usage: bench/search_quality.py [--atlas BIN] [--work DIR] [--gen PATH] [--no-pagefind]
                               [--per-query] [--json FILE] [--markdown] [--size-notes N]

Builds two sites with the atlas binary (default: $CARGO_TARGET_DIR/release/atlas, built
if missing): the Atlas (content/ of this repository) and a 1,000-note corpus from
gen_corpus.py (--flavor atlas, seed 42). Checks that every expected URL of
bench/queries.tsv (tuned) and bench/queries-heldout.tsv (held out) is a built page, runs
every query through the built site's search.js (the client bundled from static/search/)
in node (as tests/search_js.rs does), and reports
per class MRR@10, recall@5 (expected URLs found in the top 5 over min(5, expected)) and
the zero-result rate, the tuned and held-out sets apart. Pagefind (npm `pagefind`, from
$PAGEFIND_NPM, default /root/.cache/pagefind-npm) indexes the same built sites and answers
the same queries in the same run (its JS API in node, files read from disk).

--size-notes N (e.g. 10000) also builds an N-note generated corpus and reports, per
query of SIZE_QUERIES, the gzip bytes a first query fetches (a fresh engine) and the
warm query time, in node.

--per-query prints the tuned set's misses only: the held-out set is reported in
aggregate, never query by query, so it stays untouched while tuning.
"""
import argparse
import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PF_NPM = pathlib.Path(os.environ.get("PAGEFIND_NPM", "/root/.cache/pagefind-npm"))

ATLAS_RUNNER = r"""
const s = require(process.argv[2]);
const fs = require('fs'), path = require('path');
const site = process.argv[3], queries = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
const e = s.createEngine(u => Promise.resolve(fs.readFileSync(path.join(site, u), 'utf8')), 'search/manifest.json');
(async () => {
  const out = [];
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    const r = await e.search(q, { limit: 10 });
    const t1 = process.hrtime.bigint();
    await e.search(q, { limit: 10 });
    const t2 = process.hrtime.bigint();
    out.push({ q, urls: r.map(x => x.url), cold_ms: Number(t1 - t0) / 1e6, warm_ms: Number(t2 - t1) / 1e6 });
  }
  console.log(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
"""

PAGEFIND_RUNNER = r"""
const fs = require('fs'), path = require('path');
const [,, bundle, qfile] = process.argv;
const queries = JSON.parse(fs.readFileSync(qfile, 'utf8'));
globalThis.window = globalThis;
globalThis.location = new URL('http://localhost/');
globalThis.document = { currentScript: null, querySelector: () => null };
// Pagefind fetches its files relative to its script: serve them from the bundle on disk.
globalThis.fetch = async (u) => {
  const p = new URL(u, 'http://localhost/pagefind/').pathname.replace(/^\/pagefind\//, '');
  const bytes = fs.readFileSync(path.join(bundle, decodeURIComponent(p)));
  return new Response(bytes, { status: 200 });
};
(async () => {
  const src = fs.readFileSync(path.join(bundle, 'pagefind.js'), 'utf8')
    .replace(/import\.meta\.url/g, JSON.stringify('http://localhost/pagefind/pagefind.js'));
  const mod = path.join(bundle, '..', 'pagefind-node.mjs');
  fs.writeFileSync(mod, src);
  const pf = await import(mod);
  await pf.options({ basePath: 'http://localhost/pagefind/' });
  await pf.init();
  const out = [];
  for (const q of queries) {
    const r = await pf.search(q);
    const data = await Promise.all((r ? r.results : []).slice(0, 10).map(x => x.data()));
    out.push({ q, urls: data.map(d => d.url) });
  }
  console.log(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
"""


SIZE_QUERIES = {
    "one word": ["replica", "tombstone", "checkpoint", "kubernetes", "latency"],
    "two words": ["journal placement", "rate limited", "consistent hashing", "write ahead"],
    "three words": ["scaling tombstones commit", "debugging backpressured consumers", "tuning controller namespaces"],
    "question": ["how does the broker handle quorums", "what is a write-ahead log"],
    "comparison": ["mutex vs namespace", "difference between cursor and artifact"],
    "typo / run-together": ["journal placment", "ratelimited workers"],
}

SIZE_RUNNER = r"""
const s = require(process.argv[2]);
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const site = process.argv[3], queries = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
(async () => {
  const out = [];
  for (const q of queries) {
    let bytes = 0, files = 0;
    const e = s.createEngine(u => { const t = fs.readFileSync(path.join(site, u)); bytes += zlib.gzipSync(t, { level: 9 }).length; files++; return Promise.resolve(t.toString('utf8')); }, 'search/manifest.json');
    await e.search(q, { limit: 10 });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) await e.search(q, { limit: 10 });
    out.push({ q, bytes, files, warm_ms: Number(process.hrtime.bigint() - t0) / 5e6 });
  }
  console.log(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
"""


def sh(cmd, **kw):
    p = subprocess.run(cmd, text=True, capture_output=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return p.stdout


def read_queries(path):
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        corpus, cls, q, expected = line.split("\t")
        rows.append({"corpus": corpus, "class": cls, "q": q, "expected": expected.split()})
    return rows


def url_matches(url, expected):
    return any(url.startswith(e) for e in expected)


def score(row, urls):
    """(reciprocal rank within 10, recall@5, zero results)."""
    rr = 0.0
    for i, u in enumerate(urls[:10]):
        if url_matches(u, row["expected"]):
            rr = 1.0 / (i + 1)
            break
    top5 = urls[:5]
    found = sum(1 for e in row["expected"] if any(u.startswith(e) for u in top5))
    return rr, found / min(5, len(row["expected"])), not urls


def page_exists(site, url):
    path = url.split("#")[0].strip("/")
    return (site / path / "index.html").exists() or (site / path).is_file()


def run_node(script, args, work, name):
    f = work / f"{name}.js"
    f.write_text(script)
    return json.loads(sh(["node", str(f)] + [str(a) for a in args]))


def summarize(rows, results):
    """{(set, class): (n, mrr, recall, zero)} plus ('set', 'all')."""
    acc = collections.defaultdict(list)
    for row in rows:
        urls = results[(row["corpus"], row["q"])]
        s = score(row, urls)
        for key in [(row["set"], row["class"]), (row["set"], "ALL"), (row["set"], row["corpus"] + ":ALL")]:
            acc[key].append(s)
    out = {}
    for k, v in acc.items():
        n = len(v)
        out[k] = (n, sum(x[0] for x in v) / n, sum(x[1] for x in v) / n, sum(x[2] for x in v) / n)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--atlas", help="atlas binary (default: release build of this tree)")
    ap.add_argument("--work", default=os.environ.get("ATLAS_BENCH_DIR", "/tmp/atlas-search-quality"))
    ap.add_argument("--gen", default=str(ROOT.parent / "shared" / "bench" / "gen_corpus.py"))
    ap.add_argument("--no-pagefind", action="store_true")
    ap.add_argument("--per-query", action="store_true", help="print the tuned set's misses")
    ap.add_argument("--json", help="write the summary as JSON")
    ap.add_argument("--markdown", action="store_true", help="print the summary as a Markdown table")
    ap.add_argument("--size-notes", type=int, help="also measure first-query bytes at this many notes")
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    atlas = args.atlas
    if not atlas:
        target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
        atlas = str(target / "release" / "atlas")

    gen_dir = work / "gen1k"
    if not (gen_dir / ".done").exists():
        if gen_dir.exists():
            shutil.rmtree(gen_dir)
        sh([sys.executable, args.gen, "--notes", "1000", "--out", str(gen_dir), "--flavor", "atlas"])
        (gen_dir / ".done").write_text("ok")
    sites = {"atlas": work / "site-atlas", "gen": work / "site-gen"}
    sh([atlas, "build", "-q", "--root", str(ROOT), "-o", str(sites["atlas"])])
    sh([atlas, "build", "-q", "--root", str(gen_dir), "-o", str(sites["gen"])])

    rows = []
    for name, path in [("tuned", ROOT / "bench" / "queries.tsv"), ("heldout", ROOT / "bench" / "queries-heldout.tsv")]:
        for r in read_queries(path):
            r["set"] = name
            rows.append(r)
    bad = [r for r in rows for e in r["expected"] if not page_exists(sites[r["corpus"]], e)]
    if bad:
        raise SystemExit("expected URLs that are not built pages:\n" + "\n".join(f"{r['q']}: {r['expected']}" for r in bad))

    engines = {"atlas": {}, "pagefind": {}}
    timings = []
    for corpus, site in sites.items():
        qs = sorted({r["q"] for r in rows if r["corpus"] == corpus})
        qfile = work / f"queries-{corpus}.json"
        qfile.write_text(json.dumps(qs))
        for res in run_node(ATLAS_RUNNER, [site / "search.js", site, qfile], work, "atlas-runner"):
            engines["atlas"][(corpus, res["q"])] = res["urls"]
            timings.append(res["warm_ms"])
        if not args.no_pagefind:
            pf_dir = site / "pagefind"
            npx = PF_NPM / "node_modules" / ".bin" / "pagefind"
            if not npx.exists():
                raise SystemExit(f"pagefind not installed: npm install pagefind --prefix {PF_NPM} (or --no-pagefind)")
            sh([str(npx), "--site", str(site), "--output-path", str(pf_dir)])
            for res in run_node(PAGEFIND_RUNNER, [pf_dir, qfile], work, "pagefind-runner"):
                engines["pagefind"][(corpus, res["q"])] = res["urls"]
    if args.no_pagefind:
        del engines["pagefind"]

    summary = {name: summarize(rows, res) for name, res in engines.items()}
    classes = sorted({k[1] for s in summary.values() for k in s}, key=lambda c: (c.endswith("ALL"), c))
    lines = []
    if args.markdown:
        lines.append("| set | class | n | " + " | ".join(f"{e} MRR@10 | {e} R@5 | {e} zero" for e in summary) + " |")
        lines.append("|---|---|---:|" + "---:|---:|---:|" * len(summary))
    else:
        lines.append(f"{'set':<8} {'class':<12} {'n':>4} " + " ".join(f"{e + ' MRR':>13} {'R@5':>6} {'zero':>6}" for e in summary))
    for st in ["tuned", "heldout"]:
        for c in classes:
            if (st, c) not in summary["atlas"]:
                continue
            n = summary["atlas"][(st, c)][0]
            cells = [summary[e][(st, c)][1:] for e in summary]
            if args.markdown:
                lines.append(f"| {st} | {c} | {n} | " + " | ".join(f"{m:.3f} | {r:.3f} | {z:.3f}" for m, r, z in cells) + " |")
            else:
                lines.append(f"{st:<8} {c:<12} {n:>4} " + " ".join(f"{m:>13.3f} {r:>6.3f} {z:>6.3f}" for m, r, z in cells))
    print("\n".join(lines))
    timings.sort()
    print(f"atlas warm query (node, 1,000 notes and the Atlas): median {timings[len(timings) // 2]:.2f} ms, "
          f"max {timings[-1]:.2f} ms")
    if args.per_query:
        print("\ntuned-set misses (atlas: expected not first):")
        for r in rows:
            if r["set"] != "tuned":
                continue
            urls = engines["atlas"][(r["corpus"], r["q"])]
            rr, rec, zero = score(r, urls)
            if rr < 1 or rec < 1:
                print(f"  [{r['corpus']}/{r['class']}] {r['q']!r}: rr {rr:.2f} r@5 {rec:.2f} want {r['expected']} got {urls[:4]}")
    if args.size_notes:
        n = args.size_notes
        big = work / f"gen{n}"
        if not (big / ".done").exists():
            if big.exists():
                shutil.rmtree(big)
            sh([sys.executable, args.gen, "--notes", str(n), "--out", str(big), "--flavor", "atlas"])
            (big / ".done").write_text("ok")
        site = work / f"site-gen{n}"
        sh([atlas, "build", "-q", "--root", str(big), "-o", str(site)])
        qs = [q for group in SIZE_QUERIES.values() for q in group]
        qfile = work / "queries-size.json"
        qfile.write_text(json.dumps(qs))
        res = {r["q"]: r for r in run_node(SIZE_RUNNER, [site / "search.js", site, qfile], work, "size-runner")}
        print(f"\nfirst query at {n:,} notes (gzip bytes fetched, files) and warm query (node):")
        for name, group in SIZE_QUERIES.items():
            for q in group:
                r = res[q]
                print(f"  {name:<20} {q!r:<42} {r['bytes'] / 1000:>7.1f} kB {r['files']:>3} files {r['warm_ms']:>7.2f} ms")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {e: {f"{k[0]}/{k[1]}": {"n": v[0], "mrr10": round(v[1], 4), "recall5": round(v[2], 4), "zero": round(v[3], 4)}
                 for k, v in s.items()} for e, s in summary.items()}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
