-- Under a non-C collation PostgreSQL uses a btree index for LIKE 'PREFIX%' only with the pattern operator class.
CREATE INDEX rp_patient_name_search ON rp_patient (name_search varchar_pattern_ops);
CREATE INDEX rp_patient_patient_id ON rp_patient (patient_id);
