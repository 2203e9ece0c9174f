"""PostgreSQL: `audit_append(…)` links and inserts an entry in one statement, so that the chain's lock is held for
the time of one round trip instead of three (head, insert, commit) — concurrent readers queued behind each other's
network and scheduling delays before it.

The hash is the one chain.entry_hash computes: Python sends the canonical text of the entry without its position
(everything after `[<seq>,`), the function puts the position it gives in front and hashes the previous entry's hash,
a newline and that text, as UTF-8, with sha256. A read-only entry may ask (`relaxed`) for the commit not to wait
for the disk (chain.link_reads_without_waiting says what that risks).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE FUNCTION audit_append("
    "p_at timestamptz, p_actor_id bigint, p_action varchar, p_object_type varchar, p_object_id varchar, "
    "p_person_id bigint, p_scope_region_id bigint, p_scope_province_id bigint, p_changes jsonb, p_ip_address inet, "
    "p_canonical_rest text, p_relaxed boolean, "
    "OUT o_id bigint, OUT o_seq bigint, OUT o_prev_hash varchar, OUT o_hash varchar) "
    "LANGUAGE plpgsql VOLATILE AS $$ "
    "BEGIN "
    "IF p_relaxed THEN PERFORM set_config('synchronous_commit', 'off', true); END IF; "
    "SELECT h.seq, h.hash INTO o_seq, o_prev_hash FROM audit_chain_head() h; "
    "o_seq := COALESCE(o_seq, 0) + 1; "
    "o_prev_hash := COALESCE(o_prev_hash, repeat('0', 64)); "
    "o_hash := encode(sha256(convert_to(o_prev_hash || E'\\n' || '[' || o_seq::text || ',' || p_canonical_rest, "
    "'UTF8')), 'hex'); "
    "INSERT INTO audit_auditentry (at, actor_id, action, object_type, object_id, person_id, scope_region_id, "
    "scope_province_id, changes, ip_address, seq, prev_hash, hash) VALUES (p_at, p_actor_id, p_action, "
    "p_object_type, p_object_id, p_person_id, p_scope_region_id, p_scope_province_id, p_changes, p_ip_address, "
    "o_seq, o_prev_hash, o_hash) RETURNING id INTO o_id; "
    "END; $$;",
]
POSTGRES_REVERSE = ["DROP FUNCTION IF EXISTS audit_append(timestamptz, bigint, varchar, varchar, varchar, bigint, "
                    "bigint, bigint, jsonb, inet, text, boolean);"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_action_export")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_REVERSE))]
