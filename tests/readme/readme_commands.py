#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs every netdoctor command README.md shows, as written.

Commands come from the README's ```sh blocks (one per line, comments dropped) and from inline
code spans that start with `netdoctor ` or `kubectl netdoctor `. Each runs with bash in a scratch
directory that links the repository's examples/ and tests/, with the built netdoctor and its
kubectl-netdoctor name first on PATH, HOME in the scratch directory and ~/.kube/config pointing at
the test API server (tests/apiserver/server.py, serving tests/apiserver/fixtures/cluster.json over
TLS with client-certificate authentication). The ```yaml block of the policy section is written
to .netdoctor.yaml in a second run of the demo, which must then list its skips.

A command passes when it exits 0 or with a findings code (2-5) and prints something; 1 (usage or
input error) and anything else fail. A README command that is not a netdoctor command must be in
EXCLUDED with the reason it cannot run inside a test; an excluded command the README no longer
shows fails the test too, so the list stays true.

Usage: readme_commands.py NETDOCTOR_BINARY SOURCE_DIR
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

EXCLUDED = {
    "bash scripts/install-deps.sh && bash scripts/demo.sh":
        "installs packages and builds a release tree; CI runs scripts/demo.sh itself",
    "bash scripts/install-deps.sh && bash scripts/test.sh":
        "runs the whole test suite, this test included",
    "kubectl apply -f deploy/crd-nodereport.yaml": "writes to a real cluster",
    "kubectl apply -k deploy/": "writes to a real cluster",
    "cmake --preset dev && cmake --build --preset dev && ctest --preset dev":
        "builds and tests the tree this test runs in",
    "cmake --preset asan && cmake --build --preset asan && ctest --preset asan":
        "a second full build and test run (CI's scripts/test.sh does it)",
    "cmake --preset release && cmake --build --preset release": "a full release build",
    "bash scripts/package.sh": "needs root and builds release artefacts (CI's package job)",
    "bash scripts/check-package.sh": "needs root and the packaged artefacts (CI's package job)",
    "netdoctor agent": "runs until stopped (the DaemonSet's loop); tests/agent runs it with --once "
                       "against the test API server",
    "netdoctor check --host-root /host":
        "needs a node's root mounted at /host (the DaemonSet); the same code path runs above with "
        "--host-root examples/hostroot",
}


def readme_commands(text):
    cmds = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line:
                cmds.append(line)
    for span in re.findall(r"`([^`\n]+)`", text):
        span = span.replace("\\|", "|")
        if span.startswith(("netdoctor ", "kubectl netdoctor ")) and span not in cmds:
            cmds.append(span)
    return cmds


def start_apiserver(src, work):
    certs = os.path.join(work, "pki")
    subprocess.run(["bash", os.path.join(src, "tests/apiserver/gen_certs.sh"), certs], check=True)
    proc = subprocess.Popen(
        [sys.executable, os.path.join(src, "tests/apiserver/server.py"), "--certs", certs,
         "--fixture", os.path.join(src, "tests/apiserver/fixtures/cluster.json")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    m = re.match(r"PORT (\d+)", line)
    if not m:
        proc.kill()
        raise SystemExit("test API server did not start: %r" % line)
    kube = os.path.join(work, "home/.kube")
    os.makedirs(kube)
    with open(os.path.join(kube, "config"), "w") as f:
        f.write(f"""apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:{m.group(1)}
    certificate-authority: {certs}/ca.crt
users:
- name: admin
  user:
    client-certificate: {certs}/client.crt
    client-key: {certs}/client.key
contexts:
- name: test
  context: {{cluster: test, user: admin}}
current-context: test
""")
    return proc


def main():
    binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    text = open(os.path.join(src, "README.md"), encoding="utf-8").read()
    cmds = readme_commands(text)
    work = tempfile.mkdtemp(prefix="netdoctor-readme-")
    server = None
    failures = []
    try:
        bindir = os.path.join(work, "bin")
        os.makedirs(bindir)
        os.symlink(binary, os.path.join(bindir, "netdoctor"))
        os.symlink(binary, os.path.join(bindir, "kubectl-netdoctor"))
        run = os.path.join(work, "run")
        os.makedirs(run)
        for d in ("examples", "tests", "kb", "deploy"):
            os.symlink(os.path.join(src, d), os.path.join(run, d))
        server = start_apiserver(src, work)
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
                   HOME=os.path.join(work, "home"), COLUMNS="100")
        env.pop("KUBECONFIG", None)
        shown = set(cmds)
        for stale in sorted(set(EXCLUDED) - shown):
            failures.append(f"EXCLUDED lists a command the README no longer shows: {stale}")
        for cmd in cmds:
            if cmd in EXCLUDED:
                print(f"excluded: {cmd}\n  because: {EXCLUDED[cmd]}")
                continue
            if not cmd.startswith(("netdoctor ", "kubectl netdoctor ")):
                failures.append(f"not a netdoctor command and not in EXCLUDED: {cmd}")
                continue
            t = time.monotonic()
            try:
                p = subprocess.run(["bash", "-c", cmd], cwd=run, env=env, capture_output=True,
                                   text=True, timeout=120)
            except subprocess.TimeoutExpired:
                failures.append(f"{cmd}: still running after 120 s")
                continue
            ok = p.returncode in (0, 2, 3, 4, 5) and (p.stdout.strip() or "--output-file" in cmd)
            # Cluster commands must really have read the test API server.
            if ("--kubeconfig" in cmd or cmd.startswith("kubectl netdoctor")) and "api https://127.0.0.1:" not in p.stdout:
                ok = False
            print(f"{'ok  ' if ok else 'FAIL'} exit {p.returncode} {time.monotonic() - t:.1f}s: {cmd}")
            if not ok:
                failures.append(f"{cmd}: exit {p.returncode}\n{p.stderr[-2000:]}")
        # The policy example, as the README shows it, applies to the demo.
        policy = re.search(r"```yaml\n(skip:.*?)```", text, re.S)
        if not policy:
            failures.append("README has no ```yaml policy example")
        else:
            with open(os.path.join(run, ".netdoctor.yaml"), "w") as f:
                f.write(policy.group(1))
            p = subprocess.run(["netdoctor", "check", "--dump", "examples/demo-cluster"], cwd=run,
                               env=env, capture_output=True, text=True, timeout=300)
            if "Skipped by policy:" not in p.stdout or "node-euler29-b" not in p.stdout:
                failures.append("the README's .netdoctor.yaml example is not applied:\n" + p.stderr)
            else:
                print("ok   the README's .netdoctor.yaml example is applied and listed")
    finally:
        if server:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAILED:", f)
    print(f"{len(cmds)} README commands, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
