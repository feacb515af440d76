"""Imports run one way (tools/layers.py): no module imports its own layer or one above,
lazy imports inside functions included, so the apps form no cycle."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("layers", ROOT / "tools" / "layers.py")
layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(layers)


def test_every_import_runs_downwards():
    assert layers.violations() == []


def test_every_package_has_its_layer():
    assert layers.unit_of("transactions.purchases.views.orders") == (
        "transactions.purchases",
        2,
    )
    assert layers.unit_of("members.rosters.models")[0] == "members.rosters"
    assert layers.unit_of("members.models")[0] == "members"
    assert layers.unit_of("songkhla_network.thai")[0] == "songkhla_network"
    assert layers.unit_of("songkhla_network.urls")[1] == 0


def test_a_lazy_upward_import_is_found(tmp_path, monkeypatch):
    """An import hidden in a function is an import: the core importing a business is
    refused, as is one business importing another of its layer."""
    core = tmp_path / "core.py"
    core.write_text("def f():\n    from transactions.purchases.models import PurchaseRound\n")
    sibling = tmp_path / "sibling.py"
    sibling.write_text("from meetings import selectors\n")
    known = {
        "centers.fake": core,
        "transactions.purchases.fake": sibling,
        "transactions.purchases.models": tmp_path / "models.py",
        "meetings.selectors": tmp_path / "selectors.py",
    }
    (tmp_path / "models.py").write_text("")
    (tmp_path / "selectors.py").write_text("")
    monkeypatch.setattr(layers, "modules", lambda: known)
    monkeypatch.setattr(layers, "ROOT", tmp_path)
    found = layers.violations()
    assert any("core.py:2: centers imports transactions.purchases.models" in f for f in found)
    assert any("sibling.py:1: transactions.purchases imports meetings" in f for f in found)
    assert len(found) == 3  # the lazy import counts twice: its module, and the name from it
