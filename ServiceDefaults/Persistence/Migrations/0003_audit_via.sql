-- Who acted for the record's actor (a token's RFC 8693 "act" claim, e.g. the training runner acting for a data
-- scientist); null when the actor acted directly. Hashed only when present, so older records verify unchanged.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS via text;
