"""The README's layout table names every module of the app, and names nothing that is not there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "annotations"
# Packages of pure Python with their own docs: the table names the package, not each file.
PURE = {"splitting", "matching", "temporal", "attribution", "intake", "migrations"}


def _layout() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme[readme.index("## Layout"):]


def test_every_module_of_the_app_is_in_the_layout_table():
    layout = _layout()
    missing = []
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP)
        if relative.parts[0] in PURE or path.name == "__init__.py":
            continue
        if path.name == "apps.py":
            continue  # Django's app config, nothing to find there
        named = f"`{relative.name}`" in layout or f"`annotations/{relative.as_posix()}`" in layout
        if relative.parts[0] == "management":
            named = f"`{path.stem}`" in layout or path.name.startswith("_")
        if not named:
            missing.append(str(relative))
    assert missing == []


def test_every_path_the_layout_table_names_exists():
    for name in re.findall(r"`(annotations/[\w/.]+)`", _layout()):
        assert (ROOT / name).exists(), name
