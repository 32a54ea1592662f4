"""README.md's "CSV and Excel export." paragraph names exactly the public pages that answer
?format=csv and ?format=xlsx.

Every path in backticks in that paragraph is read as a page that exports; the pages of the table
in "Browsing the registry" that it does not name must not export.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from common import spreadsheets
from exhibitions.models import Participation

pytestmark = pytest.mark.django_db

README = settings.BASE_DIR / "README.md"
PATH_IN_BACKTICKS = re.compile(r"`(/[^`]*)`")
WITHOUT_EXPORT = ["/", "/crafts/<slug>/", "/places/<slug>/"]


def section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def csv_paragraph() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("**CSV and Excel export.**")
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else None]


def pages_said_to_export() -> set[str]:
    return set(PATH_IN_BACKTICKS.findall(csv_paragraph()))


def pages_in_table() -> set[str]:
    rows = section(README.read_text(encoding="utf-8"), "Browsing the registry").splitlines()
    return {page for row in rows if row.startswith("| `") for page in PATH_IN_BACKTICKS.findall(row.split("|")[1])}


@pytest.fixture
def addresses() -> dict[str, str]:
    """Each page of the README with a slug, at a real published object of the demo data."""
    call_command("load_demo", verbosity=0)
    participation = (
        Participation.objects.published().filter(crafts_shown__isnull=False).select_related("artisan", "exhibition")
    ).first()
    return {
        "/artisans/<slug>/": participation.artisan.get_absolute_url(),
        "/crafts/<slug>/": participation.crafts_shown.first().get_absolute_url(),
        "/exhibitions/<slug>/": participation.exhibition.get_absolute_url(),
        "/places/<slug>/": participation.exhibition.place.get_absolute_url(),
    }


def content_type_of_export(client, address: str, extension: str = "csv") -> str:
    response = client.get(f"{address}?format={extension}")
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, address
    return response["Content-Type"]


def test_readme_names_exactly_the_pages_that_export(client, addresses):
    pages = pages_in_table() | pages_said_to_export()

    for extension, content_type in [("csv", "text/csv"), ("xlsx", spreadsheets.CONTENT_TYPE)]:
        exporting = {
            page
            for page in pages
            if content_type_of_export(client, addresses.get(page, page), extension).startswith(content_type)
        }

        assert sorted(pages_said_to_export()) == sorted(exporting), (
            f"README.md's export paragraph must name, in backticks, exactly the pages that answer ?format={extension}"
        )


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("page", WITHOUT_EXPORT)
def test_readme_claims_no_export_for_a_page_without_one(client, addresses, page, extension):
    content_type = content_type_of_export(client, addresses[page] if "<slug>" in page else page, extension)

    assert content_type.startswith("text/html")
    assert page in pages_in_table()
    assert page not in pages_said_to_export()
