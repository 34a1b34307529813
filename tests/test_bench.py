"""The benchmark's own arithmetic and its server, without a build or a browser: what
`make bench` counts as a page's first view, and that the host-like server gzips as a host
would while the tests' server stays plain http.server."""

from __future__ import annotations

import gzip
import urllib.request

import pytest

from thinning_hair.tools import loopback

from pages import ROOT


@pytest.fixture(scope="module")
def bench():
    """thinning_hair.tools.bench, which finds the project when it is imported (Project.find):
    this one, wherever pytest was started."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THINNING_HAIR_ROOT", str(ROOT))
        from thinning_hair.tools import bench
    return bench

ORIGIN = "http://127.0.0.1:9999"


def fake_report(items: list[dict]) -> dict:
    """The parts of a Lighthouse JSON report that bench.first_view reads."""
    return {"finalDisplayedUrl": ORIGIN + "/finasteride/",
            "audits": {"network-requests": {"details": {"items": items}}}}


def test_first_view_counts_every_request_and_the_worker_script_lighthouse_undercounts(bench,
                                                                                     tmp_path):
    site = tmp_path
    (site / "finasteride").mkdir()
    (site / "finasteride" / "index.html").write_text("<p>finasteride</p>" * 500)
    worker = site / "assets" / "search.js"
    worker.parent.mkdir()
    worker.write_text("".join(f"var v{i}={i * 7919 % 10007};" for i in range(3000)))
    worker_bytes = len(gzip.compress(worker.read_bytes(), compresslevel=6, mtime=0))
    report = fake_report([
        {"url": ORIGIN + "/finasteride/", "transferSize": 900, "resourceType": "Document"},
        {"url": "data:image/svg+xml;charset=utf-8,<svg/>", "transferSize": 0,
         "resourceType": "Image"},
        # Lighthouse 12.8.2 reports a worker's script with its headers only:
        {"url": ORIGIN + "/assets/search.js", "transferSize": 223, "resourceType": "Script"},
        {"url": ORIGIN + "/assets/font.woff2", "transferSize": 4000, "resourceType": "Font"},
    ])

    view = bench.first_view(report, site)

    assert [(r["path"], r["bytes"], r["corrected"]) for r in view] == [
        ("/assets/search.js", worker_bytes, True),
        ("/assets/font.woff2", 4000, False),   # not on disk: Lighthouse's figure stands
        ("/finasteride/", 900, False),         # more than the body: headers are counted too
    ]
    assert worker_bytes > 5000


def test_host_like_server_gzips_text_and_the_tests_server_does_not(tmp_path):
    page = "<!doctype html><title>t</title>" + "<p>hair</p>" * 400
    (tmp_path / "index.html").write_text(page)
    (tmp_path / "a.png").write_bytes(b"\x89PNG" + bytes(300))

    def get(url: str):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            return response.headers, response.read()

    with loopback.serve(tmp_path, host_like=True) as url:
        headers, body = get(url)
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body).decode() == page
        assert len(body) == len(loopback.gzipped(tmp_path / "index.html")) < len(page) / 10
        headers, body = get(url + "a.png")
        assert headers["Content-Encoding"] is None and len(body) == 304
    with loopback.serve(tmp_path) as url:
        headers, body = get(url)
        assert headers["Content-Encoding"] is None and body.decode() == page
