package org.rayport.pools.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

/** Small CT studies written as Part 10 files: a few 16 x 16 slices with the patient and study given. */
final class TestStudies {

    private TestStudies() {
    }

    static String uid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    record Study(String studyUid, List<String> seriesUids, List<Path> files) {
    }

    /** {@code series} series of {@code slices} slices each, written under {@code dir}. */
    static Study write(Path dir, String patientName, String patientId, String accession, String date,
                       String modality, int series, int slices) throws Exception {
        return write(dir, patientName, patientId, accession, date, modality, series, slices, 16);
    }

    /** Slices of {@code size} x {@code size} 16-bit pixels. */
    static Study write(Path dir, String patientName, String patientId, String accession, String date,
                       String modality, int series, int slices, int size) throws Exception {
        String study = uid();
        List<String> seriesUids = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            String seriesUid = uid();
            seriesUids.add(seriesUid);
            for (int i = 0; i < slices; i++) {
                String sop = uid();
                Attributes slice = Attributes.builder()
                        .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                        .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                        .setString(Tags.SOP_INSTANCE_UID, Vr.UI, sop)
                        .setString(Tags.STUDY_DATE, Vr.DA, date)
                        .setString(Tags.STUDY_TIME, Vr.TM, "101500")
                        .setString(Tags.ACCESSION_NUMBER, Vr.SH, accession)
                        .setString(Tags.MODALITY, Vr.CS, modality)
                        .setString(Tag.named("StudyDescription"), Vr.LO, "Test study of " + patientName)
                        .setString(Tags.PATIENT_NAME, Vr.PN, patientName)
                        .setString(Tags.PATIENT_ID, Vr.LO, patientId)
                        .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA, "19700101")
                        .setString(Tags.PATIENT_SEX, Vr.CS, "F")
                        .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, study)
                        .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, seriesUid)
                        .setString(Tags.STUDY_ID, Vr.SH, "1")
                        .setInt(Tags.SERIES_NUMBER, Vr.IS, s + 1)
                        .setInt(Tags.INSTANCE_NUMBER, Vr.IS, i + 1)
                        .setInt(Tags.SAMPLES_PER_PIXEL, Vr.US, 1)
                        .setString(Tags.PHOTOMETRIC_INTERPRETATION, Vr.CS, "MONOCHROME2")
                        .setInt(Tags.ROWS, Vr.US, size)
                        .setInt(Tags.COLUMNS, Vr.US, size)
                        .setInt(Tags.BITS_ALLOCATED, Vr.US, 16)
                        .setInt(Tags.BITS_STORED, Vr.US, 12)
                        .setInt(Tags.HIGH_BIT, Vr.US, 11)
                        .setInt(Tags.PIXEL_REPRESENTATION, Vr.US, 0)
                        .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels(s * 100 + i, size))
                        .build();
                Path file = dir.resolve(sop + ".dcm");
                Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(slice, file);
                files.add(file);
            }
        }
        return new Study(study, seriesUids, files);
    }

    private static byte[] pixels(int seed, int size) {
        byte[] pixels = new byte[size * size * 2];
        for (int i = 0; i < size * size; i++) {
            int value = (i * 7 + seed * 13) & 0xFFF;
            pixels[i * 2] = (byte) value;
            pixels[i * 2 + 1] = (byte) (value >> 8);
        }
        return pixels;
    }
}
