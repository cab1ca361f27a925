/* Atlas live reload (served by `atlas serve` only, never written by `atlas build`).
 *
 * The dev server says what changed on one WebSocket: {"kind": "content" | "css" | "full",
 * "version": N}. "css" swaps the stylesheets. "content" fetches the page again and patches
 * the DOM in place: only the nodes that differ between the HTML this page was built from
 * and the new HTML are touched, so the scroll position, open <details>, focus, text typed
 * in the search box and the theme all stay. "full" (templates, scripts, site.toml) and
 * anything the patch cannot follow reloads the page, keeping the scroll position.
 * A build error arrives as an overlay in the fetched page, like any other change.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : null;
  var socketPath = (me && me.getAttribute("data-socket")) || "/__atlas/ws";
  var OVERLAY = "atlas-error-overlay";
  var scrollKey = "atlas-scroll:" + location.pathname;

  // After a full reload: back to where the reader was.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var pos = JSON.parse(saved);
      var go = function () { window.scrollTo(pos[0], pos[1]); };
      if (document.readyState === "complete") go(); else window.addEventListener("load", go);
    }
  } catch (e) { /* storage may be disabled */ }

  function fullReload() {
    try { sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY])); } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapStylesheets() {
    document.querySelectorAll("link[rel=stylesheet]").forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("t", Date.now());
      l.href = u.toString();
    });
  }

  // Nodes the dev server adds to every page: not part of the page itself.
  function ours(node) {
    return node.nodeType === 1 && (node.id === OVERLAY || node.hasAttribute("data-atlas-live"));
  }

  // The page's top-level regions (body's element children), as served.
  function regions(body) {
    return Array.prototype.filter.call(body.children, function (n) { return !ours(n); });
  }

  // Stylesheets and scripts: when they change, patching is not enough. Those inside
  // <noscript> are left out: a fetched page is parsed without scripting, so its
  // <noscript> holds elements, where the live page (with scripting) holds only text.
  function assets(doc) {
    return Array.prototype.filter.call(doc.querySelectorAll("link[rel=stylesheet], script[src]"), function (n) {
      return !ours(n) && !n.closest("noscript");
    }).map(function (n) {
      return n.tagName + (n.getAttribute("href") || n.getAttribute("src"));
    }).join("\n");
  }

  // What this page was built from: each live region with a copy of it as served
  // (before scripts enhanced it), so a later patch changes only what the server changed.
  var served = regions(document.body).map(function (n) { return { live: n, old: n.cloneNode(true) }; });
  var servedAssets = assets(document);

  function syncAttributes(live, oldEl, newEl) {
    Array.prototype.forEach.call(newEl.attributes, function (a) {
      if (oldEl.getAttribute(a.name) !== a.value) live.setAttribute(a.name, a.value);
    });
    Array.prototype.forEach.call(oldEl.attributes, function (a) {
      if (!newEl.hasAttribute(a.name)) live.removeAttribute(a.name);
    });
  }

  // Makes `live` (which was served as `oldNode`) show `newNode`; returns the live node.
  function patch(live, oldNode, newNode) {
    if (oldNode.isEqualNode(newNode)) return live;
    var sameKind = oldNode.nodeType === newNode.nodeType && oldNode.nodeName === newNode.nodeName;
    if (sameKind && (newNode.nodeType === 3 || newNode.nodeType === 8)) {
      live.data = newNode.data;
      return live;
    }
    var fresh = document.importNode(newNode, true);
    // Scripts enhanced this node (its children differ from what was served): replace it.
    if (!sameKind || newNode.nodeType !== 1 || live.childNodes.length !== oldNode.childNodes.length) {
      live.replaceWith(fresh);
      return fresh;
    }
    syncAttributes(live, oldNode, newNode);
    patchChildren(live, oldNode, newNode);
    return live;
  }

  function patchChildren(live, oldEl, newEl) {
    var lk = Array.prototype.slice.call(live.childNodes);
    var ok = oldEl.childNodes, nk = newEl.childNodes;
    var start = 0, endOld = ok.length, endNew = nk.length;
    while (start < endOld && start < endNew && ok[start].isEqualNode(nk[start])) start++;
    while (endOld > start && endNew > start && ok[endOld - 1].isEqualNode(nk[endNew - 1])) { endOld--; endNew--; }
    var i = start;
    for (; i < endOld && i < endNew; i++) patch(lk[i], ok[i], nk[i]);
    var anchor = endOld < lk.length ? lk[endOld] : null;
    for (var j = i; j < endNew; j++) live.insertBefore(document.importNode(nk[j], true), anchor);
    for (var k = i; k < endOld; k++) lk[k].remove();
  }

  function showOverlay(newDoc) {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
    var fresh = newDoc.getElementById(OVERLAY);
    if (fresh) document.body.appendChild(document.importNode(fresh, true));
  }

  // Fetches the page and patches it in; false when only a full reload can show it.
  function update() {
    return fetch(location.href, { cache: "no-store" }).then(function (r) {
      if (!r.ok) return false;
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var next = regions(doc.body);
        // After a stylesheet swap the pages name new asset versions: learn them.
        var now = assets(doc);
        if ((servedAssets !== null && now !== servedAssets) || next.length !== served.length) return false;
        servedAssets = now;
        for (var i = 0; i < next.length; i++) if (next[i].nodeName !== served[i].old.nodeName) return false;
        var x = window.scrollX, y = window.scrollY;
        var active = document.activeElement;
        var focusId = active && active.id;
        served.forEach(function (s, n) {
          s.live = patch(s.live, s.old, next[n]);
          s.old = next[n];
        });
        if (document.title !== doc.title) document.title = doc.title;
        showOverlay(doc);
        if (focusId && document.activeElement !== active) {
          var again = document.getElementById(focusId);
          if (again) again.focus({ preventScroll: true });
        }
        window.scrollTo(x, y);
        document.dispatchEvent(new CustomEvent("atlas:updated"));
        return true;
      });
    });
  }

  var busy = false, again = false;
  function contentChanged() {
    if (busy) { again = true; return; }
    busy = true;
    update().then(function (done) {
      busy = false;
      if (!done) return fullReload();
      if (again) { again = false; contentChanged(); }
    }, fullReload);
  }

  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + socketPath +
      (version !== null ? "?v=" + encodeURIComponent(version) : "");
    var ws = new WebSocket(url);
    ws.onmessage = function (m) {
      var msg;
      try { msg = JSON.parse(m.data); } catch (e) { msg = { kind: "full" }; }
      if (msg.version !== undefined) version = String(msg.version);
      if (msg.kind === "css") { swapStylesheets(); servedAssets = null; }
      else if (msg.kind === "content") contentChanged();
      else fullReload();
    };
    ws.onclose = function () { setTimeout(connect, 500); };
  }
  connect();
})();
