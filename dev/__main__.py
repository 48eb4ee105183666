"""`./run serve`: build the site and serve it with its forms on one local port."""

import argparse

from dev.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="./run serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-reload", action="store_true", help="don't rebuild on changes")
    args = parser.parse_args()
    serve(host=args.host, port=args.port, reload=not args.no_reload)


if __name__ == "__main__":
    main()
