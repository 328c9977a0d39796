from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations.models import WEBHOOK_EVENTS, WebhookEndpoint


class Command(BaseCommand):
    help = "Add a webhook endpoint told about published and unpublished fact-checks; prints its signing secret."

    def add_arguments(self, parser):
        parser.add_argument("url", help="http:// or https:// URL that receives the POSTs")
        parser.add_argument("--event", action="append", choices=WEBHOOK_EVENTS, dest="events",
                            help="only this event (repeat for several); default: all")
        parser.add_argument("--description", default="")

    def handle(self, *args, url, events, description, **options):
        endpoint = WebhookEndpoint(url=url, events=events or list(WEBHOOK_EVENTS), description=description)
        try:
            endpoint.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        endpoint.save()
        self.stdout.write(f"Webhook {endpoint.pk} → {endpoint.url} for {', '.join(endpoint.events)}")
        self.stdout.write(f"Signing secret (share it with the receiver): {endpoint.secret}")
