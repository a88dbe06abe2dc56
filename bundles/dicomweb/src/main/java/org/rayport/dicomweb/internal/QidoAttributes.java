package org.rayport.dicomweb.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyRecord;

/**
 * The attributes QIDO-RS answers per study, series and instance (PS3.18 tables 10.6.3-3 to -5), from what the index
 * keeps. Required attributes the index lacks a value for are returned empty. Instance-level Rows, Columns,
 * BitsAllocated and NumberOfFrames are not indexed and therefore not returned; WADO-RS metadata has them.
 */
final class QidoAttributes {

    static final Tag INSTANCE_AVAILABILITY = Tag.of(0x0008, 0x0056);
    static final Tag MODALITIES_IN_STUDY = Tag.of(0x0008, 0x0061);
    static final Tag REFERRING_PHYSICIAN_NAME = Tag.of(0x0008, 0x0090);
    static final Tag STUDY_DESCRIPTION = Tag.of(0x0008, 0x1030);
    static final Tag SERIES_DESCRIPTION = Tag.of(0x0008, 0x103E);
    static final Tag RETRIEVE_URL = Tag.of(0x0008, 0x1190);
    static final Tag AVAILABLE_TRANSFER_SYNTAX_UID = Tag.of(0x0008, 0x3002);
    static final Tag BODY_PART_EXAMINED = Tag.of(0x0018, 0x0015);
    static final Tag NUMBER_OF_STUDY_RELATED_SERIES = Tag.of(0x0020, 0x1206);
    static final Tag NUMBER_OF_STUDY_RELATED_INSTANCES = Tag.of(0x0020, 0x1208);
    static final Tag NUMBER_OF_SERIES_RELATED_INSTANCES = Tag.of(0x0020, 0x1209);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    private QidoAttributes() {
    }

    static Attributes study(StudyRecord study, String baseUrl) {
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                .setString(Tags.STUDY_DATE, Vr.DA, date(study.studyDate()))
                .setString(Tags.STUDY_TIME, Vr.TM, time(study.studyTime()))
                .setString(Tags.ACCESSION_NUMBER, Vr.SH, text(study.accessionNumber()))
                .setString(INSTANCE_AVAILABILITY, Vr.CS, "ONLINE")
                .setString(MODALITIES_IN_STUDY, Vr.CS, study.modalitiesInStudy().toArray(String[]::new))
                .setString(REFERRING_PHYSICIAN_NAME, Vr.PN, text(study.referringPhysician()))
                .setString(STUDY_DESCRIPTION, Vr.LO, text(study.description()))
                .setString(RETRIEVE_URL, Vr.UR, studyUrl(baseUrl, study.studyInstanceUid()))
                .setString(Tags.PATIENT_NAME, Vr.PN, text(study.patient().name()))
                .setString(Tags.PATIENT_ID, Vr.LO, text(study.patient().patientId()))
                .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA, date(study.patient().birthDate()))
                .setString(Tags.PATIENT_SEX, Vr.CS, text(study.patient().sex()))
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, study.studyInstanceUid())
                .setString(Tags.STUDY_ID, Vr.SH, text(study.studyId()))
                .setString(NUMBER_OF_STUDY_RELATED_SERIES, Vr.IS, Integer.toString(study.seriesCount()))
                .setString(NUMBER_OF_STUDY_RELATED_INSTANCES, Vr.IS, Integer.toString(study.instanceCount()))
                .build();
    }

    static Attributes series(SeriesRecord series, String baseUrl) {
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                .setString(Tags.MODALITY, Vr.CS, text(series.modality()))
                .setString(SERIES_DESCRIPTION, Vr.LO, text(series.description()))
                .setString(BODY_PART_EXAMINED, Vr.CS, text(series.bodyPart()))
                .setString(RETRIEVE_URL, Vr.UR, seriesUrl(baseUrl, series.studyInstanceUid(),
                        series.seriesInstanceUid()))
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, series.studyInstanceUid())
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, series.seriesInstanceUid())
                .setString(Tags.SERIES_NUMBER, Vr.IS, series.seriesNumber() == null ? ""
                        : Integer.toString(series.seriesNumber()))
                .setString(NUMBER_OF_SERIES_RELATED_INSTANCES, Vr.IS, Integer.toString(series.instanceCount()))
                .build();
    }

    static Attributes instance(StoredInstance instance, SeriesRecord series, String baseUrl) {
        return Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, instance.sopClassUid())
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, instance.sopInstanceUid())
                .setString(INSTANCE_AVAILABILITY, Vr.CS, "ONLINE")
                .setString(Tags.MODALITY, Vr.CS, text(series.modality()))
                .setString(RETRIEVE_URL, Vr.UR, instanceUrl(baseUrl, instance.studyInstanceUid(),
                        instance.seriesInstanceUid(), instance.sopInstanceUid()))
                .setString(AVAILABLE_TRANSFER_SYNTAX_UID, Vr.UI, instance.transferSyntaxUid())
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, instance.studyInstanceUid())
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, instance.seriesInstanceUid())
                .setString(Tags.INSTANCE_NUMBER, Vr.IS, instance.instanceNumber() == null ? ""
                        : Integer.toString(instance.instanceNumber()))
                .build();
    }

    static String studyUrl(String baseUrl, String study) {
        return baseUrl + "/studies/" + study;
    }

    static String seriesUrl(String baseUrl, String study, String series) {
        return studyUrl(baseUrl, study) + "/series/" + series;
    }

    static String instanceUrl(String baseUrl, String study, String series, String instance) {
        return seriesUrl(baseUrl, study, series) + "/instances/" + instance;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String date(LocalDate date) {
        return date == null ? "" : date.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static String time(LocalTime time) {
        return time == null ? "" : time.format(TIME);
    }
}
