"""The admin's date hierarchy in the page's calendar (see common.admin_calendars)."""

from django import template

from common import admin_calendars

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def calendar_date_hierarchy(cl) -> dict:
    return admin_calendars.calendar_date_hierarchy(cl)
