"""Database lookups that hold against hostile input: `in` on an integer column ignores the numbers the database
cannot store (a form's "9999999999999999999999" finds nothing instead of crashing the query).

Django already does so for `exact` and the comparisons (IntegerFieldOverflow), but not for `in`, which
ModelMultipleChoiceField uses to check the ids a form sends back.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
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
