// Atlas search client, part 2 of 3: the engine. It fetches the index files a query
// needs (manifest, postings shards, word lists, tails, records) and ranks records with
// the scores the build computed. Uses the analyzer of analyze.js.

// A comparison's results: first up to two leading records covering both sides, then
// the best of each side in turn, then the other records covering both; each record once.
function interleave(lead, left, right, both, limit) {
  var out = [], seen = {};
  function take(h) { if (h && !seen[h.rec] && out.length < limit) { seen[h.rec] = 1; out.push(h); } }
  lead.slice(0, 2).forEach(take);
  for (var i = 0; i < Math.max(left.length, right.length); i++) { take(left[i]); take(right[i]); }
  both.forEach(take);
  return out;
}

// ---- Dictionary helpers ----
function decode(text) {
  var terms = [], prev = "";
  text.split("\n").forEach(function (line) {
    if (!line) return;
    var shared = line.charCodeAt(0) - 48;
    var t = (shared ? Array.from(prev).slice(0, shared).join("") : "") + line.slice(1);
    terms.push(t); prev = t;
  });
  return terms;
}
function lowerBound(a, x) { var lo = 0, hi = a.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; } return lo; }
// Edit distance with adjacent transpositions (optimal string alignment) if <= max, else -1.
function within(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return -1;
  var pp = null, prev = [], cur, i, j;
  for (j = 0; j <= b.length; j++) prev[j] = j;
  for (i = 1; i <= a.length; i++) {
    cur = [i]; var best = i;
    for (j = 1; j <= b.length; j++) {
      var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (pp && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, pp[j - 2] + 1);
      cur[j] = v; if (v < best) best = v;
    }
    if (best > max) return -1;
    pp = prev; prev = cur;
  }
  return prev[b.length] <= max ? prev[b.length] : -1;
}
// Words one edit (delete, transpose, replace, insert a letter) away from `w`.
function edits1(w) {
  var out = [], az = "abcdefghijklmnopqrstuvwxyz", i, k;
  for (i = 0; i < w.length; i++) {
    out.push(w.slice(0, i) + w.slice(i + 1));
    if (i + 1 < w.length) out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    for (k = 0; k < 26; k++) if (az[k] !== w[i]) out.push(w.slice(0, i) + az[k] + w.slice(i + 1));
  }
  for (i = 0; i <= w.length; i++) for (k = 0; k < 26; k++) out.push(w.slice(0, i) + az[k] + w.slice(i));
  return out;
}
// ---- The engine: index files in, ranked results out ----
// Scores are computed at build time (BM25 per field with the field boosts, summed over
// fields, like tantivy); a posting carries q = round(scale * ln(1 + score)). Shards
// hold a range of the sorted terms with each term's best postings (its head); the
// others (its tail, none better than `tail_max`) are fetched only when the heads cannot
// decide the top results. Word lists (per shard, and by first letter and length) are
// fetched only to correct a typo or cut a run-together word.
// `options.exhaustive`: always fetch the tails (tests compare it with the tiered answer).
function createEngine(fetchText, manifestUrl, options) {
  var exhaustive = !!(options && options.exhaustive);
  var base = manifestUrl.replace(/[^/]*$/, "");
  var manifest = null, files = {}, shards = {}, tails = {}, fetchedTails = {}, posns = {}, ready = null, scoreOf = [];
  var merged = new Map(); // group signature -> { sc, who, touched, bound }, the 12 last used
  // Score arrays (one slot per record) of finished queries' groups, cleared for reuse:
  // a query's groups would otherwise allocate a megabyte or so each time.
  var pool = [];
  function release(group) {
    if (group.kept || !group.sc) return;
    var sc = group.sc, who = group.who, touched = group.touched;
    for (var j = 0; j < touched.length; j++) { sc[touched[j]] = 0; who[touched[j]] = 0; }
    group.sc = group.who = null;
    if (pool.length < 16) pool.push({ sc: sc, who: who });
  }
  function load() {
    if (!ready) ready = fetchText(manifestUrl).then(function (t) {
      manifest = JSON.parse(t);
      base = base + manifest.dir + "/";
    }, function (e) { ready = null; throw e; });
    return ready;
  }
  function file(name) {
    if (!files[name]) files[name] = fetchText(base + name).then(JSON.parse, function (e) { delete files[name]; throw e; });
    return files[name];
  }
  function score(q) { return scoreOf[q] || (scoreOf[q] = Math.exp(q / manifest.scale) - 1); }
  function last(a, ok) { var lo = 0, hi = a.length - 1; while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ok(a[mid])) lo = mid; else hi = mid - 1; } return lo; }
  function shardOfTerm(t) { return last(manifest.first, function (f) { return f <= t; }); }
  function shardOfNum(i) { return last(manifest.shards, function (s) { return s <= i; }); }
  // Shard k: { terms, heads: [[tail, tail_max, pos file, tail pos file, postings], ...] }.
  function shard(k) {
    if (!shards[k]) shards[k] = file("s" + k + ".json").then(function (s) { return { terms: decode(s.t), heads: s.p }; });
    return shards[k];
  }
  // Postings from their string: a character per record delta, then one per q (each
  // the code point 0x30 + value, stepping over the surrogates).
  function pairs(text) {
    var vals = [], i, c;
    for (i = 0; i < text.length; i++) {
      c = text.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00) c = ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00) + 0x10000;
      vals.push(c >= 0xe000 ? c - 0x830 : c - 0x30);
    }
    var n = vals.length >> 1, recs = new Int32Array(n), sc = new Float64Array(n), rec = 0;
    for (var j = 0; j < n; j++) { rec += vals[j]; recs[j] = rec; sc[j] = score(vals[n + j]); }
    return { recs: recs, sc: sc };
  }
  // Head postings of term number i: { recs, sc (scores), tail (file + 1, 0: none), tmax, pfile, xfile }.
  function head(i) {
    var k = shardOfNum(i);
    return shard(k).then(function (s) {
      var e = s.heads[i - manifest.shards[k]];
      if (!e.h) { e.h = pairs(e[4]); e.h.tail = e[0]; e.h.tmax = e[1]; e.h.pfile = e[2]; e.h.xfile = e[3]; }
      return e.h;
    });
  }
  function tail(i, h) {
    if (!tails[i]) tails[i] = file("t" + (h.tail - 1) + ".json").then(function (f) { return (fetchedTails[i] = pairs(f[String(i)] || "")); });
    return tails[i];
  }
  // Positions of term number i in its head (or tail) records: { rec: [positions] }.
  function positions(i, h, tailPart) {
    var key = (tailPart ? "x" : "p") + i;
    if (!posns[key]) posns[key] = file((tailPart ? "x" + h.xfile : "p" + h.pfile) + ".json").then(function (f) {
      var a = f[String(i)] || [], pos = {}, p = 0, rec = 0;
      while (p < a.length) {
        rec += a[p]; var kept = a[p + 1], list = [], x = 0;
        for (var j = 0; j < kept; j++) { x += a[p + 2 + j]; list.push(x); }
        pos[rec] = list; p += 2 + kept;
      }
      return pos;
    });
    return posns[key];
  }
  function record(r) {
    var c = Math.floor(r / manifest.chunk);
    return file("r" + c + ".json").then(function (rows) { return rows[r % manifest.chunk]; });
  }
  // Term numbers of `t` exactly ([] or [[i, t]]) or, with `max`, of up to `max` terms
  // starting with it. A word (not a pair term) is first looked up in its shard's word
  // list: when no word matches, the postings shard is not fetched (pair terms matching
  // a prefix are never used).
  function find(t, max) {
    if (t.indexOf("_") >= 0) return findTerms(t, max);
    var k = shardOfTerm(t);
    return wordList(k).then(function (set) {
      var more = max && k + 1 < manifest.first.length && manifest.first[k + 1].lastIndexOf(t, 0) === 0;
      var any = set.has(t);
      if (max && !any) set.forEach(function (w) { if (w.lastIndexOf(t, 0) === 0) any = true; });
      return any || more ? findTerms(t, max) : [];
    });
  }
  function findTerms(t, max) {
    var out = [];
    function from(k) {
      return shard(k).then(function (s) {
        for (var j = lowerBound(s.terms, t); j < s.terms.length && out.length < (max || 1); j++) {
          if (max ? s.terms[j].lastIndexOf(t, 0) !== 0 : s.terms[j] !== t) return out;
          out.push([manifest.shards[k] + j, s.terms[j]]);
        }
        // The run of matches may go on in the next shard.
        return out.length < (max || 1) && max && k + 1 < manifest.first.length && manifest.first[k + 1].lastIndexOf(t, 0) === 0 ? from(k + 1) : out;
      });
    }
    return from(shardOfTerm(t));
  }
  // Words (not pair terms) of shard k, as a Set: whether a word is in the dictionary
  // costs the small word list of the shard the manifest routes it to.
  var lists = {};
  function wordList(k) {
    if (!lists[k]) lists[k] = fetchText(base + "w" + k + ".txt").then(function (t) { return new Set(decode(t)); }, function (e) { delete lists[k]; throw e; });
    return lists[k];
  }
  function isWord(t) { return wordList(shardOfTerm(t)).then(function (set) { return set.has(t); }); }
  // Typo bucket k: words by first letter, then length.
  var buckets = {};
  function bucket(k) {
    if (!buckets[k]) buckets[k] = fetchText(base + "f" + k + ".txt").then(decode, function (e) { delete buckets[k]; throw e; });
    return buckets[k];
  }
  // The typo buckets holding the words that start with `letter` and have lo..hi
  // characters (manifest keys: a letter, then a length).
  var typoKeys = null;
  function typoFiles(letter, lo, hi) {
    var keys = typoKeys || (typoKeys = manifest.typos.map(function (k) { var c = String.fromCodePoint(k.codePointAt(0)); return [c, +k.slice(c.length)]; }));
    function le(a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]); }
    var out = [];
    for (var k = 0; k < keys.length; k++) if (le(keys[k], [letter, hi]) && (k + 1 === keys.length || le([letter, lo], keys[k + 1]))) out.push(k);
    return out;
  }
  // Typo candidates of a query word, [term number, weight, distance, word, term]: the
  // stems of words one edit from the raw word, and the words within edit distance 1
  // (4+ letters) or 2 (8+) of its stem, among the words that share its first letter
  // (the typo buckets of that letter and the lengths these can have).
  var fuzzed = {};
  function fuzzy(word) {
    var max = word.raw.length >= 8 ? 2 : word.raw.length >= 4 ? 1 : 0;
    if (!max) return Promise.resolve([]);
    if (fuzzed[word.raw]) return fuzzed[word.raw];
    var letter = String.fromCodePoint(word.term.codePointAt(0)), size = Array.from(word.term).length;
    var near = new Map(), lengths = [], files = [];
    function need(n) { if (lengths.indexOf(n) < 0) lengths.push(n); }
    for (var n = size - max; n <= size + max; n++) need(n);
    edits1(word.raw).forEach(function (w) {
      var t = stem(w);
      if (t.lastIndexOf(letter, 0) === 0 && !near.has(t)) { near.set(t, w); need(Array.from(t).length); }
    });
    lengths.forEach(function (n) { typoFiles(letter, n, n).forEach(function (k) { if (files.indexOf(k) < 0) files.push(k); }); });
    return (fuzzed[word.raw] = Promise.all(files.map(bucket)).then(function (got) {
      var words = new Set(), found = new Set(), out = [];
      got.forEach(function (list) { list.forEach(function (t) { words.add(t); }); });
      near.forEach(function (w, t) { if (words.has(t)) { found.add(t); out.push([0, 0.5, 1, w, t]); } });
      words.forEach(function (t) {
        if (found.has(t) || Math.abs(t.length - word.term.length) > max) return;
        var dist = within(word.term, t, max);
        if (dist > 0) { found.add(t); out.push([0, dist === 1 ? 0.5 : 0.3, dist, t, t]); }
      });
      out.sort(function (a, b) { return a[2] - b[2] || (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0); });
      return Promise.all(out.slice(0, 8).map(function (x) { return find(x[4]).then(function (f) { x[0] = f[0][0]; return x; }); }));
    }, function (e) { delete fuzzed[word.raw]; throw e; }));
  }
  // Whether term number n is a long word (8+ letters) in at most five records.
  function rare(n, word) {
    if (word.raw.length < 8) return Promise.resolve(false);
    return head(n).then(function (h) { return !h.tail && h.recs.length <= 5; });
  }
  function notPair(x) { return x[1].indexOf("_") < 0; }
  // The best way to cut a run-together word in two dictionary terms ("eventsourcing"
  // → event, sourcing): [[term number, term], [term number, term]] or null. The cut
  // whose shorter side is longest wins. The heads' word lists first (they share the
  // word's first letters), then the tails' of the heads that are words.
  function split(word) {
    if (word.raw.length < 5 || word.phrase) return Promise.resolve(null);
    var cuts = [];
    for (var i = 2; i <= word.raw.length - 2; i++) cuts.push({ k: Math.min(i, word.raw.length - i), a: stem(word.raw.slice(0, i)), b: stem(word.raw.slice(i)) });
    return Promise.all(cuts.map(function (c) { return isWord(c.a); })).then(function (heads) {
      cuts = cuts.filter(function (c, i) { return heads[i]; });
      return Promise.all(cuts.map(function (c) { return isWord(c.b); }));
    }).then(function (tails) {
      var best = null;
      cuts.forEach(function (c, i) { if (tails[i] && (!best || c.k > best.k)) best = c; });
      if (!best) return null;
      return Promise.all([find(best.a), find(best.b)]).then(function (f) { return [f[0][0], f[1][0]]; });
    });
  }
  // Dictionary alternatives of one query word: { n: term number, w: weight, terms }
  // or, for a word cut in two, { parts: [n, n], w, terms }. Exact (weight 1); the word
  // being typed also as a prefix; when the word itself is not in the dictionary, typos
  // (0.5, 0.3) and its cut in two dictionary words (0.9).
  function expand(word) {
    var out = [], seen = {};
    function add(list, w) { list.forEach(function (x) { if (!seen[x[0]]) { seen[x[0]] = 1; out.push({ n: x[0], w: w, terms: [x[1]] }); } }); }
    function addCut(cut) { if (cut) out.push({ parts: [cut[0][0], cut[1][0]], w: 0.9, terms: [cut[0][1], cut[1][1]] }); }
    var jobs = [find(word.term).then(function (x) { add(x, 1); return x; })];
    if (word.pair) return jobs[0].then(function () { return out; });
    if (!word.phrase && word.prefix && word.raw.length >= 2) {
      jobs.push(find(word.term, 12), find(word.raw, 12));
      // "partiti" is on its way to "partition", whose stem "partit" is shorter.
      for (var cut = word.raw.length - 1; cut >= Math.max(3, word.raw.length - 3); cut--) jobs.push(find(word.raw.slice(0, cut)));
    }
    return Promise.all(jobs).then(function (found) {
      for (var j = 1; j < found.length; j++) add(found[j].filter(notPair), j < 3 ? 0.7 : 0.8);
      function longer(x) { return notPair(x) && x[1] !== word.term; }
      var extended = found.length > 1 && (found[1].some(longer) || found[2].some(longer));
      if (word.phrase || word.stop || extended) return out;
      if (found[0].length) return rare(found[0][0][0], word).then(function (r) {
        // A long word found in only a record or two may be two words run together
        // ("eventsourcing" is also a stem of "EventSource").
        return !r ? out : split(word).then(function (cut) { addCut(cut); return out; });
      });
      return Promise.all([split(word), fuzzy(word)]).then(function (more) {
        addCut(more[0]);
        more[1].forEach(function (x) { add([[x[0], x[4]]], x[1]); });
        return out;
      });
    });
  }
  // Words of the query written apart that the dictionary has as one ("back pressure"
  // → backpressure, "hyper log log" → hyperloglog): [{ groups, n, term }].
  function joins(parsed) {
    var seq = parsed.sequence, jobs = [];
    for (var i = 0; i < seq.length; i++) {
      for (var len = 2; len <= 3 && i + len <= seq.length; len++) {
        var span = seq.slice(i, i + len);
        if (span.some(function (s) { return s.side !== span[0].side; })) break;
        var raw = span.map(function (s) { return s.raw; }).join(""), t = stem(raw);
        if (byteLen(raw) >= 40) break;
        jobs.push(find(t).then(function (span, t, x) {
          return x.length ? { groups: span.map(function (s) { return s.group; }), n: x[0][0], term: t } : null;
        }.bind(null, span, t)));
      }
    }
    return Promise.all(jobs).then(function (all) { return all.filter(Boolean); });
  }
  // Records holding every part of a cut word: the parts' head postings intersected,
  // scores summed.
  function intersect(lists) {
    var a = lists[0], b = lists[1], recs = [], sc = [], i = 0, j = 0;
    while (i < a.recs.length && j < b.recs.length) {
      if (a.recs[i] < b.recs[j]) i++;
      else if (a.recs[i] > b.recs[j]) j++;
      else { recs.push(a.recs[i]); sc.push(a.sc[i] + b.sc[j]); i++; j++; }
    }
    return { recs: recs, sc: sc, tail: 0 };
  }
  function parse(q) { return readQuery(q); }
  // Keeps a large group's merged postings for later queries with the same alternatives.
  function keep(group) {
    group.kept = { sc: group.sc, who: group.who, touched: group.touched, bound: group.bound, top: group.top };
    merged.set(group.sig, group.kept);
    if (merged.size > 12) merged.delete(merged.keys().next().value);
  }
  // Adds an alternative's postings to its group: per record, the best alternative.
  // Also keeps the group's best score (`top`, on the kept state when there is one: groups
  // sharing it see every merge), which bounds what the group can add to any record, and
  // notes a record a later alternative holds with the same score (`tied`): merged in
  // alternatives' order, the earlier one would hold it.
  function merge(group, a, list) {
    var sc = group.sc, who = group.who, recs = list.recs, ls = list.sc, w = a.w, top = topOf(group), mine = a.k + 1;
    for (var j = 0; j < recs.length; j++) {
      var r = recs[j], s = w * ls[j];
      if (s > sc[r]) { if (!who[r]) group.touched.push(r); sc[r] = s; who[r] = mine; if (s > top) top = s; }
      else if (s === sc[r] && who[r] > mine) group.tied = true;
    }
    group.top = top;
    if (group.kept) group.kept.top = top;
  }
  function topOf(group) { return group.kept ? group.kept.top : group.top; }
  // Ranking key: in "cover" mode, records matching more of the required words come
  // first (a single rare word does not beat a record with the content words).
  var COVER = 1e6;
  // The top `limit` records from what is known, and whether that is certainly the top:
  // a record missing from a group with an unfetched tail may still gain up to its bound.
  // mode "all": every required group must match; "cover": any, most groups first;
  // "coord": any, the score times the share of required groups matched.
  // The work is in small functions over one Ranking (the same shape every call), so the
  // JIT optimizes them within a query or two: warm queries run them from the first.
  function rank(groups, mode, limit, phraseOk) {
    var k = new Ranking(groups, mode, limit, phraseOk);
    // The candidates, each once: the base group's records, else those of the required
    // groups and, when a required group has an unfetched tail, of the optional ones too
    // (a record outside every required group only bounds the rest then). The required
    // groups' lists are walked shortest first: a record first met in a later list is
    // missing from the earlier ones, so a whole list (and every one after it) is passed
    // over when such a record cannot reach the hits.
    var lists = k.base >= 0 ? [k.base] : k.unseenGroups ? k.required.concat(k.optional) : k.required;
    for (var li = 0; li < lists.length; li++) {
      if (li && k.hits.length === limit && reach(k, firstMet(k, li), firstMetCount(k, li)) < k.floor) break;
      walk(k, lists, li);
    }
    var upper = k.upper, floor = k.floor, unseen = k.unseen, unseenPossible = k.unseenPossible;
    var exact = upper === 0 && !unseenPossible ? true : k.hits.length === limit && floor >= upper && (!unseenPossible || floor >= unseen);
    return { hits: k.hits, exact: exact };
  }
  function Ranking(groups, mode, limit, phraseOk) {
    var requireAll = mode === "all", cover = mode === "cover", coord = mode === "coord";
    var anyRequired = groups.some(function (group) { return !group.optional; });
    var whos = [], scores = [], bounds = [], reqs = [], required = [], optional = [];
    var unseen = 0, unseenGroups = 0, unseenPossible = requireAll, base = -1;
    var optMax = 0; // at most what the optional groups add to a record
    groups.forEach(function (group, gi) {
      group.req = !group.optional || !anyRequired;
      whos.push(group.who); scores.push(group.sc); bounds.push(group.bound); reqs.push(group.req);
      if (group.req) required.push(gi);
      else { optional.push(gi); optMax += Math.max(topOf(group), group.bound); }
      unseen += group.bound;
      if (group.bound && group.req) unseenGroups++;
      if (requireAll && group.req && !group.bound) {
        unseenPossible = false;
        // Every record that can pass is in this fully known group: look at its records only.
        if (base < 0 || group.touched.length < groups[base].touched.length) base = gi;
      }
    });
    var nReq = required.length || 1;
    if (!requireAll) unseenPossible = unseen > 0;
    if (cover) unseen += unseenGroups * COVER;
    if (coord) unseen = unseen * unseenGroups / nReq;
    required.sort(function (a, b) { return groups[a].touched.length - groups[b].touched.length || a - b; });
    this.groups = groups; this.limit = limit; this.phraseOk = phraseOk;
    this.requireAll = requireAll; this.cover = cover; this.coord = coord;
    this.whos = whos; this.scores = scores; this.bounds = bounds; this.reqs = reqs;
    this.required = required; this.optional = optional; this.nReq = nReq; this.optMax = optMax;
    this.base = base; this.unseen = unseen; this.unseenGroups = unseenGroups; this.unseenPossible = unseenPossible;
    this.hits = []; // the best `limit` complete records, best first
    this.floor = 0; // the last hit's key once there are `limit`
    this.upper = 0; // the most an incomplete record may still reach
  }
  function better(key, rec, b) { return key > b.key || (key === b.key && rec < b.rec); }
  // Record r: into the hits when it is complete, else what it may still reach into `upper`.
  function consider(k, r) {
    var whos = k.whos, scores = k.scores, bounds = k.bounds, reqs = k.reqs, requireAll = k.requireAll;
    var known = 0, missing = 0, sure = true, cov = 0, maybe = 0;
    for (var gi = 0; gi < whos.length; gi++) {
      if (whos[gi][r]) { known += scores[gi][r]; if (reqs[gi]) cov++; }
      else if (bounds[gi]) { sure = false; missing += bounds[gi]; if (reqs[gi]) maybe++; }
      else if (requireAll && reqs[gi]) return;
    }
    if (!requireAll && !cov && !maybe) return;
    var key = k.coord ? known * cov / k.nReq : known + (k.cover ? cov * COVER : 0);
    var most = k.coord ? (known + missing) * (cov + maybe) / k.nReq : key + missing + (k.cover ? maybe * COVER : 0);
    if (sure) {
      var hits = k.hits, limit = k.limit;
      if (!requireAll && !cov) return;
      if (hits.length === limit && !better(key, r, hits[limit - 1])) return;
      // Every phrase word's positions in a record known to hold them all are loaded.
      if (k.phraseOk && !k.phraseOk(r)) return;
      var at = hits.length;
      while (at > 0 && better(key, r, hits[at - 1])) at--;
      hits.splice(at, 0, { rec: r, score: known, key: key });
      if (hits.length > limit) hits.pop();
      if (hits.length === limit) k.floor = hits[limit - 1].key;
    } else if (most > k.upper) k.upper = most;
  }
  // At most what `consider` can find for a record (its key and what it may reach) with
  // `reqSum` of its required groups' scores and bounds, `cnt` of them held or unfetched:
  // the optional groups count their best. A hair above, for rounding.
  function reach(k, reqSum, cnt) {
    var sum = reqSum + k.optMax;
    return (k.coord ? sum * cnt / k.nReq : sum + (k.cover ? cnt * COVER : 0)) * (1 + 1e-9);
  }
  // For a record first met in list li (so in none of the required groups listed
  // before it): its required groups' best scores and bounds, and how many it may cover.
  // Past the required lists (an optional list), it is in no required group at all.
  function firstMet(k, li) {
    var sum = 0, required = k.required, bounds = k.bounds;
    for (var q = 0; q < required.length; q++) sum += q < li ? bounds[required[q]] : Math.max(topOf(k.groups[required[q]]), bounds[required[q]]);
    return sum;
  }
  function firstMetCount(k, li) {
    var n = 0, required = k.required;
    for (var q = 0; q < required.length; q++) if (q >= li || k.bounds[required[q]]) n++;
    return n;
  }
  // The records of list li not in a list before it. Once the hits are full, a record
  // that cannot reach the last of them is passed over after a look at the required
  // groups alone: questions have large optional (stop word) groups.
  function walk(k, lists, li) {
    var whos = k.whos, scores = k.scores, bounds = k.bounds, required = k.required, requireAll = k.requireAll;
    var nRequired = required.length, touched = k.groups[lists[li]].touched;
    var own = required.indexOf(lists[li]), ownSc = own >= 0 ? scores[lists[li]] : null;
    for (var t = 0; t < touched.length; t++) {
      var r = touched[t], skip = false, cov = 0, maybe = 0, sum = 0;
      // Its other required groups, shortest first: whether one listed earlier held it
      // (or, in "all", one fully known lacks it: likeliest in a short one), its reach.
      for (var q = 0; q < nRequired && !skip; q++) {
        if (q === own) continue;
        var g = required[q];
        if (whos[g][r]) { if (q < li) skip = true; cov++; sum += scores[g][r]; }
        else if (bounds[g]) { maybe++; sum += bounds[g]; }
        else if (requireAll) skip = true;
      }
      // In an optional list (after every required one): or an optional list before it.
      for (var o = nRequired; o < li && !skip; o++) if (whos[lists[o]][r]) skip = true;
      if (skip) continue;
      if (ownSc) { cov++; sum += ownSc[r]; }
      if (k.hits.length === k.limit && reach(k, sum, cov + maybe) < k.floor) continue;
      consider(k, r);
    }
  }
  // The groups of a query with their alternatives' head postings (and, for phrase
  // words, positions).
  function gather(parsed) {
    return Promise.all([Promise.all(parsed.groups.map(expand)), joins(parsed)]).then(function (got) {
      var per = got[0];
      got[1].forEach(function (j) {
        j.groups.forEach(function (gi) { per[gi].push({ n: j.n, w: 1 / j.groups.length, terms: [j.term], joined: true }); });
      });
      return Promise.all(per.map(function (alts, gi) {
        var word = parsed.groups[gi];
        return Promise.all(alts.map(function (a, k) {
          var heads = a.parts ? Promise.all(a.parts.map(head)).then(intersect) : head(a.n);
          return heads.then(function (h) {
            var alt = { i: a.n, w: a.w, terms: a.terms, k: k, h: h, pos: {} };
            return word.phrase ? positions(a.n, h, false).then(function (p) { alt.pos = p; return alt; }) : alt;
          });
        })).then(function (alts) {
          var group = { alts: alts, optional: word.optional, stop: !!word.stop, phrase: word.phrase, side: word.side, sc: null, who: null, touched: [], bound: 0, top: 0, kept: null, req: false, sig: "", tied: false };
          // A large group an earlier query merged (a common word) is reused as it was.
          var sig = (word.pair ? "q" : "") + alts.map(function (a) { return a.terms.join("+") + ":" + a.w; }).join(",");
          var kept = !word.phrase && merged.get(sig);
          if (kept) {
            merged.delete(sig); merged.set(sig, kept);
            group.sc = kept.sc; group.who = kept.who; group.touched = kept.touched; group.bound = kept.bound; group.kept = kept;
            return group;
          }
          var spare = pool.pop();
          group.sc = spare ? spare.sc : new Float64Array(manifest.n);
          group.who = spare ? spare.who : new Int16Array(manifest.n);
          alts.forEach(function (a) {
            merge(group, a, a.h);
            // Only exact words' tails are fetched; a prefix, a typo or the bonus of
            // adjacent words (a pair term's head holds its best records) stays approximate.
            // A tail an earlier query fetched is used at once (the exact top is the same).
            if (a.w === 1 && a.h.tail && !word.pair) {
              if (fetchedTails[a.i] && !word.phrase) merge(group, a, fetchedTails[a.i]);
              else group.bound = Math.max(group.bound, score(a.h.tmax));
            }
          });
          group.sig = sig;
          if (!word.phrase && group.touched.length >= 2000) keep(group);
          return group;
        });
      }));
    });
  }
  function search(query, opts) {
    var limit = (opts && opts.limit) || 10;
    return load().then(function () {
      var parsed = parse(query);
      if (!parsed.groups.length) return [];
      return gather(parsed).then(function (groups) {
        var phrasePos = {}; // term -> alternatives' positions maps (head, then tail)
        groups.forEach(function (group) { if (group.phrase) group.alts.forEach(function (a) { phrasePos[a.terms[0]] = [a.pos]; }); });
        function posIn(t, rec) { var ms = phrasePos[t] || []; for (var k = 0; k < ms.length; k++) if (ms[k][rec]) return ms[k][rec]; return null; }
        var phraseOk = parsed.phrases.length ? function (rec) {
          return parsed.phrases.every(function (ph) {
            var first = posIn(ph[0], rec);
            return !!first && first.some(function (p0) { return ph.every(function (t, k) { var ps = posIn(t, rec); return !!ps && ps.indexOf(p0 + k) >= 0; }); });
          });
        } : null;
        // Brings in the tails of the exact words of `gs` (once each).
        function loadTails(gs) {
          return Promise.all(gs.map(function (group) {
            if (!group.bound) return null;
            return Promise.all(group.alts.filter(function (a) { return a.w === 1 && a.h.tail; }).map(function (a) {
              return Promise.all([tail(a.i, a.h), group.phrase ? positions(a.i, a.h, true) : null]).then(function (got) {
                merge(group, a, got[0]);
                if (got[1]) phrasePos[a.terms[0]].push(got[1]);
              });
            })).then(function () {
              group.bound = 0;
              if (group.kept) group.kept.bound = 0;
              // A common word whose head was short (a stop word): kept once its tail is
              // in, or the next query would merge its tail again. Unless a tie made the
              // order matter, this is what gather makes of it (each alternative's head
              // and tail in turn).
              else if (!group.phrase && !group.tied && group.touched.length >= 2000) keep(group);
            });
          }));
        }
        // The exact top of `gs` in `mode`: the heads when they decide it, else with tails.
        function decide(gs, mode) {
          var r = rank(gs, mode, limit, phraseOk);
          if (r.exact && !exhaustive) return Promise.resolve(r.hits);
          return loadTails(gs).then(function () { return rank(gs, mode, limit, phraseOk).hits; });
        }
        // Every word, or when that finds fewer than `limit`, the most words. A question
        // (stop words) of three or more words: the score times the share of the words
        // matched (a title with two of three words beats a mention of all three).
        function best(gs) {
          var required = gs.filter(function (group) { return !group.optional; }).length;
          if (required >= 3 && gs.some(function (group) { return group.stop; })) return decide(gs, "coord");
          return decide(gs, "all").then(function (hits) { return hits.length >= limit ? hits : decide(gs, "cover"); });
        }
        function sideGroups(s) { return groups.filter(function (group) { return group.side === s || group.side === -1; }); }
        function sideScore(rec, s) { return sideGroups(s).reduce(function (sum, group) { return sum + (group.who[rec] ? group.sc[rec] : 0); }, 0); }
        var ranked = !parsed.compare ? best(groups) : Promise.all([decide(groups, "all"), best(sideGroups(0)), best(sideGroups(1))]).then(function (r) {
          // A record covering both sides leads when it weighs at least half the best of
          // each side (a comparison section, not a passing mention of both).
          var lead = r[0].filter(function (b) {
            return [1, 2].every(function (k) { var top = r[k][0]; return !top || sideScore(b.rec, k - 1) >= 0.5 * sideScore(top.rec, k - 1); });
          });
          return interleave(lead, r[1], r[2], r[0], limit);
        });
        return ranked.then(function (hits) {
          var words = hits.map(function (h) {
            var matched = {};
            groups.forEach(function (group) { if (group.who[h.rec]) group.alts[group.who[h.rec] - 1].terms.forEach(function (t) { matched[t] = 1; }); });
            return matched;
          });
          groups.forEach(release);
          return Promise.all(hits.map(function (h, i) {
            var matched = words[i];
            return record(h.rec).then(function (row) {
              return { url: row[2], title: row[0], section: row[1], snippet: snippet(row[3], matched), score: Math.round(h.score * 1000) / 1000 };
            });
          }));
        });
      });
    });
  }
  // The query with each unknown word replaced by the closest dictionary word, or null.
  function suggest(query) {
    return load().then(function () {
      var changed = false;
      return Promise.all(query.split(/\s+/).filter(Boolean).map(function (word) {
        var t = queryTerms(word)[0];
        if (!t) return word;
        return find(t.term).then(function (x) {
          if (x.length) return word;
          return fuzzy(t).then(function (f) { if (!f.length) return word; changed = true; return f[0][3]; });
        });
      })).then(function (out) { return changed ? out.join(" ") : null; });
    });
  }
  return { search: search, suggest: suggest, load: load };
}

function escapeHtml(s) { return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]; }); }
// Escaped text around the first match, matched words in <mark>.
// Each text's words as [start, end, term], analyzed once (warm queries show the same records).
var wordsOf = new Map();
function textWords(text) {
  var list = wordsOf.get(text), m;
  if (list) return list;
  list = [];
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) { var t = filter(m[0]); if (t !== null) list.push([m.index, m.index + m[0].length, t]); }
  if (wordsOf.size >= 256) wordsOf.delete(wordsOf.keys().next().value);
  wordsOf.set(text, list);
  return list;
}
function snippet(text, matched) {
  var spans = [];
  textWords(text).forEach(function (w) { if (matched[w[2]]) spans.push([w[0], w[1]]); });
  var start = spans.length ? Math.max(0, spans[0][0] - 60) : 0;
  if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < spans[0][0]) start = sp + 1; }
  var end = Math.min(text.length, start + 200), out = start > 0 ? "…" : "", at = start;
  spans.forEach(function (s) {
    if (s[0] < start || s[1] > end) return;
    out += escapeHtml(text.slice(at, s[0])) + "<mark>" + escapeHtml(text.slice(s[0], s[1])) + "</mark>";
    at = s[1];
  });
  out += escapeHtml(text.slice(at, end)) + (end < text.length ? "…" : "");
  return out;
}
