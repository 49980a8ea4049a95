def seed(site, home):
    """Demo petitions: to be written."""
