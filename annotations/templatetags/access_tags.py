"""Templates ask access.py too: ``{% if user|may:"publish" %}`` shows only what the role can use."""

from django import template

from annotations import access

register = template.Library()


@register.filter
def may(user, action):
    return access.may(user, action)
