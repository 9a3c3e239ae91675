"""Every issued document gets a verification code, those issued before too.

Documents issued before this migration do not carry the code in their PDF (the
stored file is what was issued and keeps its SHA-256); their code lets the
public check page find them all the same.
"""

import secrets

from django.db import migrations, models

# A copy of cases.verification.new_code as it stood when this migration was
# written: migrations must not change when the application code does.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _check_character(body):
    total = 0
    for position, char in enumerate(reversed(body)):
        value = ALPHABET.index(char)
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return ALPHABET[(32 - total % 32) % 32]


def _new_code():
    body = "".join(secrets.choice(ALPHABET) for _ in range(15))
    return body + _check_character(body)


def give_codes(apps, schema_editor):
    IssuedDocument = apps.get_model("cases", "IssuedDocument")
    used = set()
    for document in IssuedDocument.objects.filter(verification_code__isnull=True).only("pk"):
        code = _new_code()
        while code in used:  # 75 random bits: a repeat is only theoretical
            code = _new_code()
        used.add(code)
        IssuedDocument.objects.filter(pk=document.pk).update(verification_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_case_view_personal_identifier"),
    ]

    operations = [
        migrations.AddField(
            model_name="issueddocument",
            name="verification_code",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="verification code"
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
