package org.rayport.store.internal;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;

/** CT-like data sets built with dicom-data: patient, study, series and instance attributes, optional pixels. */
final class TestInstances {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String ROOT = "1.2.826.0.1.3680043.2.1143.7.";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestInstances() {
    }

    static String uid() {
        return ROOT + System.nanoTime() % 1_000_000_000L + "." + COUNTER.incrementAndGet();
    }

    static Attributes.Builder ct(String patientName, String patientId, String studyUid, LocalDate studyDate,
                                 String seriesUid, String modality, int instanceNumber) {
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, "ISO_IR 100")
                .setString(Tags.SOP_CLASS_UID, CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, uid())
                .setString(Tags.STUDY_DATE, studyDate == null ? "" : studyDate.toString().replace("-", ""))
                .setString(Tags.STUDY_TIME, "101500")
                .setString(Tags.ACCESSION_NUMBER, "ACC-" + patientId)
                .setString(Tags.MODALITY, modality)
                .setString(Tag.named("ReferringPhysicianName"), "House^Gregory")
                .setString(Tag.named("StudyDescription"), "CT chest")
                .setString(Tag.named("SeriesDescription"), "Axial 1mm")
                .setString(Tag.named("BodyPartExamined"), "CHEST")
                .setString(Tags.PATIENT_NAME, patientName)
                .setString(Tags.PATIENT_ID, patientId)
                .setString(Tags.PATIENT_BIRTH_DATE, "19700102")
                .setString(Tags.PATIENT_SEX, "F")
                .setString(Tags.STUDY_INSTANCE_UID, studyUid)
                .setString(Tags.SERIES_INSTANCE_UID, seriesUid)
                .setString(Tags.STUDY_ID, "1")
                .setString(Tags.SERIES_NUMBER, "3")
                .setString(Tags.INSTANCE_NUMBER, Integer.toString(instanceNumber));
    }

    /** A 512x512 16-bit CT slice whose pixel bytes follow a pattern no header contains. */
    static Attributes ctWithPixels(String patientName) {
        byte[] pixels = pixels(512 * 512 * 2, 7);
        return ct(patientName, "PID-1", uid(), LocalDate.of(2024, 3, 5), uid(), "CT", 1)
                .setInt(Tags.SAMPLES_PER_PIXEL, 1)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, "MONOCHROME2")
                .setInt(Tags.ROWS, 512).setInt(Tags.COLUMNS, 512)
                .setInt(Tags.BITS_ALLOCATED, 16).setInt(Tags.BITS_STORED, 12).setInt(Tags.HIGH_BIT, 11)
                .setInt(Tags.PIXEL_REPRESENTATION, 0)
                .setString(Tag.named("RescaleIntercept"), "-1024")
                .setString(Tag.named("RescaleSlope"), "1")
                .setBulkData(Tags.PIXEL_DATA, Vr.OW, BulkData.ofBytes(pixels))
                .build();
    }

    /** Pseudo-random bytes from a seed: reproducible, and without long runs that could occur elsewhere. */
    static byte[] pixels(int length, long seed) {
        byte[] b = new byte[length];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
