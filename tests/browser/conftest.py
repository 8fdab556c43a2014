"""Fixtures: one scratch copy of the notebooks, a real `jupyter lab`, a real `voila`, Debian's chromium.

The browser is offline on purpose: every request that leaves 127.0.0.1 is aborted, so the tests
see what a classroom without internet sees. A missing chromium fails the tests (never skips).
Everything is module-scoped: Playwright's sync API keeps an asyncio loop marked running while it
is open, so it must be closed before other test modules that start event loops of their own.
"""
import shutil
import urllib.request
import json

import pytest

import harness


@pytest.fixture(scope="module")
def kit_root():
    root = harness.workdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    try:
        harness.chromium_path()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = harness.launch_browser(pw)
        yield b
        b.close()


def _server(kind, root):
    try:
        return harness.Server(kind, root)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def lab(kit_root):
    server = _server("lab", kit_root)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def voila(kit_root):
    server = _server("voila", kit_root)
    yield server
    server.stop()


def _offline(route):
    if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort("internetdisconnected")


@pytest.fixture
def page(browser):
    """A fresh offline page; `page.kit_console` collects console errors, `page.kit_blocked` the aborted URLs."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    context.route("**/*", _offline)
    p = context.new_page()
    p.kit_console, p.kit_blocked = [], []
    p.on("console", lambda m: p.kit_console.append(m.text) if m.type == "error" else None)
    p.on("requestfailed", lambda r: p.kit_blocked.append(r.url))
    yield p
    context.close()


@pytest.fixture
def lab_page(page, lab):
    """A page on the lab server; its kernels are shut down afterwards (the server stays)."""
    yield page
    page.close()
    with urllib.request.urlopen(f"{lab.url}/api/sessions") as r:
        sessions = json.load(r)
    for s in sessions:
        req = urllib.request.Request(f"{lab.url}/api/sessions/{s['id']}", method="DELETE")
        urllib.request.urlopen(req).close()
