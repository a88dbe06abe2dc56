package org.rayport.pools;

import java.time.LocalDate;

/**
 * A study search on a PACS. Criteria left null or blank do not filter.
 *
 * @param patientName         as DICOM matches it: '*' and '?' are wildcards ("DOE*"); '^' separates name parts
 * @param studyDateFrom       inclusive; with {@code studyDateTo} null, open-ended
 * @param modality            one modality of the study, e.g. CT (ModalitiesInStudy)
 * @param caseSensitivePacs   for a PACS that matches names case-sensitively: the name is sent as typed and
 *                            upper-cased, and the answers are merged
 * @param limit               answers taken at most (1 to 1000); the search is cancelled after that many
 */
public record PacsQuery(String patientName, String patientId, String accessionNumber, LocalDate studyDateFrom,
                        LocalDate studyDateTo, String modality, boolean caseSensitivePacs, int limit) {

    public static final int MAX_LIMIT = 1000;

    public PacsQuery {
        patientName = blankToNull(patientName);
        patientId = blankToNull(patientId);
        accessionNumber = blankToNull(accessionNumber);
        modality = blankToNull(modality);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        if (studyDateFrom != null && studyDateTo != null && studyDateTo.isBefore(studyDateFrom)) {
            throw new IllegalArgumentException("studyDateTo " + studyDateTo + " is before studyDateFrom "
                    + studyDateFrom);
        }
        for (String value : new String[] {patientName, patientId, accessionNumber, modality}) {
            if (value != null && value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("Search values cannot contain a backslash: '" + value + "'");
            }
        }
    }

    /** Every study, first 100. */
    public static PacsQuery all() {
        return new PacsQuery(null, null, null, null, null, null, false, 100);
    }

    public PacsQuery withPatientName(String value) {
        return new PacsQuery(value, patientId, accessionNumber, studyDateFrom, studyDateTo, modality,
                caseSensitivePacs, limit);
    }

    public PacsQuery withPatientId(String value) {
        return new PacsQuery(patientName, value, accessionNumber, studyDateFrom, studyDateTo, modality,
                caseSensitivePacs, limit);
    }

    public PacsQuery withAccessionNumber(String value) {
        return new PacsQuery(patientName, patientId, value, studyDateFrom, studyDateTo, modality, caseSensitivePacs,
                limit);
    }

    public PacsQuery withStudyDates(LocalDate from, LocalDate to) {
        return new PacsQuery(patientName, patientId, accessionNumber, from, to, modality, caseSensitivePacs, limit);
    }

    public PacsQuery withModality(String value) {
        return new PacsQuery(patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, value,
                caseSensitivePacs, limit);
    }

    public PacsQuery withCaseSensitivePacs(boolean value) {
        return new PacsQuery(patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, modality, value,
                limit);
    }

    public PacsQuery withLimit(int value) {
        return new PacsQuery(patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, modality,
                caseSensitivePacs, value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
