# Re-checks an `ar log` events log with nothing but Python's standard library.
# Usage: python3 audit.py events.csv
import csv, hashlib, sys

FIELDS = ["date", "customer_id", "type", "doc_no", "amount", "due_date", "note", "evidence"]

def main(path):
    prev, sealed, unsealed_at = "0" * 64, 0, None
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        col = {name: i for i, name in enumerate(next(rows))}
        start = rows.line_num + 1
        for cells in rows:
            line, start = start, rows.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            cell = lambda name: cells[col[name]] if col[name] < len(cells) else ""
            if cell("hash") == "":
                unsealed_at = unsealed_at or line
                continue
            if unsealed_at:
                return f"line {unsealed_at}: row without a hash inside the sealed rows"
            if cell("prev_hash") != prev:
                return f"line {line}: prev_hash is not the hash of the row above"
            form = "\x1f".join([prev] + [cell(name) for name in FIELDS])
            if hashlib.sha256(form.encode("utf-8")).hexdigest() != cell("hash"):
                return f"line {line}: hash does not match the row"
            prev, sealed = cell("hash"), sealed + 1
    print(f"{sealed} sealed rows, chain intact, head {prev}")

problem = main(sys.argv[1])
if problem:
    print(problem)
    sys.exit(1)
