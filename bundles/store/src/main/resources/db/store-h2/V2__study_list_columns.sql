-- What one page of the study list needs, on the study row itself, so that a page is one indexed query:
-- the patient's name in search form (name_key, a copy of rp_patient.name_search) and the study's modalities,
-- series and instance counts and size, kept up to date as instances are entered and removed.
-- Same columns in db/store-postgresql/V2__study_list_columns.sql; only the aggregation syntax differs.
ALTER TABLE rp_study ADD COLUMN name_key VARCHAR(330) DEFAULT '' NOT NULL;
-- ',CT,MR,': distinct modalities in code point order, each between commas (a modality is a CS value: no comma).
ALTER TABLE rp_study ADD COLUMN modalities VARCHAR(400) DEFAULT ',' NOT NULL;
ALTER TABLE rp_study ADD COLUMN series_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE rp_study ADD COLUMN instance_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE rp_study ADD COLUMN size_bytes BIGINT DEFAULT 0 NOT NULL;

UPDATE rp_study st SET name_key = (SELECT p.name_search FROM rp_patient p WHERE p.id = st.patient_ref);

UPDATE rp_study st SET modalities = COALESCE((SELECT ',' || LISTAGG(DISTINCT s.modality, ',')
        WITHIN GROUP (ORDER BY s.modality) || ',' FROM rp_series s WHERE s.study_ref = st.id AND s.modality <> ''), ',');

UPDATE rp_study st SET series_count = (SELECT COUNT(*) FROM rp_series s WHERE s.study_ref = st.id);

-- One grouped pass over the instances instead of a correlated sum per study.
MERGE INTO rp_study st USING (SELECT s.study_ref, COUNT(*) AS instances, SUM(i.size_bytes) AS bytes
        FROM rp_series s JOIN rp_instance i ON i.series_ref = s.id GROUP BY s.study_ref) c
    ON st.id = c.study_ref
    WHEN MATCHED THEN UPDATE SET instance_count = c.instances, size_bytes = c.bytes;

-- H2 compares strings by code point: a plain index serves LIKE 'PREFIX%' after the pool.
CREATE INDEX rp_study_pool_name ON rp_study (pool_id, name_key);
