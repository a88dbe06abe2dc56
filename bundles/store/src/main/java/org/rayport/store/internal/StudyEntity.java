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
}
