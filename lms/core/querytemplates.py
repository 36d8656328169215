"""Query templates: a queryset compiled to SQL once per shape, then run with other values.

On the hottest lists (the catalogue is read on every page of the trainee's site) Django spends
several times longer *building* a queryset with subqueries than the database spends running it:
cloning, resolving expressions and compiling cost milliseconds, the SQL well under one. A
QueryTemplate builds the queryset once for each *shape* of request (which parameters are given,
and the length of lists), with a unique stand-in value for every parameter, and remembers the
compiled SQL and where each stand-in landed among its parameters. Later requests of that shape
run the same SQL with their own values, and the rows go through the very converters Django
would apply. The SQL is exactly what the ORM wrote, so the answer is the ORM's answer.

The builder's contract: parameter values only flow into the query (filters, subqueries), never
into Python decisions. A value of None, True or False is part of the shape (it may change which
filters exist), not a parameter. When a stand-in cannot be traced (Django inlined it into the
SQL text, or transformed it, e.g. `icontains` wraps it in %...%), the template refuses that
shape and the queryset is run through the ORM as usual.
"""

import itertools
import logging
import threading
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ValuesIterable

logger = logging.getLogger(__name__)

MAX_LIST_LENGTH = 100  # longer lists make too many shapes to keep: they go through the ORM
MAX_SHAPES = 256


class UnsupportedShape(Exception):
    """The queryset of this shape cannot be replayed with new values."""


def _shape(values):
    shape = []
    for name in sorted(values):
        value = values[name]
        if value is None or isinstance(value, bool):
            shape.append((name, value))
        elif isinstance(value, (list, tuple)):
            if len(value) > MAX_LIST_LENGTH or not all(type(v) is int for v in value):
                raise UnsupportedShape(f"{name}: only short lists of ints are parameters")
            shape.append((name, "list", len(value)))
        elif type(value) in (int, str, Decimal):
            shape.append((name, type(value).__name__))
        else:
            raise UnsupportedShape(f"{name}: {type(value).__name__} is not a parameter type")
    return tuple(shape)


def _base_type(value):
    """int, str or Decimal for a parameter of that kind (also a driver's subclass), else its
    own type; bool is not an int here."""
    kind = type(value)
    if kind is bool:
        return bool
    for base in (int, str, Decimal):
        if isinstance(value, base):
            return base
    return kind


class _StandIns:
    """Unique values of each parameter type, recognisable among a compiled query's params.

    Integers stay within 1..32767: Django turns a lookup whose value is outside the column's
    range (PositiveSmallIntegerField on PostgreSQL is the narrowest) into an empty result, and
    then there would be no SQL to replay. Two sets (`series` 0 and 1) give each parameter two
    different stand-ins with different strides, so neither a fixed parameter that happens to
    equal one nor a value the builder shifted (`year - 1`) onto a sibling's is taken for a
    parameter. Strings carry capitals and outer spaces, so a builder's .lower() or .strip() is
    seen as a transformation (the shape is refused) rather than silently replayed.
    """

    def __init__(self, series):
        self._numbers = itertools.count(1)
        self._series = series
        self.slots = {}  # (type, stand-in) -> (name, index in a list or None)

    def _next(self, kind, name, index):
        number = next(self._numbers)
        stride = (7, 13)[self._series]
        stand_in = {
            int: (32767, 30011)[self._series] - stride * number,
            str: f" \ue000Stand-In {self._series}.{number}\ue000 ",
            Decimal: Decimal(f"{(7000, 8000)[self._series] + stride * number}.5"),
        }[kind]
        self.slots[(kind, stand_in)] = (name, index)
        return stand_in

    def values_for(self, values):
        stand_ins = {}
        for name, value in values.items():
            if value is None or isinstance(value, bool):
                stand_ins[name] = value
            elif isinstance(value, (list, tuple)):
                stand_ins[name] = [self._next(int, name, i) for i in range(len(value))]
            else:
                stand_ins[name] = self._next(type(value), name, None)
        return stand_ins


class _Compiled:
    """The SQL of one shape, the params with stand-ins mapped to names, and the converters."""

    def __init__(self, queryset, stand_ins, connection):
        query = queryset.query
        if query.low_mark or query.high_mark is not None:
            raise UnsupportedShape("the builder must not slice; rows() takes limit and offset")
        if queryset._iterable_class is not ValuesIterable:
            raise UnsupportedShape("the builder must return a .values() queryset")
        if query.distinct or query.group_by is not None or query.combinator:
            # The count below counts the rows' primary keys, which is not what these count.
            raise UnsupportedShape("distinct, grouped and combined queries are not replayed")
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        self.sql = sql
        self.params, seen = self._trace(params, stand_ins, sql)
        # A stand-in missing from the params was transformed (icontains wraps it in %...%)
        # or inlined by the ORM: its value could not be swapped in later.
        if missing := sorted({name for name, _ in set(stand_ins.slots.values()) - seen}):
            raise UnsupportedShape(f"not found among the query's params: {missing}")
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        self._compiler = compiler
        self._converters = compiler.get_converters(fields)
        count_compiler = queryset.order_by().values("pk").query.get_compiler(connection=connection)
        count_sql, count_params = count_compiler.as_sql()
        self.count_sql = f"SELECT COUNT(*) FROM ({count_sql}) counted"
        # The count may drop parameters of unused annotations; what it keeps is traced.
        self.count_params = self._trace(count_params, stand_ins, count_sql)[0]

    @staticmethod
    def _trace(params, stand_ins, sql):
        traced, seen = [], set()
        for param in params:
            slot = stand_ins.slots.get((_base_type(param), param))
            if slot is None:
                traced.append(("fixed", param))
                continue
            # psycopg wraps ints as Int2/Int4/Int8 to choose the column's type: keep the wrapper.
            wrapper = type(param) if type(param) is not _base_type(param) else None
            traced.append(("value", (*slot, wrapper)))
            seen.add(slot)
        for (_kind, stand_in), slot in stand_ins.slots.items():
            if str(stand_in) in sql:
                raise UnsupportedShape(f"{slot[0]} was written into the SQL text")
        return traced, seen

    @staticmethod
    def bind(traced, values):
        params = []
        for kind, item in traced:
            if kind == "fixed":
                params.append(item)
            else:
                name, index, wrapper = item
                value = values[name] if index is None else values[name][index]
                params.append(value if wrapper is None else wrapper(value))
        return params

    def convert(self, rows):
        if self._converters:
            rows = self._compiler.apply_converters(rows, self._converters)
        return [dict(zip(self.names, row, strict=True)) for row in rows]


class _Nothing:
    """The compiled form of a shape that can match no row: no SQL runs."""


_NOTHING = _Nothing()


class QueryTemplate:
    """Run `build(**values)`, a `.values()` queryset, without building it for every request.

    `template.bind(**values)` gives something Django's (and DRF's) paginators take: `count()`
    and slicing each run one SQL statement. Shapes it cannot replay fall back to the queryset.
    """

    def __init__(self, build, *, using=DEFAULT_DB_ALIAS):
        self.build = build
        self.using = using
        self._local = threading.local()  # converters are bound to the thread's connection
        self._refused = set()

    def _compiled(self, shape, values):
        cache = getattr(self._local, "compiled", None)
        if cache is None:
            cache = self._local.compiled = {}
        if shape not in cache:
            if len(cache) >= MAX_SHAPES:
                cache.clear()
            connection = connections[self.using]
            compiled = []
            for series in (0, 1):
                stand_ins = _StandIns(series)
                queryset = self.build(**stand_ins.values_for(values))
                try:
                    compiled.append(_Compiled(queryset, stand_ins, connection))
                except EmptyResultSet:
                    # The shape matches nothing whatever the values (`pk__in=[]`).
                    compiled.append(_NOTHING)
            first, second = compiled
            if first is _NOTHING or second is _NOTHING:
                if first is not second:
                    raise UnsupportedShape("whether anything matches depends on the values")
                cache[shape] = _NOTHING
                return _NOTHING
            if (first.sql, first.params, first.count_sql, first.count_params) != (
                    second.sql, second.params, second.count_sql, second.count_params):
                raise UnsupportedShape("the SQL or the parameters' places depend on the values")
            cache[shape] = first
        return cache[shape]

    def bind(self, **values):
        """The rows of build(**values): a BoundTemplate, or the queryset itself when this shape
        cannot be replayed."""
        try:
            shape = _shape(values)
        except UnsupportedShape:
            return self.build(**values)
        if shape not in self._refused:
            try:
                return BoundTemplate(self, self._compiled(shape, values), values)
            except UnsupportedShape as why:
                self._refused.add(shape)
                logger.warning("query template %s runs through the ORM for %s: %s",
                               getattr(self.build, "__qualname__", self.build), shape, why)
        return self.build(**values)


class BoundTemplate:
    """A template with one request's values: `count()` and slices run SQL."""

    def __init__(self, template, compiled, values):
        self._template = template
        self._compiled = compiled
        self._values = values
        self._count = None

    def _execute(self, sql, params):
        with connections[self._template.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self):
        if self._compiled is _NOTHING:
            return 0
        if self._count is None:
            compiled = self._compiled
            params = compiled.bind(compiled.count_params, self._values)
            self._count = self._execute(compiled.count_sql, params)[0][0]
        return self._count

    def rows(self, *, limit=None, offset=0):
        compiled = self._compiled
        if compiled is _NOTHING:
            return []
        sql, params = compiled.sql, compiled.bind(compiled.params, self._values)
        if limit is not None or offset:
            # LIMIT -1 means "no limit" to SQLite; PostgreSQL takes LIMIT ALL. Both take this.
            sql = f"{sql} LIMIT %s OFFSET %s"
            params = [*params, limit if limit is not None else 2**62, offset]
        return compiled.convert(self._execute(sql, params))

    def __getitem__(self, item):
        """Only slices, as paginators take them: `bound[20:40]`."""
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("a query template's rows are taken by slices without a step")
        start = item.start or 0
        if start < 0 or (item.stop is not None and item.stop < 0):
            raise ValueError("negative indexing is not supported")
        limit = None if item.stop is None else max(item.stop - start, 0)
        return self.rows(limit=limit, offset=start)

    def __iter__(self):
        return iter(self.rows())
