"""The timeline page in a real browser: headless Chromium driven by Playwright.

The server is ``timeline --db X serve`` started as a subprocess on a free port. The browser is
Debian's ``chromium`` (never ``playwright install``). When either is missing the tests skip
with the reason, unless TIMELINE_REQUIRE_BROWSER=1 (``make test-browser``), which makes them
fail instead. Screenshots go to SCREENSHOTS (override with TIMELINE_SCREENSHOTS).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import REPO, SEEDS

REQUIRE_BROWSER = os.environ.get("TIMELINE_REQUIRE_BROWSER") == "1"
SCREENSHOTS = Path(os.environ.get("TIMELINE_SCREENSHOTS", REPO / "build" / "screenshots"))
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Flags that keep Chromium from reaching for the network on its own.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_SECONDS = 30
LOCAL_HOSTS = ("127.0.0.1",)
HOSTILE = 'Rally <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2">'


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[browser]')"
    if _chromium() is None:
        return "no chromium on PATH (apt-get install chromium)"
    return None


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


MISSING = _missing_browser()
if MISSING and REQUIRE_BROWSER:
    pytest.fail(f"TIMELINE_REQUIRE_BROWSER=1 but {MISSING}", pytrace=False)
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"browser tests: {MISSING}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    """The seed article, two located events, a scheduled one and a hostile summary."""
    from tests.conftest import TimelineRunner

    db_path = tmp_path_factory.mktemp("browser") / "timeline.db"
    cli = TimelineRunner(db_path)
    cli.ok("add", "entity", "Pyongyang", "--kind", "place", "--lat", "39.03", "--lon", "125.75")
    cli.ok("add", "entity", "Beijing", "--kind", "place", "--lat", "39.9", "--lon", "116.4")
    cli.ok("ingest", str(SEEDS))
    # The extractor's events change as it improves: the assertions use only events added here.
    for extracted in cli.json("list", "events"):
        cli.ok("delete", "event", str(extracted["id"]), "--yes")
    cli.ok("add", "event", "--summary", "Losyukov holds six hours of talks with Kim Jong-il",
           "--date", "2003-01-20", "--actor", "agent:Alexander Losyukov",
           "--actor", "target:Kim Jong-il", "--location", "Pyongyang", "--article", "1",
           "--evidence", "six hours of talks on Monday")
    cli.ok("add", "event", "--summary", "Losyukov due back in Beijing", "--date", "2003-01-21",
           "--status", "scheduled", "--location", "Beijing", "--actor", "Alexander Losyukov")
    cli.ok("add", "event", "--summary", HOSTILE, "--date", "2003-02-01")
    return db_path


@pytest.fixture(scope="module")
def server(story_db):
    """Base URL of ``timeline serve`` on the story database."""
    with _serving(story_db) as base:
        yield base


@contextmanager
def _serving(db_path: Path) -> Iterator[str]:
    """Base URL of ``timeline serve`` on a free port; the process is ended afterwards."""
    port = _free_port()
    timeline = Path(sys.executable).with_name("timeline")
    process = subprocess.Popen(
        [str(timeline), "--db", str(db_path), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"timeline serve stopped: {process.stderr.read().decode()}")
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"timeline serve did not answer within {SERVER_START_SECONDS} s")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh temporary profile (--user-data-dir) of its own.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records console errors, page errors and every host it asked for."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.hosts.add(urlparse(request.url).hostname
                                                               or request.url))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.close()


def _screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_timeline_page_loads_cleanly_and_stays_local(server, watched):
    watched.page.goto(f"{server}/-/timeline")
    watched.page.wait_for_selector(".tl-map-point")
    assert watched.page.locator(".tl-event").count() >= 3
    assert "2003" in watched.page.locator(".tl-year-heading").all_inner_texts()
    assert watched.page.locator(".tl-status-scheduled .tl-status").text_content() == "scheduled"
    assert watched.errors == []
    assert watched.hosts <= set(LOCAL_HOSTS), watched.hosts
    assert _screenshot(watched.page, "timeline").stat().st_size > 10_000


def test_map_shows_points_with_popups(server, watched):
    watched.page.goto(f"{server}/-/timeline")
    watched.page.wait_for_selector(".tl-map-point")
    assert watched.page.locator("#timeline-map").get_attribute("data-points") == "2"
    watched.page.locator(".tl-map-point").first.click(force=True)
    popup = watched.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Losyukov" in popup.inner_text()
    assert popup.locator("a").first.get_attribute("href").startswith("/timeline/events/")
    _screenshot(watched.page, "timeline-map-popup")
    assert watched.errors == []


@pytest.mark.parametrize("fill, expected, absent", [
    ({"entity": "Beijing"}, "Losyukov due back in Beijing", "six hours of talks"),
    ({"from": "2003-01-21", "to": "2003-01-31"}, "Losyukov due back in Beijing",
     "six hours of talks with Kim"),
    ({"q": "six hours"}, "six hours of talks with Kim", "due back in Beijing"),
])
def test_filters_work_and_land_in_the_url(server, watched, fill, expected, absent):
    watched.page.goto(f"{server}/-/timeline")
    for name, value in fill.items():
        watched.page.fill(f".tl-filters [name={name}]", value)
    watched.page.click(".tl-filters button[type=submit]")
    watched.page.wait_for_load_state()
    for name, value in fill.items():
        assert f"{name}={value.replace(' ', '+')}" in watched.page.url
    events = " ".join(watched.page.locator(".tl-event .tl-summary").all_inner_texts())
    assert expected in events and absent not in events
    assert watched.errors == []


def test_status_filter_and_bad_input(server, watched):
    watched.page.goto(f"{server}/-/timeline")
    watched.page.select_option(".tl-filters [name=status]", "scheduled")
    watched.page.click(".tl-filters button[type=submit]")
    watched.page.wait_for_load_state()
    assert watched.page.url.endswith("/-/timeline?status=scheduled")  # empty fields left out
    assert watched.page.locator(".tl-event").count() == 1
    watched.page.goto(f"{server}/-/timeline?entity=Atlantis&from=2003-02-30")
    problems = watched.page.locator(".tl-problem").all_inner_texts()
    assert any("not a date on the calendar" in p for p in problems)
    assert watched.page.locator(".tl-item").count() == 0
    _screenshot(watched.page, "timeline-bad-input")


def test_hostile_text_renders_as_text(server, watched):
    watched.page.goto(f"{server}/-/timeline?q=rally")
    summary = watched.page.locator(".tl-event .tl-summary a").first
    assert summary.inner_text() == HOSTILE
    summary.click()
    watched.page.wait_for_load_state()
    assert HOSTILE in watched.page.locator("body").inner_text()
    assert watched.page.evaluate("window.pwned") is None
    assert watched.page.locator("img[src=x]").count() == 0
    assert watched.errors == []


def test_evidence_is_highlighted_in_the_article_passage(server, watched):
    watched.page.goto(f"{server}/-/timeline?q=six+hours")
    watched.page.locator(".tl-event .tl-evidence-link").first.click()
    watched.page.wait_for_load_state()
    assert watched.page.locator("mark.tl-mark-evidence").inner_text() == \
        "six hours of talks on Monday"
    article = watched.page.locator(".tl-passage figcaption a")
    assert article.get_attribute("href") == "/timeline/articles/1"
    _screenshot(watched.page, "event-evidence")
    assert watched.errors == []
    assert watched.hosts <= set(LOCAL_HOSTS), watched.hosts


def test_seed_article_timeline(tmp_path, browser):
    """The README's picture: the timeline of the seed article exactly as ingest leaves it."""
    from tests.conftest import TimelineRunner

    db_path = tmp_path / "timeline.db"
    TimelineRunner(db_path).ok("ingest", str(SEEDS))
    watched = Watched(browser)
    try:
        with _serving(db_path) as base:
            watched.page.set_viewport_size({"width": 1100, "height": 1500})
            watched.page.goto(f"{base}/-/timeline")
            watched.page.wait_for_selector(".tl-map-point")
            assert watched.page.locator(".tl-item").count() >= 10
            assert "2003" in watched.page.locator(".tl-year-heading").all_inner_texts()
            # The first screenful: what a reader sees on arrival, at a size a README can show.
            _screenshot(watched.page, "seed-timeline", full_page=False)
        assert watched.errors == []
        assert watched.hosts <= set(LOCAL_HOSTS), watched.hosts
    finally:
        watched.close()
