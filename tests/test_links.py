"""No link leads to a page the user may not open.

Each demo role's pages are crawled breadth-first from the home page, following every link
of the site (GET; sign-out and the other POST forms are buttons, not links). Every
distinct link found is opened, and none may answer 403, 404 or send a signed-in user to
the sign-in page: a page links only what the access policy lets its reader open, and
names the rest as plain text.

Pages of one URL pattern (the same view and query keys, other ids) are read for their
links a few times each, which reaches every kind of page without reading all 40
organization pages; the links found on them are all opened.
"""

from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import Resolver404, resolve, reverse

from .permission_helpers import ROLES

PAGES_READ_PER_PATTERN = 20
MOST_REQUESTS = 2_000  # a crawl that reaches this has lost its way: it fails
SKIPPED = ("/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str, page: str) -> list[str]:
    """The site's links on a page, as paths with their query strings (no fragment)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin("http://testserver" + page, href))
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue  # mailto:, tel:, another site
        if parts.path.startswith(SKIPPED) or parts.path == reverse("logout"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def pattern(url: str) -> tuple:
    """Pages of one kind: the view and the names of the query's parameters."""
    parts = urlsplit(url)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path
    return view, tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


def crawl(client) -> tuple[dict, dict]:
    """Open every link reachable from the home page. Returns the status of each URL
    opened and, for each, the pages that link it."""
    status, sources = {}, defaultdict(set)
    read = defaultdict(int)
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if url in status:
            continue
        assert len(status) < MOST_REQUESTS, f"more than {MOST_REQUESTS} links: {url}"
        response = client.get(url)
        if response.streaming:  # a file: read to its end, which closes it
            b"".join(response.streaming_content)
        status[url] = response.status_code
        if response.status_code in (301, 302):
            target = urljoin(url, response["Location"])
            if urlsplit(target).path == reverse("login"):
                status[url] = "sign-in"
                continue
            sources[target].add(url)
            queue.append(target)
            continue
        kind = pattern(url)
        if (
            response.status_code != 200
            or "text/html" not in response.get("Content-Type", "")
            or kind[0].startswith("admin:")  # Django's own admin: opened, not read
            or read[kind] >= PAGES_READ_PER_PATTERN
        ):
            continue
        read[kind] += 1
        for link in links_of(response.content.decode(), url):
            sources[link].add(url)
            if link not in status:
                queue.append(link)
    return status, sources


@pytest.fixture
def quick_pdfs(monkeypatch):
    """PDF links are opened like any other; their layout (tested with the documents) is
    skipped here, so the crawl takes seconds."""
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7\n")


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_no_link_leads_to_a_page_the_user_may_not_open(client, demo, quick_pdfs, role):
    client.force_login(User.objects.get(username=role))
    status, sources = crawl(client)
    refused = {url: code for url, code in status.items() if code in (403, 404, 405, "sign-in")}
    report = "\n".join(
        f"{code} {url}  ← linked from {', '.join(sorted(sources[url])[:3])}"
        for url, code in sorted(refused.items())
    )
    assert not refused, f"{role}: {len(refused)} links the user may not open:\n{report}"
    assert len(status) > 20, f"{role}: the crawl reached only {sorted(status)}"


def test_a_roster_with_names_is_linked_only_for_those_who_may_read_them(login):
    """A province-wide committee seat follows every district's rosters by counts and status;
    the members' names (the group's roster page) are not theirs to read (PDPA)."""
    page = login("prov_marketing").get(reverse("roster_overview"), {"district": "9009"})
    html = page.content.decode()
    assert "/roster/" not in html
    assert "บัญชีของคุณติดตามจำนวนและสถานะได้ที่หน้านี้" in html
    page = login("rattaphum_chair").get(reverse("roster_overview"), {"district": "9009"})
    assert "/roster/" in page.content.decode()
    assert "บัญชีของคุณติดตามจำนวนและสถานะ" not in page.content.decode()
