package org.rayport.dicomweb.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

/**
 * The query parameters of a QIDO-RS request (PS3.18 10.6.1.2), checked: matching keys given by keyword or by tag
 * ({@code PatientName} or {@code 00100010}), {@code limit}, {@code offset}, {@code includefield},
 * {@code fuzzymatching}. An unknown key, a key that does not match at the request's level, or a malformed value is a
 * {@link DicomWebException} 400 naming the key.
 *
 * <p>Matching, as the index can answer it: PatientName is a case-insensitive prefix of the name (parts separated by
 * '^' or spaces), so an optional trailing '*' changes nothing and a wildcard elsewhere is refused; PatientID and
 * AccessionNumber match exactly; StudyDate is a date or a range {@code from-to} (either end open); Modality /
 * ModalitiesInStudy one modality; UIDs are lists separated by ',' or '\'. {@code includefield} is checked but changes
 * nothing: every attribute Rayport indexes is always returned.
 *
 * @param limit   1 to {@link StudyQuery#MAX_LIMIT}; a larger limit is lowered to it and {@code limitLowered} says so
 */
public record QidoQuery(Level level, String patientName, String patientId, String accessionNumber,
                        LocalDate studyDateFrom, LocalDate studyDateTo, String modality, Set<String> studyUids,
                        Set<String> seriesUids, Set<String> sopInstanceUids, Set<String> sopClassUids, int limit,
                        int offset, boolean limitLowered, boolean fuzzyMatchingRequested) {

    public static final int DEFAULT_LIMIT = 100;

    /** The level a query searches, which decides the matching keys it takes. */
    public enum Level {
        STUDY(Set.of(Tags.PATIENT_NAME, Tags.PATIENT_ID, Tags.ACCESSION_NUMBER, Tags.STUDY_DATE,
                Tag.of(0x0008, 0x0061), Tags.MODALITY, Tags.STUDY_INSTANCE_UID)),
        SERIES(Set.of(Tags.MODALITY, Tags.SERIES_INSTANCE_UID)),
        INSTANCE(Set.of(Tags.MODALITY, Tags.SERIES_INSTANCE_UID, Tags.SOP_INSTANCE_UID, Tags.SOP_CLASS_UID));

        private final Set<Tag> matchingKeys;

        Level(Set<Tag> matchingKeys) {
            this.matchingKeys = matchingKeys;
        }
    }

    private static final Tag MODALITIES_IN_STUDY = Tag.of(0x0008, 0x0061);
    private static final Pattern HEX_TAG = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Pattern DATE_RANGE = Pattern.compile("(\\d{8})?(-(\\d{8})?)?");
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern MODALITY = Pattern.compile("[A-Z0-9_ ]{1,16}");
    private static final int MAX_TEXT = 64;

    public QidoQuery {
        studyUids = Set.copyOf(studyUids);
        seriesUids = Set.copyOf(seriesUids);
        sopInstanceUids = Set.copyOf(sopInstanceUids);
        sopClassUids = Set.copyOf(sopClassUids);
    }

    /**
     * Checks and reads the query parameters of a request at {@code level}.
     *
     * @throws DicomWebException 400 naming the first key that is unknown, not a matching key at this level, or has
     *                           a malformed value
     */
    public static QidoQuery parse(Level level, Map<String, List<String>> parameters) {
        String patientName = null;
        String patientId = null;
        String accession = null;
        LocalDate from = null;
        LocalDate to = null;
        String modality = null;
        Set<String> studyUids = new LinkedHashSet<>();
        Set<String> seriesUids = new LinkedHashSet<>();
        Set<String> sopInstanceUids = new LinkedHashSet<>();
        Set<String> sopClassUids = new LinkedHashSet<>();
        int limit = DEFAULT_LIMIT;
        int offset = 0;
        boolean lowered = false;
        boolean fuzzy = false;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            List<String> values = parameter.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "limit" -> {
                    limit = integer(key, single(key, values), 1);
                    if (limit > StudyQuery.MAX_LIMIT) {
                        limit = StudyQuery.MAX_LIMIT;
                        lowered = true;
                    }
                    continue;
                }
                case "offset" -> {
                    offset = integer(key, single(key, values), 0);
                    continue;
                }
                case "includefield" -> {
                    for (String value : values) {
                        for (String field : value.split(",")) {
                            if (!field.strip().equalsIgnoreCase("all")) {
                                attributeKey("includefield", field.strip());
                            }
                        }
                    }
                    continue;
                }
                case "fuzzymatching" -> {
                    String value = single(key, values).strip().toLowerCase(Locale.ROOT);
                    if (!value.equals("true") && !value.equals("false")) {
                        throw DicomWebException.badRequest(key, "fuzzymatching must be true or false, not '"
                                + value + "'");
                    }
                    fuzzy = value.equals("true");
                    continue;
                }
                default -> {
                    // a matching key, below
                }
            }
            Tag tag = attributeKey(key, key);
            if (!level.matchingKeys.contains(tag)) {
                throw DicomWebException.badRequest(key, "'" + key + "' is not a matching key of a "
                        + level.name().toLowerCase(Locale.ROOT) + "-level search here; Rayport matches on "
                        + keywords(level));
            }
            String value = single(key, values).strip();
            if (value.isEmpty() || value.equals("*")) {
                continue;   // universal matching
            }
            if (tag.equals(Tags.PATIENT_NAME)) {
                patientName = patientName(key, value);
            } else if (tag.equals(Tags.PATIENT_ID)) {
                patientId = exactText(key, value);
            } else if (tag.equals(Tags.ACCESSION_NUMBER)) {
                accession = exactText(key, value);
            } else if (tag.equals(Tags.STUDY_DATE)) {
                LocalDate[] range = dateRange(key, value);
                from = range[0];
                to = range[1];
            } else if (tag.equals(Tags.MODALITY) || tag.equals(MODALITIES_IN_STUDY)) {
                if (!MODALITY.matcher(value).matches()) {
                    throw DicomWebException.badRequest(key, key + " must be one modality such as CT (upper-case"
                            + " letters and digits, at most 16), not '" + value + "'");
                }
                modality = value;
            } else if (tag.equals(Tags.STUDY_INSTANCE_UID)) {
                studyUids.addAll(uids(key, value));
            } else if (tag.equals(Tags.SERIES_INSTANCE_UID)) {
                seriesUids.addAll(uids(key, value));
            } else if (tag.equals(Tags.SOP_INSTANCE_UID)) {
                sopInstanceUids.addAll(uids(key, value));
            } else if (tag.equals(Tags.SOP_CLASS_UID)) {
                sopClassUids.addAll(uids(key, value));
            }
        }
        return new QidoQuery(level, patientName, patientId, accession, from, to, modality, studyUids, seriesUids,
                sopInstanceUids, sopClassUids, limit, offset, lowered, fuzzy);
    }

    /** The index query of a study-level search (without UIDs, which the index looks up one by one). */
    public StudyQuery toStudyQuery(Set<String> pools) {
        return StudyQuery.inPools(pools).withPatientName(patientName).withPatientId(patientId)
                .withAccessionNumber(accessionNumber).withStudyDates(studyDateFrom, studyDateTo)
                .withModality(modality).page(offset, limit);
    }

    /**
     * Whether a study found by its UID meets the other criteria, as the index would decide them (used when the
     * query names StudyInstanceUIDs, which the index does not search by).
     */
    public boolean matches(StudyRecord study) {
        if (patientName != null && !searchForm(study.patient().name()).startsWith(searchPrefix(patientName))) {
            return false;
        }
        if (patientId != null && !patientId.equals(study.patient().patientId())) {
            return false;
        }
        if (accessionNumber != null && !accessionNumber.equals(study.accessionNumber())) {
            return false;
        }
        if (studyDateFrom != null || studyDateTo != null) {
            LocalDate date = study.studyDate();
            if (date == null || (studyDateFrom != null && date.isBefore(studyDateFrom))
                    || (studyDateTo != null && date.isAfter(studyDateTo))) {
                return false;
            }
        }
        return modality == null || study.modalitiesInStudy().contains(modality);
    }

    private static String searchForm(String name) {
        String alphabetic = name == null ? "" : name.split("=", -1)[0];
        return alphabetic.replace('^', ' ').replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
    }

    private static String searchPrefix(String typed) {
        String form = searchForm(typed);
        boolean separatorLast = typed.endsWith("^") || Character.isWhitespace(typed.charAt(typed.length() - 1));
        return separatorLast && !form.isEmpty() ? form + " " : form;
    }

    private static String keywords(Level level) {
        return level.matchingKeys.stream().map(t -> Dictionary.standard().keywordOf(t)).sorted().toList().toString();
    }

    /** A keyword or an 8-digit hex tag; a nested path or an unknown keyword is refused. */
    static Tag attributeKey(String parameter, String key) {
        if (HEX_TAG.matcher(key).matches()) {
            return Tag.parse(key);
        }
        if (key.contains(".")) {
            throw DicomWebException.badRequest(parameter, "'" + key + "': Rayport does not match on attributes"
                    + " inside sequences");
        }
        try {
            return Dictionary.standard().tagOf(key);
        } catch (IllegalArgumentException unknown) {
            throw DicomWebException.badRequest(parameter, "unknown query key '" + key + "': neither a DICOM keyword"
                    + " nor a tag of 8 hex digits");
        }
    }

    private static String single(String key, List<String> values) {
        if (values.size() != 1) {
            throw DicomWebException.badRequest(key, "'" + key + "' is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    private static int integer(String key, String value, int min) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DicomWebException.badRequest(key, key + " must be an integer of at least " + min + ", not '" + value
                + "'");
    }

    private static String patientName(String key, String value) {
        String prefix = value.endsWith("*") ? value.substring(0, value.length() - 1) : value;
        if (prefix.contains("*") || prefix.contains("?")) {
            throw DicomWebException.badRequest(key, key + " '" + value + "': Rayport matches names by prefix, so only"
                    + " a trailing '*' is understood");
        }
        if (prefix.length() > MAX_TEXT * 5 || prefix.chars().anyMatch(Character::isISOControl)) {
            throw DicomWebException.badRequest(key, key + " is too long or holds control characters");
        }
        return prefix.isEmpty() ? null : prefix;
    }

    private static String exactText(String key, String value) {
        if (value.contains("*") || value.contains("?")) {
            throw DicomWebException.badRequest(key, key + " '" + value + "': wildcards are not supported for this"
                    + " key; give the exact value");
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw DicomWebException.badRequest(key, key + " must be at most " + MAX_TEXT + " characters without"
                    + " control characters");
        }
        return value;
    }

    private static LocalDate[] dateRange(String key, String value) {
        Matcher m = DATE_RANGE.matcher(value);
        if (!m.matches() || value.equals("-")) {
            throw DicomWebException.badRequest(key, key + " must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end"
                    + " may be left out), not '" + value + "'");
        }
        LocalDate from = date(key, m.group(1));
        LocalDate to = m.group(2) == null ? from : date(key, m.group(3));
        if (from != null && to != null && to.isBefore(from)) {
            throw DicomWebException.badRequest(key, key + " '" + value + "' ends before it starts");
        }
        return new LocalDate[] {from, to};
    }

    private static LocalDate date(String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw DicomWebException.badRequest(key, key + ": '" + text + "' is not a valid date");
        }
    }

    private static Set<String> uids(String key, String value) {
        Set<String> uids = new LinkedHashSet<>();
        for (String uid : value.split("[,\\\\]")) {
            String trimmed = uid.strip();
            if (trimmed.length() > 64 || !UID.matcher(trimmed).matches()) {
                throw DicomWebException.badRequest(key, key + ": '" + trimmed + "' is not a UID (digits and dots, at"
                        + " most 64 characters)");
            }
            uids.add(trimmed);
        }
        return uids;
    }
}
