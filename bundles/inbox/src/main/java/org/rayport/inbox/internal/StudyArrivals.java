package org.rayport.inbox.internal;

import java.time.Instant;

/** Instances of one study of one pool that arrived since the last flush. */
record StudyArrivals(String poolId, String studyUid, int instances, Instant first, Instant last) {

    StudyArrivals plus(StudyArrivals more) {
        return new StudyArrivals(poolId, studyUid, instances + more.instances,
                first.isBefore(more.first) ? first : more.first, last.isAfter(more.last) ? last : more.last);
    }
}
