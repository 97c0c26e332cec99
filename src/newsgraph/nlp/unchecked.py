"""Schema objects built from values newsgraph's own components computed, without validation.

``Model(**values)`` validates every field and ``Model.model_construct(**values)`` walks every
field's aliases and defaults in Python: together ~5 % of the non-event components' time for the
thousands of spans, mentions and amounts per 100 articles. :func:`build` gives the object
``model_construct`` gives (same ``__dict__``, same fields set) from per-class tables. Callers pass
values already of the schema's types (``float`` for float fields, ``date`` for dates): nothing is
converted or checked here except that every name is a field.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_setattr = object.__setattr__
_REQUIRED = object()


class _Table:
    """Per model class: its fields in order (with defaults; required ones marked) and factories."""

    __slots__ = ("order", "fields", "required", "template", "factories")

    def __init__(self, cls: type[BaseModel]) -> None:
        self.order = tuple(cls.model_fields)
        self.fields = frozenset(cls.model_fields)
        self.required = frozenset(n for n, f in cls.model_fields.items() if f.is_required())
        # plain defaults are None, numbers and strings (immutable): shared by every object
        self.template = {n: _REQUIRED if f.is_required() or f.default_factory is not None
                         else f.default for n, f in cls.model_fields.items()}
        self.factories = {n: f.default_factory for n, f in cls.model_fields.items()
                          if f.default_factory is not None}


_TABLES: dict[type, _Table] = {}


def build(cls: type[M], **values: Any) -> M:
    """``cls.model_construct(**values)`` (same ``__dict__`` in field order, same fields set)."""
    table = _TABLES.get(cls)
    if table is None:
        table = _TABLES[cls] = _Table(cls)
    keys = values.keys()
    if tuple(values) == table.order:
        data = values  # every field named in the schema's order: the dict itself will do
    elif not (keys <= table.fields and table.required <= keys):
        return cls.model_construct(**values)
    else:
        data = {**table.template, **values}  # keys keep the template's (field) order
        for name, factory in table.factories.items():
            if name not in values:
                data[name] = factory()
    m = cls.__new__(cls)
    _setattr(m, "__dict__", data)
    _setattr(m, "__pydantic_fields_set__", set(keys))
    _setattr(m, "__pydantic_extra__", None)
    _setattr(m, "__pydantic_private__", None)
    return m
