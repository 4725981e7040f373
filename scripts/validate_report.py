#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates netdoctor report v2 JSON files against docs/report-v2.schema.json, and checks what
a schema cannot say: every scope's evidence index points into its finding's evidence with the
same status, and counts add up to total_scopes.

  validate_report.py SCHEMA FILE_OR_DIR...   (directories: every *.json whose schema is v2)
"""
import json
import pathlib
import sys

import jsonschema


def files(args):
    for a in args:
        p = pathlib.Path(a)
        if p.is_dir():
            yield from sorted(p.rglob("*.json"))
        else:
            yield p


def check(doc):
    errors = []
    for f in doc["findings"]:
        c = f["counts"]
        if c["affected"] + c["possibly_affected"] + c["not_affected"] != f["total_scopes"]:
            errors.append(f"{f['id']}: counts do not add up to total_scopes")
        for s in f["scopes"]:
            i = s["evidence"]
            if i >= len(f["evidence"]):
                errors.append(f"{f['id']}: scope {s['name']} points to evidence {i} of {len(f['evidence'])}")
            elif f["evidence"][i]["status"] != s["status"]:
                errors.append(f"{f['id']}: scope {s['name']} status differs from its evidence's")
    return errors


def main():
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    checked = failed = 0
    for path in files(sys.argv[2:]):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith("netdoctor/report/"):
            continue
        checked += 1
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        if not errors:
            errors = check(doc)
        if errors:
            failed += 1
            print(f"{path}: INVALID", file=sys.stderr)
            for e in errors[:20]:
                print(f"  {e}", file=sys.stderr)
    print(f"validated {checked} report(s), {failed} invalid")
    if checked == 0:
        print("no report found to validate", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
