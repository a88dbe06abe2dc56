package org.rayport.pools;

/**
 * A series as the PACS describes it in a C-FIND answer; numbers it left out are null, text empty.
 */
public record PacsSeries(String studyInstanceUid, String seriesInstanceUid, String modality, Integer seriesNumber,
                         String description, String bodyPart, Integer instanceCount) {
}
