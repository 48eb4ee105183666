"""UK postcodes: normalise them, and find a Great Britain postcode's constituency.

The lookup is mySociety's range table (data/postcodes.bin, derived from pcon_2024.json:
see data/README.md), which answers *something* for any string between two real
postcodes. So, as mySociety's own page does, Northern Ireland (BT) postcodes are not
looked up (the table does not cover them); a postcode whose district is not a real one
is refused; and an answer outside the constituencies of the postcode's sector is not
trusted (the supporter chooses their constituency instead of us guessing).
"""

from __future__ import annotations

import bisect
import functools
import re
import struct
import sys
from array import array
from dataclasses import dataclass

from core.constituencies import DATA, Constituency, all_constituencies

FORMAT_MESSAGE = "Enter a UK postcode, like SW1A 1AA"
UNKNOWN_MESSAGE = "We can't find that postcode. Check it, or choose your constituency from the list"
_FORMAT = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_NONE = 0xFFFF
MAX_LENGTH = 16


class InvalidPostcode(ValueError):
    """Not in the shape of a UK postcode."""


class UnknownPostcode(LookupError):
    """In the right shape, but the data shows no such postcode district."""


@dataclass(frozen=True, slots=True)
class Place:
    postcode: str
    nation: str | None
    constituency: Constituency | None


def normalise(raw: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA'; raises InvalidPostcode."""
    if len(raw) > MAX_LENGTH:
        raise InvalidPostcode
    compact = "".join(raw.split()).upper()
    match = _FORMAT.fullmatch(compact)
    if not match:
        raise InvalidPostcode
    return f"{match[1]} {match[2]}"


@functools.cache
def _ranges() -> tuple[array, array]:
    blob = (DATA / "postcodes.bin").read_bytes()
    assert blob[:8] == b"PCON2024"
    (count,) = struct.unpack_from("<I", blob, 8)
    starts, index = array("Q"), array("H")
    starts.frombytes(blob[12 : 12 + 8 * count])
    index.frombytes(blob[12 + 8 * count : 12 + 10 * count])
    if sys.byteorder == "big":
        starts.byteswap()
        index.byteswap()
    return starts, index


@functools.cache
def _sectors() -> tuple[dict[str, frozenset[int]], frozenset[str]]:
    """Sector -> constituency rows its postcodes fall in; and the set of real districts."""
    sectors: dict[str, frozenset[int]] = {}
    for line in (DATA / "sectors.txt").read_text(encoding="utf-8").splitlines():
        sector, rows = line.split("\t")
        sectors[sector] = frozenset(map(int, rows.split()))
    return sectors, frozenset(sector[:-2] for sector in sectors)


def locate(raw: str) -> Place:
    """Where a postcode is. Raises InvalidPostcode or UnknownPostcode.

    Northern Ireland -> Place(nation="Northern Ireland", constituency=None): choose one
    of its 18 seats by name. A GB postcode in a real district that the table cannot
    place with confidence (unassigned, new, or mistyped) -> constituency None too.
    """
    postcode = normalise(raw)
    district = postcode.split(" ")[0]
    if district.startswith("BT") and district[2:3].isdigit():
        return Place(postcode, "Northern Ireland", None)
    sectors, districts = _sectors()
    if district not in districts:
        raise UnknownPostcode
    starts, index = _ranges()
    position = bisect.bisect_right(starts, int(postcode.replace(" ", ""), 36)) - 1
    row = index[position] if position >= 0 else _NONE
    # A postcode missing from the table falls into its neighbour's range, which at a
    # district's edge can be hundreds of miles away: trust the answer only when the
    # postcode's sector has postcodes in that constituency.
    if row == _NONE or row not in sectors.get(postcode[:-2], ()):
        return Place(postcode, None, None)
    constituency = all_constituencies()[row]
    return Place(postcode, constituency.nation, constituency)
