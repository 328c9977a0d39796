"""What a reviewer's desk keeps: who has a claim open, a rationale being drafted, keyboard settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from annotations.models.claim import Claim


class ClaimPresence(models.Model):
    """Who has a claim open right now: it informs the others, never blocks them.

    Kept out of Claim so renewing it every minute writes no claim history and
    changes no claim version.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="presence")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    expires_at = models.DateTimeField()
    view = models.CharField(max_length=40, blank=True, help_text="The page view that last renewed it.")

    def __str__(self):
        return f"{self.claim_id} open by {self.holder_id} until {self.expires_at:%H:%M}"


class RationaleDraft(models.Model):
    """A reviewer's unsubmitted rationale for one claim, autosaved while typing; private to its author."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "author"], name="one_draft_per_author_per_claim")]

    def __str__(self):
        return f"draft by {self.author_id} on {self.claim_id}"


class KeyboardPreference(models.Model):
    """One person's keyboard shortcuts on the article page: on or off, a modifier, and which key does what.

    Single-character shortcuts must be possible to turn off or remap (WCAG 2.2, 2.1.4); the page also
    listens to them only while focus is in the article or its panel. Without a row the defaults apply.
    Only keys that differ from the defaults are stored, so a new action gets its default key.
    """

    class Modifier(models.TextChoices):
        NONE = "", "None: the key alone"
        ALT = "alt", "Alt + the key"
        CTRL_ALT = "ctrl+alt", "Ctrl + Alt + the key"

    # action: (default key, what it does). The rating keys are the digits 1–9, in the order listed.
    ACTIONS = {
        "next_in_article": ("j", "open the next claim in this article"),
        "prev_in_article": ("k", "open the previous claim in this article"),
        "next_in_queue": ("n", "open the next claim in my queue"),
        "rationale": ("r", "write the rationale"),
        "evidence": ("e", "add evidence"),
        "help": ("?", "show the keyboard shortcuts"),
    }
    # Digits pick ratings; space, Enter, Tab and Escape keep their usual meaning.
    ALLOWED_KEYS = frozenset("abcdefghijklmnopqrstuvwxyz?/.,;'[]-=\\`")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="keyboard_preference")
    enabled = models.BooleanField("shortcuts on", default=True)
    modifier = models.CharField(max_length=10, choices=Modifier.choices, blank=True, default="")
    keys = models.JSONField(default=dict, blank=True, help_text="Keys that differ from the defaults, by action.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"keyboard of {self.user_id}: {'on' if self.enabled else 'off'}"

    def clean(self):
        self.validate_keys({**self.keymap(), **self.keys})

    @classmethod
    def validate_keys(cls, keymap: dict) -> None:
        """Every action known, each key one allowed character, no key for two actions."""
        errors = {}
        for action, key in keymap.items():
            if action not in cls.ACTIONS:
                errors[action] = f"No such shortcut: {action}."
            elif key not in cls.ALLOWED_KEYS:
                errors[action] = ("Use one letter or one of ? / . , ; ' [ ] - = \\ ` (digits pick ratings; "
                                  "space, Enter, Tab and Esc keep their usual meaning).")
        taken = {}
        for action, key in keymap.items():
            if key in taken and action not in errors:
                errors[action] = f"“{key}” is already the key to {cls.ACTIONS[taken[key]][1]}."
            taken.setdefault(key, action)
        if errors:
            raise ValidationError(errors)

    def keymap(self) -> dict[str, str]:
        """Every action's key: the stored choice, else the default."""
        return {action: self.keys.get(action, default) for action, (default, _) in self.ACTIONS.items()}

    def label(self, key: str) -> str:
        """How the key is written, with the modifier: ``j``, ``Alt+j``."""
        prefix = "".join(f"{part.capitalize()}+" for part in self.modifier.split("+") if part)
        return prefix + key

    def rows(self) -> list[tuple[str, str]]:
        """(keys as written, what they do) for the help overlay, ratings included."""
        keymap = self.keymap()
        rows = [(self.label(keymap[action]), doing) for action, (_, doing) in self.ACTIONS.items()]
        rows.insert(3, (f"{self.label('1')} – {self.label('9')}", "pick a rating, in the order listed"))
        return rows

    def config(self) -> dict:
        """What the article page's script needs (embedded with json_script)."""
        return {"enabled": self.enabled, "modifier": self.modifier, "keys": self.keymap()}
