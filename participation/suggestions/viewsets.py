"""Admin viewsets of the suggestions box (listed in SuggestionsConfig.viewsets)."""

viewsets: list = []
