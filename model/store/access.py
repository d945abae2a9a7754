"""Who is acting, and what their role in a workspace lets them do: checked by the store.

Every function of model.store takes the store handle first, and the handle says who acts
(`Store.acting(actor)`); a handle with no actor can read and write nothing. Each function
finds its workspace through `authorize`, in the same transaction as its reads or writes, so
the check cannot be skipped by a page that forgets to hide a button.

Roles, each allowing what the one below it allows: `viewer` (reads; moves sliders and
downloads in the dashboard, which write nothing), `analyst` (saves periods, scenarios,
assumption sets, mappings, models and alert rules), `owner` (grants and revokes members,
drops periods). A workspace may also be granted, as viewer only, to EVERYONE: every
signed-in user then reads it (the demo year is). An administrator (the command line:
whoever can reach the database URL; the local user of a dashboard without sign-in) may do
everything in every workspace without being a member. docs/adr/0021-identity-and-roles.md says why.

A workspace the actor is not a member of is refused exactly as one that does not exist
(`NotAMember`, whose message names neither), so a refusal never confirms it exists.
"""

from __future__ import annotations

import getpass

from sqlalchemy import Connection, select

from model.store.actor import Actor
from model.store.database import Store, StoreError
from model.store.schema import members, workspaces

VIEWER, ANALYST, OWNER = "viewer", "analyst", "owner"
#: The roles, least first: each allows what the ones before it allow.
ROLES = (VIEWER, ANALYST, OWNER)
#: What each role is needed for, in the words of a refusal.
NEEDED_FOR = {
    VIEWER: "read this workspace",
    ANALYST: "save periods, scenarios, assumption sets, mappings, models or alert rules",
    OWNER: "manage members or delete",
}


#: The member that stands for every signed-in user (never an e-mail address, which has an
#: @): a workspace granted to it is readable by all of them, as the demo year is.
EVERYONE = "everyone"


def user(email: str) -> Actor:
    """A signed-in user, by e-mail address (compared without case or surrounding spaces)."""
    return Actor(normal_email(email))


def member_name(email: str) -> str:
    """A member as the store names it: an e-mail address (see `normal_email`), or EVERYONE."""
    if isinstance(email, str) and email.strip().lower() == EVERYONE:
        return EVERYONE
    return normal_email(email)


def normal_email(email: str) -> str:
    if not isinstance(email, str) or "@" not in email or not email.strip():
        raise ValueError(f"A member is named by an e-mail address, got {email!r}")
    return email.strip().lower()


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown"


def command_line() -> Actor:
    """The command line's actor: an administrator, recorded as `cli:<system user>`."""
    return Actor(f"cli:{_system_user()}", administrator=True)


def local_user() -> Actor:
    """The dashboard's one user when no sign-in is configured: owner of everything."""
    return Actor(f"local:{_system_user()}", administrator=True)


class NoActor(StoreError):
    """The store was asked to act for nobody."""


class UnknownWorkspace(StoreError):
    """No workspace has that name."""


class NotAMember(UnknownWorkspace):
    """The actor is not a member of the workspace, or it does not exist: the same words."""

    def __init__(self) -> None:
        super().__init__("There is no workspace of that name that you can open.")


class NotPermitted(StoreError):
    """The actor is a member, but their role does not allow this."""


def acting(store: Store) -> Actor:
    """The store handle's actor, or NoActor."""
    if store.actor is None:
        raise NoActor("The store was asked to act for nobody: say who acts (Store.acting).")
    return store.actor


def role_of(connection: Connection, workspace: int, actor: Actor) -> str | None:
    """The actor's role in the workspace (owner for an administrator): their own, or the
    one every signed-in user has there (EVERYONE), whichever allows more; None: neither."""
    if actor.administrator:
        return OWNER
    query = select(members.c.role).where(
        members.c.workspace_id == workspace, members.c.email.in_((actor.name, EVERYONE))
    )
    found = connection.execute(query).scalars().all()
    return max(found, key=ROLES.index) if found else None


def authorize(connection: Connection, store: Store, name: str, need: str = VIEWER) -> int:
    """The workspace's row id if the store's actor may do what `need` allows in it.

    Raises NoActor, UnknownWorkspace (an administrator asking for a name that does not
    exist: named), NotAMember (anyone else, whether it exists or not: not named), or
    NotPermitted (a member whose role is below `need`).
    """
    actor = acting(store)
    found = connection.execute(select(workspaces.c.id).where(workspaces.c.name == name)).scalar()
    if found is None:
        if actor.administrator:
            raise UnknownWorkspace(f"No workspace is named {name!r}.")
        raise NotAMember()
    role = role_of(connection, found, actor)
    if role is None:
        raise NotAMember()
    if ROLES.index(role) < ROLES.index(need):
        raise NotPermitted(
            f"Your role in this workspace is {role}: only "
            f"{' or '.join(r + 's' for r in ROLES[ROLES.index(need) :])} may {NEEDED_FOR[need]}."
        )
    return found
