"""The signature form's rules: one function per field, each message naming the field and the fix."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from core import postcodes
from core.constituencies import by_gss
from core.forms import CHECKBOXES, FIELDS, MEMBER_CHOICES

MAX_NAME = 100
MAX_EMAIL = 254
MAX_COUNTRY = 60
# Anything longer than this is not a person typing; it is cut before any rule runs so
# no rule (or regex) ever works on a megabyte.
MAX_RAW = 1000

# Links in names are spam, and organisers open exports in spreadsheets: a cell that
# starts with = + - @ is a formula (CSV injection).
_FORMULA_START = tuple("=+-@")
_LINK = re.compile(
    r"(://|www\.|\b[a-z0-9-]+\.(com|net|org|uk|io|co|info|biz|ru|xyz|top|online|site|"
    r"app|me|ly|gg|shop|click|link|cn|tk|de|fr|us)\b)",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)

POSTCODE_FORMAT = "Enter a UK postcode, like SW1A 1AA"
POSTCODE_UNKNOWN = (
    "We can't find that postcode. Check it, or choose your constituency from the list"
)


@dataclass(frozen=True, slots=True)
class SignatureInput:
    """A valid submission, normalised: what gets stored."""

    name: str
    email: str
    postcode: str | None
    country: str | None
    clp: str | None
    member: str
    no_sharing: bool
    contact: bool
    public: bool


def as_values(raw: Mapping[str, object]) -> dict[str, str]:
    """Form or JSON fields -> the strings the form shows back (checkboxes "yes" or "")."""
    values: dict[str, str] = {}
    for field in (*FIELDS, "website", "started"):
        value = raw.get(field)
        if field in CHECKBOXES:
            checked = value is True or (
                isinstance(value, str) and value.strip().lower() in ("yes", "on", "true", "1")
            )
            values[field] = "yes" if checked else ""
        elif isinstance(value, str):
            values[field] = value[:MAX_RAW]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[field] = str(value)
        else:
            values[field] = ""
    return values


def _clean(text: str) -> str:
    return " ".join(text.split())


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in text)


def check_name(raw: str) -> tuple[str, str | None]:
    name = _clean(raw)
    if not name:
        return name, "Enter your full name"
    if len(name) > MAX_NAME:
        return name, f"Enter a name of {MAX_NAME} characters or fewer"
    if name.startswith(_FORMULA_START):
        return name, "Start your name with a letter, not =, +, - or @"
    if _LINK.search(name):
        return name, "Enter your name without a web address"
    if _has_control(name) or not any(ch.isalpha() for ch in name):
        return name, "Enter your name using letters"
    return name, None


def check_email(raw: str) -> tuple[str, str | None]:
    email = raw.strip().lower()
    if not email:
        return email, "Enter your email address"
    if len(email) > MAX_EMAIL:
        return email, f"Enter an email address of {MAX_EMAIL} characters or fewer"
    local, _, domain = email.rpartition("@")
    try:
        # Accept internationalised domains, stored in the ASCII form mail servers use.
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return email, "Enter an email address in the correct format, like name@example.com"
    email = f"{local}@{domain}"
    if len(local) > 64 or len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        return email, "Enter an email address in the correct format, like name@example.com"
    return email, None


def check_country(raw: str) -> tuple[str, str | None]:
    country = _clean(raw)
    if not country:
        return country, "Enter the country you live in"
    if len(country) > MAX_COUNTRY:
        return country, f"Enter a country name of {MAX_COUNTRY} characters or fewer"
    if country.startswith(_FORMULA_START) or _LINK.search(country) or _has_control(country):
        return country, "Enter the country's name in letters, like France"
    return country, None


def check_member(raw: str) -> tuple[str, str | None]:
    if raw in {choice for choice, _ in MEMBER_CHOICES}:
        return raw, None
    return raw, "Choose whether you are a Labour Party member"


def check_place(
    postcode_raw: str, clp_raw: str, outside_uk: bool
) -> tuple[str | None, str | None, dict[str, str]]:
    """(postcode, clp GSS, errors) from the postcode, the chosen CLP and where they live."""
    errors: dict[str, str] = {}
    clp = clp_raw.strip() or None
    if clp is not None and by_gss(clp) is None:
        errors["clp"] = "Choose your constituency from the list"
        clp = None
    if outside_uk:
        # Someone abroad may still belong to a CLP; their postcode is not collected.
        return None, clp, errors
    if not postcode_raw.strip():
        errors["postcode"] = "Enter your postcode, or tick \u201cI live outside the UK\u201d"
        return None, clp, errors
    try:
        place = postcodes.locate(postcode_raw)
    except postcodes.InvalidPostcode:
        errors["postcode"] = POSTCODE_FORMAT
        return None, clp, errors
    except postcodes.UnknownPostcode:
        errors["postcode"] = POSTCODE_UNKNOWN
        return None, clp, errors
    if clp is None and "clp" not in errors:
        if place.constituency is not None:
            clp = place.constituency.gss
        elif place.nation == "Northern Ireland":
            errors["clp"] = (
                "Choose your constituency: we can't work it out from a Northern Ireland postcode"
            )
        else:
            errors["clp"] = "Choose your constituency: we can't work it out from that postcode"
    return place.postcode, clp, errors


def validate(values: Mapping[str, str]) -> tuple[SignatureInput | None, dict[str, str]]:
    """(input, {}) when every rule passes, else (None, field -> message)."""
    name, name_error = check_name(values.get("name", ""))
    email, email_error = check_email(values.get("email", ""))
    member, member_error = check_member(values.get("member", ""))
    outside_uk = values.get("outside_uk") == "yes"
    country, country_error = (
        check_country(values.get("country", "")) if outside_uk else (None, None)
    )
    postcode, clp, place_errors = check_place(
        values.get("postcode", ""), values.get("clp", ""), outside_uk
    )
    errors = {
        "name": name_error,
        "email": email_error,
        "member": member_error,
        "country": country_error,
        **place_errors,
    }
    found = {field: message for field, message in errors.items() if message}
    if found:
        return None, found
    return (
        SignatureInput(
            name=name,
            email=email,
            postcode=postcode,
            country=country,
            clp=clp,
            member=member,
            no_sharing=values.get("no_sharing") == "yes",
            contact=values.get("contact") == "yes",
            public=values.get("public") == "yes",
        ),
        {},
    )
