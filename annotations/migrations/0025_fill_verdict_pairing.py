"""Fill each verdict's pairing (0018) from its claim's review facts (0016), as the services keep it.

Every verdict of a claim, withdrawn ones too, carries the claim's pairing:
2 when its standing ratings differ, 1 when two or more stand and agree, 0
otherwise (``Claim.verdict_pairing``, written out here so the migration does
not change with the model). Batched by claim id, one transaction a batch;
only verdicts whose claim has a partner are written, the others keep the
default, which is right. Rerunnable: every value is recomputed.
"""

from django.db import migrations, transaction
from django.db.models import Case, IntegerField, Max, OuterRef, Subquery, Value, When

BATCH = 20_000  # claim ids


def fill(apps, schema_editor):
    Claim, Verdict = (apps.get_model("annotations", name) for name in ("Claim", "Verdict"))
    pairing = Case(When(ratings_differ=True, then=Value(2)), When(verdicts_standing__gte=2, then=Value(1)),
                   default=Value(0), output_field=IntegerField())
    of_claim = Subquery(Claim.objects.filter(pk=OuterRef("claim_id")).annotate(p=pairing).values("p"))
    last = Claim.objects.aggregate(last=Max("pk"))["last"] or 0
    for low in range(1, last + 1, BATCH):
        paired = Claim.objects.filter(pk__gte=low, pk__lt=low + BATCH, verdicts_standing__gte=2).values("pk")
        with transaction.atomic(using=schema_editor.connection.alias):
            Verdict.objects.filter(claim_id__in=paired).update(pairing=of_claim)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("annotations", "0024_verdict_pairing"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
