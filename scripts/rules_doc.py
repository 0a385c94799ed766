"""Write the catalogue of rules in docs/rules.md from the registry (faq_export.checks.catalog).

    .venv/bin/python scripts/rules_doc.py           rewrite the generated part of docs/rules.md
    .venv/bin/python scripts/rules_doc.py --check   exit 1 if docs/rules.md is not up to date

The hand-written text above and below the generated part is kept; tests/test_docs.py runs the
same comparison as --check.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq_export.checks.rules_doc import with_catalogue  # noqa: E402

RULES_MD = ROOT / "docs" / "rules.md"


def main(argv: list[str]) -> int:
    current = RULES_MD.read_text(encoding="utf-8")
    wanted = with_catalogue(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{RULES_MD}: the rule catalogue is out of date; run scripts/rules_doc.py")
            return 1
        return 0
    if current != wanted:
        RULES_MD.write_text(wanted, encoding="utf-8")
        print(f"wrote {RULES_MD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
