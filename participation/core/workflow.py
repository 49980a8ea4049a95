"""Declarative workflows: each plugin lists its statuses and the transitions
between them in one small table; the service layer (services.py) enforces it.

A transition says who may perform it (a Django permission, or the citizen
holding the private link, or the system), from which statuses, to which status,
which fields it requires, which deadline it starts and which notification it
sends after commit.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

CITIZEN = "citizen"  # the holder of the record's private follow-up link
SYSTEM = "system"  # the site itself (e.g. on submission, on a deadline)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    by: str  # a permission codename "app_label.codename", or CITIZEN, or SYSTEM
    requires: tuple[str, ...] = ()  # record fields that must be filled, e.g. ("public_answer",)
    publishes: bool | None = None  # set is_public to this value; None leaves it
    deadline: Callable | None = None  # record -> date | None, the new deadline
    notify: tuple[str, ...] = ()  # dotted paths of Notification classes
    public: bool = True  # whether the history entry is shown to the citizen
    guard: Callable | None = None  # record -> message | None: a condition of the record's data (checked under lock)
    effects: Callable | None = None  # record -> None: sets the fields the step derives (e.g. a frozen count)

    @property
    def staff(self) -> bool:
        return self.by not in (CITIZEN, SYSTEM)


@dataclass
class Workflow:
    statuses: type  # a models.TextChoices
    initial: str
    transitions: list[Transition] = field(default_factory=list)
    submit_notify: tuple[str, ...] = ()  # notifications sent when a record is submitted

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError("transition names must be unique")
        valid = set(self.statuses.values)
        for t in self.transitions:
            if t.target not in valid or not set(t.sources) <= valid:
                raise ValueError(f"transition {t.name} uses an unknown status")

    def get(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(name)

    def label_of(self, status: str) -> str:
        return str(dict(self.statuses.choices).get(status, status))

    def from_status(self, status: str) -> list[Transition]:
        return [t for t in self.transitions if status in t.sources]

    def final_statuses(self) -> set[str]:
        """Statuses no transition leads out of (a transition back to the same status does not
        count): a record there is closed for good, and the retention period runs from then."""
        leaving = {source for t in self.transitions for source in t.sources if t.target != source}
        return set(self.statuses.values) - leaving

    def permissions(self) -> set[str]:
        return {t.by for t in self.transitions if t.staff}
