"""Signals the participation core sends to the site around the plugins."""
from django.db import transaction
from django.dispatch import Signal

#: A record's displayed data changed without ``save()`` (a counter or a flag updated in the
#: database: a confirmed signature, a hidden comment). Sent once the transaction commits,
#: with ``instance``: the record whose pages show it. The site's page cache listens to it
#: as it listens to post_save.
record_updated = Signal()


def updated(instance) -> None:
    """Tell the site that `instance`'s public pages changed (after the transaction commits)."""
    transaction.on_commit(lambda: record_updated.send(sender=type(instance), instance=instance))
