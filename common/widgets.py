"""Form widgets for the public filter forms."""

import html

from django import forms
from django.utils.safestring import mark_safe


def escaped(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper, which costs more than the escaping."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def html_attributes(attrs: dict) -> str:
    """Attributes as Django's ``attrs.html`` writes them: ``True`` bare, ``False`` and ``None`` left out."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class QuickSelect(forms.Select):
    """A select that writes its options in Python rather than through one template per option.

    The HTML is the same as ``forms.Select``'s. The filter forms list places, provinces, crafts and
    years, and Django's template per option made a select of 230 places cost 25 ms a page, more
    than everything else on it; written here it costs about a millisecond.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escaped(widget["name"])}"{html_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
            parts.extend(
                f'\n  <option value="{escaped(option["value"])}"{html_attributes(option["attrs"])}>'
                f"{escaped(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class SuggestingInput(forms.TextInput):
    """A search box with a short list of suggestions (a ``<datalist>``), for a choice among more
    records than a select could list. Written in Python, as ``QuickSelect`` writes its options.

    The field that owns the box sets ``suggestions``, asked for their labels when the box is written:
    typing one of them, or any other name the field understands, chooses its record.
    """

    input_type = "search"

    def __init__(self, attrs=None):
        # The browser's memory of past entries would crowd out the suggestions.
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.suggestions = list

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        datalist = f"{widget['attrs'].get('id') or widget['name']}-suggestions"
        attributes = {**widget["attrs"], "list": datalist, "value": widget["value"]}
        parts = [
            f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{html_attributes(attributes)}>',
            f'\n<datalist id="{escaped(datalist)}">',
        ]
        parts.extend(f'\n  <option value="{escaped(label)}"></option>' for label in self.suggestions())
        parts.append("\n</datalist>")
        return mark_safe("".join(parts))
