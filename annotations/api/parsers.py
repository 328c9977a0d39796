"""The API's one parser: JSON, with a limit on nesting.

Python's JSON decoder recurses once per level, so a body of 100,000 ``[``
raised RecursionError, a 500. Nothing the API accepts is nested more than
three levels (a list of articles, each an object), so anything past
``API_JSON_MAX_DEPTH`` is refused as a 400 before a serializer sees it.
"""

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

DEPTH_ERROR = "JSON parse error - the body is nested more than {limit} levels deep."


def nesting_depth(data, limit: int) -> int:
    """How deeply lists and objects nest in ``data``, counting no further than ``limit + 1``."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(DEPTH_ERROR.format(limit=limit)) from None
        if nesting_depth(data, limit) > limit:
            raise ParseError(DEPTH_ERROR.format(limit=limit))
        return data
