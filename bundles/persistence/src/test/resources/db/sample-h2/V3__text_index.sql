CREATE INDEX sample_note_text ON sample_note (text);
