"""QuickSelect writes the same HTML as Django's Select, which renders one template per option."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from common.widgets import QuickSelect


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
