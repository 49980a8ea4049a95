"""Demo content of the suggestions box."""


def seed(site, home):
    return 0
