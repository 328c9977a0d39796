import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from annotations import roles

DEMO_USERS = (
    ("admin", roles.ADMIN),
    ("editor", roles.EDITOR),
    ("reviewer1", roles.REVIEWER),
    ("reviewer2", roles.REVIEWER),
)


class Command(BaseCommand):
    help = "Create (or reset) the local demo users and print their new passwords. For local use only."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        lines = []
        for username, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = role in (roles.ADMIN, roles.EDITOR)
            user.is_superuser = role == roles.ADMIN
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            lines.append(f"  {username:<10} {role:<9} {password}")
        self.stdout.write("Demo users (local use only; new passwords on every run):")
        self.stdout.write("  username   role      password")
        for line in lines:
            self.stdout.write(line)
