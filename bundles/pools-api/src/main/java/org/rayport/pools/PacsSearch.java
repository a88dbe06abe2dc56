package org.rayport.pools;

import java.util.List;
import java.util.function.Consumer;

/**
 * Searching and retrieving from the PACS of one query/retrieve pool. Each query/retrieve pool registers one; the
 * service property {@value #POOL_ID} holds the pool's id, so a client picks a pool's service by the filter
 * {@code (id=<pool id>)} or by {@link #poolId()}.
 *
 * <p>Every call opens its own association to the PACS and is synchronous; run it on a thread that may wait. A
 * failure throws {@link PacsException} with the cause in plain words, and the pool's status shows it until a later
 * call succeeds.
 */
public interface PacsSearch {

    /** Service property holding the pool id. */
    String POOL_ID = "id";

    String poolId();

    /** Checks the PACS answers (C-ECHO) with the configured AE titles. */
    void echo();

    /** Studies matching the query (C-FIND, study root, STUDY level). */
    List<PacsStudy> findStudies(PacsQuery query);

    /** The series of a study (C-FIND, SERIES level). */
    List<PacsSeries> findSeries(String studyInstanceUid);

    /**
     * Retrieves a study, or one of its series, into the pool: by C-MOVE to the pool's own AE title, or, when the PACS
     * refuses the move (it does not know that AE title as a destination, or cannot reach it), by C-GET.
     *
     * @param seriesInstanceUid null for the whole study
     * @param progress told the counts after each instance, and once more at the end
     * @return the final counts; {@link RetrieveProgress#done()} is true
     */
    RetrieveProgress retrieve(String studyInstanceUid, String seriesInstanceUid, Consumer<RetrieveProgress> progress);
}
