"""House rules that are cheap to check by reading the source."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = [
    p for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name != "tests"
]
STATUS_WRITE = re.compile(r"\.status\s*=[^=]")


def _python_files():
    for folder in SOURCE_DIRS:
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_case_status_is_written_only_by_the_workflow():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _python_files()
        if path.relative_to(ROOT).as_posix() != "cases/workflow.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STATUS_WRITE.search(line)
    ]
    assert offenders == []


def test_the_rule_itself_catches_a_status_write():
    assert STATUS_WRITE.search("    case.status = 'closed'")
    assert not STATUS_WRITE.search("    if case.status == 'closed':")


def test_weasyprint_is_never_imported_at_module_level():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if re.search(
            r"^(import weasyprint|from weasyprint)", path.read_text(encoding="utf-8"), re.MULTILINE
        )
    ]
    assert offenders == []


def test_production_code_never_imports_the_sandbox():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if path.parts[len(ROOT.parts)] != "sandbox"
        and re.search(
            r"^\s*(from|import) sandbox\b", path.read_text(encoding="utf-8"), re.MULTILINE
        )
    ]
    assert offenders == []


# --- the layering contracts of [tool.importlinter] (checked by `make lint`) ---------------


def _import_contracts() -> tuple[list[str], dict[str, dict]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    return linter["root_packages"], {c["id"]: c for c in linter["contracts"]}


def test_every_app_is_under_the_import_contracts():
    roots, contracts = _import_contracts()
    assert sorted(roots) == sorted(folder.name for folder in SOURCE_DIRS)
    production = [name for name in roots if name != "sandbox"]
    assert sorted(contracts["no-sandbox"]["source_modules"]) == sorted(production)


def test_every_app_is_read_for_dead_code():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    paths = set(config["tool"]["vulture"]["paths"]) - {"vulture_allowlist.py"}
    assert sorted(paths) == sorted(folder.name for folder in SOURCE_DIRS)


def test_every_service_app_is_kept_out_of_the_spine_and_the_registers():
    # A service app is one that registers case types; a new one is caught here until
    # it is added to the contracts.
    _, contracts = _import_contracts()
    services = {folder.name for folder in SOURCE_DIRS if (folder / "case_types.py").exists()}
    assert services
    assert services <= set(contracts["spine"]["forbidden_modules"])
    assert services <= set(contracts["registers"]["forbidden_modules"])


def test_the_import_graph_holds_imports_made_inside_functions(tmp_path):
    # The contracts must see the imports a module makes lazily, inside a function, as
    # well as those at its top: grimp (import-linter's graph) reads both.
    package = tmp_path / "layered"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "spine.py").write_text("def fee():\n    from layered import payments\n")
    (package / "payments.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("layered", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert graph.direct_import_exists(importer="layered.spine", imported="layered.payments")
