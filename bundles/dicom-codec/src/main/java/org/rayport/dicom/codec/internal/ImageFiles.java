package org.rayport.dicom.codec.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.rayport.dicom.codec.PixelDataException;

/**
 * PNG and JPEG files of rendered pictures, written by the JDK's own ImageIO writers, found as {@link JpegDecoder}
 * finds the JDK's providers (never through ImageIO's class-path-scanned lookup, nor its disk cache).
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** Writes PNG, or JPEG at {@code jpegQuality} (0 to 1, ImageIO's scale). */
    public static void write(BufferedImage image, boolean png, float jpegQuality, OutputStream out) throws IOException {
        ImageWriter writer;
        try {
            writer = JpegDecoder.jdkProvider(ImageWriterSpi.class, png ? "com.sun.imageio.plugins.png.PNGImageWriterSpi"
                    : "com.sun.imageio.plugins.jpeg.JPEGImageWriterSpi").createWriterInstance(null);
        } catch (IOException e) {
            throw new PixelDataException("cannot create the JDK's " + (png ? "PNG" : "JPEG") + " writer: "
                    + e.getMessage(), e);
        }
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!png) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
            stream.flush();
        } finally {
            writer.dispose();
        }
        out.flush();
    }
}
