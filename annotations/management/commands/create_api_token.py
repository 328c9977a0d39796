from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations.services.accounts import api_token_get_or_create


class Command(BaseCommand):
    help = "Print a user's REST API token, creating it on first use. Send it as `Authorization: Token <key>`."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            token = api_token_get_or_create(user=user)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        self.stdout.write(token.key)
