"""What the OpenAPI schema adds to drf-spectacular's: every error an operation can answer, with its body.

drf-spectacular declares the success of each operation (and the 409s the
views name); the 4xx answers that every view shares come from the same few
places (authentication, the gate, the serializers, the parsers, the size
limit, the throttle), so they are declared here, once, for the operations they
apply to. tests/api/test_schema_fuzz.py holds every answer to the schema.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What is wrong, for a person to read."}},
    "required": ["detail"],
}
INVALID = {
    "type": "object",
    "description": "Each field (or each item of a list, by index) with its problems, e.g. "
                   '`{"rating": ["This field is required."]}`; `non_field_errors` for the request as a whole; '
                   '`detail` for a body that is not JSON.',
    "additionalProperties": True,
}

# status → (description, body schema, when it applies)
ERRORS = {
    400: ("A parameter or a field is invalid; nothing was changed.", "ValidationErrors",
          lambda op: op.get("requestBody") or _query_parameters(op)),
    401: ("No credentials, or a wrong token (`WWW-Authenticate: Token`).", "Error", lambda op: True),
    403: ("Signed in, without the role this needs.", "Error", lambda op: not _public(op)),
    404: ("No such object, or one outside your reach; a page past the last one.", "Error",
          lambda op: any(p["in"] == "path" or p["name"] in ("format", "page") for p in op.get("parameters", []))),
    413: ("The body is larger than the limit the message names.", "Error", lambda op: op.get("requestBody")),
    415: ("The body is not JSON.", "Error", lambda op: op.get("requestBody")),
    429: ("Too many requests from this address without credentials; wait for `Retry-After`.", "Error",
          lambda op: _public(op)),
}


def _query_parameters(op) -> bool:
    return any(p["in"] == "query" and p["name"] != "format" for p in op.get("parameters", []))


def _public(op) -> bool:
    return {} in op.get("security", [])


def declare_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error responses of every operation, and their schemas."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationErrors"] = INVALID
    for path in result.get("paths", {}).values():
        for method, op in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = op.setdefault("responses", {})
            for status, (description, component, applies) in ERRORS.items():
                if str(status) not in responses and applies(op):
                    responses[str(status)] = {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                    }
    return result
