-- What one page of the study list needs, on the study row itself, so that a page is one indexed query:
-- the patient's name in search form (name_key, a copy of rp_patient.name_search) and the study's modalities,
-- series and instance counts and size, kept up to date as instances are entered and removed.
-- Same columns in db/store-h2/V2__study_list_columns.sql; only the aggregation syntax differs.
ALTER TABLE rp_study ADD COLUMN name_key VARCHAR(330) DEFAULT '' NOT NULL;
-- ',CT,MR,': distinct modalities in code point order, each between commas (a modality is a CS value: no comma).
ALTER TABLE rp_study ADD COLUMN modalities VARCHAR(400) DEFAULT ',' NOT NULL;
ALTER TABLE rp_study ADD COLUMN series_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE rp_study ADD COLUMN instance_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE rp_study ADD COLUMN size_bytes BIGINT DEFAULT 0 NOT NULL;

UPDATE rp_study st SET name_key = p.name_search FROM rp_patient p WHERE p.id = st.patient_ref;

UPDATE rp_study st SET modalities = m.list FROM (
        SELECT d.study_ref, ',' || string_agg(d.modality, ',' ORDER BY d.modality COLLATE "C") || ',' AS list
        FROM (SELECT DISTINCT study_ref, modality FROM rp_series WHERE modality <> '') d GROUP BY d.study_ref) m
    WHERE st.id = m.study_ref;

UPDATE rp_study st SET series_count = c.n FROM (
        SELECT study_ref, COUNT(*) AS n FROM rp_series GROUP BY study_ref) c
    WHERE st.id = c.study_ref;

UPDATE rp_study st SET instance_count = c.instances, size_bytes = c.bytes FROM (
        SELECT s.study_ref, COUNT(*) AS instances, SUM(i.size_bytes) AS bytes
        FROM rp_series s JOIN rp_instance i ON i.series_ref = s.id GROUP BY s.study_ref) c
    WHERE st.id = c.study_ref;

-- Under a non-C collation PostgreSQL uses a btree index for LIKE 'PREFIX%' only with the pattern operator class.
CREATE INDEX rp_study_pool_name ON rp_study (pool_id, name_key varchar_pattern_ops);
