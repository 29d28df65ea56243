"""`policysite build` (what `make site` runs): reproducible, atomic, correct at any base URL."""

from __future__ import annotations

import datetime
import gc
import gzip
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import ROOT, copy_project, run_policysite
from policies import write
from policysite.pipeline import load_policy, worth_a_worker
from policysite.render.labels import load_labels

sys.path.insert(0, str(ROOT))  # the benchmark's synthetic policies
from benchmarks.synth import synthetic_policy

pytestmark = pytest.mark.build

SUB_PATH_URL = "https://example.github.io/policy/"


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def set_effective_date(project: Path, date: str) -> None:
    policy = project / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    text = re.sub(r"^effective_date: \S+", f"effective_date: {date}", text, flags=re.M)
    # the newest change-history entry carries the same date
    policy.write_text(re.sub(r"^(history:\n  - version: \S+\n    date: )\S+", rf"\g<1>{date}", text, flags=re.M),
                      encoding="utf-8")


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(".site-"))


def test_make_site_runs_the_atomic_build():
    dry_run = subprocess.run(["make", "-n", "site"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert ".venv/bin/policysite build" in dry_run.stdout
    assert "mkdocs build" not in dry_run.stdout


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    # Two checkouts at different paths, built at different moments; the effective date is not
    # today's, so anything that used the clock instead of the policy would show in the sitemap.
    first, second = copy_project(tmp_path / "a"), copy_project(tmp_path / "elsewhere" / "b")
    for project in (first, second):
        set_effective_date(project, "2026-01-15")
        result = run_policysite(project, "build")
        assert result.returncode == 0, result.stderr
    one, two = snapshot(first / "site"), snapshot(second / "site")
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert not differing, differing
    assert {"index.html", "en/index.html", "sitemap.xml", "sitemap.xml.gz", "policy.json", "_headers"} <= set(one)

    epoch = int(datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC).timestamp())
    sitemap = one["sitemap.xml"].decode("utf-8")
    assert re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap) == ["2026-01-15"] * 4
    assert int.from_bytes(one["sitemap.xml.gz"][4:8], "little") == epoch  # the gzip header's mtime
    assert gzip.decompress(one["sitemap.xml.gz"]).decode("utf-8") == sitemap
    assert {path.stat().st_mtime for path in (first / "site").rglob("*")} == {epoch}


def test_the_work_done_on_the_other_core_changes_no_byte(tmp_path, cli, monkeypatch):
    """`policysite build` renders the languages after the first, and the export files, in a forked worker
    (policysite/forked.py). Built where no fork is made (another thread runs), the site is the same, byte
    for byte; and the build leaves the collector as it found it (memory.py)."""
    forked, in_place = copy_project(tmp_path / "forked"), copy_project(tmp_path / "in-place")
    # large enough for the workers (pipeline.WORKER_FROM_CLAUSES): SensorNordic's own pages are made in place
    large = synthetic_policy((ROOT / "policy.yaml").read_text(encoding="utf-8"), 120)
    assert worth_a_worker(load_policy(write(tmp_path, large), load_labels())[0])
    for project in (forked, in_place):
        (project / "policy.yaml").write_text(large, encoding="utf-8")
    result = run_policysite(forked, "build")
    assert result.returncode == 0, result.stderr
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        code, out, err = cli("build", "--config", str(in_place / "mkdocs.yml"), "--site-dir", str(in_place / "site"))
    finally:
        stop.set()
        thread.join()
    assert code == 0, err
    one, two = snapshot(forked / "site"), snapshot(in_place / "site")
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []
    assert gc.get_freeze_count() == 0
    # the export worker found the exports' URLs for the link check: the same links were checked
    assert result.stdout.split("links: ")[1] == out.split("links: ")[1]


def test_an_explicit_source_date_epoch_wins(project):
    result = run_policysite(project, "build", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert "SOURCE_DATE_EPOCH=1700000000" in result.stdout
    assert "<lastmod>2023-11-14</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_previous_site_untouched(project):
    assert run_policysite(project, "build").returncode == 0
    before = snapshot(project / "site")
    policy = project / "policy.yaml"
    good = policy.read_text(encoding="utf-8")

    # 1. an invalid policy.yaml: reported with its location, nothing built
    policy.write_text(good.replace("period: 3 years", "period: 3 yrs"), encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 1
    assert re.search(r"policy\.yaml:\d+:\d+: error: retention\.rules\[0\]\.period", result.stderr)
    assert "Nothing was built: site/ is unchanged" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project / "site") == before and leftovers(project) == []

    # 2. a valid policy whose build fails --strict (mkdocs.yml names a missing page): MkDocs' warning is shown
    policy.write_text(good.replace("en: Your name", "en: Your full name"), encoding="utf-8")
    config = project / "mkdocs.yml"
    good_config = config.read_text(encoding="utf-8")
    config.write_text(good_config + "nav:\n  - missing.md\n", encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 1
    assert "mkdocs build --strict failed" in result.stderr and "missing.md" in result.stderr
    assert "Nothing was published: site/ is unchanged" in result.stderr
    assert snapshot(project / "site") == before and leftovers(project) == []

    # 3. a base URL that is not an address: refused before building
    result = run_policysite(project, "build", env={"SITE_URL": "example.org/policy"})
    assert result.returncode == 1 and "'example.org/policy' is not a full http(s) address" in result.stderr
    assert "Nothing was published: site/ is unchanged" in result.stderr
    assert snapshot(project / "site") == before and leftovers(project) == []

    # 4. fixed: the next build replaces the whole site at once, and cleans up after itself
    config.write_text(good_config, encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    assert "Your full name" in (project / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert leftovers(project) == []


def test_the_published_site_at_the_domain_root_has_no_broken_link(published_site):
    result = run_policysite(published_site.project, "linkcheck", "site", "--base-url",
                            "https://personvern.sensornordic.no/")
    assert result.returncode == 0, result.stderr
    counts = link_counts(result.stdout)
    assert counts["pages"] == 6 and counts["broken"] == 0
    assert counts["links"] > 100 and counts["anchors"] > 60


def link_counts(summary: str) -> dict[str, int]:
    match = re.search(r"(\d+) page\(s\), (\d+) internal link\(s\) of which (\d+) to anchors, (\d+) external.*?"
                      r"(\d+) broken", summary)
    assert match, summary
    return dict(zip(("pages", "links", "anchors", "external", "broken"), map(int, match.groups()), strict=True))


def test_a_sub_path_build_works_from_its_own_address(project, published_site):
    result = run_policysite(project, "build", env={"SITE_URL": SUB_PATH_URL})
    assert result.returncode == 0, result.stderr
    site = project / "site"
    check = run_policysite(project, "linkcheck", "site", "--base-url", SUB_PATH_URL)
    assert check.returncode == 0, check.stderr
    assert link_counts(check.stdout)["broken"] == 0 and link_counts(check.stdout)["anchors"] > 60

    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SUB_PATH_URL}en/">' in english
    assert re.search(r'hreflang="no"[^>]*href="/policy/"|href="/policy/"[^>]*hreflang="no"', english)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == {
        urljoin(SUB_PATH_URL, path) for path in ("", "en/", "history/", "en/history/")}
    assert "/policy/" in (site / "_headers").read_text(encoding="utf-8").splitlines()[2]

    # A site built for a domain root but served under the sub-path is broken: the checker can tell.
    wrong = run_policysite(published_site.project, "linkcheck", "site", "--base-url", SUB_PATH_URL)
    assert wrong.returncode == 1 and link_counts(wrong.stdout)["broken"] > 5
    assert "leaves the site's base path /policy/" in wrong.stderr


def test_the_link_check_finds_every_kind_of_broken_link(tmp_path, cli):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text(
        '<h2 id="a">A</h2><a name="b"></a>'
        '<a href="#a">ok</a><a href="#b">ok</a><a href="#gone">same page</a><a href="#">top</a>'
        '<a href="en/#x">ok</a><a href="en/#nope">other page</a><a href="missing/">no file</a>'
        '<a href="/elsewhere/">outside the base path</a><a href="https://other.example/">external</a>',
        encoding="utf-8")
    (site / "en" / "index.html").write_text('<p id="x"></p><a href="../#a">ok</a><a href="#x">ok</a>',
                                            encoding="utf-8")
    code, out, err = cli("linkcheck", str(site), "--base-url", "https://example.no/policy/")
    assert code == 1
    assert sorted(line.split(": ", 2)[1] for line in err.splitlines()) == [
        "#gone", "/elsewhere/", "en/#nope", "missing/"]
    assert link_counts(out) == {"pages": 2, "links": 10, "anchors": 7, "external": 1, "broken": 4}


def test_a_build_validates_once_and_starts_no_second_interpreter(project, cli, monkeypatch, tmp_path):
    """The site engine runs in the same process, and its hook reuses the policy the build validated. The
    validation may run in a forked worker (none is forked beside another thread, as when the browser tests
    have run): each call is logged to a file, which a worker's call reaches too."""
    import subprocess as subprocess_module

    import policysite.pipeline as pipeline

    log = tmp_path / "validated.log"

    def recorded(*args):
        with log.open("a", encoding="utf-8") as calls:
            calls.write("validated\n")
        return real_validate(*args)

    real_validate = pipeline.validate
    monkeypatch.setattr(pipeline, "validate", recorded)

    real_popen = subprocess_module.Popen

    def no_interpreter(command, *args, **kwargs):
        # git may run (the build date is the last commit's); no second Python interpreter may
        if Path(str(command[0])).name != "git":
            raise AssertionError(f"the build started a process: {command}")
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess_module, "Popen", no_interpreter)
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    code, out, err = cli("build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site"))
    assert code == 0, err
    assert "built " in out and (project / "site" / "en" / "index.html").is_file()
    calls = log.read_text(encoding="utf-8").split() if log.exists() else []
    assert len(calls) == 1, f"validated {len(calls)} times"


def test_a_policy_that_is_not_yaml_stops_the_build_as_check_does(project):
    """policy.yaml is read in the build's worker (another process): an unreadable file still ends the build
    the way `check` ends, located, with the same exit status, and publishes nothing."""
    assert run_policysite(project, "build").returncode == 0
    before = snapshot(project / "site")
    policy = project / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("version: ", "version: [", 1), encoding="utf-8")
    checked = run_policysite(project, "check")
    built = run_policysite(project, "build")
    assert checked.returncode == built.returncode == 2, (checked.stderr, built.stderr)
    located = [line for line in checked.stderr.splitlines() if re.match(r"policy\.yaml:\d+:\d+: error: ", line)]
    assert located and all(line in built.stderr for line in located), built.stderr
    assert "Nothing was built: site/ is unchanged" in built.stderr and "Traceback" not in built.stderr
    assert snapshot(project / "site") == before and leftovers(project) == []
