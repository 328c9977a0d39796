"""Fill the review facts 0015 added, from the verdicts and the audit trail, as the services keep them.

- From the standing verdicts (withdrawn ones count nowhere): the first one's time, how many stand,
  whether their ratings differ, how many are on the ordinal scale (a rating with a value) and the
  last of those's time (``Claim.review_facts``, written out here in SQL so the migration does not
  change with the model).
- The first time the claim became ready for approval: its first audit event to "ready". The
  assignment events are left out: their ``to_state`` is a username, not a status.

Batched by claim id, one transaction a batch (the migration itself is not atomic), so a big
database is filled in steps that each lock a few thousand rows briefly; a batch that fails can be
run again, since every value is recomputed. Only claims with a standing verdict or a "ready" event
are written: the others keep the defaults, which are already right. Run it before the new code
serves: from then on the services keep the columns under the claim's lock.
"""

from django.db import migrations, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

BATCH = 20_000  # claim ids
ASSIGNMENTS = ("assign", "take", "release")


def _per_claim(rows, aggregate):
    return Subquery(rows.annotate(value=aggregate).values("value"))


def _verdict_facts(Verdict) -> dict:
    standing = Verdict.objects.filter(claim=OuterRef("pk"), withdrawn_at__isnull=True).order_by().values("claim")
    ordinal = standing.filter(rating__value__isnull=False)
    return {
        "first_verdict_at": _per_claim(standing, Min("created_at")),
        "verdicts_standing": _per_claim(standing, Count("*")),
        "ratings_differ": GreaterThan(_per_claim(standing, Count("rating", distinct=True)), 1),
        "ordinal_ratings": Coalesce(_per_claim(ordinal, Count("*")), 0),
        "last_ordinal_rating_at": _per_claim(ordinal, Max("created_at")),
    }


def fill(apps, schema_editor):
    Claim, Verdict, AuditEvent = (apps.get_model("annotations", name) for name in ("Claim", "Verdict", "AuditEvent"))
    standing = Verdict.objects.filter(claim=OuterRef("pk"), withdrawn_at__isnull=True)
    ready = AuditEvent.objects.filter(claim=OuterRef("pk"), to_state="ready").exclude(action__in=ASSIGNMENTS)
    first_ready = Subquery(ready.order_by("at", "pk").values("at")[:1])
    last = Claim.objects.aggregate(last=Max("pk"))["last"] or 0
    for low in range(1, last + 1, BATCH):
        batch = Q(pk__gte=low, pk__lt=low + BATCH)
        with transaction.atomic(using=schema_editor.connection.alias):
            Claim.objects.filter(batch, Exists(standing)).update(**_verdict_facts(Verdict))
            Claim.objects.filter(batch, Exists(ready)).update(first_ready_at=first_ready)
    if schema_editor.connection.vendor == "postgresql":
        # Statistics for the new columns, so the planner costs the dashboard's ranges on them right away.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ANALYZE annotations_claim")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("annotations", "0021_claim_review_facts"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
