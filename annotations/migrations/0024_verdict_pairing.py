"""Each verdict's pairing with the other verdicts on its claim (docs/dashboard.md).

Added with its default (nobody else rated the claim: no table rewrite), filled
from the claims' review facts by 0019, indexed by 0020 once filled.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0023_claim_review_facts_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='verdict',
            name='pairing',
            field=models.PositiveSmallIntegerField(choices=[(0, 'nobody else rated the claim'), (1, 'every other reviewer rated it alike'), (2, 'another reviewer rated it differently')], default=0, editable=False),
        ),
    ]
