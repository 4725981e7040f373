#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks netdoctor's report formats with the consumers people use, on reports of the demo.

  check_formats.py OUT_DIR SOURCE_DIR

OUT_DIR holds what validate_formats.sh wrote: <name>.{json,yaml,junit,sarif,prometheus} for each
report, dom-<view>.html (Chromium's DOM after the page's script ran) and redacted/<name>.<fmt>.
Every check prints what it compared; any mismatch fails the run.
"""
import ipaddress
import json
import pathlib
import re
import sys
from html.parser import HTMLParser

import jsonschema
import junitparser
import yaml

OUT = pathlib.Path(sys.argv[1])
SRC = pathlib.Path(sys.argv[2])
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def key(status):  # "possibly-affected" -> "possibly_affected", the JSON counts' key
    return status.replace("-", "_")


def scope_groups(finding):
    """(status, count) per scope group, as report/scope_groups.cpp forms them, from the JSON."""
    # A group per evidence variant of the scopes the report lists (finding["scopes"]), then one
    # for the scopes of that status it only counts.
    groups = []
    for status_key, total in finding["counts"].items():
        status = status_key.replace("_", "-")
        listed = 0
        for index, variant in enumerate(finding["evidence"]):
            if variant["status"] != status:
                continue
            n = sum(1 for s in finding["scopes"] if s["status"] == status and s["evidence"] == index)
            if n > 0:
                groups.append((status, n))
                listed += n
        if total > listed:
            groups.append((status, total - listed))
    return groups


def reports():
    return sorted(p.stem for p in OUT.glob("*.json"))


# --- YAML: the same tree as the JSON, read by PyYAML (YAML 1.1 typing: quoting matters).
def check_yaml(name, doc):
    loaded = yaml.safe_load((OUT / f"{name}.yaml").read_text(encoding="utf-8"))
    if loaded != doc:
        fail(f"{name}.yaml does not read back as {name}.json")
    else:
        print(f"ok: {name}.yaml == {name}.json ({len(doc['findings'])} findings)")


# --- SARIF: the official 2.1.0 schema (as the SARIF SDK ships it) plus cross-references.
SARIF_SCHEMA = json.loads((SRC / "tests/third_party/sarif/sarif-schema-2.1.0.json").read_text())
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def check_sarif(name, doc):
    sarif = json.loads((OUT / f"{name}.sarif").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(sarif))
    for e in errors[:5]:
        fail(f"{name}.sarif: schema: {e.message[:200]} at {list(e.absolute_path)}")
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {f["id"]: f for f in doc["findings"]}
    if [r["id"] for r in rules] != [f["id"] for f in doc["findings"]]:
        fail(f"{name}.sarif: rules are not the report's entries")
    for r in rules:
        if "helpUri" not in r and any(x["url"].startswith("http") for x in by_id[r["id"]]["references"]):
            fail(f"{name}.sarif: rule {r['id']} has no helpUri")
    expected = sum(1 for f in doc["findings"] for s, _ in scope_groups(f) if s == "affected")
    results = run["results"]
    if len(results) != expected:
        fail(f"{name}.sarif: {len(results)} results, expected one per affected scope group ({expected})")
    for res in results:
        rule = rules[res["ruleIndex"]]
        if rule["id"] != res["ruleId"]:
            fail(f"{name}.sarif: ruleIndex {res['ruleIndex']} is not {res['ruleId']}")
        if res["level"] != LEVEL[by_id[res["ruleId"]]["severity"]]:
            fail(f"{name}.sarif: {res['ruleId']} level {res['level']}")
    notes = run["invocations"][0].get("toolConfigurationNotifications", [])
    if len(notes) != len(doc["skipped"]):
        fail(f"{name}.sarif: {len(notes)} configuration notifications for {len(doc['skipped'])} policy skips")
    for note, skip in zip(notes, doc["skipped"]):
        if skip["name"] not in note["message"]["text"] or skip["reason"] not in note["message"]["text"]:
            fail(f"{name}.sarif: skip of {skip['name']} not named with its reason")
    if not errors:
        print(f"ok: {name}.sarif valid SARIF 2.1.0, {len(rules)} rules, {len(results)} results, "
              f"{len(notes)} policy skips")


# --- JUnit: read by junitparser (Debian's python3-junitparser); the XSD check is xmllint's.
def check_junit(name, doc):
    xml = junitparser.JUnitXml.fromfile(str(OUT / f"{name}.junit"))
    suites = {s.name: s for s in xml}
    components = []
    for f in doc["findings"]:
        if f["component"] not in components:
            components.append(f["component"])
    if doc["skipped"]:
        components_and_policy = components + ["policy"]
        policy = suites.get("policy", [])
        cases = [c for c in policy if any(isinstance(r, junitparser.Skipped) for r in c.result)]
        if len(cases) != len(doc["skipped"]):
            fail(f"{name}.junit: policy suite has {len(cases)} skipped cases for {len(doc['skipped'])} skips")
    else:
        components_and_policy = components
    if list(suites) != components_and_policy:
        fail(f"{name}.junit: suites {list(suites)} != components {components_and_policy}")
        return
    for comp in components:
        findings = [f for f in doc["findings"] if f["component"] == comp]
        want = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for f in findings:
            for status, _ in scope_groups(f):
                want["tests"] += 1
                want["failures"] += status == "affected"
                want["skipped"] += status in ("possibly-affected", "not-examined")
        got = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suites[comp]:
            got["tests"] += 1
            for r in case.result:
                got["failures"] += isinstance(r, junitparser.Failure)
                got["errors"] += isinstance(r, junitparser.Error)
                got["skipped"] += isinstance(r, junitparser.Skipped)
        if got != want:
            fail(f"{name}.junit suite {comp}: {got} != {want}")
    print(f"ok: {name}.junit {len(components)} suites, {sum(s.tests for s in xml)} testcases as expected")


# --- Prometheus: promtool checks the syntax; here the series against the JSON.
def check_prometheus(name, doc):
    text = (OUT / f"{name}.prometheus").read_text(encoding="utf-8")
    series = re.findall(r'^netdoctor_finding\{id="([^"]+)",component="([^"]+)",severity="([^"]+)",'
                        r'status="([^"]+)"\} 1$', text, re.M)
    want = [(f["id"], f["component"], f["severity"], f["status"]) for f in doc["findings"]]
    if series != want:
        fail(f"{name}.prometheus: netdoctor_finding series differ from the JSON")
    for f in doc["findings"]:
        for status_key, n in f["counts"].items():
            line = (f'netdoctor_finding_scopes{{id="{f["id"]}",component="{f["component"]}",'
                    f'severity="{f["severity"]}",status="{status_key.replace("_", "-")}"}} {n}')
            if line not in text.splitlines():
                fail(f"{name}.prometheus: missing {line}")
                break
    skipped = re.findall(r'^netdoctor_skipped\{kind="([^"]+)",name="([^"]+)",reason="[^"]*"\} 1$', text, re.M)
    if skipped != [(k["kind"], k["name"]) for k in doc["skipped"]]:
        fail(f"{name}.prometheus: netdoctor_skipped series {skipped} differ from the JSON's skips")
    print(f"ok: {name}.prometheus {len(series)} netdoctor_finding series match, {len(skipped)} skips")


# --- HTML: the DOM Chromium built after the page's script ran.
class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.articles, self.body, self.score, self.external, self.csp = [], {}, None, [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.articles.append(a)
        elif tag == "body":
            self.body = a
        elif a.get("id") == "score":
            self.score = a
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = "default-src 'none'" in a.get("content", "")
        for attr in ("src", "srcset", "data", "poster"):
            if attr in a:
                self.external.append(f"{tag} {attr}={a[attr]}")
        if tag == "link" and "href" in a:
            self.external.append(f"link href={a['href']}")


WEIGHT = {"critical": 5, "high": 4, "medium": 3, "low": 2, "info": 1}
COST = {"affected": 1.0, "possibly_affected": 0.5, "not_affected": 0.0}


def score(doc):
    weights = penalty = 0.0
    for f in doc["findings"]:
        examined = sum(n for k, n in f["counts"].items() if k in COST)
        if examined == 0:
            continue
        w = WEIGHT[f["severity"]]
        weights += w
        penalty += w * sum(COST[k] * n for k, n in f["counts"].items() if k in COST) / examined
    value = round(100 * (1 - penalty / weights)) if weights else 100
    grade = next(g for g, lo in (("A", 90), ("B", 80), ("C", 70), ("D", 60), ("E", 50), ("F", -1)) if value >= lo)
    return value, grade


def check_html(doc):
    raw = (OUT / "demo-en-all.html").read_text(encoding="utf-8")
    if re.search(r"url\(|@import|https?://[^\"'<>\s]*\.(js|css|woff2?|png|svg)\b", raw):
        fail("demo-en-all.html refers to something outside the file")
    views = {
        "default": lambda f: f["status"] in ("affected", "possibly-affected"),
        "affected-critical-high": lambda f: f["status"] == "affected" and f["severity"] in ("critical", "high"),
        "calico-all": lambda f: f["component"] == "calico",
    }
    for view, keep in views.items():
        dom = Dom()
        dom.feed((OUT / f"dom-{view}.html").read_text(encoding="utf-8"))
        if dom.body.get("data-ready") != "1":
            fail(f"HTML {view}: the page's script did not run")
        if len(dom.articles) != len(doc["findings"]):
            fail(f"HTML {view}: {len(dom.articles)} entries, the JSON has {len(doc['findings'])}")
        if dom.external or not dom.csp:
            fail(f"HTML {view}: external resources {dom.external} or no CSP")
        shown = {a["data-id"] for a in dom.articles if "hidden" not in a}
        want = {f["id"] for f in doc["findings"] if keep(f)}
        if shown != want:
            fail(f"HTML {view}: shown {sorted(shown)[:5]}..., expected {sorted(want)[:5]}... "
                 f"({len(shown)} vs {len(want)})")
        value, grade = score(doc)
        if dom.score is None or dom.score.get("data-score") != str(value) or dom.score.get("data-grade") != grade:
            fail(f"HTML {view}: score {dom.score} != {value} {grade}")
        print(f"ok: HTML view {view}: script ran, {len(shown)} of {len(dom.articles)} entries shown, "
              f"score {value} ({grade})")


# --- Redaction: no original name or address of the demo in any redacted format.
WORD = re.compile(r"[A-Za-z0-9._-]+")


def words(text):
    return {w.rstrip(".") for w in WORD.findall(text)}


def originals():
    names = {}
    builtin = {"default", "kube-system", "kube-public", "kube-node-lease"}
    for path in sorted((SRC / "examples/demo-cluster").glob("*.json")):
        data = json.loads(path.read_text())
        for item in data.get("items", [data]):
            meta, kind = item["metadata"], item.get("kind", "")
            if kind == "Node":
                names[meta["name"]] = "node name"
            elif kind == "Pod":
                names[meta["name"]] = "Pod name"
            elif kind == "Namespace" and meta["name"] not in builtin:
                names[meta["name"]] = "namespace"
            ns = meta.get("namespace")
            if ns and ns not in builtin:
                names[ns] = "namespace"
    texts = [p.read_text(errors="replace") for p in (SRC / "examples").rglob("*") if p.is_file() and p.suffix != ".py"]
    names[(SRC / "examples/hostroot/etc/hostname").read_text().strip()] = "host name"
    for text in texts:
        for w in WORD.findall(text):
            try:
                if w.count(".") == 3:
                    ipaddress.IPv4Address(w)
                    names[w] = "IPv4 address"
            except ValueError:
                pass
        for w in re.findall(r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]+", text):
            try:
                if w.count(":") >= 2:
                    ipaddress.IPv6Address(w)
                    names[w] = "IPv6 address"
            except ValueError:
                pass
    return names


def data_fields(doc):
    """The JSON's strings that come from the examined systems."""
    out = []
    for f in doc["findings"]:
        for s in f["scopes"]:
            out += [s["name"], s["namespace"], s["node"]]
        for v in f["evidence"]:
            for e in v["facts"]:
                out += [e["value"] or "", e["source"]]
    for i in doc["inputs"]:
        out += [i["where"], i["summary"]]
    return out + doc["incomplete"]


def check_redaction():
    names = originals()
    kb_words = words((OUT / "kb-en.md").read_text(encoding="utf-8") + (OUT / "kb-zh.md").read_text(encoding="utf-8"))
    shared = {n for n in names if n in kb_words}
    for n in sorted(shared):
        print(f"note: {names[n]} {n!r} is also a word of the knowledge base's own text; "
              "it is checked in the data fields of the redacted JSON")
    plain = words((OUT / "demo-en-all.json").read_text(encoding="utf-8"))
    seen = [n for n in names if n in plain and n not in shared]
    if len(seen) < 10:
        fail(f"the unredacted report names only {len(seen)} originals: the redaction check would prove nothing")
    files = sorted((OUT / "redacted").iterdir())
    for path in files:
        found = (words(path.read_text(encoding="utf-8")) & set(names)) - shared
        for n in sorted(found):
            fail(f"redacted/{path.name}: {names[n]} {n!r} survived")
    doc = json.loads((OUT / "redacted/demo.json").read_text(encoding="utf-8"))
    leaked = words(" ".join(data_fields(doc))) & shared
    for n in sorted(leaked):
        fail(f"redacted/demo.json: {names[n]} {n!r} survived in a data field")
    print(f"ok: redaction: {len(names)} originals ({len(seen)} in the plain report), none in "
          f"{len(files)} redacted files")


def main():
    for name in reports():
        doc = json.loads((OUT / f"{name}.json").read_text(encoding="utf-8"))
        check_yaml(name, doc)
        check_sarif(name, doc)
        check_junit(name, doc)
        check_prometheus(name, doc)
    check_html(json.loads((OUT / "demo-en-all.json").read_text(encoding="utf-8")))
    check_redaction()
    if failures:
        print(f"check_formats: {len(failures)} failures")
        return 1
    print("check_formats: every format read back by its consumer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
