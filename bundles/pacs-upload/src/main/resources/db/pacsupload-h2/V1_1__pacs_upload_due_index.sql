-- The sender's question: which pending entries are due. H2 has no partial indexes.
CREATE INDEX rp_pacs_upload_due ON rp_pacs_upload (state, next_attempt_at);
