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

from payments import actions
from payments.models import Payment, PaymentEvent, Refund
from payments.providers.base import ProviderError
from payments.workflow import PaymentState


class _RecordInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PaymentEventInline(_RecordInline):
    model = PaymentEvent
    fields = ("received_at", "kind", "from_state", "to_state", "provider_event_id", "note")


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
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("order_ref", "case", "provider", "amount", "currency", "state", "created_at")
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
