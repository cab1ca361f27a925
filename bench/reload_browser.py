#!/usr/bin/env python3
"""Save-to-visible latency of `atlas serve` in headless Chromium, with two clocks:

- signal:  from writing the note to the dev server's message on its live-reload WebSocket;
- visible: from writing the note to the edited text being in the open page's DOM (seen by
           a MutationObserver installed in every document the tab loads, so a full reload
           is timed as well as an in-place patch).

It also counts page loads: with in-place patching a content edit loads nothing.
Chromium is driven over the DevTools protocol by the tiny client below (no packages).

usage: bench/reload_browser.py --notes 1000 [--edits 30] [--atlas PATH] [--corpus DIR] [--git]
"""
import argparse
import base64
import json
import os
import pathlib
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


class WebSocket:
    """A minimal WebSocket client (text frames, masked as a client must)."""

    def __init__(self, host, port, path, origin=False):
        self.sock = socket.create_connection((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        # The dev server's live-reload socket only accepts its own pages (Origin = Host).
        head = f"Origin: http://{host}:{port}\r\n" if origin else ""
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{head}Upgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise SystemExit("websocket closed during the handshake")
            buf += chunk
        if b" 101 " not in buf.split(b"\r\n")[0]:
            raise SystemExit(f"websocket upgrade failed: {buf[:200]!r}")
        self.rest = buf.split(b"\r\n\r\n", 1)[1]

    def _read(self, n):
        while len(self.rest) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.rest += chunk
        out, self.rest = self.rest[:n], self.rest[n:]
        return out

    def send(self, text):
        data = text.encode()
        head = bytearray([0x81])
        if len(data) < 126:
            head.append(0x80 | len(data))
        elif len(data) < 65536:
            head.append(0x80 | 126)
            head += struct.pack(">H", len(data))
        else:
            head.append(0x80 | 127)
            head += struct.pack(">Q", len(data))
        mask = os.urandom(4)
        head += mask
        self.sock.sendall(bytes(head) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise EOFError
            if opcode in (0x9, 0xA):
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self):
        self.sock.close()


class Cdp:
    """The DevTools protocol over one page target."""

    def __init__(self, ws_url):
        rest = ws_url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.ws = WebSocket(host, int(port), "/" + path)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        return r.get("result", {}).get("value")


# Installed in every document the tab loads: counts loads and records (epoch ms) when the
# text named by sessionStorage["bench-marker"] first appears in the DOM.
OBSERVER = r"""
(function () {
  try { sessionStorage.setItem("bench-loads", String(Number(sessionStorage.getItem("bench-loads") || 0) + 1)); } catch (e) {}
  function look() {
    var m = sessionStorage.getItem("bench-marker");
    if (!m || sessionStorage.getItem("bench-seen")) return;
    var b = document.body;
    if (b && b.textContent.indexOf(m) >= 0) sessionStorage.setItem("bench-seen", String(performance.timeOrigin + performance.now()));
  }
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def wait_port(port, timeout=300):
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return
        except OSError:
            if time.time() > deadline:
                raise SystemExit(f"nothing listening on {port}")
            time.sleep(0.05)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--corpus", help="a generated corpus (default: generate one under --work)")
    ap.add_argument("--work", default=os.environ.get("ATLAS_BENCH_DIR", "/tmp/atlas-bench"))
    ap.add_argument("--gen", default=str(ROOT.parent / "shared" / "bench" / "gen_corpus.py"))
    ap.add_argument("--atlas", help="atlas binary (default: build the release binary of this checkout)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--port", type=int, default=1321)
    ap.add_argument("--cdp-port", type=int, default=9333)
    ap.add_argument("--pause", type=float, default=0.6, help="seconds between saves (faster saves coalesce)")
    ap.add_argument("--git", action="store_true",
                    help="make the corpus a git repository first (what a contributor edits: pages show git dates)")
    args = ap.parse_args()

    corpus = pathlib.Path(args.corpus) if args.corpus else pathlib.Path(args.work) / f"reload-{args.notes}"
    if not (corpus / "content").exists():
        subprocess.run([sys.executable, args.gen, "--notes", str(args.notes), "--out", str(corpus), "--flavor", "atlas"],
                       check=True, capture_output=True)
    if args.git and not (corpus / ".git").exists():
        env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
                   GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
        for cmd in (["init", "-q"], ["add", "."], ["commit", "-qm", "corpus"]):
            subprocess.run(["git", "-C", str(corpus), *cmd], check=True, env=env)
    atlas = args.atlas
    if not atlas:
        target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        atlas = str(target / "release" / "atlas")

    server = subprocess.Popen([atlas, "serve", "-q", "--root", str(corpus), "--port", str(args.port)],
                              stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="atlas-bench-chromium-")
    browser = None
    notes = sorted(p for p in (corpus / "content").rglob("*.md") if p.name != "_index.md")
    note = notes[len(notes) // 2]
    original = note.read_text()
    try:
        wait_port(args.port)
        browser = subprocess.Popen([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                    f"--remote-debugging-port={args.cdp_port}", f"--user-data-dir={profile}",
                                    "--no-first-run", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(args.cdp_port, 30)
        rel = note.relative_to(corpus / "content").with_suffix("")
        url = f"http://127.0.0.1:{args.port}/{rel.as_posix()}/"
        req = urllib.request.Request(f"http://127.0.0.1:{args.cdp_port}/json/new?about:blank", method="PUT")
        target = json.loads(urllib.request.urlopen(req).read())
        cdp = Cdp(target["webSocketDebuggerUrl"])
        cdp.call("Page.enable")
        cdp.call("Page.addScriptToEvaluateOnNewDocument", source=OBSERVER)
        cdp.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while cdp.eval("document.readyState") != "complete" or cdp.eval("location.href") != url:
            if time.time() > deadline:
                raise SystemExit("the page did not load")
            time.sleep(0.05)
        time.sleep(1.0)  # the page's live-reload socket opens
        loads_before = int(cdp.eval("sessionStorage.getItem('bench-loads')") or 0)
        signal, visible, kinds = [], [], []
        for i in range(args.edits):
            marker = f"bench-marker-{i}-{time.time_ns()}"
            cdp.eval(f"sessionStorage.removeItem('bench-seen'); sessionStorage.setItem('bench-marker', {json.dumps(marker)})")
            ws = WebSocket("127.0.0.1", args.port, "/__atlas/ws", origin=True)
            time.sleep(0.05)
            t0 = time.time() * 1000
            note.write_text(original + f"\n\n{marker}\n")
            msg = ws.recv()
            t_sig = time.time() * 1000
            ws.close()
            try:
                kinds.append(json.loads(msg).get("kind", msg))
            except ValueError:
                kinds.append(msg)
            deadline = time.time() + 30
            seen = None
            while seen is None:
                try:
                    seen = cdp.eval("sessionStorage.getItem('bench-seen')")
                except (RuntimeError, EOFError):
                    seen = None  # the page is between documents
                if seen is None:
                    if time.time() > deadline:
                        raise SystemExit(f"edit {i} never appeared in the page")
                    time.sleep(0.003)
            signal.append(t_sig - t0)
            visible.append(float(seen) - t0)
            time.sleep(args.pause)
        loads = int(cdp.eval("sessionStorage.getItem('bench-loads')") or 0) - loads_before
        rss = rss_mb(server.pid)
    finally:
        note.write_text(original)
        if browser:
            browser.terminate()
            browser.wait()
        server.terminate()
        server.wait()
        shutil.rmtree(profile, ignore_errors=True)

    print(f"{args.notes} notes, {len(visible)} edits, {loads} page loads; messages: {sorted(set(kinds))}")
    print(f"  save -> WebSocket signal:   p50 {statistics.median(signal):6.0f} ms  p95 {pct(signal, 0.95):6.0f} ms  max {max(signal):6.0f} ms")
    print(f"  save -> text in the DOM:    p50 {statistics.median(visible):6.0f} ms  p95 {pct(visible, 0.95):6.0f} ms  max {max(visible):6.0f} ms")
    print(f"  atlas serve RSS after the edits: {rss:.0f} MB")


if __name__ == "__main__":
    main()
