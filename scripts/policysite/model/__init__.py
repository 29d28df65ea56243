"""The policy model: typed dataclasses, the legal vocabulary, field types, policy.yaml's structure and
its validation, and the editor schema generated from it."""
