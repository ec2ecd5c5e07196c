"""Translation states and the transitions between them.

The integers are stored in the database and have gaps so that states can be
added later without renumbering (as Weblate does). The names are the API's.
"""

from enum import IntEnum


class State(IntEnum):
    UNTRANSLATED = 0
    # An editor sent the current version back with a reason; a new save clears it.
    REJECTED = 5
    DRAFT = 10
    NEEDS_REVIEW = 15
    TRANSLATED = 20
    APPROVED = 30

    @property
    def api_name(self) -> str:
        return self.name.lower()

    @classmethod
    def from_api_name(cls, name: str) -> "State":
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(f"unknown state {name!r}") from None


#: States a translator may ask for when saving a version.
SAVE_STATES = frozenset({State.DRAFT, State.TRANSLATED})

#: States from which an editor may approve the current version.
APPROVABLE_STATES = frozenset({State.TRANSLATED, State.NEEDS_REVIEW})


class TransitionError(ValueError):
    """A state change that the workflow does not allow."""


def state_after_save(requested: State) -> State:
    if requested not in SAVE_STATES:
        raise TransitionError(
            f"a translation can be saved as draft or translated, not {requested.api_name}"
        )
    return requested


def state_after_rejection(current: State) -> State:
    if current not in APPROVABLE_STATES:
        raise TransitionError(
            f"only translated segments can be rejected; this one is {current.api_name}"
        )
    return State.REJECTED


def state_after_approval(current: State) -> State:
    if current not in APPROVABLE_STATES:
        raise TransitionError(
            f"only translated segments can be approved; this one is {current.api_name}"
        )
    return State.APPROVED
