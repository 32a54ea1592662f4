"""Real Chromium driving the pages, through Playwright.

Debian's chromium is used (Playwright's own browser download is not needed). Without it these
tests skip on a developer's machine; CI installs it, and there a skip fails the run.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium")
# Playwright's synchronous API runs an event loop in the test's thread; the test's own database
# calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    # Nothing may leave the machine: the site must work offline.
    external = []
    page.on(
        "request",
        lambda request: external.append(request.url) if not request.url.startswith(live_server.url) else None,
    )
    yield page
    context.close()
    assert external == [], f"The page requested outside addresses: {external}"


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def violations(page):
    """Every Content-Security-Policy violation of the browser context's pages and popups: Chromium
    reports each as a `securitypolicyviolation` event and as a console message."""
    found = []
    page.context.expose_function("reportViolation", lambda text: found.append(text))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.context.on(
        "console",
        lambda message: (
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found
