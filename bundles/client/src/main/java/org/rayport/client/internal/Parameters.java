package org.rayport.client.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.rayport.store.StudyQuery;

/**
 * The query parameters of the client API, checked: every refusal is an {@link InvalidParameter} naming the parameter
 * and saying what it takes. Absent and empty parameters mean "not given".
 */
public final class Parameters {

    /** Studies per page when the client does not say. */
    public static final int DEFAULT_LIMIT = 100;

    /** Longer search texts than any DICOM value of the kind (PN groups 64, LO 64, SH 16). */
    static final int MAX_TEXT = 200;

    private static final Pattern MODALITY = Pattern.compile("[A-Z0-9_ ]{1,16}");

    private Parameters() {
    }

    /** A study search of the given pools. */
    public static StudyQuery studySearch(Set<String> pools, String patientName, String patientId,
                                         String accessionNumber, String from, String to, String modality, String sort,
                                         String order, String offset, String limit) {
        LocalDate fromDate = date("from", from);
        LocalDate toDate = date("to", to);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            throw new InvalidParameter("to", "to (" + toDate + ") is before from (" + fromDate + ")");
        }
        String modalityValue = given(modality) ? modality.strip().toUpperCase(Locale.ROOT) : null;
        if (modalityValue != null && !MODALITY.matcher(modalityValue).matches()) {
            throw new InvalidParameter("modality", "modality must be a DICOM modality code such as CT or MR (1 to 16"
                    + " letters, digits, '_'), not '" + modality + "'");
        }
        return StudyQuery.inPools(pools)
                .withPatientName(text("patientName", patientName))
                .withPatientId(text("patientId", patientId))
                .withAccessionNumber(text("accessionNumber", accessionNumber))
                .withStudyDates(fromDate, toDate)
                .withModality(modalityValue)
                .sortedBy(sort(sort), descending(order))
                .page(integer("offset", offset, 0, 0, Integer.MAX_VALUE),
                        integer("limit", limit, DEFAULT_LIMIT, 1, StudyQuery.MAX_LIMIT));
    }

    static StudyQuery.Sort sort(String value) {
        if (!given(value)) {
            return StudyQuery.Sort.STUDY_DATE;
        }
        switch (value.strip()) {
            case "studyDate":
                return StudyQuery.Sort.STUDY_DATE;
            case "patientName":
                return StudyQuery.Sort.PATIENT_NAME;
            case "patientId":
                return StudyQuery.Sort.PATIENT_ID;
            case "accessionNumber":
                return StudyQuery.Sort.ACCESSION_NUMBER;
            case "lastReceived":
                return StudyQuery.Sort.LAST_RECEIVED;
            default:
                throw new InvalidParameter("sort", "sort must be one of studyDate, patientName, patientId,"
                        + " accessionNumber, lastReceived, not '" + value + "'");
        }
    }

    /** Descending unless "asc": the newest studies first is what a list of studies shows by default. */
    static boolean descending(String order) {
        if (!given(order) || order.strip().equals("desc")) {
            return true;
        }
        if (order.strip().equals("asc")) {
            return false;
        }
        throw new InvalidParameter("order", "order must be asc or desc, not '" + order + "'");
    }

    /** YYYY-MM-DD, or null when not given. */
    public static LocalDate date(String name, String value) {
        if (!given(value)) {
            return null;
        }
        try {
            if (!value.strip().matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
            }
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, name + " must be a date as YYYY-MM-DD, not '" + value + "'");
        }
    }

    /** A whole number from {@code min} to {@code max}; {@code absent} when not given. */
    public static int integer(String name, String value, int absent, int min, int max) {
        if (!given(value)) {
            return absent;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name, name + " must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidParameter(name, name + " must be " + min + ".." + max + ", not " + parsed);
        }
        return (int) parsed;
    }

    /** A finite number, or NaN when not given. */
    public static double number(String name, String value) {
        if (!given(value)) {
            return Double.NaN;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidParameter(name, name + " must be a number, not '" + value + "'");
    }

    static String text(String name, String value) {
        if (!given(value)) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidParameter(name, name + " is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
