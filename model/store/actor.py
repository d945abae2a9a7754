"""Who acts on the store: a name and whether they are an administrator (model/store/access.py
says what each may do). Apart, so the store's handle (model/store/database.py) can carry one
without importing the checks."""

from __future__ import annotations

from dataclasses import dataclass

#: Longest actor name kept (an e-mail address is at most 320 characters).
ACTOR_LENGTH = 320


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user's e-mail address, or `cli:<system user>` for the command
    line, `local:<system user>` for the dashboard without sign-in (both administrators)."""

    name: str
    administrator: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("An acting user needs a name (an e-mail address)")
        if len(self.name) > ACTOR_LENGTH:
            raise ValueError(f"An acting user's name is at most {ACTOR_LENGTH} characters")
