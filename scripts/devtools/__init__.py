"""Developer tools around the built site (serving it locally, a real browser, page weight).

Not part of the generator: these need a browser and know the built site's layout.
"""
