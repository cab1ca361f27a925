// Atlas search client, part 3 of 3: the page. In node (tests, benchmarks) there is no
// page: the bundle exports the analyzer and the engine and stops here. In a browser:
// window.atlasSearch, and the search box (results as you type, arrow keys, Enter, Esc,
// "/" and Ctrl/Cmd-K to focus).

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
