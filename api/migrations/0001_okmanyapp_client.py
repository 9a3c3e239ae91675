"""The mobile app (OkmányApp) as a public OAuth client: no secret, authorization
code with PKCE, its own URI scheme and loopback addresses (RFC 8252) as redirects."""

from __future__ import annotations

from django.db import migrations

CLIENT_ID = "okmanyapp"
REDIRECT_URIS = "hu.ugyseged.okmanyapp:/oauth/callback http://127.0.0.1/callback"


def add_client(apps, schema_editor):
    Application = apps.get_model("oauth2_provider", "Application")
    Application.objects.get_or_create(
        client_id=CLIENT_ID,
        defaults={
            "name": "OkmányApp",
            "client_type": "public",
            "authorization_grant_type": "authorization-code",
            "client_secret": "",
            "redirect_uris": REDIRECT_URIS,
            "skip_authorization": False,
            "algorithm": "",
        },
    )


def remove_client(apps, schema_editor):
    apps.get_model("oauth2_provider", "Application").objects.filter(client_id=CLIENT_ID).delete()


class Migration(migrations.Migration):
    dependencies = [("oauth2_provider", "0022_refreshtoken_token_family_index")]
    operations = [migrations.RunPython(add_client, remove_client)]
