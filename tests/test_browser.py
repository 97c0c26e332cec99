"""The dashboard in a real browser: Playwright (PyPI) driving Debian's chromium against a real
uvicorn server on 127.0.0.1 with a store built from real analysed articles.

Every page is checked for console errors and for requests leaving 127.0.0.1; screenshots of each
view go to ``test-artifacts/`` (copies are committed under ``docs/screenshots/``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")

from _serve_store import EXAMPLE_TITLE, XSS_TITLE, Server, build_store, copy_store  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None,
                       reason="Debian's chromium is not installed (apt-get install -y chromium; "
                              "`make test` installs it)"),
]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_store(tmp_path_factory.getbasetemp())
    srv = Server(copy_store(db, tmp_path_factory.mktemp("browser-store")))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, page errors and any request leaving the server."""

    def __init__(self, browser, server, viewport=LAPTOP, locale="en-US") -> None:
        self.base = server.url
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        host = urlparse(self.base).netloc

        def guard(route):
            url = route.request.url
            if urlparse(url).netloc == host:
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        self.page.route("**/*", guard)

    def goto(self, hash_route: str = "#/") -> None:
        self.page.goto(f"{self.base}/{hash_route}")
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_selector("main#view[aria-busy=false]", timeout=20_000)

    def shot(self, name: str) -> None:
        """``name.png`` (what the viewport shows) and ``name-full.png`` (the whole page)."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        self.page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors
        assert not self.outside, f"requests left 127.0.0.1: {self.outside}"


@pytest.fixture
def page(browser, server):
    p = Page(browser, server)
    yield p
    p.close()


def example_article(server) -> dict:
    import httpx

    hits = httpx.get(server.url + "/api/search", params={"q": "Selenskyj", "limit": 50},
                     trust_env=False).json()["items"]
    hit = next(h for h in hits if h["title"] == EXAMPLE_TITLE)
    return httpx.get(f"{server.url}/api/articles/{hit['id']}", trust_env=False).json()["article"]


def test_search_then_read_the_example_article(page, server):
    page.goto("#/")
    page.shot("home")
    page.page.fill("#q", "Selenskyj")
    page.page.press("#q", "Enter")
    page.page.wait_for_selector("#result-count")
    page.ready()
    results = page.page.locator(".result")
    assert results.count() >= 1
    assert page.page.locator("mark.hit").first.inner_text().lower().startswith("selenskyj")
    assert page.page.locator(".facet").count() >= 3
    page.shot("search")

    page.page.get_by_role("link", name=EXAMPLE_TITLE, exact=True).first.click()
    page.page.wait_for_selector("#article-text")
    page.ready()
    article = example_article(server)
    text = page.page.locator("#article-text").inner_text()
    assert text.replace("\n", "") == article["text"].replace("\n", "")
    assert page.page.locator("#article-title").inner_text() == EXAMPLE_TITLE
    # highlights exist for each kind the analysis found, and they cover the right words
    for kind, key in (("entity", "entities"), ("quote", "quotes"), ("event", "events"),
                      ("place", "locations"), ("amount", "amounts"), ("time", "times")):
        if article[key]:
            assert page.page.locator(f"#article-text .ann-{kind}").count() > 0, kind
    entity_words = " ".join(page.page.locator("#article-text .ann-entity").all_inner_texts())
    assert "Putin" in entity_words and "Selenskyj" in entity_words
    # a quote shows its speaker; clicking it shows the details
    quote = page.page.locator("#article-text .quote-start").first
    assert quote.get_attribute("data-speaker")
    quote.click()
    assert page.page.locator("#detail-panel .detail.ann-quote").count() >= 1
    assert "Speaker" in page.page.locator("#detail-panel").inner_text()
    # an event shows CAMEO code and evidence on click
    page.page.locator("#article-text .ann-event").first.click()
    panel = page.page.locator("#detail-panel").inner_text()
    assert re.search(r"CAMEO \d{3,4}", panel) and "QuadClass" in panel
    assert page.page.locator("#detail-panel blockquote.evidence").count() >= 1
    # removed boilerplate can be shown
    assert page.page.locator("#removed").is_hidden()
    page.page.click("#toggle-removed")
    assert page.page.locator("#removed").is_visible()
    page.shot("article")


def test_entity_page_renders_chart_and_network(page, server):
    import httpx

    ents = httpx.get(server.url + "/api/entities", params={"q": "Putin"},
                     trust_env=False).json()["items"]
    assert ents, "Putin is an entity of the reference article"
    page.goto("#/entity/" + quote(ents[0]["id"], safe=""))
    assert "Putin" in page.page.locator("#entity-name").inner_text()
    assert page.page.locator("#chart-mentions svg rect.bar").count() >= 1
    assert page.page.locator("#chart-tone svg circle.dot").count() >= 1
    assert page.page.locator("#chart-network svg .node").count() >= 2
    assert page.page.locator("#chart-network svg line.edge").count() >= 1
    assert page.page.locator("#card-quotes-about li, #card-quotes-by li").count() >= 1
    page.shot("entity")
    # clicking a co-mentioned actor opens its page
    page.page.locator("#card-cooc a").first.click()
    page.ready()
    assert page.page.locator("#entity-name").inner_text() != ents[0]["name"]


def test_events_view_filters_and_marks_modality(page, server):
    page.goto("#/events")
    rows = page.page.locator("table.events tbody tr")
    assert rows.count() >= 1
    assert page.page.locator("#chart-events svg rect").count() >= 1
    page.shot("events")
    options = page.page.locator("#ev-quad_class option")
    assert options.count() == 5
    page.page.select_option("#ev-quad_class", "4")
    page.page.click(".event-filters button[type=submit]")
    page.page.wait_for_url(re.compile(r"quad_class=4"))
    page.ready()
    for cls in page.page.locator("table.events tbody tr").evaluate_all("rs => rs.map(r => r.className)"):
        assert "q4" in cls
    import httpx

    flagged = httpx.get(server.url + "/api/events", params={"limit": 500},
                        trust_env=False).json()["items"]
    if any(e["negated"] or e["hypothetical"] for e in flagged):
        page.goto("#/events?limit=500")
        marks = page.page.locator("table.events .flag-negated, table.events .flag-hypothetical")
        assert marks.count() >= 1


def test_map_shows_places_on_offline_boundaries(page, server):
    import httpx

    geo = httpx.get(server.url + "/api/places", trust_env=False).json()
    page.goto("#/map")
    page.page.wait_for_selector("#map svg path.country")
    assert page.page.locator("#map svg path.country").count() > 150
    assert page.page.locator("#map svg circle.place").count() == len(geo["features"]) > 0
    page.shot("map")


def test_hostile_article_is_shown_as_text_never_executed(page, server):
    page.goto("#/search?q=Kiew-Bericht")
    link = page.page.locator(".result-title").filter(has_text="<script>")
    assert link.count() == 1 and link.first.inner_text() == XSS_TITLE
    link.first.click()
    page.page.wait_for_selector("#article-text")
    page.ready()
    assert page.page.locator("#article-title").inner_text() == XSS_TITLE
    body = page.page.locator("#article-text")
    assert "<script>window.__xss=3</script>" in body.inner_text()
    assert '<a href="javascript:window.__xss=5">' in body.inner_text()
    assert body.locator("script, img, a[href^='javascript']").count() == 0
    assert page.page.locator("a[href^='javascript'], [onerror], [onmouseover]").count() == 0
    # click every highlight in the hostile text: still nothing runs
    for seg in body.locator(".seg").all()[:20]:
        seg.click()
    assert page.page.evaluate("window.__xss") is None
    page.shot("xss")


def test_german_interface_and_phone_width(browser, server):
    p = Page(browser, server, viewport=PHONE, locale="de-DE")
    try:
        p.goto("#/search?q=Selenskyj")
        nav = p.page.locator("nav.main").inner_text()
        assert "Suche" in nav and "Ereignisse" in nav and "Karte" in nav
        assert "Artikel" in p.page.locator("#result-count").inner_text()
        width = p.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"horizontal overflow on a phone: {width}px"
        p.shot("search-phone-de")
        p.page.locator(".result-title").first.click()
        p.page.wait_for_selector("#article-text")
        p.ready()
        assert p.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        p.shot("article-phone-de")
        p.page.click("#lang-toggle")
        p.ready()
        assert "Search" in p.page.locator("nav.main").inner_text()
    finally:
        p.close()


def test_api_docs_work_offline(page):
    page.page.goto(page.base + "/docs")
    page.page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "newsgraph" in page.page.locator(".swagger-ui .info .title").inner_text()
    assert page.page.locator(".opblock").count() >= 10
    page.shot("api-docs")
