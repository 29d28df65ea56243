"""policysite: one policy.yaml, rendered into matching privacy-policy pages in every language."""

from .pipeline import check, generate
from .problems import PolicyError, Problem

__all__ = ["PolicyError", "Problem", "check", "generate"]
