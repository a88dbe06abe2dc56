package org.rayport.dicom.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * Synthetic images with structure (smooth shapes, edges) and noise, so that compression has something real to do.
 * Written as Explicit VR Little Endian by Rayport's Part10Writer.
 */
final class TestImages {

    record Spec(String name, int rows, int columns, int samples, int bitsAllocated, int bitsStored, boolean signed,
                int frames) {
        ImagePixelDescription description() {
            return new ImagePixelDescription(rows, columns, samples, bitsAllocated, bitsStored, bitsStored - 1,
                    signed ? 1 : 0, samples == 3 ? "RGB" : "MONOCHROME2", 0, frames);
        }
    }

    static final Spec CT = new Spec("ct", 512, 512, 1, 16, 12, false, 1);
    static final Spec MONO8 = new Spec("mono8", 256, 320, 1, 8, 8, false, 1);
    static final Spec RGB = new Spec("rgb", 240, 320, 3, 8, 8, false, 1);
    static final Spec SIGNED = new Spec("signed16", 256, 256, 1, 16, 16, true, 1);
    static final Spec MULTIFRAME = new Spec("multiframe", 128, 128, 1, 16, 12, false, 5);

    private TestImages() {
    }

    static byte[] pixels(Spec s) {
        ImagePixelDescription d = s.description();
        byte[] b = new byte[(int) d.pixelDataLength()];
        Random random = new Random(s.name().hashCode());
        int max = (1 << s.bitsStored()) - 1;
        int i = 0;
        for (int f = 0; f < s.frames(); f++) {
            for (int y = 0; y < s.rows(); y++) {
                for (int x = 0; x < s.columns(); x++) {
                    for (int c = 0; c < s.samples(); c++) {
                        double v = 0.3 + 0.2 * Math.sin((x + 7 * f) / 19.0 + c) * Math.cos(y / 27.0 - c);
                        double dx = x - s.columns() / 2.0;
                        double dy = y - s.rows() / 2.0;
                        if (dx * dx + dy * dy < s.rows() * s.rows() / 10.0) {
                            v += 0.35;   // a disc with a sharp edge
                        }
                        if ((x / 16 + y / 16) % 7 == 0) {
                            v = 0.05;
                        }
                        int value = (int) (v * max) + random.nextInt(Math.max(2, max / 50)) - max / 100;
                        value = Math.max(0, Math.min(max, value));
                        if (s.signed()) {
                            value -= 1 << (s.bitsStored() - 1);
                        }
                        if (s.bitsAllocated() == 8) {
                            b[i++] = (byte) value;
                        } else {
                            b[i++] = (byte) value;
                            b[i++] = (byte) (value >> 8);
                        }
                    }
                }
            }
        }
        return b;
    }

    static Attributes dataset(Spec s) {
        ImagePixelDescription d = s.description();
        Attributes.Builder b = Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Uids.SECONDARY_CAPTURE_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, "2.25.1000" + Math.abs(s.name().hashCode()))
                .setString(Tags.STUDY_INSTANCE_UID, "2.25.2000" + Math.abs(s.name().hashCode()))
                .setString(Tags.SERIES_INSTANCE_UID, "2.25.3000" + Math.abs(s.name().hashCode()))
                .setString(Tags.PATIENT_NAME, "Codec^Test").setString(Tags.PATIENT_ID, "CODEC-1")
                .setString(Tags.PATIENT_BIRTH_DATE, "19700101").setString(Tags.PATIENT_SEX, "O")
                .setString(Tags.STUDY_DATE, "20240131").setString(Tags.STUDY_TIME, "120000")
                .setString(Tags.ACCESSION_NUMBER, "A1").setString(Tags.STUDY_ID, "1")
                .setString(Tag.named("ReferringPhysicianName"), "")
                .setString(Tags.MODALITY, "OT").setInt(Tags.SERIES_NUMBER, 1).setInt(Tags.INSTANCE_NUMBER, 1)
                .setString(Tag.named("ConversionType"), "WSD")
                .setString(Tag.named("PatientOrientation"), "");
        d.applyTo(b);
        if (s.frames() > 1) {
            b.setInt(Tags.NUMBER_OF_FRAMES, s.frames());
        }
        b.setBytes(Tags.PIXEL_DATA, s.bitsAllocated() > 8 ? Vr.OW : Vr.OB, pixels(s));
        return b.build();
    }

    /**
     * {@code s} as a CT image with Rescale Intercept {@code intercept} and slope 1. Signed and unsigned specs of
     * the same name hold the same image: the signed pixels are the unsigned ones minus 2^(Bits Stored - 1).
     */
    static Attributes ctDataset(Spec s, String intercept) {
        return dataset(s).toBuilder()
                .setString(Tags.SOP_CLASS_UID, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, "2.25.4000" + Math.abs(s.name().hashCode()) + (s.signed() ? 1 : 0))
                .setString(Tags.MODALITY, "CT")
                .setString(Tag.named("ImageType"), "ORIGINAL", "PRIMARY", "AXIAL")
                .setString(Tag.named("KVP"), "120")
                .setString(Tag.named("RescaleIntercept"), intercept)
                .setString(Tag.named("RescaleSlope"), "1")
                .remove(Tag.named("ConversionType"))
                .build();
    }

    static Path writeCt(Spec s, String intercept, Path dir) throws IOException {
        Path file = dir.resolve(s.name() + (s.signed() ? "-signed" : "") + "-ct.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ctDataset(s, intercept), file);
        return file;
    }

    static Path write(Spec s, Path dir) throws IOException {
        Path file = dir.resolve(s.name() + ".dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(dataset(s), file);
        return file;
    }

}
