"""The one door for PDFs, the documents the registry declares, the printed URL,
and the codes given to documents issued before codes existed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import get_template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from cases import registry, verification
from cases.documents import DocumentSpec
from cases.registry import CaseType
from cases.workflow import TRANSITIONS, Status

ROOT = Path(__file__).resolve().parents[2]
DOOR = "cases/pdf.py"
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _production_modules():
    for folder in ROOT.iterdir():
        if folder.name == "tests" or not (folder / "__init__.py").exists():
            continue
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def pdfs_made_outside_the_door(source: str) -> list[int]:
    """Lines that render a PDF or write an IssuedDocument row."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else ""
            if any(name.split(".")[0] == "weasyprint" for name in [*names, module or ""]):
                lines.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"IssuedDocument", "_render_pdf"}:
            lines.append(node.lineno)
        if isinstance(func, ast.Attribute):
            if func.attr in {"write_pdf", "_render_pdf"}:
                lines.append(node.lineno)
            if func.attr in WRITES and "IssuedDocument" in ast.unparse(func.value):
                lines.append(node.lineno)
    return lines


def test_no_pdf_is_made_outside_the_door():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _production_modules()
        if path.relative_to(ROOT).as_posix() != DOOR
        for line in pdfs_made_outside_the_door(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_door_rule_catches_each_way_round_it():
    assert pdfs_made_outside_the_door((ROOT / DOOR).read_text(encoding="utf-8"))
    for snippet in (
        "from weasyprint import HTML",
        "import weasyprint.text",
        "HTML(string=html).write_pdf()",
        "from cases.pdf import _render_pdf; _render_pdf('pdf/base.html', {})",
        "pdf._render_pdf('pdf/base.html', {})",
        "IssuedDocument(case=case, kind='x')",
        "IssuedDocument.objects.create(case=case)",
        "models.IssuedDocument.objects.bulk_create(rows)",
    ):
        assert pdfs_made_outside_the_door(snippet) == [1], snippet
    assert pdfs_made_outside_the_door("IssuedDocument.objects.filter(case=case)") == []


def _reachable_statuses() -> set[str]:
    seen, todo = {Status.DRAFT}, [Status.DRAFT]
    while todo:
        for following in TRANSITIONS[todo.pop()]:
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


def _issued_by_the_service(case_type: CaseType, kind: str) -> bool:
    """Whether a module of the type's app calls the door for `kind` by name."""
    # The app that holds the detail model (criminal_record.* lives in criminal_records/).
    label = (case_type.detail_model or case_type.slug).split(".")[0]
    app = ROOT / label
    for path in app.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "issue_document"
                and any(
                    isinstance(arg, ast.Constant) and arg.value == kind for arg in node.args[1:2]
                )
            ):
                return True
    return False


def documents_nothing_issues(types) -> list[str]:
    reachable = _reachable_statuses()
    missing = []
    for case_type in types:
        for kind, spec in case_type.documents.items():
            if spec.issue_on is None:
                issued = _issued_by_the_service(case_type, kind)
            else:
                issued = spec.issue_on in reachable
            if not issued:
                missing.append(f"{case_type.slug}:{kind}")
    return missing


def test_every_declared_document_is_issued():
    assert documents_nothing_issues(registry.all_types()) == []
    declared = {(t.slug, kind) for t in registry.all_types() for kind in t.documents}
    assert {("vehicles.data_lookup", "decision"), ("eszemelyi.esign", "contract")} <= declared
    assert ("eszemelyi.esign", "pin_envelope") in declared


def test_a_declared_document_that_nothing_issues_is_found():
    def spec(issue_on):
        return DocumentSpec(
            title="x", template="pdf/case_summary.html", legal_basis="x", issue_on=issue_on
        )

    orphans = CaseType(
        slug="vehicles.orphan",
        label="Orphan documents",
        documents={
            "never_reached": spec("no_such_status"),
            "issued_by_nobody": spec(None),
            "on_submission": spec(Status.SUBMITTED),
        },
    )
    assert documents_nothing_issues([orphans]) == [
        "vehicles.orphan:never_reached",
        "vehicles.orphan:issued_by_nobody",
    ]


def test_every_declared_template_prints_the_official_parts():
    specs = [spec for t in registry.all_types() for spec in t.documents.values()]
    from payments.receipts import RECEIPT

    for spec in [*specs, RECEIPT]:
        source = Path(get_template(spec.template).origin.name).read_text(encoding="utf-8")
        assert '{% extends "pdf/base.html" %}' in source, spec.template
        assert str(spec.legal_basis) and str(spec.remedy)


def test_the_printed_url_is_reserved_for_the_public_check():
    """The public check page is not built yet; nothing else may take its path,
    and once it exists its name must give the path printed on every PDF."""
    code = verification.new_code()
    path = verification.VERIFY_PATH.format(code=verification.grouped(code))
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None:
        assert match.view_name == verification.VERIFY_URL_NAME
    try:
        reversed_path = reverse(verification.VERIFY_URL_NAME, args=[verification.grouped(code)])
    except NoReverseMatch:
        assert match is None
    else:
        assert reversed_path == path


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_documents_issued_before_a_code():
    before = [("cases", "0005_case_view_personal_identifier")]
    after = [("cases", "0007_issued_document_verification_code_unique")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        Case = old.get_model("cases", "Case")
        IssuedDocument = old.get_model("cases", "IssuedDocument")
        case = Case.objects.create(
            reference="UGY-2025-000001", receipt_code="ABCDEF123456", case_type="vehicles.x"
        )
        for kind in ("decision", "payment-receipt-1", "payment-receipt-2"):
            IssuedDocument.objects.create(
                case=case, kind=kind, title=kind, file=f"issued/{kind}.pdf", sha256="0" * 64, size=1
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        codes = list(
            new.get_model("cases", "IssuedDocument").objects.values_list(
                "verification_code", flat=True
            )
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert len(codes) == 3 and len(set(codes)) == 3
    assert all(verification.normalize(code) == code for code in codes)
