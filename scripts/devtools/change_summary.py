"""What readers will be told about a change, in every language, as Markdown for a pull request's
job summary: the notice the policy page will show (as the generator renders it) and the changes
`policysite diff` finds against the base version.

Usage: python -m devtools.change_summary BASE [NEW] [--file policy.yaml]
BASE and NEW are files or git revisions (NEW defaults to policy.yaml as it is in the work tree).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policysite.model.policy import Policy
from policysite.pipeline import changes_between
from policysite.problems import PolicyError, format_problems
from policysite.render.labels import Labels
from policysite.render.layers import change_notice
from policysite.render.wording import Words
from policysite.review.changes import describe


def notice_text(policy: Policy, labels: Labels, language: str) -> str | None:
    """The notice the page shows on the version's own date, in plain words (the page's link to the
    history leads nowhere in a job summary)."""
    entry = change_notice(policy, policy.effective_date)
    if entry is None:
        return None
    words = Words(policy, labels, language)
    summary = " ".join(words.text(text) for text in entry.summary.texts())
    return f"**{words.label('notice.changed', date=words.date(entry.date))}** {summary}"


def summary_markdown(base: str, new: str, policy_file: Path) -> str:
    old_policy, new_policy, changes, labels = changes_between(base, new, policy_file)
    out = [f"## What readers are told: version {old_policy.version} → {new_policy.version}", ""]
    if old_policy.version == new_policy.version and changes:
        out += ["**The text changed for readers, but the version did not:** give policy.yaml a new `version`, "
                "`effective_date` and `history` entry, so that readers are told.", ""]
    for language in new_policy.languages:
        out += [f"### {labels.get('language_name', language)}", ""]
        notice = notice_text(new_policy, labels, language)
        days = new_policy.identity.change_notice_days
        if notice:
            out += [f"The page shows, for {days} days from {new_policy.effective_date.isoformat()}:", "",
                    "> " + notice, ""]
        else:
            out += ["The page shows no change notice (`site.change_notice_days` is 0, or there is no history).", ""]
        out += [labels.get("diff.heading", language, old=old_policy.version, new=new_policy.version), ""]
        out += [f"- {describe(change, labels, language, old_policy, new_policy)}" for change in changes] or [
            labels.get("diff.none", language)]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the published version: a file or a git revision (e.g. origin/main)")
    parser.add_argument("new", nargs="?", default="policy.yaml")
    parser.add_argument("--file", default=Path("policy.yaml"), type=Path,
                        help="the policy file that git revisions are read at (default: policy.yaml)")
    args = parser.parse_args(argv)
    try:
        print(summary_markdown(args.base, args.new, args.file))
    except PolicyError as error:
        print(f"No change summary: one of the versions cannot be read.\n\n```\n{format_problems(error.problems)}\n```")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
