-- The sender's question: which pending entries are due. Sent entries pile up over the years; a partial index keeps
-- only the few pending ones.
CREATE INDEX rp_pacs_upload_due ON rp_pacs_upload (next_attempt_at) WHERE state = 'PENDING';
