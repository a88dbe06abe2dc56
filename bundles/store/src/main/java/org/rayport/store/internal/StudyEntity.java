package org.rayport.store.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "rp_study")
public class StudyEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "patient_ref", nullable = false)
    Long patientRef;

    @Column(name = "pool_id", nullable = false, length = 64)
    String poolId;

    @Column(name = "study_uid", nullable = false, length = 64)
    String studyUid;

    @Column(name = "study_date")
    LocalDate studyDate;

    @Column(name = "study_time")
    LocalTime studyTime;

    @Column(name = "description", nullable = false, length = 200)
    String description;

    @Column(name = "accession_number", nullable = false, length = 64)
    String accessionNumber;

    @Column(name = "referring_physician", nullable = false, length = 330)
    String referringPhysician;

    @Column(name = "study_id", nullable = false, length = 64)
    String studyId;

    @Column(name = "last_received_at", nullable = false)
    Instant lastReceivedAt;

    // What the study list shows, kept here so that a page is one query (V2): see JpaIndex.

    /** The patient's name in search form, a copy of {@link PatientEntity#nameSearch}. */
    @Column(name = "name_key", nullable = false, length = 330)
    String nameKey = "";

    /** Distinct modalities of the series in code point order, each between commas: {@code ",CT,MR,"}. */
    @Column(name = "modalities", nullable = false, length = 400)
    String modalities = ",";

    @Column(name = "series_count", nullable = false)
    int seriesCount;

    @Column(name = "instance_count", nullable = false)
    int instanceCount;

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;
}
