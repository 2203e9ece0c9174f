"""Django's SQLite backend, except that a flush (tests, `manage.py flush`) may empty the audit log.

SQLite has no TRUNCATE: Django flushes with DELETE, which the audit log's triggers refuse. A flush empties
every table at once, like PostgreSQL's TRUNCATE that row triggers do not see either, so it lifts the audit
table's triggers for its own transaction and puts them back exactly as they were. Any other DELETE or
UPDATE of an entry is still refused by the database.
"""

from django.db import transaction
from django.db.backends.sqlite3 import base, operations

AUDIT_TABLE = "audit_auditentry"


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list):
        if not any(AUDIT_TABLE in sql for sql in sql_list):
            return super().execute_sql_flush(sql_list)
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [AUDIT_TABLE]
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            for sql in sql_list:
                cursor.execute(sql)
            for _name, sql in triggers:
                cursor.execute(sql)
        return None


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
