"""What the first layers of the page show, as plain data: the change notice, "In short" and the
overview. Pure functions of the policy (and the build date); the templates word them per language.
"""

from __future__ import annotations

import datetime

from ..model.policy import HistoryEntry, Policy


def change_notice(policy: Policy, today: datetime.date) -> HistoryEntry | None:
    """The version to announce as new: the newest history entry, from before its date until
    `site.change_notice_days` after it (WP29 transparency guidelines ¶29–30: material changes
    are brought to the readers' attention). None when there is nothing to announce."""
    if not policy.history:
        return None
    days = policy.identity.change_notice_days
    newest = policy.history[0]
    return newest if days > 0 and today < newest.date + datetime.timedelta(days=days) else None
