"""Rendering: the generator's words per language (labels.yaml), the one text encoder, one template per page."""
