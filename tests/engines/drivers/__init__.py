"""Firefox and WebKit for tests/engines/test_engines.py, behind one small interface.

Playwright cannot drive Debian's Firefox or WebKit (it wants its own patched builds, which it
cannot download here), so each engine is driven by what works with the Debian package:

- Firefox ESR: puppeteer-core over WebDriver BiDi, from Node (tests/engines/drivers/firefox.mjs),
  one long-running process per test session that pytest talks to in JSON lines.
- WebKit (WebKitGTK, Safari's engine): Selenium with WebKitWebDriver and MiniBrowser, under a
  private Xvfb display. WebKitWebDriver has no BiDi, so console errors are recorded by a hook
  installed in each page as soon as it has loaded (errors thrown before then are not seen), and
  requests leaving the site are seen by a recording proxy that refuses them.

Both give the same methods: goto, js, hover, click, press, type and log (requests made and
console errors since the last call). `unavailable(name)` says why an engine cannot run here.
"""

from __future__ import annotations

import glob
import json
import os
import random
import re
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIREFOX_DRIVER = Path(__file__).with_name("firefox.mjs")
PUPPETEER = ROOT / "node_modules" / "puppeteer-core" / "package.json"
ANSWER_TIMEOUT = 60  # seconds for any one browser command

INSTALL_HINT = "run `make test` as root on Debian (it installs them) or see README.md, Browsers"


def firefox_path() -> str | None:
    return os.environ.get("FIREFOX") or shutil.which("firefox-esr")


def minibrowser_path() -> str | None:
    found = os.environ.get("MINIBROWSER") or next(
        iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))), None)
    return found if found and os.access(found, os.X_OK) else None


def unavailable(name: str) -> str | None:
    """Why the engine cannot run on this machine, or None if it can."""
    missing = []
    if name == "firefox":
        if not firefox_path():
            missing.append("firefox-esr (Debian package; or set FIREFOX=/path/to/firefox)")
        if not shutil.which("node"):
            missing.append("node (Node.js 20)")
        if not PUPPETEER.is_file():
            missing.append("puppeteer-core (npm ci)")
    elif name == "webkit":
        if not shutil.which("WebKitWebDriver"):
            missing.append("WebKitWebDriver (Debian package webkit2gtk-driver)")
        if not minibrowser_path():
            missing.append("MiniBrowser (Debian package libwebkit2gtk-4.1-0; "
                           "or set MINIBROWSER=/path/to/MiniBrowser)")
        if not shutil.which("Xvfb"):
            missing.append("Xvfb (Debian package xvfb)")
        try:
            import selenium  # noqa: F401
        except ImportError:
            missing.append("selenium (pip install '.[test]')")
    else:
        raise ValueError(name)
    if missing:
        return f"{name} cannot run here: missing {', '.join(missing)}; {INSTALL_HINT}"
    return None


class Firefox:
    """Firefox ESR through tests/engines/drivers/firefox.mjs (puppeteer-core, WebDriver BiDi)."""

    name = "firefox"

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(["node", str(FIREFOX_DRIVER)], cwd=ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._stderr, text=True, bufsize=1)
        self._id = 0
        self.version = self._call("version")

    def _call(self, cmd: str, **args):
        self._id += 1
        self._proc.stdin.write(json.dumps({"id": self._id, "cmd": cmd, **args}) + "\n")
        self._proc.stdin.flush()
        ready, _, _ = select.select([self._proc.stdout], [], [], ANSWER_TIMEOUT)
        line = self._proc.stdout.readline() if ready else ""
        if not line:
            self._stderr.seek(0)
            raise RuntimeError(f"firefox driver: no answer to {cmd!r} within {ANSWER_TIMEOUT} s"
                               f"\n{self._stderr.read().decode(errors='replace')[-2000:]}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError(f"firefox: {cmd} {args}: {answer['error']}")
        return answer["value"]

    def goto(self, url: str) -> None:
        self._call("goto", url=url)

    def js(self, body: str, *args):
        """Run the body of a function in the page (arguments as `arguments`); its result."""
        return self._call("js", body=body, args=list(args))

    def hover(self, selector: str) -> None:
        self._call("hover", selector=selector)

    def click(self, selector: str) -> None:
        self._call("click", selector=selector)

    def press(self, key: str) -> None:
        self._call("press", key=key)

    def type(self, text: str) -> None:
        self._call("type", text=text)

    def log(self) -> tuple[list[str], list[str]]:
        """(URLs requested, console errors) since the last call; data: and blob: left out.
        BiDi does not report file: loads, so offline the list holds only what left disk."""
        seen = self._call("log")
        return ([u for u in seen["requests"] if not u.startswith(("data:", "blob:"))],
                seen["errors"])

    def close(self) -> None:
        try:
            self._call("quit")
        except (RuntimeError, BrokenPipeError, OSError, ValueError):
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()


class _RefusingProxy:
    """An HTTP(S) proxy on loopback that records every connection and refuses it: WebKit is
    pointed at it for every host but loopback, so anything it records left the site."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    data = conn.recv(4096)
                except OSError:
                    data = b""
                first = data.split(b"\r\n", 1)[0]
                if re.match(rb"[A-Z]+ \S+ HTTP/", first):
                    self.seen.append(first.decode("latin-1"))
                else:  # TLS straight to the proxy: an https:// request; name its host (SNI)
                    hosts = re.findall(rb"[a-z0-9-]+(?:\.[a-z0-9-]+)+", data)
                    self.seen.append("https request to " + (
                        hosts[0].decode() if hosts else "an unknown host"))
                try:
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                except OSError:
                    pass

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen

    def close(self) -> None:
        self._socket.close()


# Installed in every page WebKit shows, on the first command after it loads.
_ERROR_HOOK = """
if (!window.__engineErrors) {
  window.__engineErrors = [];
  const push = text => window.__engineErrors.push(String(text));
  const original = console.error.bind(console);
  console.error = (...parts) => { push(parts.join(" ")); original(...parts); };
  addEventListener("error", e => push(e.message ? `uncaught: ${e.message}`
    : `failed to load ${e.target && (e.target.src || e.target.href)}`), true);
  addEventListener("unhandledrejection", e => push(`unhandled rejection: ${e.reason}`));
}
"""

_KEYS = {"Tab": "\ue004", "Enter": "\ue007", "Escape": "\ue00c"}  # WebDriver key codes


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private X display for MiniBrowser: the first free number from a random start (other
    test runs on the machine may hold some), ready once its socket exists."""
    start = random.randrange(100, 900)
    for number in range(start, start + 50):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x1024x24",
                                 "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while xvfb.poll() is None and time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return xvfb, str(number)
            time.sleep(0.05)
        xvfb.kill()
        xvfb.wait()
    raise RuntimeError("Xvfb did not start on any of 50 display numbers")


class WebKit:
    """WebKitGTK's MiniBrowser through Selenium and WebKitWebDriver, on a private Xvfb."""

    name = "webkit"

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.common.proxy import Proxy

        self._webdriver = webdriver
        self._xvfb, display = _start_xvfb()
        self._proxy = _RefusingProxy()
        proxy = f"127.0.0.1:{self._proxy.port}"
        options = webdriver.WebKitGTKOptions()
        options.binary_location = minibrowser_path()
        options.add_argument("--automation")
        options.proxy = Proxy({"proxyType": "manual", "httpProxy": proxy, "sslProxy": proxy,
                               "noProxy": ["127.0.0.1", "localhost"]})
        self._driver = self._session(options, display)
        self._driver.set_window_size(1280, 900)
        self.version = f"WebKitGTK {self._driver.capabilities.get('browserVersion')}"
        self._errors: list[str] = []

    def _session(self, options, display: str, tries: int = 3, timeout: float = 60):
        """Start the WebDriver session. Under heavy load WebKitWebDriver sometimes waits
        for ever for a MiniBrowser that never came up: then stop it and try again."""
        webdriver, problems = self._webdriver, []
        for _ in range(tries):
            log = tempfile.NamedTemporaryFile(prefix="webkitwebdriver-", suffix=".log",
                                              delete=False)
            service = webdriver.WebKitGTKService(
                executable_path=shutil.which("WebKitWebDriver"),
                service_args=["--host=127.0.0.1"], log_output=log.name,
                env={**os.environ, "DISPLAY": f":{display}"})
            started: dict = {}

            def start(service=service, started=started):
                try:
                    started["driver"] = webdriver.WebKitGTK(options=options, service=service)
                except Exception as error:  # reported below, with the driver's log
                    started["error"] = error

            thread = threading.Thread(target=start, daemon=True)
            thread.start()
            thread.join(timeout)
            if "driver" in started:
                return started["driver"]
            if service.process:
                service.process.kill()
            thread.join(10)
            problems.append(f"{started.get('error') or f'no session within {timeout} s'}; "
                            f"WebKitWebDriver log: {Path(log.name).read_text()[-500:]!r}")
        self._proxy.close()
        self._xvfb.kill()
        raise RuntimeError("WebKit did not start: " + " | ".join(problems))

    def _collect(self) -> None:
        """Keep the current page's errors before an action that may leave it."""
        try:
            self._errors += self._driver.execute_script(
                "const e = window.__engineErrors || []; window.__engineErrors = []; return e;"
                ) or []
        except Exception:  # a page that is still loading: nothing recorded yet
            pass

    def _only(self, selector: str):
        from selenium.webdriver.common.by import By
        found = self._driver.find_elements(By.CSS_SELECTOR, selector)
        if len(found) != 1:
            raise RuntimeError(f"webkit: {selector} matches {len(found)} elements, not 1")
        return found[0]

    def goto(self, url: str) -> None:
        self._collect()
        self._driver.get(url)
        self.js("return 0")

    def js(self, body: str, *args):
        return self._driver.execute_script(_ERROR_HOOK + body, *args)

    def hover(self, selector: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.actions.action_builder import ActionBuilder
        element = self._only(selector)
        self._driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        # From the window's corner first: a pointer already resting there makes no mouseenter.
        corner = ActionBuilder(self._driver)
        corner.pointer_action.move_to_location(2, 2)
        corner.perform()
        ActionChains(self._driver).move_to_element(element).perform()

    def click(self, selector: str) -> None:
        self._collect()
        self._only(selector).click()
        self.js("return 0")

    def press(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        leaves = key != "Tab"  # Enter or Escape may open another page
        if leaves:
            self._collect()
        ActionChains(self._driver).send_keys(_KEYS[key]).perform()
        if leaves:
            self.js("return 0")

    def type(self, text: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self._driver).send_keys(text).perform()

    def log(self) -> tuple[list[str], list[str]]:
        """(requests that tried to leave loopback and disk, console errors) since last call."""
        self._collect()
        errors, self._errors = self._errors, []
        return self._proxy.take(), errors

    def close(self) -> None:
        try:
            self._driver.quit()
        finally:
            self._proxy.close()
            self._xvfb.terminate()
            try:
                self._xvfb.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._xvfb.kill()


def start(name: str):
    return {"firefox": Firefox, "webkit": WebKit}[name]()
