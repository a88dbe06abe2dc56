package org.rayport.pacsupload.internal;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.UUID;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

/** A small CT slice (16 x 16, 12 bits) written as a Part 10 file, with new UIDs every time. */
final class TestInstances {

    private TestInstances() {
    }

    static String uid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    /** @return the file, named after its SOP Instance UID */
    static Path ct(Path dir, String patientName) throws Exception {
        String sop = uid();
        byte[] pixels = new byte[16 * 16 * 2];
        for (int i = 0; i < 256; i++) {
            pixels[i * 2] = (byte) (i * 7);
            pixels[i * 2 + 1] = (byte) ((i >> 4) & 0x0F);
        }
        Attributes slice = Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, sop)
                .setString(Tags.STUDY_DATE, Vr.DA, "20260105")
                .setString(Tags.MODALITY, Vr.CS, "CT")
                .setString(Tag.named("StudyDescription"), Vr.LO, "Upload test")
                .setString(Tags.PATIENT_NAME, Vr.PN, patientName)
                .setString(Tags.PATIENT_ID, Vr.LO, "UP-1")
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, uid())
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, uid())
                .setInt(Tags.SERIES_NUMBER, Vr.IS, 1)
                .setInt(Tags.INSTANCE_NUMBER, Vr.IS, 1)
                .setInt(Tags.SAMPLES_PER_PIXEL, Vr.US, 1)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, Vr.CS, "MONOCHROME2")
                .setInt(Tags.ROWS, Vr.US, 16)
                .setInt(Tags.COLUMNS, Vr.US, 16)
                .setInt(Tags.BITS_ALLOCATED, Vr.US, 16)
                .setInt(Tags.BITS_STORED, Vr.US, 12)
                .setInt(Tags.HIGH_BIT, Vr.US, 11)
                .setInt(Tags.PIXEL_REPRESENTATION, Vr.US, 0)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                .build();
        Path file = dir.resolve(sop + ".dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(slice, file);
        return file;
    }

    static String sopOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".dcm".length());
    }
}
