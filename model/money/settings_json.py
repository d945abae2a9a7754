"""Settings objects (Assumptions, Scenario) from JSON, with the same rules everywhere.

The command line's --assumptions/--scenario files and the sidebar's uploads both go
through here, so a file is accepted or refused, with the same message, wherever it is
used: missing keys take their defaults, an unknown key is an error naming it.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, TypeVar

Settings = TypeVar("Settings")


def from_known_keys(kind: type[Settings], values: dict[str, Any], key_name: str) -> Settings:
    """`kind(**values)`, refusing a key that is not one of its fields, by name.

    `key_name` says what a key is to the user, e.g. "assumption key".
    """
    known = sorted(field.name for field in fields(kind))
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(
            f"Unknown {key_name} {unknown[0]!r}; the {key_name.split()[-1]}s are: "
            f"{', '.join(known)}."
        )
    return kind(**values)


#: Digits a whole number in a settings file may have (a count or an amount in dollars).
_MOST_DIGITS = 30


class _TooLong(ValueError):
    def __init__(self, digits: int):
        super().__init__(digits)
        self.digits = digits


def _whole_number(text: str) -> int:
    """A JSON integer, refusing one too long to be a setting before Python converts it
    (beyond 4,300 digits its conversion fails with words about sys.set_int_max_str_digits)."""
    digits = len(text.lstrip("-"))
    if digits > _MOST_DIGITS:
        raise _TooLong(digits)
    return int(text)


def json_object(text: str | bytes, source: str, key_name: str) -> dict[str, Any]:
    """The JSON object in `text`; ValueError saying where and why when it is not one."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        values = json.loads(text.lstrip("\ufeff"), parse_int=_whole_number)
    except _TooLong as error:
        raise ValueError(
            f"{source} holds a number of {error.digits:,} digits; no setting is that large. "
            "Write it in the units the key's description gives."
        ) from None
    except UnicodeDecodeError:
        raise ValueError(f"{source} is not a UTF-8 text file, so it is not JSON.") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{source} is not valid JSON: {error.msg} (line {error.lineno})."
        ) from None
    except RecursionError:
        raise ValueError(f"{source} nests too deeply to be a settings file.") from None
    if not isinstance(values, dict):
        raise ValueError(f"{source} must hold a JSON object of {key_name}s and values.")
    return values
