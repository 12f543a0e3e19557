"""The ``policy-portal`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import register


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policy-portal", description="Tools for the policy portal.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("register", help="build the familiarisation register (CSV) from receipts")
    build.add_argument("receipts", type=Path, help="folder of receipt JSON files (quiz results, attestations)")
    build.add_argument("--site", type=Path, default=Path("site"), help="the built site, for its clauses.json (default: site)")
    build.add_argument("--out", type=Path, default=Path("register.csv"), help="CSV file to write (default: register.csv)")
    args = parser.parse_args(argv)

    registry = args.site / register.REGISTRY_FILENAME
    if not registry.is_file():
        print(f"policy-portal: {registry}: no clause registry (expected a built site: make site)", file=sys.stderr)
        return 2
    if not args.receipts.is_dir():
        print(f"policy-portal: {args.receipts}: not a folder (expected the folder of receipt files)", file=sys.stderr)
        return 2
    entries, problems = register.build_register(list(args.receipts.glob("*.json")), register.clause_hashes(args.site))
    register.write_csv(entries, args.out)
    for problem in problems:
        print(f"policy-portal: {args.receipts / problem}", file=sys.stderr)
    counts = {status: sum(e.status == status for e in entries) for status in
              (register.VALID, register.ALTERED, register.OUTDATED, register.DUPLICATE)}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    print(f"{args.out}: {len(entries)} receipts ({summary}); {len(problems)} unreadable files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
