package org.rayport.store.internal;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

/** References between index rows are plain ids, so that Hibernate needs no proxies of this bundle's classes. */
@Entity
@Table(name = "rp_patient")
public class PatientEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "pool_id", nullable = false, length = 64)
    String poolId;

    @Column(name = "patient_id", nullable = false, length = 64)
    String patientId;

    @Column(name = "name", nullable = false, length = 330)
    String name;

    @Column(name = "name_search", nullable = false, length = 330)
    String nameSearch;

    @Column(name = "birth_date")
    LocalDate birthDate;

    @Column(name = "sex", nullable = false, length = 16)
    String sex;
}
