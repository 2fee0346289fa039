"""Querysets compiled to SQL once per process, then run again with other values.

Turning a queryset into SQL costs more than running it on the small lookups every member's
request makes (the session, the member and their groups, the versions, their acknowledgements):
0.3 to 0.8 ms of Python for each against under 0.1 ms in the database on this project's
benchmark machine. A `Prepared` query is written with the ORM like any other; the first call
compiles it with marker values standing for its parameters, and every later call runs the same
SQL with the real values and converts the rows as the ORM would.

Parameters are integers and strings used as plain values (exact lookups, `__in` with a fixed
number of values per arity); a marker the ORM would transform (`__contains`, a date) is refused
when the query is compiled, so a mistake shows in the first test that runs it.
"""

from django.db import connections

_INT_MARKER = -7_361_402_917  # less the parameter's position: never a real id
_STR_MARKER = "\x00prepared-parameter-{}\x00"


def _marker(position, value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"Prepared queries take integers and strings, not {type(value).__name__}")
    return _INT_MARKER - position if isinstance(value, int) else _STR_MARKER.format(position)


class Prepared:
    """`Prepared(build)`: calling it with values runs `build(*values)` (a values_list queryset)
    and returns its rows as tuples, compiling the SQL only the first time for each database,
    number of values and their types."""

    def __init__(self, build, using="default"):
        self.build = build
        self.using = using
        self._compiled = {}

    def __call__(self, *values):
        connection = connections[self.using]
        shape = (connection.vendor, tuple(type(value) for value in values))
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compiled[shape] = self._compile(values)
        sql, template, slots, converters = compiled
        params = list(template)
        for index, position in slots:
            params[index] = values[position]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        return [self._convert(row, converters, connection) for row in rows]

    @staticmethod
    def _convert(row, converters, connection):
        row = list(row)
        for position, (functions, expression) in converters.items():
            for function in functions:
                row[position] = function(row[position], expression, connection)
        return tuple(row)

    def _compile(self, values):
        markers = [_marker(position, value) for position, value in enumerate(values)]
        queryset = self.build(*markers)
        query = queryset.query
        compiler = query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        # The columns as the SQL gives them must be those the values_list asked for, in order.
        if query.extra_select or [*query.values_select, *query.annotation_select] != list(
            queryset._fields or ()
        ):
            raise ValueError("a Prepared query is a values_list, its annotations listed last")
        # (index in the SQL's parameters, position in the values) of each value.
        slots = [
            (index, markers.index(param)) for index, param in enumerate(params) if param in markers
        ]
        if sorted(position for _index, position in slots) != list(range(len(markers))):
            raise ValueError(f"each parameter must be used once as a plain value: {sql}")
        columns = [column for column, _sql, _alias in compiler.select]
        converters = compiler.get_converters(columns[: compiler.col_count])
        return sql, params, slots, converters
