"""Database lookups that hold against hostile input: `in` on an integer column ignores the numbers the database
cannot store (a form's "9999999999999999999999" finds nothing instead of crashing the query).

Django already does so for `exact` and the comparisons (IntegerFieldOverflow), but not for `in`, which
ModelMultipleChoiceField uses to check the ids a form sends back. And `among`, for long lists of ids the server
itself read (below).
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, IntegerField, Lookup
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not self.rhs:
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class AmongIds(Lookup):
    """`column__among=[ids]`: the rows whose column is one of a list of ids, sent as one array on PostgreSQL.

    `in` sends each id as a parameter of its own: the person search hands its ranking query up to a thousand
    matches, and binding them one by one cost more CPU than the query (300 ids: 1.6 ms against 0.17 ms as one
    array, `= ANY('{…}'::bigint[])`, the same index scan). Other databases get `IN (…)`. The ids must be whole
    numbers (a value that is not is refused with ValueError): the lookup is for ids the server read, not typed ones.
    """

    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            array = "{" + ",".join(str(value) for value in self.rhs) + "}"
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, array]
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*lhs_params, *self.rhs]


IntegerField.register_lookup(AmongIds)
ForeignKey.register_lookup(AmongIds)
