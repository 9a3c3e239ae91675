"""Form pieces the card services share (their forms are in their service modules)."""

from __future__ import annotations

from django import forms

from cases.flow import style_control


def described(form: forms.Form) -> None:
    """Point every field at its error and help texts (WCAG 3.3.1), and style
    each control as the steps of every other service do."""
    for name, field in form.fields.items():
        described = [f"id_{name}_error"]
        if field.help_text:
            described.append(f"id_{name}_helptext")
        field.widget.attrs.setdefault("aria-describedby", " ".join(described))
        style_control(field.widget)
