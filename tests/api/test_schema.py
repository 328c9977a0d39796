"""The OpenAPI schema generates without errors or warnings and lists every endpoint."""

from django.core.management import call_command


def test_the_schema_generates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = target.read_text()
    for path in ["/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/claims/", "/api/v1/claims/{id}/",
                 "/api/v1/verdicts/", "/api/v1/verdicts/{id}/", "/api/v1/evidence/", "/api/v1/evidence/{id}/",
                 "/api/v1/claim-reviews/", "/api/v1/claim-reviews/{slug}/",
                 "/api/v1/export/claim-reviews.jsonl", "/api/v1/export/claim-reviews.csv"]:
        assert f"  {path}:" in schema
