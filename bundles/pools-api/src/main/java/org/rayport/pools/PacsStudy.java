package org.rayport.pools;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A study as the PACS describes it in a C-FIND answer. Text the PACS left out is empty; dates, times and counts it
 * left out (or sent unreadable) are null.
 *
 * @param patientName DICOM form, e.g. {@code Doe^Jane}
 */
public record PacsStudy(String studyInstanceUid, String patientName, String patientId, LocalDate patientBirthDate,
                        String patientSex, LocalDate studyDate, LocalTime studyTime, String accessionNumber,
                        String description, List<String> modalities, Integer seriesCount, Integer instanceCount) {

    public PacsStudy {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
    }
}
