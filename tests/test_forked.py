"""Work on the other core (policysite/forked.py): the build validates, renders and makes the export files in a
forked worker while its own process loads the site engine. Whatever happens there reaches the caller as if it
had happened here: each result in order, as soon as it is ready, a located policy problem, a bug with where
it happened; a worker that dies is an error, not a missing page; an unwanted worker is stopped; and where
forking is not safe, the work runs in place, each step when its result is asked for."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
import yaml

from conftest import ROOT, copy_project, run_policysite
from policies import POLICY
from policysite.forked import Forked
from worst_case import NoAliasDumper

sys.path.insert(0, str(ROOT))  # the benchmark's synthetic policies
from benchmarks.synth import synthetic_policy

# The cases run in a process of their own: the suite's own process has threads by the time these run (the
# browser tests' Playwright), and then Forked rightly works in place instead of forking.
CASES = """
import os, signal, sys, time
from policysite.forked import Forked, WorkerFailed
from policysite.problems import Location, PolicyError, Problem

def where_it_ran(value):
    yield os.getpid(), value * 2

def first_then_wait():
    yield "first"
    time.sleep(60)
    yield "second"

def refuse_after_one():
    yield "facts"
    raise PolicyError([Problem(Location("policy.yaml", 3, 5), "purposes", "a message", "a fix")])

def divide():
    yield 1 / 0

def die_after_one():
    yield "facts"
    os.kill(os.getpid(), signal.SIGKILL)

def unpicklable():
    yield lambda: None

def located(error):
    (problem,) = error.problems
    return f"{problem.location.line} {problem.location.column} {problem.message}"

def sleeper(seconds):
    time.sleep(seconds)
    yield seconds

def reaped(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
        return "not reaped"
    except ChildProcessError:
        return "reaped"

def first_then_raised(steps, expected, shown):  # the first value, then what the second step raised
    with Forked(steps) as worker:
        print(worker.next())
        try:
            worker.next()
        except expected as error:
            print(shown(error))

case = sys.argv[1]
if case == "result":
    with Forked(where_it_ran, 21) as worker:
        pid, value = worker.next()
    print(value == 42, pid != os.getpid())
elif case == "as soon as ready":
    started = time.monotonic()
    with Forked(first_then_wait) as worker:
        first = worker.next()
        pid = worker._pid
    print(first, time.monotonic() - started < 30)
    print(reaped(pid))
elif case == "policy problem":
    first_then_raised(refuse_after_one, PolicyError, located)
elif case == "bug":
    with Forked(divide) as worker:
        try:
            worker.next()
        except ZeroDivisionError as error:
            print(any("raised in the worker process" in n and "divide" in n for n in error.__notes__))
elif case == "death":
    first_then_raised(die_after_one, WorkerFailed, str)
elif case == "unpicklable":
    with Forked(unpicklable) as worker:
        try:
            worker.next()
        except WorkerFailed:
            print("told to run again")
        except RuntimeError as error:
            print(str(error).splitlines()[0])
elif case == "unwanted":
    started = time.monotonic()
    with Forked(sleeper, 60) as worker:
        pid = worker._pid
    print(reaped(pid), pid > 0, time.monotonic() - started < 30)
"""


def run_case(case: str) -> str:
    result = subprocess.run([sys.executable, "-c", CASES, case], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_result_comes_back_from_another_process():
    assert run_case("result") == "True True"  # the right value, from another process


def test_each_result_comes_back_as_soon_as_it_is_ready():
    """The process running the site engine takes the policy's facts while the worker still renders: a value
    is not held back until the worker ends (this one would wait a minute), and the worker is then stopped."""
    assert run_case("as soon as ready").splitlines() == ["first True", "reaped"]


def test_a_policy_problem_in_the_worker_arrives_located_after_what_came_before():
    assert run_case("policy problem").splitlines() == ["facts", "3 5 a message"]


def test_a_bug_in_the_worker_arrives_with_where_it_happened():
    assert run_case("bug") == "True"


def test_a_worker_that_dies_is_an_error_not_a_missing_result():
    facts, error = run_case("death").splitlines()
    assert facts == "facts"  # what it sent before is kept
    assert "ended without a result: it was stopped by SIGKILL" in error


def test_a_result_that_cannot_come_back_is_a_bug_not_the_machine():
    """A worker that returns something pickle cannot carry is policysite's bug: an internal error, never the
    "run the command again" of a killed worker."""
    assert run_case("unpicklable") == "the worker's result could not be sent back:"


def test_a_worker_nobody_waits_for_is_stopped_and_reaped():
    assert run_case("unwanted") == "reaped True True"  # no zombie left behind, and no minute waited


def test_with_another_thread_running_the_work_runs_here_step_by_step():
    """A fork copies only the calling thread: a lock another thread holds would never be released in the
    copy (mkdocs serve runs a server and a file watcher). In place, each step runs when its result is asked
    for, as the process would otherwise wait for it."""
    done = []

    def steps():
        done.append("facts")
        yield os.getpid()
        done.append("pages")
        yield "pages"

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with Forked(steps) as worker:
            assert done == []
            assert worker.next() == os.getpid() and done == ["facts"]
            assert worker.next() == "pages" and done == ["facts", "pages"]
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("command", ["generate", "build"])
def test_a_page_over_a_limit_in_a_later_language_is_reported_like_one_in_the_first(tmp_path, command):
    """Only the English names are long: the English page is rendered by a worker, and its refusal reaches
    the editor exactly as the first language's would, located and in plain words; a build reports it as
    `check` would, not as a failure of the site engine, and builds nothing."""
    tree = yaml.load(POLICY, Loader=yaml.BaseLoader)
    ids = [f"c{i}" for i in range(400)]
    tree["data_categories"]["items"] = [{"id": f"c{i}", "name": {"no": f"Kategori {i}", "en": "a" * 8000 + f" {i}"}}
                                        for i in range(400)]
    tree["purposes"]["items"] = [{**tree["purposes"]["items"][0], "id": "p0", "data_categories": ids}]
    for rule in tree["retention"]["rules"]:
        rule["data_categories"] = ids
    project = copy_project(tmp_path / "project")
    text = yaml.dump(tree, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)
    (project / "policy.yaml").write_text(text, encoding="utf-8")
    arguments = ["generate", "policy.yaml", "--docs", "docs"] if command == "generate" else ["build"]
    result = run_policysite(project, *arguments)  # a process of its own: it forks
    assert result.returncode == 1, result.stderr
    assert "the page en/index.md would have a paragraph" in result.stderr, result.stderr
    assert "policy.yaml" in result.stderr and "Traceback" not in result.stderr
    assert "mkdocs" not in result.stderr and "internal error" not in result.stderr
    assert not (project / "docs" / "no" / "index.md").exists()  # nothing written: no page half a policy
    assert not (project / "site").exists() and not list(project.glob(".site-*"))


# `policysite build` with the validation recorded: which process ran it.
WHERE_VALIDATED = """
import os, sys
import policysite.pipeline as pipeline
from policysite.cli import main

real = pipeline.validate

def recorded(*args):
    with open(sys.argv[1], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\\n")
    return real(*args)

pipeline.validate = recorded
code = main(["build"])
print("engine ran in", os.getpid())
sys.exit(code)
"""


@pytest.mark.build
def test_the_build_validates_once_in_the_worker_and_the_engine_takes_its_results(tmp_path):
    """The site engine's process loads the engine while the worker validates and renders; the engine's hook
    then takes the worker's results instead of validating again (the same site: the test above)."""
    project = copy_project(tmp_path / "project")
    log = tmp_path / "validated.log"
    environment = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    result = subprocess.run([sys.executable, "-c", WHERE_VALIDATED, str(log)], cwd=project, env=environment,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    engine = result.stdout.split("engine ran in ")[1].strip()
    validated = log.read_text(encoding="utf-8").split()
    assert len(validated) == 1 and validated != [engine], (validated, engine)
    assert (project / "site" / "en" / "index.html").is_file() and (project / "site" / "policy.json").is_file()


# A build whose worker is killed (the machine ran out of memory, say): `policysite build` with one function
# replaced by one that kills the process it runs in when that is a worker.
KILLED_WORKER = """
import os, signal, sys
import policysite.publish.exports as exports
import policysite.render.page as page
from policysite.cli import main

parent = os.getpid()
module, name = {"pages": (page, "render_pages"), "exports": (exports, "export_contents")}[sys.argv[1]]
real = getattr(module, name)

def dies_in_a_worker(*args):
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args)

setattr(module, name, dies_in_a_worker)
sys.exit(main(["build"]))
"""


@pytest.mark.build
@pytest.mark.parametrize("work", ["pages", "exports"])
def test_a_killed_worker_fails_the_build_in_plain_words_and_publishes_nothing(tmp_path, work):
    project = copy_project(tmp_path / "project")
    (project / "policy.yaml").write_text(synthetic_policy((ROOT / "policy.yaml").read_text(encoding="utf-8"), 120),
                                         encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    assert run_policysite(project, "build").returncode == 0
    before = {path: path.read_bytes() for path in sorted((project / "site").rglob("*")) if path.is_file()}
    result = subprocess.run([sys.executable, "-c", KILLED_WORKER, work], cwd=project, env=environment,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode != 0
    assert "a worker process of the build (on the machine's other core) ended without a result: it was stopped " \
           "by SIGKILL (the machine may have run out of memory" in result.stderr, result.stderr
    assert "unchanged" in result.stderr and "Traceback" not in result.stderr and "internal error" not in result.stderr
    after = {path: path.read_bytes() for path in sorted((project / "site").rglob("*")) if path.is_file()}
    assert after == before
    assert not list(project.glob(".site-build-*"))  # no half-built folder left behind


# The pipeline's side of a build's worker, in a process of its own (it forks): what the engine's hook asks for.
AHEAD = """
import sys
from pathlib import Path
from policysite import pipeline
from policysite.problems import PolicyError

policy = Path("policy.yaml").absolute()
pipeline.start_ahead(policy, lambda site: "https://example.org/")
try:
    first, again = pipeline.facts(policy), pipeline.facts(policy)
    pages = pipeline.prepare(policy)
    exports = pipeline.exports(policy, "https://example.org/")
    print(first is again, pages.site is first, sorted(pages.pages), sorted(exports))
except PolicyError as error:
    for _ in range(2):  # asked again (the hook asks once per language): the same problem again
        try:
            pipeline.prepare(policy)
        except PolicyError as again:
            print(again.problems[0].message)
finally:
    pipeline.discard_ahead()
"""


def test_the_workers_results_are_taken_once_and_given_as_often_as_asked(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", AHEAD], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" [")[0] == "True True"
    assert "'en/index.md'" in result.stdout and "'policy.json'" in result.stdout

    policy = project / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("period: 3 years", "period: 3 yrs"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", AHEAD], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == second and "3 yrs" in first
