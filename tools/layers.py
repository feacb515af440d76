"""Imports run one way: prove that no module imports a layer above its own.

    .venv/bin/python tools/layers.py        (also `make layers`; tests/test_layers.py runs it)

Every import statement of the project's Python code is read, at module level or inside a
function (a lazy import hides a cycle, it does not remove one), migrations and tests
aside. Each module belongs to the unit named by the longest prefix in LAYERS below; a
unit may import its own modules and the units of lower layers, never a unit of its own
layer or above. So the units form no cycle, and the table below is the whole answer to
"who may import whom".
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. A row is one layer; its units are independent of each other, but for the
# composition root (the first row), whose modules are one program's entry points.
LAYERS: list[tuple[str, ...]] = [
    # The composition root: settings, root URLs, the landing page, the demo seeders.
    (
        "songkhla_network.settings",
        "songkhla_network.settings_demo",
        "songkhla_network.settings_test",
        "songkhla_network.urls",
        "songkhla_network.wsgi",
        "songkhla_network.asgi",
        "songkhla_network.home",
        "songkhla_network.views",
        "songkhla_network.context_processors",
        "demo",
    ),
    # What reads every business: the dashboard, the monthly report, the network map; and
    # the pages that gather several areas: the network's center pages (meetings' overdue
    # action items, the catalogue's supporters) and the organization pages (memberships,
    # applications, roster, baseline profile).
    ("reports", "centers.overview", "members.organizations"),
    # The businesses and areas.
    (
        "transactions.purchases",
        "meetings",
        "members.rosters",
        "members.baseline",
        "members.registry",
    ),
    # What the businesses share.
    ("transactions.catalogue",),
    ("transactions.common",),
    # The network's core: centers, committees, memberships, the scope; below them the
    # organizations and people.
    ("centers",),
    # Messages to people (the inbox, the e-mail outbox): every area writes them in its own
    # transactions, the core's applications included; they know users only.
    ("notifications",),
    ("members",),
    # Shared helpers (Thai formatting, fields, numbers, uploads, spreadsheets, documents):
    # they import no app.
    ("songkhla_network",),
]
SKIPPED = {"migrations", "tests", ".venv", "bench", "tools", "node_modules", "var", "static"}


def unit_of(module: str) -> tuple[str, int] | None:
    best = None
    for rank, layer in enumerate(LAYERS):
        for unit in layer:
            if (module == unit or module.startswith(unit + ".")) and (
                best is None or len(unit) > len(best[0])
            ):
                best = (unit, rank)
    return best


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if SKIPPED.intersection(parts) or len(parts) == 1:
            continue
        name = ".".join(parts)[: -len(".py")]
        found[name.removesuffix(".__init__")] = path
    return found


def imports_of(module: str, path: Path) -> list[tuple[str, int]]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # `from package import module` imports the module too.
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def violations() -> list[str]:
    known = modules()
    problems = []
    for module, path in sorted(known.items()):
        source = unit_of(module)
        if source is None and path.name == "__init__.py" and not imports_of(module, path):
            continue  # a bare package holding units (transactions/)
        if source is None:
            problems.append(f"{module}: in no layer (add its package to tools/layers.py)")
            continue
        for target, line in imports_of(module, path):
            if target not in known and target.rpartition(".")[0] not in known:
                continue  # outside the project (Django, the standard library…)
            if target not in known:
                target = target.rpartition(".")[0]  # `from module import name`
            destination = unit_of(target)
            if destination is None or destination[0] == source[0]:
                continue
            if destination[1] == source[1] == 0:
                continue  # the composition root's modules may import each other
            if destination[1] <= source[1]:
                where = "its own layer" if destination[1] == source[1] else "a layer above"
                problems.append(
                    f"{path.relative_to(ROOT)}:{line}: {source[0]} imports {target}"
                    f" ({destination[0]}, {where})"
                )
    return problems


if __name__ == "__main__":
    found = violations()
    print("\n".join(found) or f"{len(modules())} modules: every import runs downwards.")
    sys.exit(1 if found else 0)
