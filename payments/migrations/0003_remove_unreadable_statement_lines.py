"""Remove statement lines whose amount is wider than the amount column.

Before the import checked the width of amounts, a line of, say, 10^24 forints
was stored by SQLite (PostgreSQL refused such an import whole) and could then
not be read back: every clerk page that listed the line failed, for good.
Such a line was never booked: no fee comes near it, and matching it by hand
failed on the same read. Removing it loses no money and no booking; the
import now refuses the file and names the line.
"""

from __future__ import annotations

import logging

from django.db import migrations

log = logging.getLogger(__name__)

# The column holds 14 digits, 2 of them decimals: anything from 10^12 on is too wide.
TOO_WIDE = 10**12


def remove_unreadable_lines(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # other databases enforce the column's width on insert
    table = apps.get_model("payments", "StatementLine")._meta.db_table
    with connection.cursor() as cursor:
        # Compared as numbers by SQLite itself: the ORM cannot read these rows.
        cursor.execute(f"DELETE FROM {table} WHERE abs(amount) >= %s", [TOO_WIDE])  # noqa: S608
        if cursor.rowcount:
            log.warning(
                "removed %d statement line(s) with amounts too wide to read", cursor.rowcount
            )


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_bank_transfer")]

    operations = [migrations.RunPython(remove_unreadable_lines, migrations.RunPython.noop)]
