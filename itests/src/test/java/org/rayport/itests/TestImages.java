package org.rayport.itests;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;

/** Small synthetic CT images for tests that need many distinct instances fast. */
final class TestImages {

    private TestImages() {
    }

    /**
     * A 12-bit CT slice of {@code size}×{@code size} pixels whose pixels differ with {@code number}; its SOP Instance
     * UID is the series UID followed by the number. The builder lets a test add or change attributes.
     */
    static Attributes.Builder ct(String patient, String study, String series, int number, int size) {
        byte[] pixels = new byte[size * size * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            int value = (i * 31 + number) & 0x0fff;
            pixels[i] = (byte) value;
            pixels[i + 1] = (byte) (value >> 8);
        }
        return Attributes.builder()
                .setString(Tag.named("SpecificCharacterSet"), Vr.CS, "ISO_IR 192")
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, series + "." + number)
                .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                .setString(Tag.named("SeriesInstanceUID"), Vr.UI, series)
                .setString(Tag.named("PatientName"), Vr.PN, patient)
                .setString(Tag.named("PatientID"), Vr.LO, "PID-" + Integer.toHexString(patient.hashCode()))
                .setString(Tag.named("StudyDate"), Vr.DA, "20261127")
                .setString(Tag.named("Modality"), Vr.CS, "CT")
                .setInt(Tag.named("InstanceNumber"), Vr.IS, number)
                .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                .setInt(Tag.named("Rows"), Vr.US, size)
                .setInt(Tag.named("Columns"), Vr.US, size)
                .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                .setInt(Tag.named("BitsStored"), Vr.US, 12)
                .setInt(Tag.named("HighBit"), Vr.US, 11)
                .setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels);
    }
}
