from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations.models import WEBHOOK_EVENTS
from annotations.services.webhooks import webhook_endpoint_add


class Command(BaseCommand):
    help = "Add a webhook endpoint told about published and unpublished fact-checks; prints its signing secret."

    def add_arguments(self, parser):
        parser.add_argument("url", help="http:// or https:// URL that receives the POSTs")
        parser.add_argument("--event", action="append", choices=WEBHOOK_EVENTS, dest="events",
                            help="only this event (repeat for several); default: all")
        parser.add_argument("--description", default="")

    def handle(self, *args, url, events, description, **options):
        try:
            endpoint = webhook_endpoint_add(url=url, events=events, description=description)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        self.stdout.write(f"Webhook {endpoint.pk} → {endpoint.url} for {', '.join(endpoint.events)}")
        self.stdout.write(f"Signing secret (share it with the receiver): {endpoint.secret}")
