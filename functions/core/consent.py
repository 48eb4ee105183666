"""What supporters agree to, word for word, with the version stored on each signature.

Change any wording here and the version must change too: a signature's record says
which words the person saw. Old versions stay listed so a subject-access export can
show them.
"""

from __future__ import annotations

CONSENT_VERSION = "2026-11-v1"

# The seed's privacy promise (seeds/002), as the form shows it above the choices.
SHARING_NOTICE = (
    "We might share your data with local and regional groups involved with our appeal, "
    "but only in order to build the campaign and to help bring people together into "
    "local or regional networks. We will never share your data with third parties."
)
NO_SHARING_LABEL = "Don't share my details with local and regional LLA groups"
CONTACT_LABEL = "Email me about LLA campaigns"
PUBLIC_LABEL = "Show my first name and area as a recent signer"

WORDING: dict[str, dict[str, str]] = {
    CONSENT_VERSION: {
        "sharing_notice": SHARING_NOTICE,
        "no_sharing": NO_SHARING_LABEL,
        "contact": CONTACT_LABEL,
        "public": PUBLIC_LABEL,
    },
}
