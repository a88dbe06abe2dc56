package org.rayport.store.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;

/** The attributes of one instance that the index keeps, read from its data set and cut to the column sizes. */
record IndexedAttributes(String patientId, String patientName, LocalDate birthDate, String sex, String studyUid,
                         LocalDate studyDate, LocalTime studyTime, String studyDescription, String accessionNumber,
                         String referringPhysician, String studyId, String seriesUid, String modality,
                         Integer seriesNumber, String seriesDescription, String bodyPart, String sopInstanceUid,
                         String sopClassUid, Integer instanceNumber) {

    private static final Tag STUDY_DESCRIPTION = Tag.named("StudyDescription");
    private static final Tag REFERRING_PHYSICIAN = Tag.named("ReferringPhysicianName");
    private static final Tag SERIES_DESCRIPTION = Tag.named("SeriesDescription");
    private static final Tag BODY_PART = Tag.named("BodyPartExamined");

    static IndexedAttributes of(Attributes ds) {
        return new IndexedAttributes(text(ds, Tags.PATIENT_ID, 64), text(ds, Tags.PATIENT_NAME, 330),
                date(ds, Tags.PATIENT_BIRTH_DATE), text(ds, Tags.PATIENT_SEX, 16),
                text(ds, Tags.STUDY_INSTANCE_UID, 64), date(ds, Tags.STUDY_DATE), time(ds, Tags.STUDY_TIME),
                text(ds, STUDY_DESCRIPTION, 200), text(ds, Tags.ACCESSION_NUMBER, 64),
                text(ds, REFERRING_PHYSICIAN, 330), text(ds, Tags.STUDY_ID, 64),
                text(ds, Tags.SERIES_INSTANCE_UID, 64), text(ds, Tags.MODALITY, 16), number(ds, Tags.SERIES_NUMBER),
                text(ds, SERIES_DESCRIPTION, 200), text(ds, BODY_PART, 64), text(ds, Tags.SOP_INSTANCE_UID, 64),
                text(ds, Tags.SOP_CLASS_UID, 64), number(ds, Tags.INSTANCE_NUMBER));
    }

    /**
     * The form the name prefix search compares: the alphabetic group of a person name, upper case, with '^' and runs
     * of spaces folded to one space, so that "doe jane", "DOE^JANE" and "Doe^Jane" are alike.
     */
    static String searchForm(String name) {
        String alphabetic = name.split("=", -1)[0];
        return alphabetic.replace('^', ' ').replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
    }

    /** The search form of what a user typed: a trailing separator stays, so "doe^" finds Doe^Jane but not Doering. */
    static String searchPrefix(String typed) {
        String form = searchForm(typed);
        boolean endsWithSeparator = !typed.isEmpty()
                && (typed.endsWith("^") || Character.isWhitespace(typed.charAt(typed.length() - 1)));
        return endsWithSeparator && !form.isEmpty() ? form + " " : form;
    }

    private static String text(Attributes ds, Tag tag, int max) {
        String value;
        try {
            value = ds.getString(tag);
        } catch (RuntimeException e) {
            value = null;   // an undecodable value is not worth refusing the instance for
        }
        if (value == null) {
            return "";
        }
        value = value.strip();
        return value.length() > max ? value.substring(0, max) : value;
    }

    private static LocalDate date(Attributes ds, Tag tag) {
        try {
            return ds.getDate(tag);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static LocalTime time(Attributes ds, Tag tag) {
        try {
            return ds.getTime(tag);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Integer number(Attributes ds, Tag tag) {
        String value = text(ds, tag, 16);
        try {
            return value.isEmpty() ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
