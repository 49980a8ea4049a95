"""Public API of the suggestions box: published suggestions, no personal data."""
from ninja import Router

router = Router(tags=["suggestions"])
