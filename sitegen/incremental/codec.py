"""How the store writes values: pickle, read back by an unpickler that makes
only the classes listed here.

One format for every memo table and record. Pickle because the values are the
model's own frozen dataclasses, tuples and text, and it reads ten thousand of
them in a fraction of what JSON needs; restricted because the cache folder is
as writable as the content: a foreign or damaged file must not run code. It
makes only what ``ALLOWED`` names, and any damage raises ``DamagedError``.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import importlib
import io
import operator
import pathlib
import pickle
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any, ClassVar

from sitegen.collector import collector_paused
from sitegen.errors import Problem


class DamagedError(ValueError):
    """A stored value that cannot be read back: the caller ignores it and redoes the work."""


def dumps(value: object) -> bytes:
    """The bytes of ``value`` (``dump``)."""
    buffer = io.BytesIO()
    dump(value, buffer)
    return buffer.getvalue()


def dump(value: object, file: IO[bytes]) -> None:
    """Write the bytes of ``value`` to ``file`` as they are made, with the cyclic
    collector off as ``loads`` has it: writing makes a tuple of fields per
    value, each freed at once, and the collections their count triggered
    walked the whole site model again (at 100,000 articles, a second of the
    three writing the remembered site took)."""
    with collector_paused():
        _Pickler(file).dump(value)


def loads(data: bytes) -> Any:
    """The value; raises ``DamagedError`` for anything but what ``dumps`` wrote.

    The cyclic collector is off while it reads: a remembered site is half a
    million new objects, none of them garbage, and every collection the
    allocations would trigger walks all of those made so far (at 10,000
    articles, reading took twice as long with it on)."""
    with collector_paused():
        try:
            return _Unpickler(io.BytesIO(data)).load()
        except Exception as error:  # a damaged pickle can raise nearly anything
            raise DamagedError(str(error) or type(error).__name__) from None


class _Pickler(pickle.Pickler):
    """Writes a time zone by its name, so reading it back needs no ``getattr``, and
    a path as one string (the remembered site holds one per copied file)."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file, protocol=5)

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, zoneinfo.ZoneInfo):
            return zoneinfo.ZoneInfo, (obj.key,)
        if isinstance(obj, pathlib.Path):  # one string parses in half the time of its parts
            return type(obj), (str(obj),)
        fields = _init_fields(type(obj))
        if fields is not None:  # a value type: rebuilt by its constructor, not field by field
            return type(obj), fields(obj)
        return NotImplemented


_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _init_fields(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """What reads the constructor's fields of one of sitegen's value types
    (``VALUE_MODULES``) as a tuple, else None. A slotted dataclass's own pickling
    restores each field in Python: at 10,000 articles, seconds; its constructor
    (no ``__post_init__`` in these modules) takes the same values in a fraction
    of that. The fields are read by one ``attrgetter`` (C), not a ``getattr``
    each: half of what writing a remembered site cost."""
    try:
        return _FIELDS[cls]
    except KeyError:
        pass
    fields: Callable[[Any], tuple[Any, ...]] | None = None
    if cls.__module__ in ("sitegen.model", "sitegen.config") and dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls) if f.init]
        if len(names) > 1:
            fields = operator.attrgetter(*names)
        else:  # one name (or none): ``attrgetter`` would give the value, not a tuple
            fields = functools.partial(_fields_of, names)
    _FIELDS[cls] = fields
    return fields


def _fields_of(names: Sequence[str], obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in names)


class _Unpickler(pickle.Unpickler):
    """Makes sitegen's value types, problems, dates, time zones and paths, and
    refuses every other class (a function, a class with a ``__reduce__`` of its own)."""

    ALLOWED: ClassVar[Mapping[tuple[str, str], type]] = {
        ("sitegen.errors", "Problem"): Problem,
        ("datetime", "datetime"): datetime.datetime,
        ("datetime", "date"): datetime.date,
        ("datetime", "time"): datetime.time,
        ("datetime", "timezone"): datetime.timezone,
        ("datetime", "timedelta"): datetime.timedelta,
        ("zoneinfo", "ZoneInfo"): zoneinfo.ZoneInfo,
        ("builtins", "frozenset"): frozenset,
        ("pathlib", "PosixPath"): pathlib.PosixPath,
        ("pathlib", "WindowsPath"): pathlib.WindowsPath,
        ("builtins", "set"): set,
    }

    VALUE_MODULES: ClassVar[frozenset[str]] = frozenset({"sitegen.model", "sitegen.config"})
    """Modules whose frozen dataclasses are values (the site model, its configuration);
    imported when a value needs them (a build with nothing to do reads none)."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = self.ALLOWED.get((module, name))
        if allowed is not None:
            return _maker(allowed) if module in self.VALUE_MODULES else allowed
        owner = importlib.import_module(module) if module in self.VALUE_MODULES else None
        found = getattr(owner, name, None) if owner is not None else None
        if isinstance(found, type) and dataclasses.is_dataclass(found):
            return _maker(found)
        raise pickle.UnpicklingError(f"unexpected {module}.{name}")


_MAKERS: dict[type, Callable[..., Any]] = {}


def _maker(cls: type) -> Callable[..., Any]:
    """What rebuilds a value of ``cls`` from the fields ``_init_fields`` wrote.

    A frozen dataclass's constructor stores each field through
    ``object.__setattr__``. Where that constructor is the dataclass's own and
    stores every field as given (slots, each field in it, no ``__post_init__``),
    the fields go straight into their slots instead: reading the remembered site
    of 100,000 articles took 1.22 to 1.28 s the first way, 1.02 to 1.07 s this
    way. Any other class is rebuilt by its constructor, as it was written."""
    try:
        return _MAKERS[cls]
    except KeyError:
        pass
    made: Callable[..., Any] = cls
    fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
    own = getattr(vars(cls).get("__init__"), "__code__", None)  # the dataclass's: made from text
    if (
        fields
        and "__slots__" in cls.__dict__
        and all(f.init for f in fields)
        and not hasattr(cls, "__post_init__")
        and own is not None
        and own.co_filename == "<string>"
    ):
        made = _slot_filler(cls, tuple(getattr(cls, f.name).__set__ for f in fields))
    _MAKERS[cls] = made
    return made


def _slot_filler(cls: type, setters: tuple[Callable[[Any, Any], None], ...]) -> Callable[..., Any]:
    """A function of one argument per field that stores each into its slot, written
    out one line per field as ``dataclasses`` writes a constructor: a loop over the
    fields took back most of what skipping ``object.__setattr__`` gained."""
    names = [f"v{index}" for index in range(len(setters))]
    lines = [f"def make({', '.join(names)}):", "    made = new(cls)"]
    lines.extend(f"    s{index}(made, {name})" for index, name in enumerate(names))
    lines.append("    return made")
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update((f"s{index}", store) for index, store in enumerate(setters))
    exec("\n".join(lines), scope)  # text made here, of field numbers only
    make: Callable[..., Any] = scope["make"]
    make.__qualname__ = f"{cls.__qualname__}.<from the store>"
    return make
