// Atlas search client: plain JavaScript, no dependencies, loaded with every page but
// fetching nothing until first use. It analyzes queries exactly like the build
// (tantivy: split on non-alphanumerics, drop 40+ byte tokens, lowercase, ASCII folding,
// Snowball English stemming, camelCase parts), then reads the postings shards of the
// query's terms, small word lists for typos and run-together words, and the records of
// the results shown.
(function (root) {
  "use strict";

  // ---- Snowball English (Porter2) stemmer, as rust-stemmers implements it ----
  var V = "aeiouy";
  function isV(c) { return V.indexOf(c) >= 0; }
  var EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  var EXC2 = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
  function regions(w) {
    var r1 = w.length, r2 = w.length, i;
    var pre = /^(gener|commun|arsen)/.exec(w);
    if (pre) r1 = pre[0].length;
    else for (i = 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) { r1 = i + 1; break; }
    for (i = r1 + 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) { r2 = i + 1; break; }
    return [r1, r2];
  }
  function shortSyllable(w, end) { // syllable ending at index end-1
    var i = end - 1;
    if (i === 1 && isV(w[0]) && !isV(w[1])) return true;
    return i >= 2 && !isV(w[i]) && "wxY".indexOf(w[i]) < 0 && isV(w[i - 1]) && !isV(w[i - 2]);
  }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function stem(word) {
    if (word.length <= 2) return word;
    if (EXC1.hasOwnProperty(word)) return EXC1[word];
    var w = word.replace(/^'/, "");
    if (w[0] === "y") w = "Y" + w.slice(1);
    for (var i = 1; i < w.length; i++) if (w[i] === "y" && isV(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
    var rg = regions(w), r1 = rg[0], r2 = rg[1];
    // Step 0
    if (ends(w, "'s'")) w = w.slice(0, -3); else if (ends(w, "'s")) w = w.slice(0, -2); else if (ends(w, "'")) w = w.slice(0, -1);
    // Step 1a
    if (ends(w, "sses")) w = w.slice(0, -2);
    else if (ends(w, "ied") || ends(w, "ies")) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
    else if (ends(w, "us") || ends(w, "ss")) { /* keep */ }
    else if (ends(w, "s")) { var pre = w.slice(0, -2); if (/[aeiouy]/.test(pre)) w = w.slice(0, -1); }
    if (EXC2.hasOwnProperty(w)) return w;
    // Step 1b
    var m;
    if ((m = /(eedly|eed)$/.exec(w))) { if (w.length - m[0].length >= r1) w = w.slice(0, -m[0].length) + "ee"; }
    else if ((m = /(ingly|edly|ing|ed)$/.exec(w))) {
      var st = w.slice(0, -m[0].length);
      if (/[aeiouy]/.test(st)) {
        w = st;
        if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
        else if (r1 >= w.length && shortSyllable(w, w.length)) w += "e";
      }
    }
    // Step 1c
    if (w.length > 2 && (ends(w, "y") || ends(w, "Y")) && !isV(w[w.length - 2])) w = w.slice(0, -1) + "i";
    // Step 2
    var S2 = [["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]];
    for (var k = 0; k < S2.length; k++) {
      if (ends(w, S2[k][0])) {
        if (w.length - S2[k][0].length >= r1) {
          if (S2[k][0] === "ogi") { if (w[w.length - 4] === "l") w = w.slice(0, -1); }
          else if (S2[k][0] === "li") { if ("cdeghkmnrt".indexOf(w[w.length - 3]) >= 0) w = w.slice(0, -2); }
          else w = w.slice(0, -S2[k][0].length) + S2[k][1];
        }
        break;
      }
    }
    // Step 3
    var S3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"], ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]];
    for (k = 0; k < S3.length; k++) {
      if (ends(w, S3[k][0])) {
        if (w.length - S3[k][0].length >= r1 && (S3[k][0] !== "ative" || w.length - 5 >= r2)) w = w.slice(0, -S3[k][0].length) + S3[k][1];
        break;
      }
    }
    // Step 4
    var S4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];
    for (k = 0; k < S4.length; k++) {
      if (ends(w, S4[k])) {
        if (w.length - S4[k].length >= r2) {
          if (S4[k] === "ion") { var c = w[w.length - 4]; if (c === "s" || c === "t") w = w.slice(0, -3); }
          else w = w.slice(0, -S4[k].length);
        }
        break;
      }
    }
    // Step 5
    if (ends(w, "e")) {
      if (w.length - 1 >= r2 || (w.length - 1 >= r1 && !shortSyllable(w, w.length - 1))) w = w.slice(0, -1);
    } else if (ends(w, "l") && w.length - 1 >= r2 && w[w.length - 2] === "l") w = w.slice(0, -1);
    return w.replace(/Y/g, "y");
  }

  // ---- ASCII folding (tantivy's AsciiFoldingFilter for the characters notes use) ----
  var FOLD = { "đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "q", "ſ": "s", "ʼ": "'", "‘": "'", "’": "'", "“": "\"", "”": "\"" };
  function fold(t) {
    if (/^[\x00-\x7f]*$/.test(t)) return t;
    var out = "";
    for (var ch of t) {
      if (FOLD.hasOwnProperty(ch)) { out += FOLD[ch]; continue; }
      // Like tantivy, fold only to ASCII: a character whose decomposition is not ASCII stays.
      var d = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += /^[\x00-\x7f]+$/.test(d) ? d : ch;
    }
    return out;
  }

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var PART = /[\p{Alphabetic}\p{N}]+/gu; // a second one: WORD's lastIndex is in use
  var enc = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;
  function byteLen(s) { return enc ? enc.encode(s).length : unescape(encodeURIComponent(s)).length; }
  function filter(raw) {
    if (byteLen(raw) >= 40) return null;
    return stem(fold(raw.toLowerCase()));
  }
  function camelParts(w) {
    var cs = Array.from(w), cuts = [], i;
    var low = function (c) { return c !== c.toUpperCase() && c === c.toLowerCase(); };
    var up = function (c) { return c !== c.toLowerCase() && c === c.toUpperCase(); };
    for (i = 1; i < cs.length; i++) {
      if ((low(cs[i - 1]) && up(cs[i])) || (up(cs[i - 1]) && up(cs[i]) && i + 1 < cs.length && low(cs[i + 1]))) cuts.push(i);
    }
    if (!cuts.length) return [];
    var parts = [], start = 0;
    cuts.forEach(function (c) { parts.push(cs.slice(start, c).join("")); start = c; });
    parts.push(cs.slice(start).join(""));
    return parts;
  }
  // Terms of `text` as [term, position] pairs, like the build's analyzer (a word the
  // filters drop still takes a position, as in tantivy).
  function analyze(text) {
    return queryTerms(text).map(function (t) { return [t.term, t.pos]; });
  }
  // The same terms with the raw (lowercased, folded) word of each: [{ term, raw, pos, end, part }].
  function queryTerms(text) {
    var out = [], pos = -1, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      pos++;
      if (byteLen(m[0]) >= 40) continue;
      var raw = fold(m[0].toLowerCase()), main = stem(raw), end = WORD.lastIndex;
      out.push({ term: main, raw: raw, pos: pos, end: end });
      camelParts(m[0]).forEach(function (p) {
        (p.match(PART) || []).forEach(function (q) { var t = filter(q); if (t !== null && t !== main) out.push({ term: t, raw: fold(q.toLowerCase()), pos: pos, part: true, end: end }); });
      });
    }
    return out;
  }

  // ---- Reading a query: phrases, comparisons, stop words ----
  // Words a question is made of: optional outside "phrases" (they still add to the
  // score). The build has the same list (src/search/query.rs); a test compares them.
  var STOP_WORDS = "a about am an and are as at be been being between by can could did difference differences do does doing for from had have how i if in into is it its me my of on or our should so than that the their them then there these they this those to was we were what when where which who why will with would you your".split(" ");
  var STOP = null;
  function isStop(term) {
    if (!STOP) { STOP = {}; STOP_WORDS.forEach(function (w) { STOP[stem(w)] = 1; }); }
    return STOP.hasOwnProperty(term);
  }
  // "X vs Y", "X vs. Y", "X versus Y", "X or Y", "X compared to Y", "difference between
  // X and Y", "compare X and Y": the two sides, or null. Read word by word (words
  // inside "quotes" never join), as the build's `comparison_sides` does.
  function comparisonSides(q) {
    var tokens = q.trim().split(/\s+/).filter(Boolean), quoted = [], open = false;
    tokens.forEach(function (t) { quoted.push(open); if ((t.match(/"/g) || []).length % 2) open = !open; });
    if (open) return null; // an open quote: still typing a phrase
    var low = tokens.map(function (t, i) { return quoted[i] ? "\"" : t.toLowerCase().replace(/\?+$/, ""); });
    function sides(a, b, c) { // tokens [a, b) and [b + skip, end)
      var left = tokens.slice(a, b).join(" "), right = tokens.slice(c).join(" ").replace(/[\s?]+$/, "");
      return /[\p{Alphabetic}\p{N}]/u.test(left) && /[\p{Alphabetic}\p{N}]/u.test(right) ? [left, right] : null;
    }
    var i = 0;
    if (low[i] === "what" || low[i] === "what's") i++;
    if (i && (low[i] === "is" || low[i] === "are")) i++;
    if (low[i] === "the") i++;
    if ((low[i] === "difference" || low[i] === "differences") && low[i + 1] === "between") {
      var and = low.indexOf("and", i + 3);
      if (and > 0) return sides(i + 2, and, and + 1);
    }
    if (low[0] === "compare" || low[0] === "comparing") {
      for (i = 2; i < low.length - 1; i++) if (/^(and|with|to|vs\.?|versus)$/.test(low[i])) return sides(1, i, i + 1);
    }
    for (i = 1; i < low.length - 1; i++) {
      if (/^(vs\.?|versus|or)$/.test(low[i])) return sides(0, i, i + 1);
      if (low[i] === "compared" && (low[i + 1] === "to" || low[i + 1] === "with") && i + 2 < low.length) return sides(0, i, i + 2);
    }
    return null;
  }
  // A query as search groups: one per distinct term, { term, raw, phrase, optional,
  // stop, prefix, side } (side: 0 or 1 in a comparison, -1 for both or none), the
  // phrases' terms, whether it compares two things, and its words in order
  // (`sequence`: { raw, group, side }, for joining words written apart).
  function readQuery(q) {
    var sides = comparisonSides(q), texts = sides || [q];
    var groups = [], phrases = [], sequence = [], index = {}, typing = !/[\s"]$/.test(q);
    function group(term, side, fields) {
      if (index.hasOwnProperty(term)) {
        var G = groups[index[term]];
        if (G.side !== side) G.side = -1;
        return index[term];
      }
      index[term] = groups.length;
      fields.term = term; fields.side = side;
      groups.push(fields);
      return groups.length - 1;
    }
    texts.forEach(function (text, s) {
      var side = sides ? s : -1, m, re = /"([^"]*)"/g;
      while ((m = re.exec(text))) {
        var ph = queryTerms(m[1]).filter(function (t) { return !t.part; }).map(function (t) { return t.term; });
        if (ph.length) phrases.push(ph);
        ph.forEach(function (t) { group(t, side, { raw: t, phrase: true }); });
      }
      var rest = text.replace(/"[^"]*"?/g, " ");
      var last = s === texts.length - 1;
      queryTerms(rest).forEach(function (w) {
        var gi = group(w.term, side, { raw: w.raw, optional: !!w.part, stop: !w.part && isStop(w.term), prefix: typing && last && w.end === rest.length });
        if (!w.part && !groups[gi].phrase && !isStop(w.term)) sequence.push({ raw: w.raw, term: w.term, group: gi, side: side });
      });
    });
    // Adjacent words: the build indexes adjacent title, alias and heading words as one
    // term ("write_skew"), so words that stand together there score above scattered ones.
    for (var i = 0; i + 1 < sequence.length; i++) {
      var a = sequence[i], b = sequence[i + 1];
      if (a.side === b.side && a.term !== b.term) group(a.term + "_" + b.term, a.side, { raw: "", optional: true, pair: true });
    }
    // Stop words are optional, unless the query has nothing else.
    var content = groups.some(function (G) { return !G.optional && !G.stop; });
    groups.forEach(function (G) { if (G.stop && !G.phrase && content) G.optional = true; else G.stop = false; });
    return { groups: groups, phrases: phrases, compare: !!sides, sequence: sequence };
  }
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
    var M = null, files = {}, shards = {}, tails = {}, fetchedTails = {}, posns = {}, ready = null, scoreOf = [];
    var merged = new Map(); // group signature -> { sc, who, touched, bound }, the 12 last used
    function load() {
      if (!ready) ready = fetchText(manifestUrl).then(function (t) {
        M = JSON.parse(t);
        base = base + M.dir + "/";
      }, function (e) { ready = null; throw e; });
      return ready;
    }
    function file(name) {
      if (!files[name]) files[name] = fetchText(base + name).then(JSON.parse, function (e) { delete files[name]; throw e; });
      return files[name];
    }
    function score(q) { return scoreOf[q] || (scoreOf[q] = Math.exp(q / M.scale) - 1); }
    function last(a, ok) { var lo = 0, hi = a.length - 1; while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ok(a[mid])) lo = mid; else hi = mid - 1; } return lo; }
    function shardOfTerm(t) { return last(M.first, function (f) { return f <= t; }); }
    function shardOfNum(i) { return last(M.shards, function (s) { return s <= i; }); }
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
        var e = s.heads[i - M.shards[k]];
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
      var c = Math.floor(r / M.chunk);
      return file("r" + c + ".json").then(function (rows) { return rows[r % M.chunk]; });
    }
    // Term numbers of `t` exactly ([] or [[i, t]]) or, with `max`, of up to `max` terms
    // starting with it. A word (not a pair term) is first looked up in its shard's word
    // list: when no word matches, the postings shard is not fetched (pair terms matching
    // a prefix are never used).
    function find(t, max) {
      if (t.indexOf("_") >= 0) return findTerms(t, max);
      var k = shardOfTerm(t);
      return wordList(k).then(function (set) {
        var more = max && k + 1 < M.first.length && M.first[k + 1].lastIndexOf(t, 0) === 0;
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
            out.push([M.shards[k] + j, s.terms[j]]);
          }
          // The run of matches may go on in the next shard.
          return out.length < (max || 1) && max && k + 1 < M.first.length && M.first[k + 1].lastIndexOf(t, 0) === 0 ? from(k + 1) : out;
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
    function typoFiles(letter, lo, hi) {
      var keys = M.typos.map(function (k) { var c = String.fromCodePoint(k.codePointAt(0)); return [c, +k.slice(c.length)]; });
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
    function fuzzy(g) {
      var max = g.raw.length >= 8 ? 2 : g.raw.length >= 4 ? 1 : 0;
      if (!max) return Promise.resolve([]);
      if (fuzzed[g.raw]) return fuzzed[g.raw];
      var letter = String.fromCodePoint(g.term.codePointAt(0)), size = Array.from(g.term).length;
      var near = new Map(), lengths = [], files = [];
      function need(n) { if (lengths.indexOf(n) < 0) lengths.push(n); }
      for (var n = size - max; n <= size + max; n++) need(n);
      edits1(g.raw).forEach(function (w) {
        var t = stem(w);
        if (t.lastIndexOf(letter, 0) === 0 && !near.has(t)) { near.set(t, w); need(Array.from(t).length); }
      });
      lengths.forEach(function (n) { typoFiles(letter, n, n).forEach(function (k) { if (files.indexOf(k) < 0) files.push(k); }); });
      return (fuzzed[g.raw] = Promise.all(files.map(bucket)).then(function (got) {
        var words = new Set(), found = new Set(), out = [];
        got.forEach(function (list) { list.forEach(function (t) { words.add(t); }); });
        near.forEach(function (w, t) { if (words.has(t)) { found.add(t); out.push([0, 0.5, 1, w, t]); } });
        words.forEach(function (t) {
          if (found.has(t) || Math.abs(t.length - g.term.length) > max) return;
          var dist = within(g.term, t, max);
          if (dist > 0) { found.add(t); out.push([0, dist === 1 ? 0.5 : 0.3, dist, t, t]); }
        });
        out.sort(function (a, b) { return a[2] - b[2] || (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0); });
        return Promise.all(out.slice(0, 8).map(function (x) { return find(x[4]).then(function (f) { x[0] = f[0][0]; return x; }); }));
      }, function (e) { delete fuzzed[g.raw]; throw e; }));
    }
    // Whether term number n is a long word (8+ letters) in at most five records.
    function rare(n, g) {
      if (g.raw.length < 8) return Promise.resolve(false);
      return head(n).then(function (h) { return !h.tail && h.recs.length <= 5; });
    }
    function notPair(x) { return x[1].indexOf("_") < 0; }
    // The best way to cut a run-together word in two dictionary terms ("eventsourcing"
    // → event, sourcing): [[term number, term], [term number, term]] or null. The cut
    // whose shorter side is longest wins. The heads' word lists first (they share the
    // word's first letters), then the tails' of the heads that are words.
    function split(g) {
      if (g.raw.length < 5 || g.phrase) return Promise.resolve(null);
      var cuts = [];
      for (var i = 2; i <= g.raw.length - 2; i++) cuts.push({ k: Math.min(i, g.raw.length - i), a: stem(g.raw.slice(0, i)), b: stem(g.raw.slice(i)) });
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
    function expand(g) {
      var out = [], seen = {};
      function add(list, w) { list.forEach(function (x) { if (!seen[x[0]]) { seen[x[0]] = 1; out.push({ n: x[0], w: w, terms: [x[1]] }); } }); }
      function addCut(cut) { if (cut) out.push({ parts: [cut[0][0], cut[1][0]], w: 0.9, terms: [cut[0][1], cut[1][1]] }); }
      var jobs = [find(g.term).then(function (x) { add(x, 1); return x; })];
      if (g.pair) return jobs[0].then(function () { return out; });
      if (!g.phrase && g.prefix && g.raw.length >= 2) {
        jobs.push(find(g.term, 12), find(g.raw, 12));
        // "partiti" is on its way to "partition", whose stem "partit" is shorter.
        for (var cut = g.raw.length - 1; cut >= Math.max(3, g.raw.length - 3); cut--) jobs.push(find(g.raw.slice(0, cut)));
      }
      return Promise.all(jobs).then(function (found) {
        for (var j = 1; j < found.length; j++) add(found[j].filter(notPair), j < 3 ? 0.7 : 0.8);
        function longer(x) { return notPair(x) && x[1] !== g.term; }
        var extended = found.length > 1 && (found[1].some(longer) || found[2].some(longer));
        if (g.phrase || g.stop || extended) return out;
        if (found[0].length) return rare(found[0][0][0], g).then(function (r) {
          // A long word found in only a record or two may be two words run together
          // ("eventsourcing" is also a stem of "EventSource").
          return !r ? out : split(g).then(function (cut) { addCut(cut); return out; });
        });
        return Promise.all([split(g), fuzzy(g)]).then(function (more) {
          addCut(more[0]);
          more[1].forEach(function (x) { add([[x[0], x[4]]], x[1]); });
          return out;
        });
      });
    }
    // Words of the query written apart that the dictionary has as one ("back pressure"
    // → backpressure, "hyper log log" → hyperloglog): [{ groups, n, term }].
    function joins(pq) {
      var seq = pq.sequence, jobs = [];
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
    // Adds an alternative's postings to its group: per record, the best alternative.
    function merge(G, a, list) {
      var sc = G.sc, who = G.who, recs = list.recs, ls = list.sc, w = a.w;
      for (var j = 0; j < recs.length; j++) {
        var r = recs[j], s = w * ls[j];
        if (s > sc[r]) { if (!who[r]) G.touched.push(r); sc[r] = s; who[r] = a.k + 1; }
      }
    }
    // Ranking key: in "cover" mode, records matching more of the required words come
    // first (a single rare word does not beat a record with the content words).
    var COVER = 1e6;
    // The top `limit` records from what is known, and whether that is certainly the top:
    // a record missing from a group with an unfetched tail may still gain up to its bound.
    // mode "all": every required group must match; "cover": any, most groups first;
    // "coord": any, the score times the share of required groups matched.
    function rank(groups, mode, limit, phraseOk) {
      var requireAll = mode === "all", cover = mode === "cover", coord = mode === "coord";
      var anyRequired = groups.some(function (G) { return !G.optional; }), cands = null, base = null;
      groups.forEach(function (G) { G.req = !G.optional || !anyRequired; });
      var upper = 0, unseen = 0, unseenGroups = 0, unseenPossible = requireAll;
      groups.forEach(function (G) {
        unseen += G.bound;
        if (G.bound && G.req) unseenGroups++;
        if (requireAll && G.req && !G.bound) {
          unseenPossible = false;
          // Every record that can pass is in this fully known group: look at its records only.
          if (!base || G.touched.length < base.touched.length) base = G;
        }
      });
      if (base) cands = base.touched;
      else {
        // When no required group has an unfetched tail, a record outside every required
        // group can neither rank nor bound the rest: only the required groups' records count.
        var mark = new Uint8Array(M.n); cands = [];
        groups.forEach(function (G) { if (G.req || unseenGroups) G.touched.forEach(function (r) { if (!mark[r]) { mark[r] = 1; cands.push(r); } }); });
      }
      var nReq = groups.filter(function (G) { return G.req; }).length || 1;
      if (!requireAll) unseenPossible = unseen > 0;
      if (cover) unseen += unseenGroups * COVER;
      if (coord) unseen = unseen * unseenGroups / nReq;
      var hits = []; // the best `limit` complete records, best first
      function better(a, b) { return a.key > b.key || (a.key === b.key && a.rec < b.rec); }
      var nGroups = groups.length, whos = [], scores = [], bounds = [], reqs = [];
      groups.forEach(function (G) { whos.push(G.who); scores.push(G.sc); bounds.push(G.bound); reqs.push(G.req); });
      for (var c = 0; c < cands.length; c++) {
        var r = cands[c], known = 0, missing = 0, ok = true, sure = true, cov = 0, maybe = 0;
        for (var g = 0; g < nGroups; g++) {
          if (whos[g][r]) { known += scores[g][r]; if (reqs[g]) cov++; }
          else if (bounds[g]) { sure = false; missing += bounds[g]; if (reqs[g]) maybe++; }
          else if (requireAll && reqs[g]) { ok = false; break; }
        }
        if (!ok || (!requireAll && !cov && !maybe)) continue;
        var key = coord ? known * cov / nReq : known + (cover ? cov * COVER : 0);
        var most = coord ? (known + missing) * (cov + maybe) / nReq : key + missing + (cover ? maybe * COVER : 0);
        if (sure) {
          if (!requireAll && !cov) continue;
          // Every phrase word's positions in a record known to hold them all are loaded.
          if (phraseOk && !phraseOk(r)) continue;
          var h = { rec: r, score: known, key: key };
          if (hits.length === limit && !better(h, hits[limit - 1])) continue;
          var at = hits.length;
          while (at > 0 && better(h, hits[at - 1])) at--;
          hits.splice(at, 0, h);
          if (hits.length > limit) hits.pop();
        } else if (most > upper) upper = most;
      }
      var floor = hits.length === limit ? hits[limit - 1].key : 0;
      var exact = upper === 0 && !unseenPossible ? true : hits.length === limit && floor >= upper && (!unseenPossible || floor >= unseen);
      return { hits: hits, exact: exact };
    }
    // The groups of a query with their alternatives' head postings (and, for phrase
    // words, positions).
    function gather(pq) {
      return Promise.all([Promise.all(pq.groups.map(expand)), joins(pq)]).then(function (got) {
        var per = got[0];
        got[1].forEach(function (j) {
          j.groups.forEach(function (gi) { per[gi].push({ n: j.n, w: 1 / j.groups.length, terms: [j.term], joined: true }); });
        });
        return Promise.all(per.map(function (alts, gi) {
          var g = pq.groups[gi];
          return Promise.all(alts.map(function (a, k) {
            var heads = a.parts ? Promise.all(a.parts.map(head)).then(intersect) : head(a.n);
            return heads.then(function (h) {
              var alt = { i: a.n, w: a.w, terms: a.terms, k: k, h: h, pos: {} };
              return g.phrase ? positions(a.n, h, false).then(function (p) { alt.pos = p; return alt; }) : alt;
            });
          })).then(function (alts) {
            var G = { alts: alts, optional: g.optional, stop: !!g.stop, phrase: g.phrase, side: g.side, sc: null, who: null, touched: [], bound: 0 };
            // A large group an earlier query merged (a common word) is reused as it was.
            var sig = (g.pair ? "q" : "") + alts.map(function (a) { return a.terms.join("+") + ":" + a.w; }).join(",");
            var kept = !g.phrase && merged.get(sig);
            if (kept) {
              merged.delete(sig); merged.set(sig, kept);
              G.sc = kept.sc; G.who = kept.who; G.touched = kept.touched; G.bound = kept.bound; G.kept = kept;
              return G;
            }
            G.sc = new Float64Array(M.n); G.who = new Int16Array(M.n);
            alts.forEach(function (a) {
              merge(G, a, a.h);
              // Only exact words' tails are fetched; a prefix, a typo or the bonus of
              // adjacent words (a pair term's head holds its best records) stays approximate.
              // A tail an earlier query fetched is used at once (the exact top is the same).
              if (a.w === 1 && a.h.tail && !g.pair) {
                if (fetchedTails[a.i] && !g.phrase) merge(G, a, fetchedTails[a.i]);
                else G.bound = Math.max(G.bound, score(a.h.tmax));
              }
            });
            if (!g.phrase && G.touched.length >= 2000) {
              G.kept = { sc: G.sc, who: G.who, touched: G.touched, bound: G.bound };
              merged.set(sig, G.kept);
              if (merged.size > 12) merged.delete(merged.keys().next().value);
            }
            return G;
          });
        }));
      });
    }
    function search(query, opts) {
      var limit = (opts && opts.limit) || 10;
      return load().then(function () {
        var pq = parse(query);
        if (!pq.groups.length) return [];
        return gather(pq).then(function (groups) {
          var phrasePos = {}; // term -> alternatives' positions maps (head, then tail)
          groups.forEach(function (G) { if (G.phrase) G.alts.forEach(function (a) { phrasePos[a.terms[0]] = [a.pos]; }); });
          function posIn(t, rec) { var ms = phrasePos[t] || []; for (var k = 0; k < ms.length; k++) if (ms[k][rec]) return ms[k][rec]; return null; }
          var phraseOk = pq.phrases.length ? function (rec) {
            return pq.phrases.every(function (ph) {
              var first = posIn(ph[0], rec);
              return !!first && first.some(function (p0) { return ph.every(function (t, k) { var ps = posIn(t, rec); return !!ps && ps.indexOf(p0 + k) >= 0; }); });
            });
          } : null;
          // Brings in the tails of the exact words of `gs` (once each).
          function loadTails(gs) {
            return Promise.all(gs.map(function (G) {
              if (!G.bound) return null;
              return Promise.all(G.alts.filter(function (a) { return a.w === 1 && a.h.tail; }).map(function (a) {
                return Promise.all([tail(a.i, a.h), G.phrase ? positions(a.i, a.h, true) : null]).then(function (got) {
                  merge(G, a, got[0]);
                  if (got[1]) phrasePos[a.terms[0]].push(got[1]);
                });
              })).then(function () { G.bound = 0; if (G.kept) G.kept.bound = 0; });
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
            var required = gs.filter(function (G) { return !G.optional; }).length;
            if (required >= 3 && gs.some(function (G) { return G.stop; })) return decide(gs, "coord");
            return decide(gs, "all").then(function (hits) { return hits.length >= limit ? hits : decide(gs, "cover"); });
          }
          function sideGroups(s) { return groups.filter(function (G) { return G.side === s || G.side === -1; }); }
          function sideScore(rec, s) { return sideGroups(s).reduce(function (sum, G) { return sum + (G.who[rec] ? G.sc[rec] : 0); }, 0); }
          var ranked = !pq.compare ? best(groups) : Promise.all([decide(groups, "all"), best(sideGroups(0)), best(sideGroups(1))]).then(function (r) {
            // A record covering both sides leads when it weighs at least half the best of
            // each side (a comparison section, not a passing mention of both).
            var lead = r[0].filter(function (b) {
              return [1, 2].every(function (k) { var top = r[k][0]; return !top || sideScore(b.rec, k - 1) >= 0.5 * sideScore(top.rec, k - 1); });
            });
            return interleave(lead, r[1], r[2], r[0], limit);
          });
          return ranked.then(function (hits) {
            return Promise.all(hits.map(function (h) {
              var matched = {};
              groups.forEach(function (G) { if (G.who[h.rec]) G.alts[G.who[h.rec] - 1].terms.forEach(function (t) { matched[t] = 1; }); });
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

  var api = { stem: stem, fold: fold, analyze: analyze, readQuery: readQuery, comparisonSides: comparisonSides, interleave: interleave, STOP_WORDS: STOP_WORDS, decode: decode, within: within, edits1: edits1, createEngine: createEngine, snippet: snippet };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  // ---- Browser: window.atlasSearch and the search box ----
  var meta = document.querySelector('meta[name="atlas-search"]');
  if (!meta) return;
  var engine = createEngine(function (url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.text(); });
  }, new URL(meta.getAttribute("content"), location.href).href);
  root.atlasSearch = function (q, opts) { return engine.search(q, opts); };

  var input = document.getElementById("search-input");
  var box = document.getElementById("search-results");
  if (!input) { // a page without the box: add one to the header
    var wrap = document.createElement("div"); wrap.className = "search"; wrap.setAttribute("role", "search");
    input = document.createElement("input"); input.id = "search-input"; input.type = "search"; input.placeholder = "Search (press /)";
    input.autocomplete = "off"; input.spellcheck = false; input.setAttribute("aria-label", "Search");
    input.setAttribute("role", "combobox"); input.setAttribute("aria-controls", "search-results"); input.setAttribute("aria-expanded", "false"); input.setAttribute("aria-autocomplete", "list");
    wrap.appendChild(input); (document.querySelector("header") || document.body).appendChild(wrap);
  }
  if (!box) { box = document.createElement("div"); box.id = "search-results"; box.hidden = true; input.parentNode.appendChild(box); }
  box.setAttribute("role", "listbox");
  var items = [], active = -1, timer = null, seq = 0;
  function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
  function select(i) {
    items.forEach(function (el, k) { el.setAttribute("aria-selected", k === i ? "true" : "false"); });
    active = i;
    if (items[i]) { input.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({ block: "nearest" }); }
  }
  function render(results, q) {
    box.innerHTML = ""; items = [];
    if (!results.length) {
      var p = document.createElement("p"); p.className = "search-empty"; p.textContent = "No results for “" + q + "”.";
      box.appendChild(p);
      engine.suggest(q).then(function (s) {
        if (!s || input.value !== q) return;
        var a = document.createElement("button"); a.type = "button"; a.className = "search-suggest"; a.textContent = "Did you mean: " + s + "?";
        a.addEventListener("click", function () { input.value = s; run(); input.focus(); });
        p.appendChild(document.createTextNode(" ")); p.appendChild(a);
      });
    }
    results.forEach(function (r, i) {
      var a = document.createElement("a");
      a.href = r.url; a.id = "search-result-" + i; a.className = "search-result"; a.setAttribute("role", "option");
      var t = document.createElement("span"); t.className = "search-title";
      t.textContent = r.section ? r.title + " › " + r.section : r.title;
      var s = document.createElement("span"); s.className = "search-snippet"; s.innerHTML = r.snippet;
      a.appendChild(t); a.appendChild(s); box.appendChild(a); items.push(a);
    });
    box.hidden = false; input.setAttribute("aria-expanded", "true");
    if (items.length) select(0);
  }
  function run() {
    var q = input.value, mine = ++seq;
    if (!q.trim()) { close(); return; }
    engine.search(q, { limit: 8 }).then(function (r) { if (mine === seq) render(r, q); }).catch(function (e) {
      if (mine !== seq) return;
      box.innerHTML = ""; var p = document.createElement("p"); p.className = "search-empty"; p.textContent = "Search is unavailable: " + e.message; box.appendChild(p); box.hidden = false;
    });
  }
  input.addEventListener("focus", function () { engine.load(); if (input.value.trim()) run(); }, { once: false });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 80); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (items.length) select(Math.min(items.length - 1, active + 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); if (items.length) select(Math.max(0, active - 1)); }
    else if (e.key === "Enter") { if (items[active]) { e.preventDefault(); location.href = items[active].href; } }
    else if (e.key === "Escape") { close(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((e.target && e.target.tagName) || "") || (e.target && e.target.isContentEditable);
    if ((e.key === "/" && !typing) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k")) { e.preventDefault(); input.focus(); input.select(); }
  });
  document.addEventListener("click", function (e) { if (!box.contains(e.target) && e.target !== input) close(); });
})(typeof window !== "undefined" ? window : this);
