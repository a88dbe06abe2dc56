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
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Lossy JPEG of 8-bit samples (baseline, process 1) with the JDK's writer; colour is written as YCbCr with
 * horizontal 2:1 chroma subsampling (YBR_FULL_422, as DCMTK writes it). Samples of 9 to 12 bits (JPEG extended)
 * are refused with a clear message by {@link Jpeg12Encoder} until a 12-bit DCT encoder is written.
 */
public final class JpegLossyEncoder implements FrameEncoder {

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
        if (d.isSigned() || d.bitsStored() > maxBits || d.bitsAllocated() == 1 || d.bitsAllocated() == 32) {
            throw new PixelDataException("lossy JPEG " + (extended ? "extended" : "baseline") + " encodes unsigned"
                    + " samples of at most " + maxBits + " bits, not " + (d.isSigned() ? "signed " : "")
                    + d.bitsStored() + "-bit ones");
        }
        boolean mono = d.samplesPerPixel() == 1 && pi.startsWith("MONOCHROME");
        boolean rgb = d.samplesPerPixel() == 3 && pi.equals("RGB") && d.bitsStored() <= 8;
        if (!mono && !rgb) {
            throw new PixelDataException("lossy JPEG encodes MONOCHROME1/2 or 8-bit RGB, not " + d.samplesPerPixel()
                    + " samples of " + pi + " with " + d.bitsStored() + " bits");
        }
    }

    @Override
    public ImagePixelDescription encodedDescription(ImagePixelDescription raw) {
        return raw.samplesPerPixel() == 3 ? raw.withPhotometricInterpretation("YBR_FULL_422").withPlanarConfiguration(0)
                : raw;
    }

    @Override
    public String lossyMethod() {
        return "ISO_10918_1";
    }

    @Override
    public byte[] encode(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        check(d);
        if (d.bitsStored() > 8 || d.bitsAllocated() > 8) {
            return new Jpeg12Encoder(quality).encode(raw, d);
        }
        BufferedImage image = toImage(raw, d);
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

    private static BufferedImage toImage(byte[] raw, ImagePixelDescription d) {
        int w = d.columns();
        int h = d.rows();
        if (d.samplesPerPixel() == 1) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, w, h, raw);
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
