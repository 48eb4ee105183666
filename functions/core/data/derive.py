"""Derive this folder's files from ../shared/data (run by hand when the sources change).

    .venv/bin/python functions/core/data/derive.py /work/shared/data

Writes constituencies.csv, postcodes.bin and sectors.txt; README.md says what each holds.
Not imported by the functions: it only documents, and repeats, how the files were made.
"""

from __future__ import annotations

import csv
import itertools
import json
import struct
import sys
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
)
NO_CONSTITUENCY = 0xFFFF
MAGIC = b"PCON2024"


def constituencies(source: Path) -> list[dict[str, str]]:
    with (source / "HoC-GE2024-results-by-constituency.csv").open(encoding="utf-8-sig") as f:
        rows = [
            {
                "gss": row["ONS ID"],
                "name": row["Constituency name"],
                "region": row["Region name"],
                "nation": row["Country name"],
            }
            for row in csv.DictReader(f)
        ]
    rows.sort(key=lambda r: (REGIONS.index(r["region"]), r["name"]))
    assert len(rows) == 650 and len({r["gss"] for r in rows}) == 650
    return rows


def ranges(source: Path, order: dict[str, int]) -> tuple[array, array]:
    """pcon_2024.json decoded as mySociety's mini_lookup.js does, values mapped to row numbers."""
    data = json.loads((source / "pcon_2024.json").read_text(encoding="utf-8"))
    lookup = json.loads((source / "pcon_2024_lookup.json").read_text(encoding="utf-8"))
    starts = array("Q", itertools.accumulate(data["postcode_keys"]))
    keys = list(data["value_key"][:2])
    for value in data["value_key"][2:]:
        keys.append(keys[-2] if value == 0 else value)
    values = data["value_values"]
    index = array("H")
    for key in keys:
        # The published README says "-1 means none"; the JS treats any index outside
        # value_values (or pointing at its leading null) as none, and 633 occurs 31 times.
        position = key - 1
        short = values[position] if 0 <= position < len(values) else None
        index.append(
            NO_CONSTITUENCY if short is None else order[lookup[short]["parlcon_2024_gss_code"]]
        )
    assert all(a < b for a, b in itertools.pairwise(starts))
    return starts, index


def sectors(source: Path, order: dict[str, int]) -> dict[str, list[int]]:
    """Each GB postcode sector -> the constituency rows its postcodes fall in."""
    found: dict[str, set[int]] = {}
    with (source / "derived_postcode_sector_to_pcon2024.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["postcode_sector"], set()).add(order[row["pcon24_gss_code"]])
    return {sector: sorted(rows) for sector, rows in sorted(found.items())}


def main(source: Path) -> None:
    rows = constituencies(source)
    with (HERE / "constituencies.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["gss", "name", "region", "nation"])
        writer.writeheader()
        writer.writerows(rows)
    starts, index = ranges(source, {row["gss"]: i for i, row in enumerate(rows)})
    with (HERE / "postcodes.bin").open("wb") as f:
        f.write(MAGIC + struct.pack("<I", len(starts)))
        f.write(starts.tobytes())
        f.write(index.tobytes())
    order = {row["gss"]: i for i, row in enumerate(rows)}
    lines = [f"{s}\t{' '.join(map(str, r))}" for s, r in sectors(source, order).items()]
    (HERE / "sectors.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} constituencies, {len(starts)} postcode ranges, {len(lines)} sectors")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
