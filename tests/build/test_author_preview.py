"""`make serve`, the authors' live preview: it serves the site and live reload is not blocked
by the Content-Security-Policy that the published build carries."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from commands import MKDOCS, project_env
from pages import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_live_preview_serves_pages_with_live_reload_and_no_csp():
    port = _free_port()
    # The engine itself (`make serve` runs it through `thinning-hair serve`, a second process
    # that terminate() would leave behind), the plugin regenerating and checking as it serves.
    server = subprocess.Popen([str(MKDOCS), "serve", "--livereload",
                               "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=project_env(ROOT), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline, html = time.monotonic() + 60, None
        while time.monotonic() < deadline and html is None:
            if server.poll() is not None:
                raise AssertionError(f"mkdocs serve exited:\n{server.stdout.read().decode()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/finasteride/", timeout=5) as r:
                    html = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert html is not None, "mkdocs serve did not answer within 60 s"
        assert "<h1" in html and "Finasteride" in html
        assert "livereload(" in html, "the preview has no live-reload script"
        assert 'http-equiv="Content-Security-Policy"' not in html, (
            "the preview carries the CSP, which blocks its inline live-reload script")
    finally:
        server.terminate()
        server.wait(timeout=10)
