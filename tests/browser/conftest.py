"""Browser tests: Playwright (sync API) driving the system Chromium against live_server.

No browser is ever downloaded (never run `playwright install`): the tests launch the
Debian Chromium at /usr/bin/chromium.

Environment variables:
  SONGKHLA_CHROMIUM  path of the Chromium binary to launch (default /usr/bin/chromium).
                     Point it at a missing path (e.g. /nonexistent) to exercise the
                     "not installed" path below.
  CI                 when set (non-empty) and Chromium is missing, the browser tests FAIL
                     instead of being skipped: CI must run them.

Every test in this directory gets the `browser` marker, so `-m "not browser"` leaves them
out. At the end of a run that collected them, one plain line says whether they ran.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from demo.seed import seed_demo

CHROMIUM = os.environ.get("SONGKHLA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOT_INSTALLED = (
    f"Browser tests did not run: {CHROMIUM} is not installed "
    "(apt-get install -y chromium fonts-thai-tlwg)"
)
TIMEOUT_MS = 5_000

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _is_browser(report) -> bool:
    return "browser" in getattr(report, "keywords", {})


def _reason(report) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    text = text.strip().splitlines()[-1] if text.strip() else "unknown reason"
    for prefix in ("Skipped: ", "Failed: "):
        text = text.removeprefix(prefix)
    return text.removeprefix("Browser tests did not run: ")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One plain line, after the short test summary: did the browser tests run?

    A conftest hook fires whenever that conftest was loaded, i.e. whenever tests/browser
    was collected (`pytest`, `pytest tests`, `pytest tests/browser`); a run that never
    collects tests/browser has no browser tests to report on. Being the outermost
    wrapper puts the line after pytest's own "short test summary info".
    """
    result = yield
    _browser_summary(terminalreporter)
    return result


def _browser_summary(terminalreporter):
    stats = terminalreporter.stats

    def browser_reports(key):
        return [r for r in stats.get(key, []) if _is_browser(r)]

    passed = [r for r in browser_reports("passed") if r.when == "call"]
    failed = browser_reports("failed")
    errors = browser_reports("error")
    skipped = browser_reports("skipped")
    deselected = [
        item for item in stats.get("deselected", []) if item.get_closest_marker("browser")
    ]

    if skipped and not passed and not failed:
        terminalreporter.write_line(f"Browser tests did not run: {_reason(skipped[0])}")
    elif errors and not passed and not failed:
        terminalreporter.write_line(f"Browser tests did not run: {_reason(errors[0])}")
    elif passed or failed or errors:
        line = f"Browser tests ran: {len(passed)} passed"
        if failed:
            line += f", {len(failed)} failed"
        if errors:
            line += f", {len(errors)} errors"
        if skipped:
            line += f", {len(skipped)} skipped ({_reason(skipped[0])})"
        terminalreporter.write_line(line)
    elif deselected:
        terminalreporter.write_line("Browser tests did not run: deselected")


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium, launched once per session (headless)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                f"{NOT_INSTALLED}. CI is set, and CI requires the browser tests to run.",
                pytrace=False,
            )
        pytest.skip(NOT_INSTALLED)
    # Playwright's sync API runs an event loop in the test thread; Django's
    # async-unsafe guard would then refuse the test's own database work.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def live_demo(transactional_db, live_server):
    """The demo network, committed so the live server sees it.

    Transactional tests flush the database after each test, so seed it every time.
    """
    seed_demo()
    return live_server


@pytest.fixture
def new_context(chromium, live_demo):
    """new_context(**options) opens a fresh browser context, closed after the test.

    Every page's console is watched: a Content-Security-Policy violation fails the test.
    """
    contexts = []
    violations = []

    def watch(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    def _new_context(**options):
        options.setdefault("locale", "th-TH")
        options.setdefault("timezone_id", "Asia/Bangkok")
        context = chromium.new_context(base_url=live_demo.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", watch)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()
    assert violations == [], "CSP violations in the browser"


@pytest.fixture
def page(new_context):
    """A fresh page in its own context: no cookies, no state from other tests."""
    return new_context().new_page()


@pytest.fixture
def sign_in(live_demo):
    """sign_in(context, "observer") gives the context a signed-in session cookie.

    Quicker than the login form; the form itself is tested in test_flows.py.
    """

    def _sign_in(context, username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_demo.url}])
        return context

    return _sign_in
