package org.rayport.store.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "rp_instance")
public class InstanceEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "series_ref", nullable = false)
    Long seriesRef;

    @Column(name = "pool_id", nullable = false, length = 64)
    String poolId;

    @Column(name = "sop_uid", nullable = false, length = 64)
    String sopUid;

    @Column(name = "sop_class_uid", nullable = false, length = 64)
    String sopClassUid;

    @Column(name = "instance_number")
    Integer instanceNumber;

    @Column(name = "transfer_syntax", nullable = false, length = 64)
    String transferSyntax;

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    @Column(name = "stored_bytes", nullable = false)
    long storedBytes;

    @Column(name = "received_at", nullable = false)
    Instant receivedAt;

    /** Absolute, so that changing a pool's storage path later does not lose the files already stored. */
    @Column(name = "file_path", nullable = false, length = 1024)
    String filePath;
}
