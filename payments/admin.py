"""Payments for clerks: read-only records, a check with the provider, refunds.

Nothing here writes a payment's state by hand: a check applies the
provider's answer through the state graph, a refund goes through the
provider's refund API and `payments.actions.refund_payment`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from access_log.admin_mixins import RecordsOpening
from payments import actions
from payments.models import Payment, PaymentEvent, Refund
from payments.providers.base import ProviderError
from payments.workflow import PaymentState
from portal.money import format_money


class _RecordInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _state_word(value: str) -> str:
    # The stored code ("succeeded") as the word of the clerk's language; blank: no change.
    if not value:
        return "—"
    return str(PaymentState(value).label) if value in PaymentState.values else value


class PaymentEventInline(_RecordInline):
    model = PaymentEvent
    fields = ("received_at", "kind", "state_before", "state_after", "provider_event_id", "note")

    @admin.display(description=_("from state"))
    def state_before(self, event: PaymentEvent) -> str:
        return _state_word(event.from_state)

    @admin.display(description=_("to state"))
    def state_after(self, event: PaymentEvent) -> str:
        return _state_word(event.to_state)


class RefundInline(_RecordInline):
    model = Refund
    fields = ("created_at", "amount", "reason", "by", "state", "provider_refund_id", "error")


class RefundForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount (Ft)"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the citizen on the case timeline and in the e-mail."),
    )

    def __init__(self, *args, refundable: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].max_value = refundable
        self.fields["amount"].widget.attrs["max"] = refundable
        self.fields["amount"].validators.append(MaxValueValidator(refundable))
        self.fields["amount"].initial = refundable


@admin.register(Payment)
class PaymentAdmin(RecordsOpening, admin.ModelAdmin):
    opened_case = "case"
    list_display = ("order_ref", "case", "provider", "amount_shown", "state", "created_at")

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, row) -> str:
        # Written as everywhere else: "3 000 Ft", "HUF 3,000".
        return format_money(row.amount, row.currency)

    list_filter = ("state", "provider")
    search_fields = ("order_ref", "case__reference", "provider_transaction_id")
    date_hierarchy = "created_at"
    fields = (
        "order_ref",
        "case_link",
        "provider",
        "amount",
        "currency",
        "state",
        "provider_transaction_id",
        "created_at",
        "paid_at",
        "finished_at",
        "next_check_at",
        "last_error",
        "refund_link",
    )
    readonly_fields = fields
    inlines = [RefundInline, PaymentEventInline]
    actions = ["check_with_provider", "refund"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/refund/",
                # Outside the request transaction: the refund row is committed
                # before the provider is called (see payments.actions).
                transaction.non_atomic_requests(self.admin_site.admin_view(self.refund_view)),
                name="payments_payment_refund",
            ),
            *super().get_urls(),
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a payment is evidence

    @admin.display(description=_("case"))
    def case_link(self, payment: Payment) -> str:
        url = reverse("admin:cases_case_change", args=[payment.case_id])
        return format_html('<a href="{}">{}</a>', url, payment.case.reference)

    @admin.display(description=_("refund"))
    def refund_link(self, payment: Payment) -> str:
        if payment.refundable_amount() <= 0 or payment.state not in (
            PaymentState.SUCCEEDED,
            PaymentState.PARTIALLY_REFUNDED,
        ):
            return "—"
        url = reverse("admin:payments_payment_refund", args=[payment.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Refund…"))

    @admin.action(description=_("Check the selected payments with the provider now"))
    def check_with_provider(self, request, queryset) -> None:
        for payment in queryset.in_flight():
            try:
                actions.check_payment(payment, by=request.user)
            except ProviderError as error:
                self.message_user(request, f"{payment.order_ref}: {error}", messages.WARNING)
        self.message_user(request, _("Checked."), messages.INFO)

    @admin.action(
        description=_("Refund the selected payment (one at a time)"),
        permissions=["refund"],
    )
    def refund(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one payment to refund."), messages.ERROR)
            return None
        return redirect("admin:payments_payment_refund", queryset.get().pk)

    def has_refund_permission(self, request) -> bool:
        return request.user.has_perm("payments.refund_payment")

    def refund_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_refund_permission(request):
            raise PermissionDenied
        payment = get_object_or_404(Payment.objects.select_related("case"), pk=pk)
        refundable = payment.refundable_amount()
        form = RefundForm(request.POST or None, refundable=refundable)
        if request.method == "POST" and form.is_valid():
            try:
                refund = actions.refund_payment(
                    payment,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except actions.RefundRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                level, text = {
                    Refund.State.SUCCEEDED: (messages.SUCCESS, _("The refund was made.")),
                    Refund.State.PENDING: (
                        messages.WARNING,
                        _(
                            "The provider did not answer. Whether the refund was made is being "
                            "checked; do not start another one meanwhile."
                        ),
                    ),
                }.get(
                    refund.state,
                    (
                        messages.ERROR,
                        _("The provider refused the refund: %(error)s") % {"error": refund.error},
                    ),
                )
                self.message_user(request, text, level)
                return redirect("admin:payments_payment_change", payment.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Refund payment %(ref)s") % {"ref": payment.order_ref},
            "payment": payment,
            "refundable": refundable,
            "form": form,
        }
        return TemplateResponse(request, "payments/admin/refund.html", context)


# --- bank transfers and statements ---------------------------------------------------

# Imported for its side effect too: it registers the bank transfer provider.
from payments import bank_transfer, statements  # noqa: E402
from payments.models import BankStatement, BankTransfer, StatementLine  # noqa: E402


class StatementImportForm(forms.Form):
    file = forms.FileField(
        label=_("Statement file"),
        help_text=_("camt.053 XML or CSV as described in the operator guide (bank-statements)."),
    )


class MatchLineForm(forms.Form):
    payment = forms.CharField(
        label=_("Payment"),
        max_length=40,
        help_text=_("The payment's order reference or its transfer reference code."),
    )

    def clean_payment(self) -> Payment:
        value = self.cleaned_data["payment"].strip()
        code = bank_transfer.compact(value)
        payment = (
            Payment.objects.filter(order_ref=value).first()
            or Payment.objects.filter(bank_transfer__reference_code=code).first()
        )
        if payment is None:
            raise forms.ValidationError(_("No payment has this reference."))
        return payment


@admin.register(BankTransfer)
class BankTransferAdmin(RecordsOpening, admin.ModelAdmin):
    opened_case = "payment__case"
    list_display = ("reference_code", "payment", "declared_at", "reminded_at", "alerted_at")
    search_fields = ("reference_code", "payment__order_ref", "payment__case__reference")
    readonly_fields = (
        "payment",
        "reference_code",
        "beneficiary_name",
        "beneficiary_account",
        "declared_at",
        "declared_by",
        "reminded_at",
        "alerted_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatementLineInline(_RecordInline):
    model = StatementLine
    fields = ("booking_date", "amount", "payer_name", "remittance", "outcome", "payment")


@admin.register(BankStatement)
class BankStatementAdmin(admin.ModelAdmin):
    """Adding a statement is importing a file: it is parsed, stored and matched."""

    list_display = ("file_name", "format", "statement_id", "imported_at", "imported_by")
    readonly_fields = (
        "file_name",
        "format",
        "statement_id",
        "sha256",
        "imported_at",
        "imported_by",
    )
    inlines = [StatementLineInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return request.method == "GET" and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # lines may have booked money

    def add_view(self, request: HttpRequest, form_url="", extra_context=None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StatementImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = statements.import_statement(
                    upload.read(statements.MAX_BYTES + 1), file_name=upload.name, by=request.user
                )
            except statements.StatementRefused as refusal:
                form.add_error("file", refusal.message)
            else:
                self.message_user(
                    request,
                    _(
                        "Statement imported: %(matched)d lines booked, %(unmatched)d left for "
                        "manual matching, %(repeated)d already imported before, %(skipped)d "
                        "debits or unbooked entries skipped."
                    )
                    % {
                        "matched": result.matched,
                        "unmatched": result.unmatched,
                        "repeated": result.repeated,
                        "skipped": result.skipped,
                    },
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:payments_statementline_changelist") + "?booked=no")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a bank statement"),
            "form": form,
            "back_url": reverse("admin:payments_bankstatement_changelist"),
            "submit_label": _("Import"),
        }
        return TemplateResponse(request, "payments/admin/statement_form.html", context)


class BookedFilter(admin.SimpleListFilter):
    title = _("booked")
    parameter_name = "booked"

    def lookups(self, request, model_admin):
        return [("no", _("Waiting for manual matching")), ("yes", _("Booked"))]

    def queryset(self, request, queryset):
        booked = [StatementLine.Outcome.MATCHED, StatementLine.Outcome.MANUAL]
        if self.value() == "no":
            return queryset.exclude(outcome__in=booked)
        if self.value() == "yes":
            return queryset.filter(outcome__in=booked)
        return queryset


@admin.register(StatementLine)
class StatementLineAdmin(admin.ModelAdmin):
    list_display = (
        "booking_date",
        "amount_shown",
        "payer_name",
        "remittance",
        "reference_code",
        "outcome",
        "payment",
    )

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, row) -> str:
        # Written as everywhere else: "3 000 Ft", "HUF 3,000".
        return format_money(row.amount, row.currency)

    list_filter = (BookedFilter, "outcome", "statement")
    search_fields = ("remittance", "payer_name", "reference_code", "payment__order_ref")
    readonly_fields = (
        "statement",
        "booking_date",
        "amount",
        "currency",
        "payer_name",
        "payer_account",
        "remittance",
        "bank_reference",
        "reference_code",
        "outcome",
        "payment",
        "matched_by",
        "matched_at",
    )
    exclude = ("fingerprint",)
    actions = ["match_to_payment"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/match/",
                self.admin_site.admin_view(self.match_view),
                name="payments_statementline_match",
            ),
            *super().get_urls(),
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(
        description=_("Match the selected line to a payment (one at a time)"),
        permissions=["change"],
    )
    def match_to_payment(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one line to match."), messages.ERROR)
            return None
        return redirect("admin:payments_statementline_match", queryset.get().pk)

    def match_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        line = get_object_or_404(StatementLine, pk=pk)
        initial = {"payment": line.payment.order_ref} if line.payment_id else {}
        form = MatchLineForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            payment = form.cleaned_data["payment"]
            try:
                statements.match_line(line, payment, by=request.user)
            except statements.MatchRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                self.message_user(
                    request,
                    _("The line was booked to payment %(ref)s.") % {"ref": payment.order_ref},
                    messages.SUCCESS,
                )
                return redirect("admin:payments_statementline_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Match a statement line"),
            "intro": _(
                "%(amount)s on %(date)s from %(payer)s: “%(remittance)s”. Booking "
                "it marks the payment as paid, whatever the amount."
            )
            % {
                "amount": format_money(line.amount, line.currency),
                "date": line.booking_date,
                "payer": line.payer_name or "?",
                "remittance": line.remittance,
            },
            "form": form,
            "back_url": reverse("admin:payments_statementline_changelist"),
            "submit_label": _("Book to this payment"),
        }
        return TemplateResponse(request, "payments/admin/statement_form.html", context)
