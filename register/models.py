"""The register's own tables for its services, and the detail rows of the seven services.

The personal data and the addresses themselves are `population.Person` and
`population.Address` (the notification address is an `Address` of kind
`notification`). Kept here, beside them:

- the address list (`Property`: every address that exists, with its address holder,
  the címjogosult / szállásadó), the post office boxes with their tenants and the
  postal service points: what a notification address may be;
- the statements made about them: refusals of use as a notification address,
  alert packages, landlords' consent declarations, disclosure bans;
- the notification address's own facts (`NotificationAddress`: kind, declared on,
  lapses on, not real);
- one detail row per case of each service.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How an address holder is alerted (the seeds' four channels)."""

    LETTER = "letter", _("letter")
    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class Purpose(models.TextChoices):
    """What a citizen may forbid their register data to be released for."""

    RESEARCH = "research", _("scientific research")
    POLLS = "polls", _("opinion polls and market research")
    MARKETING = "marketing", _("direct marketing")


# --- the address list ------------------------------------------------------------------


class Property(models.Model):
    """An address that exists (a címhely of the central address list), with its holder."""

    postal_code = models.CharField(_("postal code"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    # The address holder (címjogosult): who counts as the landlord (szállásadó) here.
    holder = models.ForeignKey(
        "population.Person",
        verbose_name=_("address holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_properties",
    )

    class Meta:
        verbose_name = _("property (address list)")
        verbose_name_plural = _("properties (address list)")
        ordering = ["postal_code", "settlement", "street_address"]
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code", "settlement", "street_address"],
                name="one_property_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.settlement}, {self.street_address}"


class PostOfficeBox(models.Model):
    """A post office box (postafiók) and its tenant."""

    postal_code = models.CharField(_("postal code of the box"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    number = models.PositiveIntegerField(_("box number"))
    tenant = models.ForeignKey(
        "population.Person",
        verbose_name=_("tenant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="po_boxes",
    )

    class Meta:
        verbose_name = _("post office box")
        verbose_name_plural = _("post office boxes")
        ordering = ["postal_code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["postal_code", "number"], name="one_box_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.settlement}, Pf. {self.number}"


class ServicePoint(models.Model):
    """A postal service point (postai szolgáltató hely) where mail can be collected."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)

    class Meta:
        verbose_name = _("postal service point")
        verbose_name_plural = _("postal service points")
        ordering = ["postal_code", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.postal_code} {self.settlement}, {self.street_address})"


# --- statements about addresses and data --------------------------------------------------


class NotificationKind(models.TextChoices):
    ADDRESS = "address", _("an address")
    PO_BOX = "po_box", _("a post office box")
    SERVICE_POINT = "service_point", _("a postal service point")


class NotificationAddress(models.Model):
    """A citizen's notification address (értesítési cím): at most one current.

    The `population.Address` row of kind `notification` is what the register
    shows; this row keeps what the notification address rules need.
    """

    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="notification_addresses"
    )
    address = models.OneToOneField(
        "population.Address", on_delete=models.PROTECT, related_name="notification"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    po_box = models.ForeignKey(
        PostOfficeBox, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_point = models.ForeignKey(
        ServicePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declared_on = models.DateField(_("declared on"))
    # Two years from the last declaration (registration or renewal).
    lapses_on = models.DateField(_("lapses on"))
    lapse_reminded_on = models.DateField(_("lapse reminder sent on"), null=True, blank=True)
    not_real_since = models.DateField(_("found not real on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification address")
        verbose_name_plural = _("notification addresses")
        ordering = ["-declared_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_notification_address",
            )
        ]
        # The nightly upkeep reads the current addresses lapsing soon or today.
        indexes = [
            models.Index(
                fields=["lapses_on"],
                condition=Q(ended_on__isnull=True),
                name="notification_address_lapsing",
            )
        ]

    def __str__(self) -> str:
        return str(self.address)


class AddressRefusal(models.Model):
    """An address holder's or box tenant's advance refusal of use as a notification address."""

    refuser = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="address_refusals"
    )
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="refusals"
    )
    po_box = models.ForeignKey(
        PostOfficeBox, null=True, blank=True, on_delete=models.PROTECT, related_name="refusals"
    )
    since = models.DateField(_("since"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("refusal of use as a notification address")
        verbose_name_plural = _("refusals of use as a notification address")
        ordering = ["-since", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(property__isnull=False, po_box__isnull=True)
                | Q(property__isnull=True, po_box__isnull=False),
                name="refusal_of_one_address",
            )
        ]

    def __str__(self) -> str:
        return str(self.property or self.po_box)


class AlertPackage(models.Model):
    """An address holder's alert package: one property watched for one year."""

    class Ending(models.TextChoices):
        EXPIRED = "expired", _("not renewed within the year")
        REVOKED = "revoked", _("revoked")
        CHANGED = "changed", _("replaced by a changed package")
        RIGHT_ENDED = "right_ended", _("the right to the declaration ended")
        DEATH = "death", _("death of the holder")

    holder = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="alert_packages"
    )
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="alert_packages")
    channels = models.JSONField(_("channels"), default=list)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    fax = models.CharField(_("fax number"), max_length=20, blank=True)
    letter_address = models.CharField(_("postal address for letters"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    renewal_reminded_on = models.DateField(_("renewal reminder sent on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ending = models.CharField(_("ended because"), max_length=20, choices=Ending.choices, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("alert package")
        verbose_name_plural = _("alert packages")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.property} ({', '.join(self.channels)})"

    def is_active(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.ended_on is None and self.starts_on <= today <= self.ends_on


class LandlordConsent(models.Model):
    """How the landlord consents to others registering their address at the property."""

    class Mode(models.TextChoices):
        TOGETHER = "together", _("appears in person together with the registrant")
        ONLINE = "online", _("consents online in advance")

    landlord = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="landlord_consents"
    )
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="consents")
    mode = models.CharField(_("way of consent"), max_length=20, choices=Mode.choices)
    since = models.DateField(_("since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("landlord's consent declaration")
        verbose_name_plural = _("landlords' consent declarations")
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.property}: {self.get_mode_display()}"


class DisclosureBan(models.Model):
    """A ban on releasing the person's register data for one purpose."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("on paper, by post")
        IN_PERSON = "in_person", _("in person")

    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="disclosure_bans"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    since = models.DateField(_("since"))
    channel = models.CharField(_("filed"), max_length=20, choices=Channel.choices)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure ban")
        verbose_name_plural = _("disclosure bans")
        ordering = ["-since", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(lifted_on__isnull=True),
                name="one_ban_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.get_purpose_display()


# --- the detail rows of the services --------------------------------------------------------


class OwnDataRequest(models.Model):
    """`register.own_data`: the data as the register held them when asked."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_own_data"
    )
    snapshot = models.JSONField(_("data shown"), default=dict)

    def __str__(self) -> str:
        return self.case.reference


class DisclosureBanRequest(models.Model):
    """`register.disclosure_ban`: per purpose, ban, lift or leave as it is."""

    class Choice(models.TextChoices):
        BAN = "ban", _("ban")
        LIFT = "lift", _("lift the ban")
        KEEP = "keep", _("no change")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_disclosure_ban"
    )
    research = models.CharField(_("scientific research"), max_length=10, choices=Choice.choices)
    polls = models.CharField(
        _("opinion polls and market research"), max_length=10, choices=Choice.choices
    )
    marketing = models.CharField(_("direct marketing"), max_length=10, choices=Choice.choices)
    entered_on = models.DateField(_("entered in the register on"), null=True, blank=True)

    def __str__(self) -> str:
        return self.case.reference

    def choices_by_purpose(self) -> dict[str, str]:
        return {purpose: getattr(self, purpose) for purpose in Purpose.values}


class ChangeNotice(models.Model):
    """`register.change_notice`: changed data sent to one joined body's gateway."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_change_notice"
    )
    body = models.CharField(_("body and register"), max_length=40)
    items = models.JSONField(_("changed data"), default=list)
    # What was sent: item -> value as the register held it.
    sent_data = models.JSONField(_("data sent"), default=dict)
    fingerprint = models.CharField(max_length=64, db_index=True)
    notification = models.ForeignKey(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return self.case.reference


class NotificationAddressRequest(models.Model):
    """`register.notification_address`: register, renew, change or delete."""

    class Action(models.TextChoices):
        REGISTER = "register", _("register a notification address")
        RENEW = "renew", _("renew my notification address")
        CHANGE = "change", _("change my notification address")
        DELETE = "delete", _("delete my notification address")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_notification_address"
    )
    action = models.CharField(_("request"), max_length=10, choices=Action.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices, blank=True)
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    po_box = models.ForeignKey(
        PostOfficeBox, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_point = models.ForeignKey(
        ServicePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declared_on = models.DateField(_("date of the declaration"))
    result = models.ForeignKey(
        NotificationAddress, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.case.reference


class RefusalRequest(models.Model):
    """`register.notification_address_refusal`: refuse in advance, or revoke the refusal."""

    class Action(models.TextChoices):
        REFUSE = "refuse", _("refuse that the address be used as a notification address")
        REVOKE = "revoke", _("revoke my earlier refusal")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_refusal"
    )
    action = models.CharField(_("request"), max_length=10, choices=Action.choices)
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    po_box = models.ForeignKey(
        PostOfficeBox, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.case.reference


class AlertRequest(models.Model):
    """`register.notification_address_alerts` and the alerts of a landlord declaration."""

    class Action(models.TextChoices):
        CREATE = "create", _("create an alert package")
        RENEW = "renew", _("renew an alert package for another year")
        CHANGE = "change", _("change an alert package")
        REVOKE = "revoke", _("revoke an alert package")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_alerts"
    )
    action = models.CharField(_("request"), max_length=10, choices=Action.choices)
    properties = models.ManyToManyField(Property, related_name="+")
    package = models.ForeignKey(
        AlertPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channels = models.JSONField(_("channels"), default=list)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    fax = models.CharField(_("fax number"), max_length=20, blank=True)
    letter_address = models.CharField(_("postal address for letters"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.case.reference


class LandlordDeclaration(models.Model):
    """`register.landlord_declaration`: the way of consent, alerts, or both."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="register_landlord_declaration"
    )
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(
        _("way of consent"), max_length=20, choices=LandlordConsent.Mode.choices, blank=True
    )
    channels = models.JSONField(_("alert channels"), default=list)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    fax = models.CharField(_("fax number"), max_length=20, blank=True)
    letter_address = models.CharField(_("postal address for letters"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.case.reference
