"""The GitHub Actions workflow: the right triggers and jobs, and every command it runs exists."""

from __future__ import annotations

import os
import re
import shlex

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
OFFICIAL_ACTIONS = {"actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
                    "actions/deploy-pages"}
SHELL_WORDS = {"bash", "sh"}
SYSTEM_COMMANDS = {"git", "echo"}  # on every runner image (the container is Debian with git)


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(job_name, step) for job_name, job in workflow["jobs"].items() for step in job["steps"]]


def commands(script: str) -> list[list[str]]:
    """Each simple command of a `run:` script, as words, without leading VAR=value assignments."""
    found = []
    for line in script.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line.split(" #")[0]):
            words = shlex.split(part)
            while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
                words.pop(0)
            if words:
                found.append(words)
    return found


def make_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))


def test_triggers_permissions_and_jobs(workflow):
    assert set(workflow["on"]) == {"pull_request", "push", "schedule"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert len(workflow["on"]["schedule"]) == 1  # a daily rebuild ends the change notice on time
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    names = [step.get("uses", step.get("run", "")) for step in build["steps"]]
    check = next(i for i, n in enumerate(names) if "policysite check --format github" in n)
    build_step = next(i for i, n in enumerate(names) if n == "make site")
    test = next(i for i, n in enumerate(names) if n == "bash .ci/run")
    upload = next(i for i, n in enumerate(names) if n.startswith("actions/upload-pages-artifact"))
    assert check < build_step < test < upload, "check, then build, then test, then upload"
    assert next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages"))[
        "with"]["path"] == "site/"
    # on main, the site is built for the address GitHub Pages gives it
    pages_build = next(s for s in build["steps"] if s.get("env", {}).get("SITE_URL"))
    assert pages_build["run"] == "make site" and "steps.pages.outputs.base_url" in pages_build["env"]["SITE_URL"]


def test_only_official_actions_pinned_to_a_major_version(workflow):
    used = [step["uses"] for _, step in steps(workflow) if "uses" in step]
    assert {action.split("@")[0] for action in used} == OFFICIAL_ACTIONS
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", action) for action in used), used


def test_every_command_the_workflow_runs_exists(workflow, cli):
    ran = [words for _, step in steps(workflow) if "run" in step for words in commands(step["run"])]
    assert len(ran) >= 4
    targets = make_targets()
    for words in ran:
        program, args = words[0], words[1:]
        if program in SHELL_WORDS:
            program, args = args[0], args[1:]
        if program == "make":
            assert args and all(target in targets for target in args), f"unknown make target in {words}"
        elif program.startswith(".venv/bin/"):
            tool = program.removeprefix(".venv/bin/")
            if tool == "policysite":
                # argparse exits 0 for --help only if the subcommand and every option given exist
                with pytest.raises(SystemExit) as exit_info:
                    cli(*args, "--help")
                assert exit_info.value.code == 0, f"`{' '.join(words)}` is not a valid policysite command"
            else:
                assert (ROOT / ".venv" / "bin" / tool).exists(), f"{tool} is not installed by `make setup`"
            if tool == "python" and args[:1] == ["-m"]:
                module = ROOT / "scripts" / (args[1].replace(".", "/") + ".py")
                assert module.is_file(), f"`python -m {args[1]}`: no such module under scripts/"
        elif program in SYSTEM_COMMANDS:
            continue
        else:
            script = ROOT / program
            assert script.is_file(), f"{program} is not a file in the repository"
            assert os.access(script, os.X_OK) or words[0] in SHELL_WORDS, f"{program} is not executable"



def test_the_daily_run_builds_as_of_its_day_and_pull_requests_get_the_change_summary(workflow):
    build = workflow["jobs"]["build"]["steps"]
    dated = next(step for step in build if "SOURCE_DATE_EPOCH" in step.get("run", ""))
    assert dated["if"] == "github.event_name == 'schedule'" and "GITHUB_ENV" in dated["run"]
    summary = next(step for step in build if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert "devtools.change_summary" in summary["run"] and "GITHUB_BASE_REF" in summary["run"]
    names = [step.get("run", step.get("uses", "")) for step in build]
    assert names.index(dated["run"]) < names.index("make site"), "the date is set before the build"
    checkout = next(step for step in build if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0, "the base branch is needed for the summary"
