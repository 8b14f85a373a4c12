-- Replicas cache GET /api/models/{name} answers (ModelCache) and drop them on any notification on registry_events.
-- Every statement that changes a model row or its aliases notifies, whoever runs it: creates, edits, deletes,
-- version numbering, promotion policies, alias moves. The notification is delivered at commit, once per transaction.
CREATE FUNCTION notify_registry_model_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('registry_events', 'model-changed');
    RETURN NULL;
END;
$$;

CREATE TRIGGER registered_models_changed AFTER INSERT OR UPDATE OR DELETE ON registered_models
    FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_model_changed();

CREATE TRIGGER model_aliases_changed AFTER INSERT OR UPDATE OR DELETE ON model_aliases
    FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_model_changed();
