package org.rayport.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A study of one pool, with what lists of studies show.
 *
 * @param studyDate          null when absent or invalid; likewise {@code studyTime}
 * @param modalitiesInStudy  distinct modalities of its series, sorted
 * @param lastReceivedAt     when its newest instance arrived
 */
public record StudyRecord(String poolId, String studyInstanceUid, Patient patient, LocalDate studyDate,
                          LocalTime studyTime, String description, String accessionNumber, String referringPhysician,
                          String studyId, List<String> modalitiesInStudy, int seriesCount, int instanceCount,
                          long sizeBytes, Instant lastReceivedAt) {

    public StudyRecord {
        modalitiesInStudy = List.copyOf(modalitiesInStudy);
    }
}
