"""Online pre-registration: a family starts, proves a contact, submits; a registrar completes.

No account: the family proves an email address or phone number with a six-digit code
(valid 30 minutes, five tries). The registrar then checks documents and enrolls in one
step, creating the student, the guardian, the document checks and the enrollment
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from homeroom.access.models import User
from homeroom.districts.models import School
from homeroom.enrollment.forms.fields import DOCUMENT_LABELS
from homeroom.enrollment.models import DocumentCheck, DocumentKind, PreRegistration
from homeroom.enrollment.models import PreRegistrationStatus as Status
from homeroom.enrollment.services import check_grade, student_admit
from homeroom.enrollment.sms import send_sms
from homeroom.lib.errors import Conflict, RuleError
from homeroom.lib.names import phone_key
from homeroom.people import language
from homeroom.people import services as people_services
from homeroom.people.choices import Relationship, SurveySource
from homeroom.people.models import NAME_FIELDS, Student

logger = logging.getLogger(__name__)
CODE_LIFETIME = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 5
# Codes are sent to an address the family types: no more than this many per hour to one
# contact, so the form cannot be used to flood someone's inbox or phone.
MAX_SENDS_PER_WINDOW = 3
SEND_WINDOW = dt.timedelta(hours=1)
CHILD_FIELDS = (*NAME_FIELDS, "birth_date", "gender", "home_language")
GUARDIAN_FIELDS = (
    "given_name",
    "family_name",
    "relationship",
    "phone",
    "email",
    "preferred_language",
)
# The child's Home Language Survey answers, kept in ``PreRegistration.child`` under this key.
SURVEY_KEY = "language_survey"


class CodeNotSent(RuleError):
    """The email or text message with the code could not be sent; nothing was kept."""


def _digest(prereg: PreRegistration, code: str) -> str:
    return hashlib.sha256(f"{prereg.public_id}:{code}".encode()).hexdigest()


def _send_code(prereg: PreRegistration, code: str) -> None:
    """Send the code by email (``EMAIL_BACKEND``) or text (``HOMEROOM_SMS_SENDER``)."""
    with translation.override(prereg.language):
        message = _("Your Homeroom pre-registration code is %(code)s. It expires in 30 minutes.")
        text = message % {"code": code}
        if prereg.contact_email:
            send_mail(_("Your pre-registration code"), text, None, [prereg.contact_email])
        else:
            send_sms(prereg.contact_phone, text)
    logger.info("pre-registration %s: code sent", prereg.public_id)


def prereg_start(*, email: str = "", phone: str = "", language: str = "en") -> PreRegistration:
    """Open a pre-registration and send a code to the email or phone given."""
    email, phone = email.strip(), phone.strip()
    if not email and len(phone_key(phone)) < 10:
        raise RuleError(_("Give an email address or a 10-digit phone number."), field="email")
    if email and ("@" not in email or len(email) > 254):
        raise RuleError(_("That email address does not look right."), field="email")
    recent = PreRegistration.objects.filter(created_at__gte=timezone.now() - SEND_WINDOW)
    contact = {"contact_email__iexact": email} if email else {"contact_phone": phone}
    if recent.filter(**contact).count() >= MAX_SENDS_PER_WINDOW:
        raise RuleError(
            _("Too many codes were sent to this contact. Try again in an hour."), field="email"
        )
    code = f"{secrets.randbelow(1_000_000):06d}"
    prereg = PreRegistration(
        public_id=uuid.uuid4(),
        contact_email=email,
        contact_phone="" if email else phone,
        language=language if language in dict(settings.LANGUAGES) else "en",
        code_sent_at=timezone.now(),
    )
    prereg.code_digest = _digest(prereg, code)
    # The row exists only if the code went out: a failed send leaves no row, so it neither
    # counts against the hourly limit nor waits for a code that never came.
    with transaction.atomic():
        prereg.save()
        try:
            _send_code(prereg, code)
        except Exception as exc:
            logger.exception("pre-registration %s: the code could not be sent", prereg.public_id)
            raise CodeNotSent(
                _("We could not send the code just now. Check the address or try again later."),
                field="email" if email else "phone",
            ) from exc
    return prereg


def prereg_verify(*, prereg: PreRegistration, code: str) -> PreRegistration:
    """Accept the code the family received; five wrong tries end the pre-registration.

    The row is locked while the code is compared, so parallel guesses are counted one
    after another: at most ``MAX_ATTEMPTS`` codes are ever compared, the last wrong one
    cancels it in the same transaction, and none is compared once it is cancelled.
    """
    with transaction.atomic():
        locked = PreRegistration.objects.select_for_update().get(pk=prereg.pk)
        right = _code_checked(locked, code)
    prereg.status, prereg.failed_attempts = locked.status, locked.failed_attempts
    prereg.verified_at = locked.verified_at
    if not right:
        raise RuleError(_("That code is not right."), field="code")
    return prereg


def _code_checked(locked: PreRegistration, code: str) -> bool:
    """Compare one code against the locked row and record the outcome on it."""
    if locked.status != Status.STARTED or locked.failed_attempts >= MAX_ATTEMPTS:
        raise Conflict(_("This pre-registration is already verified or closed."))
    if timezone.now() - locked.code_sent_at > CODE_LIFETIME:
        raise RuleError(_("The code has expired. Start again to get a new one."), field="code")
    if secrets.compare_digest(_digest(locked, code.strip()), locked.code_digest):
        locked.status, locked.verified_at = Status.VERIFIED, timezone.now()
        locked.save(update_fields=["status", "verified_at"])
        return True
    locked.failed_attempts += 1
    if locked.failed_attempts >= MAX_ATTEMPTS:
        locked.status = Status.CANCELLED
    locked.save(update_fields=["failed_attempts", "status"])
    return False


@dataclass(frozen=True)
class Family:
    """What the family gave on the details page.

    ``guardian["preferred_language"]`` is the language they asked the school to use with
    them (a CALPADS code); ``survey`` their Home Language Survey answers; ``site_language``
    the language they read the pages in, which is only the default the pages offered.
    """

    child: dict[str, Any]
    guardian: dict[str, Any]
    school: School
    grade_level: str
    address: str
    survey: language.SurveyAnswers | None = None
    site_language: str = ""


def _validate(family: Family) -> None:
    child = family.child
    people_services.validate_names(child)  # it reads the name parts only
    people_services.validate_other({k: child[k] for k in ("birth_date", "gender") if k in child})
    if "given_name" not in family.child or "birth_date" not in family.child:
        raise RuleError(
            _("The child's given name and birth date are required."), field="given_name"
        )
    guardian_names = {k: family.guardian.get(k, "") for k in ("given_name", "family_name")}
    try:
        people_services.validate_names(guardian_names)
    except RuleError as exc:
        raise RuleError(exc.message, field=f"guardian_{exc.field}") from exc
    check_grade(family.school, family.grade_level)
    if len(family.address) > 300:
        raise RuleError(_("The address is too long."), field="address")
    preferred = family.guardian.get("preferred_language")
    if preferred:
        language.check_language(preferred, "guardian_preferred_language")
    if family.survey is not None:
        family.survey.check()


def prereg_submit(*, prereg: PreRegistration, family: Family) -> PreRegistration:
    """Store the family's details; the registrar sees it in the pre-registration list."""
    if prereg.status not in (Status.VERIFIED, Status.SUBMITTED):
        raise Conflict(_("Verify your email or phone first."))
    _validate(family)
    child = {k: v for k, v in family.child.items() if k in CHILD_FIELDS}
    child["birth_date"] = child["birth_date"].isoformat()
    if family.survey is not None:
        child[SURVEY_KEY] = family.survey.as_dict()
    prereg.child = child
    prereg.guardian = {k: v for k, v in family.guardian.items() if k in GUARDIAN_FIELDS}
    prereg.school, prereg.grade_level, prereg.address = (
        family.school,
        family.grade_level,
        family.address,
    )
    if family.site_language in dict(settings.LANGUAGES):
        prereg.language = family.site_language
    first_time = prereg.status == Status.VERIFIED
    prereg.status, prereg.submitted_at = Status.SUBMITTED, timezone.now()
    prereg.save()
    if first_time:
        _send_confirmation(prereg)
    return prereg


def family_language(prereg: PreRegistration) -> str:
    """The site language to write to this family in: the language they asked the school to
    use when the site has it, else the language they read the pages in, else English."""
    preferred = prereg.guardian.get("preferred_language")
    return language.site_language(preferred) or language.notice_language(
        language.code_for_site_language(prereg.language)
    )


def _confirmation_text(prereg: PreRegistration) -> str:
    child = " ".join(
        v for v in (prereg.child.get("given_name"), prereg.child.get("family_name")) if v
    )
    documents = ", ".join(str(label) for label in DOCUMENT_LABELS.values())
    return _(
        "We have received the pre-registration of %(child)s for %(school)s, grade %(grade)s. "
        "Bring these documents to the school office to complete it: %(documents)s. "
        "Your reference code: %(reference)s."
    ) % {
        "child": child,
        "school": prereg.school.name if prereg.school else "",
        "grade": prereg.grade_level,
        "documents": documents,
        "reference": str(prereg.public_id)[:8],
    }


def _send_confirmation(prereg: PreRegistration) -> None:
    """Tell the family, in their language, that the school has their pre-registration.

    A message that cannot be sent is logged; the pre-registration stands (the thank-you
    page says the same)."""
    try:
        with translation.override(family_language(prereg)):
            text = _confirmation_text(prereg)
            if prereg.contact_email:
                subject = _("Your pre-registration was received")
                send_mail(subject, text, None, [prereg.contact_email])
            else:
                send_sms(prereg.contact_phone, text)
    except Exception:
        logger.exception("pre-registration %s: the confirmation was not sent", prereg.public_id)
    else:
        logger.info("pre-registration %s: confirmation sent", prereg.public_id)


def prereg_complete(
    *,
    prereg: PreRegistration,
    checked_by: User,
    documents: dict[str, dt.date | None],
    entry_date: dt.date,
    confirm_different_child: bool = False,
) -> Student:
    """Enroll the pre-registered child in one step, with the documents seen today."""
    unknown = set(documents) - set(DocumentKind.values)
    if unknown:
        raise RuleError(f"unknown document kind {sorted(unknown)[0]}", field="documents")
    with transaction.atomic():
        locked = PreRegistration.objects.select_for_update().get(pk=prereg.pk)
        if locked.status != Status.SUBMITTED or locked.school is None:
            raise Conflict("this pre-registration is not waiting to be completed")
        child = dict(locked.child)
        child["birth_date"] = dt.date.fromisoformat(child["birth_date"])
        survey = _survey_of(child)
        if survey is not None:
            child["home_language"] = survey.derived_home_language
        student, _enrollment = student_admit(
            school=locked.school,
            grade_level=locked.grade_level,
            entry_date=entry_date,
            confirm_different_child=confirm_different_child,
            guardian=locked.guardian,
            **child,
        )
        today = timezone.localdate()
        for kind, document_date in documents.items():
            DocumentCheck.objects.create(
                student=student,
                preregistration=locked,
                kind=kind,
                document_date=document_date,
                checked_on=today,
                checked_by=checked_by,
            )
        if survey is not None:
            _survey_record(locked, student, survey, checked_by)
        locked.status, locked.completed_at, locked.student = (
            Status.COMPLETED,
            timezone.now(),
            student,
        )
        locked.save()
    return student


def _survey_of(child: dict[str, Any]) -> language.SurveyAnswers | None:
    """The survey answers stored with the child (taken out of ``child``), if any."""
    answers = child.pop(SURVEY_KEY, None)
    return language.SurveyAnswers.from_dict(answers) if answers else None


def answered_by(guardian: dict[str, Any]) -> str:
    """The guardian who answered, as the survey records them: "Lucía Ñúñez (mother)"."""
    name = " ".join(v for v in (guardian.get("given_name"), guardian.get("family_name")) if v)
    relationship = guardian.get("relationship", "")
    label = dict(Relationship.choices).get(relationship, relationship)
    with translation.override("en"):
        return f"{name} ({label})" if label else name


def _survey_record(
    prereg: PreRegistration, student: Student, answers: language.SurveyAnswers, user: User
) -> None:
    submitted = prereg.submitted_at or timezone.now()
    language.home_language_survey_record(
        student=student,
        answers=answers,
        answered_on=timezone.localdate(submitted),
        answered_by=answered_by(prereg.guardian) or prereg.contact_email or prereg.contact_phone,
        source=SurveySource.PREREGISTRATION,
        recorded_by=user,
    )
