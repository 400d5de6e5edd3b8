"""Copy the user guide and the pictures it shows from docs/ into resources/help/id/ (shipped with the app).

Run after editing docs/user-guide*.md; tests/ui/test_help.py fails while the copies differ.
"""
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS, HELP = ROOT / "docs", ROOT / "resources" / "help" / "id"

for old in (HELP / "img").glob("*.png"):
    old.unlink()
for guide in sorted(DOCS.glob("user-guide*.md")):
    text = guide.read_text(encoding="utf-8")
    (HELP / guide.name).write_text(text, encoding="utf-8")
    for image in re.findall(r"\]\((img/[^)]+\.png)\)", text):
        (HELP / image).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DOCS / image, HELP / image)
print(f"help copied to {HELP.relative_to(ROOT)}")
