package org.rayport.dicom.codec;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;

/**
 * How the pixels of an image are laid out (PS3.3 C.7.6.3, Image Pixel module), read from a data set and
 * checked for consistency. Immutable.
 *
 * <pre>{@code
 * ImagePixelDescription d = ImagePixelDescription.of(dataset);
 * long bytesPerFrame = d.frameLength();   // rows * columns * samples * bytes per sample, overflow-checked
 * }</pre>
 *
 * @param planarConfiguration 0: samples of a pixel are adjacent (R1G1B1R2...); 1: one plane per sample
 * @param pixelRepresentation 0: unsigned, 1: two's complement
 */
public record ImagePixelDescription(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                                    int highBit, int pixelRepresentation, String photometricInterpretation,
                                    int planarConfiguration, int numberOfFrames) {

    /** Frames larger than this are refused rather than allocated: 512 MiB, far beyond any real frame. */
    public static final long MAX_FRAME_LENGTH = 512L * 1024 * 1024;

    static final Tag PLANAR_CONFIGURATION = Tag.of(0x0028, 0x0006);

    /** Checks every value; IllegalArgumentException naming the attribute that is wrong. */
    public ImagePixelDescription {
        require(rows >= 1 && rows <= 0xFFFF, "Rows (0028,0010) must be 1..65535, is " + rows);
        require(columns >= 1 && columns <= 0xFFFF, "Columns (0028,0011) must be 1..65535, is " + columns);
        require(samplesPerPixel == 1 || samplesPerPixel == 3 || samplesPerPixel == 4,
                "Samples per Pixel (0028,0002) must be 1, 3 or 4, is " + samplesPerPixel);
        require(bitsAllocated == 1 || bitsAllocated == 8 || bitsAllocated == 16 || bitsAllocated == 32,
                "Bits Allocated (0028,0100) must be 1, 8, 16 or 32, is " + bitsAllocated);
        require(bitsStored >= 1 && bitsStored <= bitsAllocated,
                "Bits Stored (0028,0101) must be 1.." + bitsAllocated + " (Bits Allocated), is " + bitsStored);
        require(highBit >= bitsStored - 1 && highBit < bitsAllocated, "High Bit (0028,0102) must be "
                + (bitsStored - 1) + ".." + (bitsAllocated - 1) + " for " + bitsStored + " bits stored, is " + highBit);
        require(pixelRepresentation == 0 || pixelRepresentation == 1,
                "Pixel Representation (0028,0103) must be 0 or 1, is " + pixelRepresentation);
        require(photometricInterpretation != null && !photometricInterpretation.isBlank(),
                "Photometric Interpretation (0028,0004) is missing");
        require(planarConfiguration == 0 || planarConfiguration == 1,
                "Planar Configuration (0028,0006) must be 0 or 1, is " + planarConfiguration);
        require(numberOfFrames >= 1, "Number of Frames (0028,0008) must be at least 1, is " + numberOfFrames);
        long samples = (long) rows * columns * samplesPerPixel;
        long length = bitsAllocated == 1 ? (samples + 7) / 8 : samples * (bitsAllocated / 8);
        require(length <= MAX_FRAME_LENGTH, "a frame of " + rows + " x " + columns + " x " + samplesPerPixel
                + " samples of " + bitsAllocated + " bits is " + length + " bytes, more than the limit of "
                + MAX_FRAME_LENGTH);
    }

    /**
     * Reads the Image Pixel module of {@code dataset}. Absent Number of Frames means 1, absent Planar
     * Configuration 0; the other attributes are required.
     *
     * @throws PixelDataException if an attribute is missing or the values contradict each other
     */
    public static ImagePixelDescription of(Attributes dataset) throws PixelDataException {
        try {
            return new ImagePixelDescription(required(dataset, Tags.ROWS), required(dataset, Tags.COLUMNS),
                    required(dataset, Tags.SAMPLES_PER_PIXEL), required(dataset, Tags.BITS_ALLOCATED),
                    required(dataset, Tags.BITS_STORED), required(dataset, Tags.HIGH_BIT),
                    required(dataset, Tags.PIXEL_REPRESENTATION),
                    dataset.getString(Tags.PHOTOMETRIC_INTERPRETATION),
                    dataset.getInt(PLANAR_CONFIGURATION, 0), dataset.getInt(Tags.NUMBER_OF_FRAMES, 1));
        } catch (IllegalArgumentException e) {
            throw new PixelDataException("inconsistent pixel description: " + e.getMessage(), e);
        }
    }

    private static int required(Attributes dataset, Tag tag) {
        int[] values = dataset.getInts(tag);
        if (values.length == 0) {
            throw new IllegalArgumentException(tag + " " + org.rayport.dicom.data.Dictionary.standard().keywordOf(tag)
                    + " is missing");
        }
        return values[0];
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Bytes of one uncompressed frame, as in Explicit VR Little Endian (bit-packed for 1 bit allocated). */
    public long frameLength() {
        long samples = (long) rows * columns * samplesPerPixel;
        return bitsAllocated == 1 ? (samples + 7) / 8 : samples * (bitsAllocated / 8);
    }

    /** Bytes of all frames together. */
    public long pixelDataLength() {
        return frameLength() * numberOfFrames;
    }

    public boolean isSigned() {
        return pixelRepresentation == 1;
    }

    public boolean isColor() {
        return samplesPerPixel > 1;
    }

    public int bytesPerSample() {
        return Math.max(1, bitsAllocated / 8);
    }

    public ImagePixelDescription withPhotometricInterpretation(String value) {
        return new ImagePixelDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit,
                pixelRepresentation, value, planarConfiguration, numberOfFrames);
    }

    public ImagePixelDescription withPlanarConfiguration(int value) {
        return new ImagePixelDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit,
                pixelRepresentation, photometricInterpretation, value, numberOfFrames);
    }

    public ImagePixelDescription withPixelRepresentation(int value) {
        return new ImagePixelDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit,
                value, photometricInterpretation, planarConfiguration, numberOfFrames);
    }

    /** Writes this description into a data set builder (Number of Frames only if it is already there or > 1). */
    public Attributes.Builder applyTo(Attributes.Builder builder) {
        builder.setInt(Tags.ROWS, rows).setInt(Tags.COLUMNS, columns).setInt(Tags.SAMPLES_PER_PIXEL, samplesPerPixel)
                .setInt(Tags.BITS_ALLOCATED, bitsAllocated).setInt(Tags.BITS_STORED, bitsStored)
                .setInt(Tags.HIGH_BIT, highBit).setInt(Tags.PIXEL_REPRESENTATION, pixelRepresentation)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, photometricInterpretation);
        if (samplesPerPixel > 1) {
            builder.setInt(PLANAR_CONFIGURATION, planarConfiguration);
        } else {
            builder.remove(PLANAR_CONFIGURATION);
        }
        if (numberOfFrames > 1 || builder.contains(Tags.NUMBER_OF_FRAMES)) {
            builder.setInt(Tags.NUMBER_OF_FRAMES, numberOfFrames);
        }
        return builder;
    }
}
