package org.rayport.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The index of what the {@link InstanceStore} holds: patients, studies, series and instances per pool. A study that
 * arrived in two pools is two records, one per pool; callers pass the pools a user may see. Every method reads
 * committed data: an instance is in the index exactly when its file is stored.
 */
public interface DatasetIndex {

    Page<StudyRecord> searchStudies(StudyQuery query);

    Optional<StudyRecord> study(String poolId, String studyInstanceUid);

    /** Series of a study, by series number (those without one last), then UID. */
    List<SeriesRecord> series(String poolId, String studyInstanceUid);

    /** Instances of a series, by instance number (those without one last), then UID. */
    List<StoredInstance> instances(String poolId, String seriesInstanceUid);

    /**
     * The first of {@link #instances}, read alone (store API 1.3): a download can begin with it before the whole series
     * is listed.
     */
    default Optional<StoredInstance> firstInstance(String poolId, String seriesInstanceUid) {
        return instances(poolId, seriesInstanceUid).stream().findFirst();
    }

    /** Counts of every pool that holds anything, by pool id. */
    Map<String, PoolCounts> countsPerPool();
}
