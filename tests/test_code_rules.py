"""House rules that are cheap to check by reading the source."""

from __future__ import annotations

import re
from pathlib import Path

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
