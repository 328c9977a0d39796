"""Counts that stop at a cap (``selectors.capped_count``) read "1,000+" rather than a wrong exact number."""

from django import template

from annotations.selectors import COUNT_CAP

register = template.Library()


@register.filter
def capped(count):
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"
