package org.rayport.dicom.codec.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Vr;

/**
 * The display pipeline of {@code Rendering}: decoded frame to 8-bit picture (PS3.3 C.11), and scaling down.
 * Grey frames with up to 16 bits stored go through one table from stored value to output byte, so each pixel costs a
 * look-up whatever the transforms.
 */
public final class Displays {

    static final Tag WINDOW_CENTER = Tag.of(0x0028, 0x1050);
    static final Tag WINDOW_WIDTH = Tag.of(0x0028, 0x1051);
    static final Tag VOI_LUT_FUNCTION = Tag.of(0x0028, 0x1056);
    static final Tag RESCALE_INTERCEPT = Tag.of(0x0028, 0x1052);
    static final Tag RESCALE_SLOPE = Tag.of(0x0028, 0x1053);
    static final Tag MODALITY_LUT_SEQUENCE = Tag.of(0x0028, 0x3000);
    static final Tag VOI_LUT_SEQUENCE = Tag.of(0x0028, 0x3010);
    static final Tag LUT_DESCRIPTOR = Tag.of(0x0028, 0x3002);
    static final Tag LUT_DATA = Tag.of(0x0028, 0x3006);
    static final Tag PIXEL_PADDING_VALUE = Tag.of(0x0028, 0x0120);

    private Displays() {
    }

    /** A grey frame as TYPE_BYTE_GRAY; NaN centre means "no window given". */
    public static BufferedImage grey(byte[] raw, ImagePixelDescription d, Attributes dataset, double center,
                                     double width) throws PixelDataException {
        String pi = d.photometricInterpretation();
        if (!pi.equals("MONOCHROME1") && !pi.equals("MONOCHROME2")) {
            throw new PixelDataException("rendering shows MONOCHROME1/2, RGB and YBR_FULL images, not " + pi);
        }
        if (d.bitsAllocated() != 8 && d.bitsAllocated() != 16 || d.bitsStored() > 16) {
            throw new PixelDataException("rendering shows grey samples of 8 or 16 bits allocated, not "
                    + d.bitsAllocated() + " (" + d.bitsStored() + " stored)");
        }
        int bits = d.bitsStored();
        int lowest = d.isSigned() ? -(1 << (bits - 1)) : 0;
        int count = d.rows() * d.columns();
        // Which stored values occur, instead of a copy of the frame: at most 65536 flags, whatever the frame size.
        boolean[] present = new boolean[1 << bits];
        for (int i = 0; i < count; i++) {
            present[tableIndex(raw, i, d)] = true;
        }
        Modality modality = Modality.of(dataset);
        Voi voi = Double.isNaN(center) ? Voi.of(dataset, present, lowest, modality)
                : Voi.linear(center, width, false);
        boolean invert = pi.equals("MONOCHROME1");
        byte[] table = new byte[1 << bits];
        for (int i = 0; i < table.length; i++) {
            int y = voi.apply(modality.apply(lowest + i));
            table[i] = (byte) (invert ? 255 - y : y);
        }
        BufferedImage image = new BufferedImage(d.columns(), d.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < count; i++) {
            out[i] = table[tableIndex(raw, i, d)];
        }
        return image;
    }

    /** Sample {@code i} as stored value minus the lowest value the sample can hold: 0..2^bitsStored - 1. */
    private static int tableIndex(byte[] raw, int i, ImagePixelDescription d) {
        int bits = d.bitsStored();
        int v = d.bitsAllocated() == 8 ? raw[i] & 0xFF : (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
        v = (v >>> (d.highBit() + 1 - bits)) & ((1 << bits) - 1);
        // Two's complement: flipping the sign bit maps -2^(bits-1)..2^(bits-1)-1 onto 0..2^bits-1.
        return d.isSigned() ? v ^ (1 << (bits - 1)) : v;
    }

    /** An interleaved colour frame (RGB or YBR_FULL, 8 or 16 bits) as TYPE_INT_RGB. */
    public static BufferedImage colour(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        String pi = d.photometricInterpretation();
        boolean ybr = pi.equals("YBR_FULL");
        if (d.samplesPerPixel() != 3 || !ybr && !pi.equals("RGB")) {
            throw new PixelDataException("rendering shows MONOCHROME1/2, RGB and YBR_FULL images, not "
                    + d.samplesPerPixel() + " samples of " + pi);
        }
        if (d.bitsAllocated() != 8 && d.bitsAllocated() != 16) {
            throw new PixelDataException("rendering shows colour samples of 8 or 16 bits, not " + d.bitsAllocated());
        }
        int count = d.rows() * d.columns();
        BufferedImage image = new BufferedImage(d.columns(), d.rows(), BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int down = Math.max(0, d.bitsStored() - 8);
        for (int i = 0; i < count; i++) {
            int[] s = new int[3];
            for (int c = 0; c < 3; c++) {
                int k = 3 * i + c;
                int v = d.bitsAllocated() == 8 ? raw[k] & 0xFF : (raw[2 * k] & 0xFF) | (raw[2 * k + 1] & 0xFF) << 8;
                s[c] = Math.min(255, v >>> down);
            }
            if (ybr) {
                // PS3.3 C.7.6.3.1.2, YBR_FULL to RGB.
                double y = s[0];
                double cb = s[1] - 128.0;
                double cr = s[2] - 128.0;
                s[0] = clamp(y + 1.402 * cr);
                s[1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
                s[2] = clamp(y + 1.772 * cb);
            }
            out[i] = s[0] << 16 | s[1] << 8 | s[2];
        }
        return image;
    }

    /**
     * The image with its longest edge at most {@code maxSize}: halved with bilinear filtering while more than twice
     * too large, then scaled once more, which keeps fine structure without the cost of area averaging.
     */
    public static BufferedImage scaleDown(BufferedImage image, int maxSize) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        if (longest <= maxSize) {
            return image;
        }
        double scale = (double) maxSize / longest;
        int targetWidth = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int targetHeight = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resized(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            current = resized(current, targetWidth, targetHeight);
        }
        return current;
    }

    private static BufferedImage resized(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, source.getType());
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Stored value to modality value: a Modality LUT, or Rescale Slope and Intercept (1 and 0 when absent). */
    record Modality(double slope, double intercept, Lut lut) {
        static Modality of(Attributes dataset) throws PixelDataException {
            Sequence luts = dataset.getSequence(MODALITY_LUT_SEQUENCE);
            if (!luts.isEmpty()) {
                return new Modality(1, 0, Lut.of(luts.get(0), "Modality LUT Sequence (0028,3000)"));
            }
            try {
                return new Modality(dataset.getDouble(RESCALE_SLOPE, 1), dataset.getDouble(RESCALE_INTERCEPT, 0), null);
            } catch (NumberFormatException e) {
                throw new PixelDataException("Rescale Slope/Intercept (0028,1053/1052) is not a number: "
                        + e.getMessage(), e);
            }
        }

        double apply(int stored) {
            return lut != null ? lut.apply(stored) : stored * slope + intercept;
        }
    }

    /** Modality value to output 0..255. */
    interface Voi {
        int apply(double x);

        /** PS3.3 C.11.2.1.2.1 (LINEAR) and C.11.2.1.3.2 (LINEAR_EXACT). */
        static Voi linear(double c, double w, boolean exact) {
            if (exact) {
                return x -> x <= c - w / 2 ? 0 : x > c + w / 2 ? 255 : clamp(((x - c) / w + 0.5) * 255);
            }
            if (w <= 1) {
                return x -> x <= c - 0.5 ? 0 : 255;
            }
            return x -> x <= c - 0.5 - (w - 1) / 2 ? 0 : x > c - 0.5 + (w - 1) / 2 ? 255
                    : clamp(((x - (c - 0.5)) / (w - 1) + 0.5) * 255);
        }

        /** PS3.3 C.11.2.1.3.1. */
        static Voi sigmoid(double c, double w) {
            return x -> clamp(255 / (1 + Math.exp(-4 * (x - c) / w)));
        }

        static Voi of(Attributes dataset, boolean[] present, int lowest, Modality modality) throws PixelDataException {
            double[] centers;
            double[] widths;
            try {
                centers = dataset.getDoubles(WINDOW_CENTER);
                widths = dataset.getDoubles(WINDOW_WIDTH);
            } catch (NumberFormatException e) {
                throw new PixelDataException("Window Center/Width (0028,1050/1051) is not a number: "
                        + e.getMessage(), e);
            }
            if (centers.length > 0 && widths.length > 0 && widths[0] >= 1) {
                String function = dataset.getString(VOI_LUT_FUNCTION, "LINEAR").strip();
                if (function.equals("SIGMOID")) {
                    return sigmoid(centers[0], widths[0]);
                }
                return linear(centers[0], widths[0], function.equals("LINEAR_EXACT"));
            }
            Sequence luts = dataset.getSequence(VOI_LUT_SEQUENCE);
            if (!luts.isEmpty()) {
                Lut lut = Lut.of(luts.get(0), "VOI LUT Sequence (0028,3010)");
                double top = (1 << lut.bits()) - 1;
                return x -> clamp(lut.apply((int) Math.round(x)) * 255 / top);
            }
            int[] padding = dataset.getInts(PIXEL_PADDING_VALUE);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < present.length; i++) {
                int v = lowest + i;
                if (!present[i] || padding.length > 0 && v == padding[0]) {
                    continue;
                }
                double x = modality.apply(v);
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            if (min > max) {
                return x -> 0;
            }
            if (min == max) {
                double only = min;
                return x -> x < only ? 0 : x > only ? 255 : 128;
            }
            return linear((min + max) / 2, max - min, true);
        }
    }

    /**
     * A look-up table item (LUT Descriptor: entries, first value mapped, bits; LUT Data). Values below the first
     * entry take the first, above the last the last (PS3.3 C.11.1.1).
     */
    record Lut(int first, int bits, int[] data) {
        static Lut of(Attributes item, String where) throws PixelDataException {
            Element descriptor = item.element(LUT_DESCRIPTOR).orElse(null);
            int[] values = item.getInts(LUT_DESCRIPTOR);
            if (descriptor == null || values.length != 3) {
                throw new PixelDataException(where + ": LUT Descriptor (0028,3002) needs 3 values");
            }
            int entries = values[0] == 0 ? 65536 : values[0] & 0xFFFF;
            // The first value mapped is signed when the descriptor is SS; US holds it as an unsigned 16-bit number.
            int first = descriptor.vr() == Vr.SS ? (short) values[1] : values[1];
            int bits = values[2];
            if (bits < 1 || bits > 16) {
                throw new PixelDataException(where + ": LUT Descriptor (0028,3002) gives " + bits + " bits per entry");
            }
            Element dataElement = item.element(LUT_DATA).orElse(null);
            if (dataElement == null || !dataElement.isInline()) {
                throw new PixelDataException(where + ": LUT Data (0028,3006) is missing");
            }
            byte[] bytes = dataElement.bytes();
            int[] data = new int[entries];
            if (bytes.length == 2 * entries) {
                for (int i = 0; i < entries; i++) {
                    data[i] = (bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8;
                }
            } else if (bytes.length == entries || bytes.length == entries + 1) {
                // 8-bit entries packed two to a word, as some writers store them.
                for (int i = 0; i < entries; i++) {
                    data[i] = bytes[i] & 0xFF;
                }
            } else {
                throw new PixelDataException(where + ": LUT Data (0028,3006) holds " + bytes.length + " bytes for "
                        + entries + " entries");
            }
            return new Lut(first, bits, data);
        }

        int apply(int x) {
            int i = x - first;
            return data[i < 0 ? 0 : i >= data.length ? data.length - 1 : i];
        }
    }
}
