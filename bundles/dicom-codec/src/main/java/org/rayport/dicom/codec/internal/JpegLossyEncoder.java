package org.rayport.dicom.codec.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Lossy JPEG: 8-bit samples as baseline (process 1) with the JDK's writer, colour as YCbCr with horizontal 2:1
 * chroma subsampling (YBR_FULL_422, as DCMTK writes it); 9 to 12 bits as extended (process 4) with Rayport's own
 * {@link Jpeg12Encoder}.
 *
 * <p>JPEG samples are unsigned. Signed (Pixel Representation 1) monochrome pixels are written as unsigned ones,
 * offset by 2^(Bits Stored - 1), and the data set says so: Pixel Representation 0 and Rescale Intercept lowered by
 * 2^(Bits Stored - 1) x Rescale Slope, so the modality values (e.g. Hounsfield units) stay the same. This is also
 * what {@code dcmcjpeg} does with signed input (it writes Pixel Representation 0 with an adjusted intercept, though
 * with an offset it picks from the pixel range); see {@link #adjustDataSet}.
 */
public final class JpegLossyEncoder implements FrameEncoder {

    /** Samples of a frame as the JPEG encoder takes them: unsigned, index in row-major order. */
    interface Samples {
        int at(int index);
    }

    static final Tag RESCALE_INTERCEPT = Tag.of(0x0028, 0x1052);
    static final Tag RESCALE_SLOPE = Tag.of(0x0028, 0x1053);
    static final Tag RESCALE_TYPE = Tag.of(0x0028, 0x1054);
    static final Tag MODALITY_LUT_SEQUENCE = Tag.of(0x0028, 0x3000);
    static final Tag SHARED_FUNCTIONAL_GROUPS = Tag.of(0x5200, 0x9229);
    static final Tag PER_FRAME_FUNCTIONAL_GROUPS = Tag.of(0x5200, 0x9230);
    /** Attributes whose values are stored pixel values (US or SS, as the pixels): shifted with them. */
    static final List<Tag> PIXEL_VALUED = List.of(Tag.of(0x0028, 0x0106), Tag.of(0x0028, 0x0107),
            Tag.of(0x0028, 0x0108), Tag.of(0x0028, 0x0109), Tag.of(0x0028, 0x0120), Tag.of(0x0028, 0x0121));

    private final float quality;
    private final boolean extended;

    public JpegLossyEncoder(float quality, boolean extended) {
        this.quality = quality;
        this.extended = extended;
    }

    @Override
    public void check(ImagePixelDescription d) throws PixelDataException {
        int maxBits = extended ? 12 : 8;
        String pi = d.photometricInterpretation();
        if (d.bitsStored() > maxBits || d.bitsAllocated() == 1 || d.bitsAllocated() == 32) {
            throw new PixelDataException("lossy JPEG " + (extended ? "extended" : "baseline") + " encodes"
                    + " samples of at most " + maxBits + " bits, not " + (d.isSigned() ? "signed " : "")
                    + d.bitsStored() + "-bit ones");
        }
        if (d.highBit() != d.bitsStored() - 1) {
            throw new PixelDataException("lossy JPEG encodes pixels whose High Bit (0028,0102) is Bits Stored - 1 ("
                    + (d.bitsStored() - 1) + "), not " + d.highBit());
        }
        boolean mono = d.samplesPerPixel() == 1 && pi.startsWith("MONOCHROME");
        boolean rgb = d.samplesPerPixel() == 3 && pi.equals("RGB") && d.bitsStored() <= 8 && !d.isSigned();
        if (!mono && !rgb) {
            throw new PixelDataException("lossy JPEG encodes MONOCHROME1/2 (signed or not) or unsigned 8-bit RGB, not "
                    + d.samplesPerPixel() + (d.isSigned() ? " signed" : "") + " samples of " + pi + " with "
                    + d.bitsStored() + " bits");
        }
    }

    @Override
    public ImagePixelDescription encodedDescription(ImagePixelDescription raw) {
        if (raw.samplesPerPixel() == 3) {
            return raw.withPhotometricInterpretation("YBR_FULL_422").withPlanarConfiguration(0);
        }
        return raw.isSigned() ? raw.withPixelRepresentation(0) : raw;
    }

    /**
     * For signed input: Rescale Intercept (0028,1052) lowered by 2^(Bits Stored - 1) x Rescale Slope (intercept 0
     * and slope 1 if absent, then with Rescale Type "US" outside CT, where absent means HU), and stored-value
     * attributes (smallest/largest pixel values, pixel padding) shifted and written as US. Refused for data sets
     * whose modality transformation is a LUT or lives in functional groups, which this does not rewrite.
     */
    @Override
    public void adjustDataSet(Attributes original, ImagePixelDescription raw, Attributes.Builder target)
            throws PixelDataException {
        if (!raw.isSigned()) {
            return;
        }
        for (Tag t : List.of(MODALITY_LUT_SEQUENCE, SHARED_FUNCTIONAL_GROUPS, PER_FRAME_FUNCTIONAL_GROUPS)) {
            if (original.contains(t)) {
                throw new PixelDataException("signed pixels are written to lossy JPEG as unsigned with an adjusted"
                        + " Rescale Intercept; this data set has " + t + " "
                        + org.rayport.dicom.data.Dictionary.standard().keywordOf(t) + ", which is not adjusted");
            }
        }
        int offset = 1 << (raw.bitsStored() - 1);
        BigDecimal slope = decimal(original, RESCALE_SLOPE, BigDecimal.ONE);
        BigDecimal intercept = decimal(original, RESCALE_INTERCEPT, BigDecimal.ZERO)
                .subtract(slope.multiply(BigDecimal.valueOf(offset)));
        target.setString(RESCALE_INTERCEPT, decimalString(intercept));
        target.setString(RESCALE_SLOPE, decimalString(slope));
        if (!original.contains(RESCALE_TYPE) && !Uids.CT_IMAGE_STORAGE.equals(original.getString(Tags.SOP_CLASS_UID))) {
            target.setString(RESCALE_TYPE, "US");
        }
        for (Tag t : PIXEL_VALUED) {
            Optional<org.rayport.dicom.data.Element> e = original.element(t);
            if (e.isPresent()) {
                int[] values = original.getInts(t);
                for (int i = 0; i < values.length; i++) {
                    // An implicit VR file says US for these; the pixels are signed, so they are too.
                    int signed = e.get().vr() == Vr.US ? (short) values[i] : values[i];
                    values[i] = Math.max(0, Math.min(0xFFFF, signed + offset));
                }
                target.setInt(t, Vr.US, values);
            }
        }
    }

    private static BigDecimal decimal(Attributes a, Tag t, BigDecimal absent) throws PixelDataException {
        String s = a.getString(t);
        if (s == null || s.isBlank()) {
            return absent;
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw new PixelDataException(t + " is not a decimal string: '" + s + "'", e);
        }
    }

    /** A DS value of at most 16 characters. */
    static String decimalString(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        for (int digits = 16; digits > 0; digits--) {
            String s = v.round(new MathContext(digits)).stripTrailingZeros().toPlainString();
            if (s.length() <= 16) {
                return s;
            }
        }
        return v.round(new MathContext(10)).toString();
    }

    @Override
    public String lossyMethod() {
        return "ISO_10918_1";
    }

    @Override
    public byte[] encode(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        check(d);
        Samples samples = samples(raw, d);
        if (d.bitsStored() > 8 || d.bitsAllocated() > 8) {
            return new Jpeg12Encoder(quality).encode(samples, d);
        }
        BufferedImage image = toImage(raw, samples, d);
        ImageWriter writer;
        try {
            writer = JpegDecoder.jdkProvider(ImageWriterSpi.class, "com.sun.imageio.plugins.jpeg.JPEGImageWriterSpi")
                    .createWriterInstance(null);
        } catch (IOException e) {
            throw new PixelDataException("cannot create the JDK's JPEG writer: " + e.getMessage(), e);
        }
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            if (d.samplesPerPixel() == 3) {
                subsampleChromaHorizontally(metadata);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new PixelDataException("the JDK's JPEG writer failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The samples of {@code raw} as JPEG takes them: the Bits Stored low bits, unsigned; for signed pixels the two's
     * complement value plus 2^(Bits Stored - 1), which is the stored bits with the sign bit flipped.
     */
    static Samples samples(byte[] raw, ImagePixelDescription d) {
        int mask = (1 << d.bitsStored()) - 1;
        int flip = d.isSigned() ? 1 << (d.bitsStored() - 1) : 0;
        if (d.bitsAllocated() == 8) {
            return i -> (raw[i] & mask) ^ flip;
        }
        return i -> ((raw[2 * i] & 0xFF | (raw[2 * i + 1] & 0xFF) << 8) & mask) ^ flip;
    }

    private static BufferedImage toImage(byte[] raw, Samples samples, ImagePixelDescription d) {
        int w = d.columns();
        int h = d.rows();
        if (d.samplesPerPixel() == 1) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] gray = new byte[w * h];
            for (int i = 0; i < gray.length; i++) {
                gray[i] = (byte) samples.at(i);
            }
            image.getRaster().setDataElements(0, 0, w, h, gray);
            return image;
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[w * 3];
        for (int y = 0, o = 0; y < h; y++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = raw[o++] & 0xFF;
            }
            image.getRaster().setPixels(0, y, w, 1, row);   // bands are R, G, B whatever the byte order
        }
        return image;
    }

    /** Luminance sampled 2x1, chroma 1x1: 4:2:2 instead of the JDK's default 4:2:0. */
    private static void subsampleChromaHorizontally(IIOMetadata metadata) throws PixelDataException {
        String format = "javax_imageio_jpeg_image_1.0";
        Node tree = metadata.getAsTree(format);
        NodeList components = ((Element) tree).getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            Element c = (Element) components.item(i);
            c.setAttribute("HsamplingFactor", i == 0 ? "2" : "1");
            c.setAttribute("VsamplingFactor", "1");
        }
        try {
            metadata.setFromTree(format, tree);
        } catch (javax.imageio.metadata.IIOInvalidTreeException e) {
            throw new PixelDataException("cannot set JPEG chroma subsampling: " + e.getMessage(), e);
        }
    }
}
