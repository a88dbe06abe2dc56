package org.rayport.store;

/**
 * A series of one pool.
 *
 * @param seriesNumber null when absent
 */
public record SeriesRecord(String poolId, String studyInstanceUid, String seriesInstanceUid, String modality,
                           Integer seriesNumber, String description, String bodyPart, int instanceCount,
                           long sizeBytes) {
}
