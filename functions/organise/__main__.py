"""`./run campaign`: the organisers' command (issue 7, not built yet)."""


def main() -> None:
    raise SystemExit(
        "The organisers' command (stats, export, import, recount, subject access, erase) "
        "is not built yet: see issue 7. `core.tally.recount` already exists for drift checks."
    )


if __name__ == "__main__":
    main()
