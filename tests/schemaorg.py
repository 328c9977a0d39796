"""Offline schema.org for JSON-LD tests: the release 29.3 context and vocabulary in shared/data."""

import csv
import functools
import json
import sys
from pathlib import Path

SCHEMAORG = Path(__file__).resolve().parents[2] / "shared" / "data" / "schemaorg-29.3"
VOCAB = "http://schema.org/"  # what the context's @vocab expands terms to (http, not https)
CONTEXT_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


@functools.cache
def context_document() -> dict:
    return json.loads((SCHEMAORG / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))


def document_loader(url, options=None):
    """A pyld document loader that serves schema.org's context from disk and refuses everything else."""
    if url.rstrip("/") + "/" not in {u.rstrip("/") + "/" for u in CONTEXT_URLS}:
        raise AssertionError(f"the JSON-LD processor tried to load {url}; tests are offline")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": context_document()}


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _rows(name):
    csv.field_size_limit(sys.maxsize)
    with open(SCHEMAORG / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _split(cell: str) -> list[str]:
    return [_local(part.strip()) for part in cell.split(",") if part.strip()]


@functools.cache
def types() -> dict[str, list[str]]:
    """Type local name → its direct supertypes."""
    return {row["label"]: _split(row["subTypeOf"]) for row in _rows("schemaorg-current-https-types.csv")}


@functools.cache
def properties() -> dict[str, set[str]]:
    """Property local name → the types it is declared on (domainIncludes)."""
    return {row["label"]: set(_split(row["domainIncludes"]))
            for row in _rows("schemaorg-current-https-properties.csv")}


def ancestors(type_name: str) -> set[str]:
    seen, todo = set(), [type_name]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(types().get(name, []))
    return seen


def vocabulary_problems(expanded) -> list[str]:
    """Every type or property in expanded JSON-LD that schema.org does not define where it is used."""
    problems = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict) or "@value" in node:
            return
        node_types = [_local(t) for t in node.get("@type", [])]
        for t in node.get("@type", []):
            if not t.startswith(VOCAB) or _local(t) not in types():
                problems.append(f"unknown type {t}")
        allowed = set().union(*(ancestors(t) for t in node_types)) if node_types else None
        for key, value in node.items():
            if key.startswith("@"):
                continue
            name = _local(key)
            if not key.startswith(VOCAB) or name not in properties():
                problems.append(f"unknown property {key}")
            elif allowed is not None and not properties()[name] & allowed:
                problems.append(f"{name} is not a property of {node_types}")
            walk(value)

    walk(expanded)
    return problems
