from django.core.management.base import BaseCommand

from annotations.services.accounts import demo_users_reset


class Command(BaseCommand):
    help = "Create (or reset) the local demo users and print their new passwords. For local use only."

    def handle(self, *args, **options):
        self.stdout.write("Demo users (local use only; new passwords on every run):")
        self.stdout.write("  username   role      password")
        for username, role, password in demo_users_reset():
            self.stdout.write(f"  {username:<10} {role:<9} {password}")
