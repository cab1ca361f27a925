// Atlas search client, part 1 of 3: reading text and queries the way the build does.
//
// static/search/analyze.js, engine.js and ui.js are bundled at build time (in this
// order, inside one function, whole-line comments and indentation left out) into the
// search.js every page loads: see src/search/client.rs. They share one scope, so the
// engine calls these functions by name.
//
// Analysis is tantivy's, as the build configures it: split on non-alphanumerics, drop
// 40+ byte tokens, lowercase, ASCII folding, Snowball English stemming, and the parts of
// camelCase identifiers. Query reading (stop words, comparisons, phrases, adjacent words)
// is src/search/query.rs's; tests compare the two (tests/search_js.rs).

// ---- Snowball English (Porter2) stemmer, as rust-stemmers implements it ----
var VOWELS = "aeiouy";
function isVowel(c) { return VOWELS.indexOf(c) >= 0; }
var EXCEPTIONS = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
var INVARIANT_AFTER_1A = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
function regions(w) {
  var r1 = w.length, r2 = w.length, i;
  var pre = /^(gener|commun|arsen)/.exec(w);
  if (pre) r1 = pre[0].length;
  else for (i = 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) { r1 = i + 1; break; }
  for (i = r1 + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) { r2 = i + 1; break; }
  return [r1, r2];
}
function shortSyllable(w, end) { // syllable ending at index end-1
  var i = end - 1;
  if (i === 1 && isVowel(w[0]) && !isVowel(w[1])) return true;
  return i >= 2 && !isVowel(w[i]) && "wxY".indexOf(w[i]) < 0 && isVowel(w[i - 1]) && !isVowel(w[i - 2]);
}
function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
function stem(word) {
  if (word.length <= 2) return word;
  if (EXCEPTIONS.hasOwnProperty(word)) return EXCEPTIONS[word];
  var w = word.replace(/^'/, "");
  if (w[0] === "y") w = "Y" + w.slice(1);
  for (var i = 1; i < w.length; i++) if (w[i] === "y" && isVowel(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
  var rg = regions(w), r1 = rg[0], r2 = rg[1];
  // Step 0
  if (ends(w, "'s'")) w = w.slice(0, -3); else if (ends(w, "'s")) w = w.slice(0, -2); else if (ends(w, "'")) w = w.slice(0, -1);
  // Step 1a
  if (ends(w, "sses")) w = w.slice(0, -2);
  else if (ends(w, "ied") || ends(w, "ies")) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  else if (ends(w, "us") || ends(w, "ss")) { /* keep */ }
  else if (ends(w, "s")) { var pre = w.slice(0, -2); if (/[aeiouy]/.test(pre)) w = w.slice(0, -1); }
  if (INVARIANT_AFTER_1A.hasOwnProperty(w)) return w;
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
  if (w.length > 2 && (ends(w, "y") || ends(w, "Y")) && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
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
