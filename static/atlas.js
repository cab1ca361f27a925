// Atlas page script: theme toggle, sidebar state, phone menu drawer, copy buttons, table-of-contents
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

  // Sidebar: sections off the current path arrive collapsed from the server (no layout
  // shift); the toggle buttons open them and the reader's choices are remembered.
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
    if (!li.hasAttribute("data-open") && state[key] === true) set(true);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      set(open);
      state[key] = open;
      store("atlas-nav", JSON.stringify(state));
    });
  });

  // Phones: the sidebar is a drawer behind the menu button. While it is open, Tab stays
  // inside it and Escape (or a tap outside) closes it, giving focus back to the button.
  var menu = document.querySelector(".menu-toggle");
  var drawer = document.getElementById("site-nav");
  if (menu && drawer) {
    var focusables = function () {
      return Array.prototype.filter.call(
        drawer.querySelectorAll("a[href], button:not([disabled])"),
        function (el) { return el.offsetParent !== null; });
    };
    var close = function (refocus) {
      if (!drawer.classList.contains("open")) return;
      drawer.classList.remove("open");
      document.body.classList.remove("nav-open");
      menu.setAttribute("aria-expanded", "false");
      if (refocus) menu.focus();
    };
    var openDrawer = function () {
      drawer.classList.add("open");
      document.body.classList.add("nav-open");
      menu.setAttribute("aria-expanded", "true");
      var here = drawer.querySelector("[aria-current=page]");
      if (here && here.scrollIntoView) here.scrollIntoView({ block: "center" });
      (here || focusables()[0] || drawer).focus();
    };
    menu.addEventListener("click", function () {
      if (drawer.classList.contains("open")) close(true); else openDrawer();
    });
    var closer = drawer.querySelector(".nav-close");
    if (closer) closer.addEventListener("click", function () { close(true); });
    document.addEventListener("keydown", function (e) {
      if (!drawer.classList.contains("open")) return;
      if (e.key === "Escape") { e.preventDefault(); close(true); return; }
      if (e.key !== "Tab") return;
      var f = focusables();
      if (!f.length) return;
      var first = f[0], last = f[f.length - 1];
      var inside = drawer.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && (document.activeElement === last || !inside)) { e.preventDefault(); first.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (drawer.classList.contains("open") && !drawer.contains(e.target) && !menu.contains(e.target)) close(false);
    });
    var wide = window.matchMedia("(min-width: 48.01rem)");
    if (wide.addEventListener) wide.addEventListener("change", function (m) { if (m.matches) close(false); });
  }
  var current = document.querySelector(".sidebar [aria-current=page]");
  if (current && current.scrollIntoView && getComputedStyle(drawer || current).display !== "none") {
    var side = current.closest(".sidebar");
    if (side && side.scrollHeight > side.clientHeight) current.scrollIntoView({ block: "nearest" });
  }

  // Wide code, tables and diagrams scroll inside themselves: let the keyboard scroll them too.
  document.querySelectorAll("main pre, main .table-wrap, main .diagram").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) el.tabIndex = 0;
  });
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
    links.forEach(function (a) { var id = decodeURIComponent(a.hash.slice(1)); (byId[id] = byId[id] || []).push(a); });
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && byId[e.target.id]) {
          links.forEach(function (a) { a.classList.remove("active"); a.removeAttribute("aria-current"); });
          byId[e.target.id].forEach(function (a) { a.classList.add("active"); a.setAttribute("aria-current", "location"); });
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
