"""Publishing: writing pages, the atomic build, security headers, the link check and the exports."""
