package org.rayport.inbox.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

@Entity
@Table(name = "rp_inbox_entry")
@IdClass(InboxEntryEntity.Key.class)
public class InboxEntryEntity {

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String userId;
        String poolId;
        String studyUid;

        public Key() {
        }

        Key(String userId, String poolId, String studyUid) {
            this.userId = userId;
            this.poolId = poolId;
            this.studyUid = studyUid;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId) && Objects.equals(poolId, key.poolId)
                    && Objects.equals(studyUid, key.studyUid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, poolId, studyUid);
        }
    }

    @Id
    @Column(name = "user_id", length = 64)
    String userId;

    @Id
    @Column(name = "pool_id", length = 64)
    String poolId;

    @Id
    @Column(name = "study_uid", length = 64)
    String studyUid;

    @Column(name = "instance_count", nullable = false)
    int instanceCount;

    @Column(name = "first_arrival", nullable = false)
    Instant firstArrival;

    @Column(name = "last_arrival", nullable = false)
    Instant lastArrival;

    @Column(name = "seen", nullable = false)
    boolean seen;
}
