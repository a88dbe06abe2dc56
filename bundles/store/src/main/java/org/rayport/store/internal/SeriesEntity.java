package org.rayport.store.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "rp_series")
public class SeriesEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "study_ref", nullable = false)
    Long studyRef;

    @Column(name = "pool_id", nullable = false, length = 64)
    String poolId;

    @Column(name = "series_uid", nullable = false, length = 64)
    String seriesUid;

    @Column(name = "modality", nullable = false, length = 16)
    String modality;

    @Column(name = "series_number")
    Integer seriesNumber;

    @Column(name = "description", nullable = false, length = 200)
    String description;

    @Column(name = "body_part", nullable = false, length = 64)
    String bodyPart;
}
