package org.rayport.store;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * A search for studies. Criteria left null do not filter; all given criteria must match. Build with
 * {@link #inPools(Set)} and the {@code with...} methods:
 *
 * <pre>{@code
 * StudyQuery.inPools(Set.of("default", "er")).withPatientName("doe").withModality("CT")
 *         .withStudyDates(LocalDate.of(2024, 1, 1), null).sortedBy(StudyQuery.Sort.STUDY_DATE, true).page(0, 50);
 * }</pre>
 *
 * @param pools           the pools the caller may see; an empty set finds nothing
 * @param patientName     prefix of the patient name, case-insensitive; '^' and spaces both separate name parts,
 *                        so "doe jane" and "DOE^J" find {@code Doe^Jane}; a trailing separator ends the part:
 *                        "doe^" finds {@code Doe^Jane}, not {@code Doering^Al}
 * @param patientId       exact PatientID
 * @param accessionNumber exact AccessionNumber
 * @param studyDateFrom   inclusive; studies without a date do not match a date range
 * @param studyDateTo     inclusive
 * @param modality        exact modality of at least one series (ModalitiesInStudy contains it)
 * @param offset          rows skipped, for paging
 * @param limit           rows returned at most (1 to 1000)
 * @param countTotal      whether {@link Page#total()} is counted (the default); {@link #withoutTotal()} leaves the
 *                        count out, and the page's total is then {@link Page#TOTAL_NOT_COUNTED}
 */
public record StudyQuery(Set<String> pools, String patientName, String patientId, String accessionNumber,
                         LocalDate studyDateFrom, LocalDate studyDateTo, String modality, Sort sort,
                         boolean descending, int offset, int limit, boolean countTotal) {

    public static final int MAX_LIMIT = 1000;

    /** Orders of a study list; ties are broken by the study's internal id, so pages are stable. */
    public enum Sort { STUDY_DATE, PATIENT_NAME, PATIENT_ID, ACCESSION_NUMBER, LAST_RECEIVED }

    public StudyQuery {
        pools = Set.copyOf(pools);
        Objects.requireNonNull(sort, "sort");
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1.." + MAX_LIMIT + ", not " + offset
                    + "/" + limit);
        }
    }

    /** The query as it was before {@code countTotal} existed: the total is counted. */
    public StudyQuery(Set<String> pools, String patientName, String patientId, String accessionNumber,
                      LocalDate studyDateFrom, LocalDate studyDateTo, String modality, Sort sort, boolean descending,
                      int offset, int limit) {
        this(pools, patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, modality, sort, descending,
                offset, limit, true);
    }

    /** Every study of the pools, newest study date first, first 100. */
    public static StudyQuery inPools(Set<String> pools) {
        return new StudyQuery(pools, null, null, null, null, null, null, Sort.STUDY_DATE, true, 0, 100);
    }

    /** The same query without counting every match: for callers that only page forward. */
    public StudyQuery withoutTotal() {
        return new StudyQuery(pools, patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, modality,
                sort, descending, offset, limit, false);
    }

    public StudyQuery withPatientName(String prefix) {
        return new StudyQuery(pools, prefix, patientId, accessionNumber, studyDateFrom, studyDateTo, modality, sort,
                descending, offset, limit, countTotal);
    }

    public StudyQuery withPatientId(String id) {
        return new StudyQuery(pools, patientName, id, accessionNumber, studyDateFrom, studyDateTo, modality, sort,
                descending, offset, limit, countTotal);
    }

    public StudyQuery withAccessionNumber(String accession) {
        return new StudyQuery(pools, patientName, patientId, accession, studyDateFrom, studyDateTo, modality, sort,
                descending, offset, limit, countTotal);
    }

    public StudyQuery withStudyDates(LocalDate from, LocalDate to) {
        return new StudyQuery(pools, patientName, patientId, accessionNumber, from, to, modality, sort, descending,
                offset, limit, countTotal);
    }

    public StudyQuery withModality(String value) {
        return new StudyQuery(pools, patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, value, sort,
                descending, offset, limit, countTotal);
    }

    public StudyQuery sortedBy(Sort order, boolean descendingOrder) {
        return new StudyQuery(pools, patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, modality,
                order, descendingOrder, offset, limit, countTotal);
    }

    public StudyQuery page(int pageOffset, int pageLimit) {
        return new StudyQuery(pools, patientName, patientId, accessionNumber, studyDateFrom, studyDateTo, modality,
                sort, descending, pageOffset, pageLimit, countTotal);
    }
}
