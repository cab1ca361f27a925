// Atlas search client: plain JavaScript, no dependencies, loaded with every page but
// fetching nothing until first use. It analyzes queries exactly like the build
// (tantivy: split on non-alphanumerics, drop 40+ byte tokens, lowercase, ASCII folding,
// Snowball English stemming, camelCase parts), then reads a front-coded dictionary,
// the postings shards of the query's terms, and the records of the results shown.
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
  // Terms of `text` as [term, position] pairs, like the build's analyzer.
  function analyze(text) {
    var out = [], pos = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var main = filter(m[0]);
      if (main === null) continue;
      out.push([main, pos]);
      camelParts(m[0]).forEach(function (p) {
        (p.match(PART) || []).forEach(function (q) { var t = filter(q); if (t !== null && t !== main) out.push([t, pos]); });
      });
      pos++;
    }
    return out;
  }

  // ---- Dictionary helpers ----
  function decode(text) {
    var terms = [], prev = "";
    text.split("\n").forEach(function (line) {
      if (!line) return;
      var shared = line.charCodeAt(0) - 48;
      var t = Array.from(prev).slice(0, shared).join("") + line.slice(1);
      terms.push(t); prev = t;
    });
    return terms;
  }
  function lowerBound(a, x) { var lo = 0, hi = a.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; } return lo; }
  function within(a, b, max) { // Levenshtein distance if <= max, else -1
    if (Math.abs(a.length - b.length) > max) return -1;
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i]; var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return -1;
      prev = cur;
    }
    return prev[b.length] <= max ? prev[b.length] : -1;
  }

  function createEngine(fetchText, manifestUrl) {
    var base = manifestUrl.replace(/[^/]*$/, "");
    var manifest = null, terms = null, shards = {}, chunks = {}, ready = null;
    function load() {
      if (!ready) ready = fetchText(manifestUrl).then(function (t) {
        manifest = JSON.parse(t);
        base = base + manifest.dir + "/";
        return fetchText(base + "dict.txt");
      }).then(function (t) { terms = decode(t); });
      return ready;
    }
    function shardOf(i) { var s = manifest.shards, lo = 0, hi = s.length - 1; while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (s[mid] <= i) lo = mid; else hi = mid - 1; } return lo; }
    function postings(i) {
      var k = shardOf(i);
      if (!shards[k]) shards[k] = fetchText(base + "s" + k + ".json").then(JSON.parse);
      return shards[k].then(function (sh) {
        var a = sh[String(i)] || [], out = [], p = 0, rec = 0;
        while (p < a.length) {
          rec += a[p]; var norm = a[p + 1], n = a[p + 2], kept = a[p + 3], pos = [], q = 0;
          for (var j = 0; j < kept; j++) { q += a[p + 4 + j]; pos.push(q); }
          out.push({ rec: rec, norm: norm, n: n, pos: pos });
          p += 4 + kept;
        }
        return out;
      });
    }
    function record(r) {
      var c = Math.floor(r / manifest.chunk);
      if (!chunks[c]) chunks[c] = fetchText(base + "r" + c + ".json").then(JSON.parse);
      return chunks[c].then(function (rows) { return rows[r % manifest.chunk]; });
    }
    function fieldWeight(p) { var f = manifest.fields, w = f[0][1]; for (var i = 0; i < f.length; i++) if (p >= f[i][0]) w = f[i][1]; return w; }
    // Candidate dictionary terms for one query term: exact, prefix (last term while
    // typing), and within edit distance 1 (4+ chars) or 2 (8+ chars).
    function expand(term, prefix) {
      var out = [], i = lowerBound(terms, term);
      if (terms[i] === term) out.push([i, 1]);
      if (prefix && term.length >= 2) {
        for (var j = i; j < terms.length && out.length < 24 && terms[j].indexOf(term) === 0; j++) if (terms[j] !== term) out.push([j, 0.7]);
      }
      if (!out.length && term.length >= 5) {
        // A typo near the end of a word defeats stemming ("idempotncy" stems to
        // "idempotnci"): accept dictionary terms of 4+ letters the query starts with.
        for (var p = term.length - 1; p >= 4 && out.length < 3; p--) {
          var q = lowerBound(terms, term.slice(0, p));
          if (terms[q] === term.slice(0, p)) out.push([q, 0.45]);
        }
      }
      if (!out.length || term.length >= 5) {
        var max = term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
        if (max) for (var k = 0; k < terms.length && out.length < 40; k++) {
          var d = terms[k] === term ? -1 : within(term, terms[k], max);
          if (d > 0) out.push([k, d === 1 ? 0.5 : 0.3]);
        }
      }
      return out;
    }
    function parse(q) {
      var groups = [], phrases = [], m, re = /"([^"]*)"/g;
      while ((m = re.exec(q))) phrases.push(analyze(m[1]).map(function (x) { return x[0]; }));
      var rest = q.replace(/"[^"]*"?/g, " ");
      var words = analyze(rest);
      var seen = {};
      words.forEach(function (w, n) { if (!seen[w[0]]) { seen[w[0]] = 1; groups.push({ term: w[0], prefix: n === words.length - 1 && !/\s$/.test(q) && !/"$/.test(q) }); } });
      phrases.forEach(function (p) { p.forEach(function (t) { if (!seen[t]) { seen[t] = 1; groups.push({ term: t, prefix: false, phrase: true }); } }); });
      return { groups: groups, phrases: phrases.filter(function (p) { return p.length; }) };
    }
    function search(query, opts) {
      var limit = (opts && opts.limit) || 10;
      return load().then(function () {
        var pq = parse(query);
        if (!pq.groups.length) return [];
        var N = manifest.n, avg = manifest.avglen || 1, k1 = 1.2, b = 0.75;
        return Promise.all(pq.groups.map(function (g) {
          var cands = g.phrase ? expand(g.term, false).filter(function (c) { return c[1] === 1; }) : expand(g.term, g.prefix);
          return Promise.all(cands.map(function (c) { return postings(c[0]).then(function (ps) { return { w: c[1], term: terms[c[0]], ps: ps }; }); }));
        })).then(function (perGroup) {
          // Score per record per group: best alternative's BM25 with field weights.
          var scores = perGroup.map(function (alts) {
            var best = {};
            alts.forEach(function (alt) {
              var df = alt.ps.length, idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
              alt.ps.forEach(function (p) {
                // Listed positions carry their field's weight; unlisted ones are body text.
                var wtf = p.n - p.pos.length; p.pos.forEach(function (x) { wtf += fieldWeight(x); });
                var len = Math.exp(p.norm / 16) - 1;
                var s = alt.w * idf * (wtf * (k1 + 1)) / (wtf + k1 * (1 - b + b * len / avg));
                var cur = best[p.rec];
                if (!cur || cur.s < s) best[p.rec] = { s: s, term: alt.term, pos: p.pos };
              });
            });
            return best;
          });
          var positions = {}; // term -> rec -> positions (exact terms, for phrases)
          perGroup.forEach(function (alts) { alts.forEach(function (alt) { if (alt.w === 1) { var m = positions[alt.term] = {}; alt.ps.forEach(function (p) { m[p.rec] = p.pos; }); } }); });
          function phraseOk(rec) {
            return pq.phrases.every(function (ph) {
              var first = (positions[ph[0]] || {})[rec];
              if (!first) return false;
              return first.some(function (p0) { return ph.every(function (t, i) { var ps = (positions[t] || {})[rec]; return ps && ps.indexOf(p0 + i) >= 0; }); });
            });
          }
          function combine(requireAll) {
            var total = {};
            scores.forEach(function (best) {
              Object.keys(best).forEach(function (r) { total[r] = (total[r] || 0) + best[r].s; });
            });
            return Object.keys(total).filter(function (r) {
              if (requireAll && !scores.every(function (best) { return best[r]; })) return false;
              return phraseOk(+r);
            }).map(function (r) { return { rec: +r, score: total[r] }; });
          }
          var hits = combine(true);
          if (!hits.length && !pq.phrases.length) hits = combine(false);
          hits.sort(function (a, b) { return b.score - a.score || a.rec - b.rec; });
          var matched = {};
          scores.forEach(function (best) { Object.keys(best).forEach(function (r) { matched[best[r].term] = 1; }); });
          return Promise.all(hits.slice(0, limit).map(function (h) {
            return record(h.rec).then(function (row) {
              return { url: row[2], title: row[0], section: row[1], snippet: snippet(row[3], matched), score: Math.round(h.score * 1000) / 1000 };
            });
          }));
        });
      });
    }
    function suggest(query) {
      return load().then(function () {
        var out = [], changed = false;
        query.split(/\s+/).filter(Boolean).forEach(function (word) {
          var t = analyze(word)[0];
          if (!t || terms[lowerBound(terms, t[0])] === t[0]) { out.push(word); return; }
          var best = null, bd = 3;
          for (var k = 0; k < terms.length; k++) { var d = within(t[0], terms[k], 2); if (d > 0 && d < bd) { bd = d; best = terms[k]; } }
          out.push(best || word); changed = changed || !!best;
        });
        return changed ? out.join(" ") : null;
      });
    }
    return { search: search, suggest: suggest, load: load };
  }

  function escapeHtml(s) { return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]; }); }
  // Escaped text around the first match, matched words in <mark>.
  function snippet(text, matched) {
    var spans = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) { var t = filter(m[0]); if (t !== null && matched[t]) spans.push([m.index, m.index + m[0].length]); }
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

  var api = { stem: stem, fold: fold, analyze: analyze, decode: decode, within: within, createEngine: createEngine, snippet: snippet };
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
  if (!input) return;
  if (!box) { box = document.createElement("div"); box.id = "search-results"; input.parentNode.appendChild(box); }
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
