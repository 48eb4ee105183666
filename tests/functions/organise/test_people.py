"""`campaign subject-access` and `campaign erase`: one person's data, shown and removed."""

from __future__ import annotations

from core.consent import CONSENT_VERSION, NO_SHARING_LABEL

from tests.functions.organise.conftest import WALES

OTHER = "reinstate-jeremy-corbyn"


def test_subject_access_shows_every_signature_with_its_consent_wording(
    campaign, sign, store, tmp_path
) -> None:
    key = sign("appeal", "Rosa.Lux@example.org", name="Rosa Lux", clp=WALES, contact=True)
    sign(OTHER, "rosa.lux+petitions@example.org", name="Rosa Lux", confirmed=False)
    sign("appeal", "someone.else@example.org", name="Someone Else")
    store.suppress(key, "complaint", "2026-11-21T09:00:00Z")

    held = campaign("subject-access", "rosa.lux@example.org").json()

    assert held["email_key"] == key
    assert [(s["petition"], s["status"]) for s in held["signatures"]] == [
        ("appeal", "confirmed"),
        (OTHER, "pending"),
    ]
    appeal = held["signatures"][0]
    assert appeal["name"] == "Rosa Lux" and appeal["clp"] == WALES
    assert appeal["consent"] == CONSENT_VERSION and appeal["confirmed_at"]
    assert appeal["consent_wording"]["no_sharing"] == NO_SHARING_LABEL
    assert (appeal["contact"], appeal["no_sharing"]) == (True, False)
    assert held["mail_suppression"] == {"reason": "complaint", "at": "2026-11-21T09:00:00Z"}
    assert "Someone Else" not in campaign("subject-access", "rosa.lux@example.org").out

    out = tmp_path / "rosa.json"
    written = campaign("subject-access", "rosa.lux@example.org", "--out", out)
    assert written.out == f"Wrote {out}\n" and '"Rosa Lux"' in out.read_text()


def test_erase_removes_them_everywhere_and_counts_drop_by_their_confirmed_signatures(
    campaign, sign, store, pump
) -> None:
    key = sign("appeal", "gone@example.org", name="Gail Gone", clp=WALES, public=True)
    sign(OTHER, "gone@example.org", name="Gail Gone", confirmed=False)
    sign("appeal", "stays@example.org", name="Stan Stays", clp=WALES)
    store.suppress(key, "bounce", "2026-11-21T09:00:00Z")
    pump.drain()
    before = store.get_counts("appeal")
    assert (before["confirmed"], before[f"clp_{WALES}"]) == (2, 2)
    shown = campaign("subject-access", "gone@example.org").json()["shown_as_recent_signer"]
    assert [(s["petition"], s["first_name"], s["area"]) for s in shown] == [
        ("appeal", "Gail", WALES)
    ]

    erased = campaign("erase", "gone@example.org")

    assert erased.out.startswith(
        "Deleted 2 signature(s): appeal (confirmed), reinstate-jeremy-corbyn (pending)."
    )
    assert "Gail" not in erased.out and "@" not in erased.out
    pump.drain()
    after = store.get_counts("appeal")
    assert (after["confirmed"], after[f"clp_{WALES}"]) == (1, 1)
    assert store.get_counts(OTHER)["pending"] == 0
    held = campaign("subject-access", "gone@example.org").json()
    assert held["signatures"] == [] and held["shown_as_recent_signer"] == []
    assert held["mail_suppression"]["reason"] == "bounce"  # kept: never mailed again
    assert store.is_suppressed(key)

    again = campaign("erase", "gone@example.org")
    assert again.code == 0 and again.out.startswith("Nothing held about that person")
    pump.drain()
    assert store.get_counts("appeal")["confirmed"] == 1


def test_a_bad_address_is_refused_in_one_line(campaign) -> None:
    result = campaign("erase", "nobody")
    assert result.code == 1
    assert (
        result.err
        == "campaign erase: That is not an email address. Fix: give it as name@example.org.\n"
    )


def _give(store, email: str, pence: int, ident: str) -> None:
    store.put_donation(
        ident,
        {
            "status": "pending",
            "amount_pence": pence,
            "frequency": "once",
            "name": "Gill Giver",
            "email": email,
        },
    )
    store.apply_payment_event(
        f"evt_{ident}",
        ident,
        {"status": "paid"},
        {"paid_pence": pence, "payments": 1},
        {"donations": 1, "raised_pence": pence, "payments": 1},
        expires_at=2_000_000_000,
    )


def test_donations_in_stats_subject_access_and_erasure(campaign, store) -> None:
    _give(store, "Gill.Giver+lla@gmail.com", 2500, "g1")
    _give(store, "someone.else@example.org", 1000, "g2")
    stats = campaign("stats", "--json").json()["donations"]
    assert stats["raised_pence"] == 3500 and stats["donations"] == 2
    assert "£35.00 raised" in campaign("stats").out

    held = campaign("subject-access", "gill.giver@gmail.com").json()
    assert [d["amount_pence"] for d in held["donations"]] == [2500]

    assert "Anonymised 1 donation(s)" in campaign("erase", "gill.giver@gmail.com").out
    kept = store.get_donation("g1")
    assert "email" not in kept and "name" not in kept and kept["paid_pence"] == 2500
    assert campaign("subject-access", "gill.giver@gmail.com").json()["donations"] == []
    assert store.get_donation("g2")["email"] == "someone.else@example.org"
