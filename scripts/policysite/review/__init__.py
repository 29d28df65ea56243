"""Reviews of a valid policy: advice, the GDPR report, what changed for readers, stale translations."""
