"""Work on the other core (policysite/forked.py): the build renders the languages after the first, and the
export files, in a forked worker. Whatever happens there reaches the caller as if it had happened here:
the result, a located policy problem, a bug with where it happened; a worker that dies is an error, not a
missing page; an unwanted worker is stopped; and where forking is not safe, the work runs in place."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
import yaml

from conftest import copy_project, run_policysite
from policies import POLICY
from policysite.forked import Forked, WorkerFailed
from policysite.problems import Location, PolicyError, Problem
from worst_case import NoAliasDumper


def where_it_ran(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def refuse() -> None:
    raise PolicyError([Problem(Location("policy.yaml", 3, 5), "purposes", "a message", "a fix")])


def divide() -> float:
    return 1 / 0


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def sleep_long() -> None:
    time.sleep(60)


def test_the_result_comes_back_from_another_process():
    with Forked(where_it_ran, 21) as worker:
        pid, value = worker.result()
    assert value == 42 and pid != os.getpid()
    assert worker.result() == (pid, 42)  # asked again: the same answer, nothing waits


def test_a_policy_problem_in_the_worker_arrives_located():
    with Forked(refuse) as worker, pytest.raises(PolicyError) as raised:
        worker.result()
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column, problem.message) == (3, 5, "a message")


def test_a_bug_in_the_worker_arrives_with_where_it_happened():
    with Forked(divide) as worker, pytest.raises(ZeroDivisionError) as raised:
        worker.result()
    assert any("raised in the worker process" in note and "divide" in note for note in raised.value.__notes__)


def test_a_worker_that_dies_is_an_error_not_a_missing_result():
    with Forked(die) as worker, pytest.raises(WorkerFailed, match="ended without a result"):
        worker.result()


def test_a_worker_nobody_waits_for_is_stopped_and_reaped():
    with Forked(sleep_long) as worker:
        pid = worker._pid
        assert pid
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)


def test_with_another_thread_running_the_work_runs_here():
    """A fork copies only the calling thread: a lock another thread holds would never be released in the
    copy (mkdocs serve runs a server and a file watcher)."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with Forked(where_it_ran, 1) as worker:
            assert worker.result() == (os.getpid(), 2)
    finally:
        stop.set()
        thread.join()


def test_a_page_over_a_limit_in_a_later_language_is_reported_like_one_in_the_first(tmp_path):
    """Only the English names are long: the English page is rendered by the worker, and its refusal
    reaches the editor exactly as the first language's would, located and in plain words."""
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
    result = run_policysite(project, "generate", "policy.yaml", "--docs", "docs")  # a process of its own: it forks
    assert result.returncode == 1, result.stderr
    assert "the page en/index.md would have a paragraph" in result.stderr, result.stderr
    assert "policy.yaml" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "docs" / "no" / "index.md").exists()  # nothing written: no page half a policy
