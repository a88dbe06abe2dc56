-- H2 compares strings by code point: a plain index serves LIKE 'PREFIX%'.
CREATE INDEX rp_patient_name_search ON rp_patient (name_search);
CREATE INDEX rp_patient_patient_id ON rp_patient (patient_id);
