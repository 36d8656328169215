"""On PostgreSQL the database itself refuses to change a security event (rows are only added,
and removed by the retention purge); the model refuses on every database."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION lms_security_event_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'security events cannot be changed';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS lms_security_event_no_update ON lms_security_securityevent;
CREATE TRIGGER lms_security_event_no_update BEFORE UPDATE ON lms_security_securityevent
    FOR EACH ROW EXECUTE FUNCTION lms_security_event_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS lms_security_event_no_update ON lms_security_securityevent;
DROP FUNCTION IF EXISTS lms_security_event_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("lms_security", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
