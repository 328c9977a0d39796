"""The layout holds: one writer per behaviour, reads through selectors or the gate, no import cycles.

These read the source (the ``ast`` module), so a change that breaks the layout
fails here with the file and line, before anyone has to find it in review.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "annotations"
WRITE_METHODS = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_METHODS = {"objects", "filter", "exclude", "all", "select_for_update", "select_related"}


def _modules(*, skip=()):
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP.parent)
        if "migrations" in relative.parts or any(str(relative).startswith(prefix) for prefix in skip):
            continue
        yield relative, ast.parse(path.read_text(), filename=str(relative))


def _chain(node) -> list[str]:
    """Attribute and call names along a receiver: ``Claim.objects.filter(...).update`` → [Claim, objects, filter]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return list(reversed(names))
        else:
            return list(reversed(names))


def _writes(tree):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, _chain(node.func.value)
        if receiver[:1] == ["super"]:
            continue  # a model's own save() calling Django's
        if method in WRITE_METHODS or (method == "update" and QUERYSET_METHODS & set(receiver)):
            yield node.lineno, ".".join([*receiver, method])


# Everything that changes data lives in services/. models/ defines the rows (a claim's save()
# checks offsets); the pure packages never touch the database.
WRITERS = ("annotations/services/",)


def test_only_the_services_write_to_the_database():
    offenders = [
        f"{path}:{line} {call}()"
        for path, tree in _modules(skip=WRITERS + ("annotations/models/",))
        for line, call in _writes(tree)
    ]
    assert offenders == []


def test_the_check_above_would_catch_a_write_outside_the_services():
    tree = ast.parse("def view(request):\n    Claim.objects.filter(pk=1).update(status='x')\n    claim.save()\n")
    assert [call for _, call in _writes(tree)] == ["Claim.objects.filter.update", "claim.save"]


def _model_names() -> set[str]:
    return {node.name for path in (APP / "models").glob("*.py") for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.ClassDef)}


def _direct_queries(tree, models):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
            chain = _chain(node.value)
            if chain and (chain[-1] in models or chain[-1] in ("Token", "User", "Group", "Permission")):
                yield node.lineno, f"{chain[-1]}.{node.attr}"


@pytest.mark.parametrize("area", ["annotations/web/", "annotations/api/", "annotations/admin.py",
                                  "annotations/templatetags/"])
def test_views_the_api_and_the_admin_read_through_selectors_or_the_gate(area):
    models = _model_names()
    offenders = [
        f"{path}:{line} {query}"
        for path, tree in _modules()
        if str(path).startswith(area)
        for line, query in _direct_queries(tree, models)
    ]
    assert offenders == []


def _imports(relative: Path, tree, modules) -> set[str]:
    """The app modules a module imports, at any depth of its code (a function-level import counts).

    ``from package import submodule`` depends on the submodule, not on the package's
    ``__init__`` (which Python has already started running when a sibling imports it).
    """
    package = ".".join(relative.with_suffix("").parts[:-1])
    found = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if not base.startswith("annotations"):
                continue
            submodules = {f"{base}.{alias.name}" for alias in node.names} & modules
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("annotations"))
    return found


def _runtime_nodes(tree):
    """Every node except those under ``if TYPE_CHECKING:`` (imports for annotations only, never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _graph():
    modules = {}
    for relative, tree in _modules():
        name = ".".join(relative.with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = (relative, tree)
    # apps.ready() imports the tasks to register them; Django calls it, nothing imports apps.
    graph = {name: set() for name in modules}
    for name, (relative, tree) in modules.items():
        if name == "annotations.apps":
            continue
        for target in _imports(relative, tree, set(modules)):
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def _cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_between_the_apps_modules():
    assert _cycle(_graph()) is None


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_pure_packages_never_import_django():
    for relative, tree in _modules():
        if relative.parts[1] not in ("splitting", "matching", "temporal", "attribution", "intake"):
            continue
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(name.startswith("django") for name in imported), relative


# Underscored names the libraries document for use: Django's Model._meta, ._state, ._base_manager,
# ._default_manager and Paginator._get_page, and simple-history's _history_user (who made a change).
DOCUMENTED_UNDERSCORED = {"_meta", "_state", "_base_manager", "_default_manager", "_get_page", "_history_user"}
# What the app itself keeps on a library's object: the gate's cache of a person's permissions (access.py).
OWN_ATTRIBUTES_ON_LIBRARY_OBJECTS = {"_all_permissions"}


def _project_modules():
    yield from _modules()
    for path in sorted((APP.parent / "factcheck").rglob("*.py")):
        relative = path.relative_to(APP.parent)
        yield relative, ast.parse(path.read_text(), filename=str(relative))


def _names_defined(trees) -> set[str]:
    """Functions, classes, variables, and attributes set on self or cls: the app's own underscored names."""
    names = set(OWN_ATTRIBUTES_ON_LIBRARY_OBJECTS)
    for _, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                  and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                names.add(node.attr)
    return names


def _private_reaches(trees, own: set[str]):
    allowed = own | DOCUMENTED_UNDERSCORED
    for relative, tree in trees:
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and node.attr not in allowed):
                yield f"{relative}:{node.lineno} .{node.attr}"
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and not (node.module or "").startswith(
                    ("annotations", "factcheck")):
                for alias in node.names:
                    if alias.name.startswith("_"):
                        yield f"{relative}:{node.lineno} from {node.module} import {alias.name}"


def test_no_private_name_of_django_drf_simple_history_or_psycopg_is_reached_for():
    """An upgrade may change what a library keeps private without notice; the app uses what they document."""
    trees = list(_project_modules())
    assert list(_private_reaches(trees, _names_defined(trees))) == []


def test_the_private_name_check_would_catch_one():
    tree = ast.parse(
        "from django.db.models.query import _chain\n"
        "queryset._iterable_class = RowIterable\n"
        "rows = command.stderr._out\n"
        "self._cache = {}\n"
        "print(self._cache, claim._meta)\n")
    found = list(_private_reaches([("x.py", tree)], _names_defined([("x.py", tree)])))
    assert found == ["x.py:1 from django.db.models.query import _chain", "x.py:2 ._iterable_class", "x.py:3 ._out"]
