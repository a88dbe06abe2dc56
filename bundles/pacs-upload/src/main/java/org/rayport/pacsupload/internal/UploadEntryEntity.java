package org.rayport.pacsupload.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;

@Entity
@Table(name = "rp_pacs_upload")
public class UploadEntryEntity {

    static final int MAX_ERROR = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    Long id;

    @Column(name = "pool_id", nullable = false, length = 64)
    String poolId;

    @Column(name = "sop_instance_uid", nullable = false, length = 64)
    String sopInstanceUid;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    UploadState state;

    @Column(name = "submitted_at", nullable = false)
    Instant submittedAt;

    @Column(name = "queued_at", nullable = false)
    Instant queuedAt;

    @Column(name = "attempts", nullable = false)
    int attempts;

    @Column(name = "last_attempt_at")
    Instant lastAttemptAt;

    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;

    @Column(name = "sent_at")
    Instant sentAt;

    @Column(name = "last_error", length = MAX_ERROR)
    String lastError;

    void requeue(Instant now) {
        state = UploadState.PENDING;
        queuedAt = now;
        attempts = 0;
        nextAttemptAt = now;
        sentAt = null;
    }

    void failedAttempt(Instant now, String error, Instant nextAttempt) {
        attempts++;
        lastAttemptAt = now;
        lastError = clip(error);
        if (nextAttempt == null) {
            state = UploadState.FAILED;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = nextAttempt;
        }
    }

    void sent(Instant now) {
        attempts++;
        lastAttemptAt = now;
        state = UploadState.SENT;
        sentAt = now;
        nextAttemptAt = null;
    }

    static String clip(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 3) + "...";
    }

    UploadEntry toEntry() {
        return new UploadEntry(id, poolId, sopInstanceUid, state, submittedAt, queuedAt, attempts, lastAttemptAt,
                nextAttemptAt, sentAt, lastError);
    }
}
