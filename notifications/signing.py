"""What the employee asked to sign is told about signing, and what they are told once it is final, as the
review's regeling has it: the talk's name (the evaluation on the employment period, else the appraisal),
the ways of signing it allows (``signature_options``), whether an objection is possible
(``objection_route``) and whether a second reviewer finalises."""

from datetime import date

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.dates import long_date


def _classic(version) -> bool:
    """The default shape: an appraisal, signed as seen or as agreed, with an objection."""
    return version is None or (
        not version.is_for_individuals
        and set(version.signature_options) >= {"seen", "agreed"}
        and version.objection_route != version.ObjectionRoute.NONE
    )


def _what(version) -> str:
    return _("the evaluation") if version.is_for_individuals else _("the appraisal")


def signing_explained(until: date | None, version=None) -> list[str]:
    """To the employee asked to sign on regeling ``version`` (a ``CycleTemplateVersion``; None: the default
    shape): what signing "voor gezien" means (not agreement), that a written reaction is possible, and until
    when (the response term's last day, written out), objecting too only where the regeling allows it."""
    if _classic(version):
        parts = [
            _(
                "You sign the appraisal as seen (voor gezien) or as agreed (voor akkoord). Signing as seen "
                "means: I have received and read the appraisal; that does not mean I agree with it. Signing "
                "as agreed means that you agree with the appraisal."
            ),
            _("When you sign, you can add a written reaction; it is kept with the appraisal."),
        ]
        if until is not None:
            parts.append(
                _(
                    "You can sign or object up to and including %(date)s; after signing as seen you can still "
                    "object until then."
                )
                % {"date": long_date(until)}
            )
        return parts
    what, options = _what(version), set(version.signature_options)
    if options == {"seen"}:
        how = _(
            "You sign %(what)s as seen (voor gezien): you have received and read it; that does not mean you "
            "agree with it."
        )
    elif options == {"agreed"}:
        how = _("You sign %(what)s as agreed (voor akkoord): you agree with it.")
    else:
        how = _(
            "You sign %(what)s as seen (voor gezien) or as agreed (voor akkoord). Signing as seen means: you "
            "have received and read it; that does not mean you agree with it. Signing as agreed means that "
            "you agree with it."
        )
    parts = [
        how % {"what": what},
        _("When you sign, you can add a written reaction; it is kept with %(what)s.") % {"what": what},
    ]
    if until is not None:
        if version.objection_route == version.ObjectionRoute.NONE:
            parts.append(_("You can sign up to and including %(date)s.") % {"date": long_date(until)})
        else:
            parts.append(
                _(
                    "You can sign or object up to and including %(date)s; after signing as seen you can still "
                    "object until then."
                )
                % {"date": long_date(until)}
            )
    return parts


def final_texts(review) -> tuple[str, str]:
    """The subject and body of the message that ``review``'s appraisal (or evaluation) is final."""
    version = review.cycle.template_version
    if version.has_second_review and not version.is_for_individuals:
        return (
            _("Your appraisal for %(cycle)s is final") % {"cycle": review.cycle.name},
            _(
                "Your second reviewer has finalised your appraisal. It is part of your personnel file; you can "
                "read and download it in the application."
            ),
        )
    subject = (
        _("Your evaluation for %(cycle)s is final")
        if version.is_for_individuals
        else _("Your appraisal for %(cycle)s is final")
    )
    body = _("%(what)s is final. It is part of your personnel file; you can read and download it online.")
    return subject % {"cycle": review.cycle.name}, body % {"what": capfirst(_what(version))}
