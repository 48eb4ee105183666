"""Run every benchmark script (or the ones named) and print their figures, one after another.

./run bench                 all of benchmarks/bench_*.py
./run bench site_build      just bench_site_build.py
./run bench cli 10000 100000 --only export,import
                            the arguments after the names go to the script
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    first = next((i for i, a in enumerate(argv) if a[:1] == "-" or a.isdigit()), len(argv))
    names, passed = argv[:first], argv[first:]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        wanted = {n.removeprefix("bench_").removesuffix(".py") for n in names}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
        if not scripts:
            print(f"no benchmark called {', '.join(sorted(wanted))}", file=sys.stderr)
            return 2
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem} " + "=" * (60 - len(script.stem)), flush=True)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(script), *passed], cwd=HERE.parent, check=False
        )
        print(f"--- {script.stem}: {time.perf_counter() - started:.1f} s", flush=True)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
