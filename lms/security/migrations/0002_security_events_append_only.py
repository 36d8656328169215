"""On PostgreSQL the database itself refuses to change a security event (rows are only added,
and removed by the retention purge; removing an account only clears the event's link to it);
the model refuses on every database."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION lms_security_event_immutable() RETURNS trigger AS $$
BEGIN
    -- Removing an account clears its link (ON DELETE SET NULL); the names it had stay.
    IF NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.created_at = OLD.created_at
       AND NEW.actor_name = OLD.actor_name AND NEW.subject_name = OLD.subject_name
       AND NEW.address IS NOT DISTINCT FROM OLD.address AND NEW.user_agent = OLD.user_agent
       AND NEW.channel = OLD.channel AND NEW.summary = OLD.summary AND NEW.detail = OLD.detail
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.subject_id IS NULL OR NEW.subject_id = OLD.subject_id) THEN
        RETURN NEW;
    END IF;
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
