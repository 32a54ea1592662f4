"""The template helpers of common/templatetags/common.py that write numbers for the reader."""

import pytest
from django.template import engines
from django.utils import translation


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return engines["django"].from_string("{% load common %}" + source).render(context)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "2025 · 1500 · , "), ("fa", "۲۰۲۵ · ۱٬۵۰۰ · ، "), ("ar", "٢٠٢٥ · ١٬٥٠٠ · ، ")]
)
def test_digits_number_and_comma_follow_the_page_language(language, expected):
    text = render("{{ year|digits }} · {{ count|number }} · {% comma %}", language, year=2025, count=1500)

    assert text == expected


def test_digits_around_a_sentence_keep_escaped_characters_intact():
    text = render("{% filter digits %}{{ name }} 12{% endfilter %}", "fa", name="O'Neil <3>")

    assert text == "O&#x27;Neil &lt;۳&gt; ۱۲"


def test_digits_leave_an_english_page_alone():
    assert render("{% filter digits %}Page 3 of 12{% endfilter %}", "en") == "Page 3 of 12"
