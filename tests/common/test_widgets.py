"""QuickSelect writes the same HTML as Django's Select, which renders one template per option; SuggestingInput
writes a search box with its suggestions."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from common.widgets import QuickSelect, SuggestingInput


def without_blank_lines(html: str) -> str:
    # Django's select template leaves an empty line after each option; browsers ignore it.
    return "\n".join(line for line in html.splitlines() if line.strip())


CHOICES = [
    ("", "Any place"),
    (1, 'Kut & "Wasit" <Iraq>'),
    ("2", "ایلام"),
    ("Iraq", [(3, "Sulaymaniyah"), (4, mark_safe("<b>Baghdad</b>"))]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", "4", "<script>"])
@pytest.mark.parametrize(
    "attrs",
    [{}, {"id": "id_city"}, {"id": "id_city", "required": True, "disabled": False, "data-x": 'a"b'}],
)
def test_quick_select_writes_what_django_select_writes(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("city", value, attrs=attrs)
    quick_html = QuickSelect(choices=CHOICES).render("city", value, attrs=attrs)

    assert without_blank_lines(quick_html) == without_blank_lines(django_html)


def test_quick_select_marks_the_chosen_option_and_escapes_labels():
    html = QuickSelect(choices=CHOICES).render("city", 1)

    assert '<option value="1" selected>Kut &amp; &quot;Wasit&quot; &lt;Iraq&gt;</option>' in html
    assert '<optgroup label="Iraq">' in html


def test_suggesting_input_points_at_its_suggestions_and_escapes_them():
    widget = SuggestingInput(attrs={"placeholder": "Any place"})
    widget.suggestions = lambda: ['Kut & "Wasit" <Iraq>', "ایلام"]

    html = widget.render("city", '"><script>', attrs={"id": "id_city"})

    assert html == (
        '<input type="search" name="city" autocomplete="off" placeholder="Any place" id="id_city"'
        ' list="id_city-suggestions" value="&quot;&gt;&lt;script&gt;">'
        '\n<datalist id="id_city-suggestions">'
        '\n  <option value="Kut &amp; &quot;Wasit&quot; &lt;Iraq&gt;"></option>'
        '\n  <option value="ایلام"></option>'
        "\n</datalist>"
    )


@pytest.mark.parametrize("value", [None, ""])
def test_suggesting_input_without_a_value_or_an_id(value):
    html = SuggestingInput().render("series", value)

    assert html == (
        '<input type="search" name="series" autocomplete="off" list="series-suggestions">'
        '\n<datalist id="series-suggestions">\n</datalist>'
    )
