"""Check that every key row's text occurs, exactly once, on the line the key gives, and that the
wrong/correct/assumptions lists agree with the rows. `python check_keys.py` exits 1 on any mismatch."""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
DOCS = ["newton_schulz.md", "log_barrier.tex", "finite_diff_se.md", "sign_descent.txt", "fisher_gaussian.md",
        "bfgs_hw.md"]
bad = 0
for name in DOCS:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    key = json.loads((HERE / (name.rsplit(".", 1)[0] + ".key.json")).read_text(encoding="utf-8"))
    for link in key["links"]:
        if not 1 <= link["line"] <= len(lines) or lines[link["line"] - 1].count(link["text"]) != 1:
            print(f"{name}:{link['line']}: text not found once on that line: {link['text']}")
            bad += 1
    for field, truth in (("wrong", "slip"), ("correct", "correct"), ("assumptions", "assumption")):
        if key[field] != [row["text"] for row in key["links"] if row["truth"] == truth]:
            print(f"{name}: list {field!r} does not match the rows")
            bad += 1
    scored = [row for row in key["links"] if row["truth"] in ("correct", "slip")]
    print(f"{name}: {len(lines)} lines, {len(scored)} scored relations, "
          f"{sum(row['truth'] == 'slip' for row in scored)} slips at lines {[row['line'] for row in scored if row['truth'] == 'slip']}")
sys.exit(1 if bad else 0)
