"""The site's second process (npdw_graph/forked.py): same output as one process, errors as the parent's own, no orphans.

Each check runs in a fresh Python process, as the CLI does: a fork is only used where no other threads
run, and a pytest process may have some (web servers of other tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from stubs import pid_alive

ROOT = Path(__file__).resolve().parent.parent


def run_script(code: str, tmp_path: Path, timeout: int = 600) -> dict:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_os_error_in_the_child_is_the_same_os_error_in_the_parent(tmp_path):
    out = run_script("""
        import json, os, sys
        from pathlib import Path
        from npdw_graph.forked import alongside, can_fork
        tmp = Path(sys.argv[1])
        def work():
            (tmp / "child.pid").write_text(str(os.getpid()))
            open(tmp / "no-such-folder" / "page.html", "w")
        result = {"forked": can_fork(), "parent": os.getpid()}
        try:
            with alongside(work):
                pass
        except OSError as e:
            result.update(errno=e.errno, filename=e.filename, type=type(e).__name__)
        result["child"] = int((tmp / "child.pid").read_text())
        print(json.dumps(result))
    """, tmp_path)
    assert out["forked"] is True
    assert out["child"] != out["parent"]  # the work really ran in a second process
    assert out["errno"] == 2 and out["filename"] == str(tmp_path / "no-such-folder" / "page.html")
    assert out["type"] == "FileNotFoundError"


def test_an_npdw_error_in_the_child_keeps_its_message_and_where_it_can_its_class(tmp_path):
    out = run_script("""
        import json
        from npdw_graph.errors import OutputError, SourceError
        from npdw_graph.forked import alongside
        result = {}
        for name, error in (("output", OutputError("could not write x: File too large")),
                            ("source", SourceError("data/a.ttl", 3, 7, "bad term"))):
            def work(error=error):
                raise error
            try:
                with alongside(work):
                    pass
            except Exception as e:
                result[name] = [type(e).__name__, str(e), str(error)]
        print(json.dumps(result))
    """, tmp_path)
    assert out["output"] == ["OutputError", "could not write x: File too large", "could not write x: File too large"]
    kind, message, original = out["source"]
    assert kind in ("SourceError", "NpdwError") and message == original


def test_a_failing_parent_stops_the_child(tmp_path):
    out = run_script("""
        import json, os, sys, time
        from pathlib import Path
        from npdw_graph.forked import alongside
        tmp = Path(sys.argv[1])
        def work():
            (tmp / "child.pid").write_text(str(os.getpid()))
            time.sleep(600)
        result = {}
        try:
            with alongside(work):
                while not (tmp / "child.pid").exists():
                    time.sleep(0.01)
                raise ValueError("the parent's own part failed")
        except ValueError as e:
            result["error"] = str(e)
        result["child"] = int((tmp / "child.pid").read_text())
        print(json.dumps(result))
    """, tmp_path, timeout=60)
    assert out["error"] == "the parent's own part failed"
    assert not pid_alive(out["child"])


def test_shares_give_every_job_to_exactly_one_process(tmp_path):
    out = run_script("""
        import json, os, sys, time
        from pathlib import Path
        from npdw_graph.forked import Shares, alongside
        tmp = Path(sys.argv[1])
        shares = Shares(300, size=7)
        def work():
            with open(tmp / f"taken-{os.getpid()}.txt", "a") as f:
                for chunk in shares.take():
                    for i in chunk:
                        time.sleep(0.002)
                        f.write(f"{i}\\n")
                        f.flush()
        with alongside(work):
            work()
        taken = {p.name: [int(x) for x in p.read_text().split()] for p in tmp.glob("taken-*.txt")}
        print(json.dumps(taken))
    """, tmp_path)
    assert len(out) == 2, out.keys()  # the parent and the child both took chunks
    every = [i for part in out.values() for i in part]
    assert sorted(every) == list(range(300))  # each job once, none lost


def test_the_site_from_two_processes_is_the_site_from_one(tmp_path):
    out = run_script("""
        import hashlib, json, os, sys
        from pathlib import Path
        from npdw_graph.build import compile_project
        from npdw_graph.forked import can_fork
        from npdw_graph.namespaces import DEFAULT_BASE
        from npdw_graph.project import Project
        from npdw_graph.site import write_site
        tmp = Path(sys.argv[1])
        triples = list(dict.fromkeys(compile_project(Project(Path.cwd()), validate=False).sources.graph))
        forked = can_fork()
        write_site(triples, tmp / "two", DEFAULT_BASE)
        os.environ["NPDW_PROCESSES"] = "1"
        write_site(triples, tmp / "one", DEFAULT_BASE)
        def tree(root):
            return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}
        one, two = tree(tmp / "one"), tree(tmp / "two")
        print(json.dumps({"forked": forked, "files": len(one), "same": one == two,
                          "differ": sorted(k for k in one.keys() | two.keys() if one.get(k) != two.get(k))[:5]}))
    """, tmp_path)
    assert out["forked"] is True
    assert out["files"] > 3000  # a page, a .ttl and a .jsonld per resource, and the rest
    assert out["same"], out["differ"]
