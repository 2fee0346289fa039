import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

import portal.workload.bench

ROOT = Path(__file__).resolve().parents[3]
ORDER = ["import_members", "import_documents"]
SEPARATE = {"scale10"}  # its own command (make bench-scale): longer than the whole bench


def main(names):
    modules = pkgutil.iter_modules(portal.workload.bench.__path__)
    available = [
        m.name for m in modules if not m.name.startswith("_") and m.name not in SEPARATE
    ]  # "_": helpers
    ordered = [n for n in ORDER if n in available] + sorted(set(available) - set(ORDER))
    selected = [n for n in ordered if not names or n in names]
    results = {}
    started = time.perf_counter()
    for name in selected:
        print(f"== {name}", flush=True)
        importlib.import_module(f"portal.workload.bench.{name}").run(results)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    print(f"{'case':<58} {'figure':>14}")
    for key, value in results.items():
        if not isinstance(value, dict):  # nested figures print their own table
            print(f"{key:<58} {value!s:>14}")
    print(f"\nwritten to {ROOT / 'bench-results.json'}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["table"]:  # the README's table from the last run's results
        from portal.workload.bench import _table

        _table.main(sys.argv[2] if len(sys.argv) > 2 else ROOT / "bench-results.json")
    else:
        main(sys.argv[1:])
