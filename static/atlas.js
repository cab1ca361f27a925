// Atlas page script: theme toggle, sidebar state, copy buttons, table-of-contents
// highlight, and link previews from build-time data. Pages work without it.
(function () {
  "use strict";
  var root = document.documentElement;
  function store(k, v) { try { if (v === undefined) return localStorage.getItem(k); localStorage.setItem(k, v); } catch (e) { return null; } }

  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var sync = function () {
      var dark = root.getAttribute("data-theme") === "dark" ||
        (!root.getAttribute("data-theme") && window.matchMedia("(prefers-color-scheme: dark)").matches);
      toggle.setAttribute("aria-pressed", dark ? "true" : "false");
      return dark;
    };
    sync();
    toggle.addEventListener("click", function () {
      var next = sync() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      store("atlas-theme", next);
      sync();
    });
  }

  // Sidebar: sections collapse with a toggle (revealed only with script, so that
  // without it every section stays expanded); the reader's choices are remembered.
  var state = {};
  try { state = JSON.parse(store("atlas-nav") || "{}") || {}; } catch (e) { state = {}; }
  document.querySelectorAll(".sidebar .nav-section").forEach(function (li) {
    var a = li.querySelector(".nav-row a");
    var button = li.querySelector(".nav-toggle");
    var list = li.querySelector("ul");
    if (!a || !button || !list) return;
    var key = a.getAttribute("href");
    var set = function (open) {
      list.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      li.classList.toggle("closed", !open);
    };
    var onPath = li.hasAttribute("data-open");
    set(onPath || state[key] === true);
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      set(open);
      state[key] = open;
      store("atlas-nav", JSON.stringify(state));
    });
  });
  var current = document.querySelector(".sidebar [aria-current=page]");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });

  document.querySelectorAll("pre.code").forEach(function (pre) {
    if (!navigator.clipboard) return;
    var b = document.createElement("button");
    b.type = "button"; b.className = "copy-code"; b.textContent = "Copy";
    b.setAttribute("aria-label", "Copy code");
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.querySelector("code").innerText).then(function () {
        b.textContent = "Copied"; setTimeout(function () { b.textContent = "Copy"; }, 1500);
      });
    });
    pre.appendChild(b);
  });

  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a"));
  if (links.length && "IntersectionObserver" in window) {
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && byId[e.target.id]) {
          links.forEach(function (a) { a.classList.remove("active"); a.removeAttribute("aria-current"); });
          byId[e.target.id].classList.add("active");
          byId[e.target.id].setAttribute("aria-current", "location");
        }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) { var h = document.getElementById(id); if (h) obs.observe(h); });
  }

  // Link previews: on hover or keyboard focus of an internal link in the note.
  var data = document.getElementById("atlas-previews");
  if (data) {
    var previews = {};
    try { previews = JSON.parse(data.textContent); } catch (e) { previews = {}; }
    var box = null, timer = null;
    var hide = function () { clearTimeout(timer); if (box) { box.remove(); box = null; } };
    var show = function (a) {
      var p = previews[a.getAttribute("href")];
      if (!p) return;
      hide();
      box = document.createElement("div");
      box.className = "preview"; box.setAttribute("role", "tooltip"); box.id = "atlas-preview";
      var t = document.createElement("strong"); t.textContent = p.t;
      var x = document.createElement("p"); x.textContent = p.x || p.d || "";
      box.appendChild(t); box.appendChild(x);
      document.body.appendChild(box);
      var r = a.getBoundingClientRect();
      var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
      box.style.left = left + "px";
      box.style.top = (window.scrollY + r.bottom + 6) + "px";
      a.setAttribute("aria-describedby", "atlas-preview");
    };
    document.querySelectorAll(".content a[href]").forEach(function (a) {
      if (!previews[a.getAttribute("href")]) return;
      a.addEventListener("mouseenter", function () { clearTimeout(timer); timer = setTimeout(function () { show(a); }, 250); });
      a.addEventListener("mouseleave", hide);
      a.addEventListener("focus", function () { show(a); });
      a.addEventListener("blur", function () { hide(); a.removeAttribute("aria-describedby"); });
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  }
})();
