package org.rayport.dicom.codec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.rayport.dicom.codec.internal.Displays;
import org.rayport.dicom.codec.internal.ImageFiles;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.TransferSyntax;

/**
 * Turns one frame of an image into something a screen shows: an 8-bit grey or RGB picture, written as PNG or JPEG.
 * Grey images go through the DICOM display pipeline (PS3.3 C.11): stored value, Modality LUT Sequence or Rescale
 * Slope/Intercept, then a VOI transform, then MONOCHROME1 inversion. The VOI transform is, in this order: the window
 * given with {@link #withWindow}; else the data set's first Window Center/Width (with its VOI LUT Function LINEAR,
 * LINEAR_EXACT or SIGMOID); else its first VOI LUT Sequence item; else the frame's own range of values (Pixel
 * Padding Value left out). Colour images (RGB, YBR_FULL, 16-bit samples reduced to 8) keep their colours.
 *
 * <pre>{@code
 * Rendering.defaults().withFrame(0).withMaxSize(256).withFormat(Rendering.Format.JPEG)
 *         .write(file.dataset(), file.transferSyntax(), out);      // a thumbnail, longest edge 256
 * }</pre>
 *
 * Output is never larger than {@link #MAX_SIZE} on its longest edge, and never larger than the image: a rendered
 * frame costs at most 4096 x 4096 x 4 bytes, whatever the source. Immutable and thread-safe.
 *
 * <p>Written here rather than taken from a library: the DICOM toolkits that render (dcm4che's imageio, PixelMed)
 * bring their own data model, and this pipeline is a few table look-ups over the decoded frame
 * {@link PixelData} already gives.
 */
public final class Rendering {

    /** The longest edge any rendering has, in pixels. */
    public static final int MAX_SIZE = 4096;

    /** High enough that window edges and text stay clean. */
    public static final float DEFAULT_JPEG_QUALITY = 0.9f;

    /** Output formats, with their media types. */
    public enum Format {
        PNG("image/png"), JPEG("image/jpeg");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        /** "png" or "jpeg" (also "jpg"), any case. */
        public static Format of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("png")) {
                return PNG;
            }
            if (n.equals("jpeg") || n.equals("jpg")) {
                return JPEG;
            }
            throw new IllegalArgumentException("format must be png or jpeg, not '" + name + "'");
        }
    }

    private final int frame;
    private final double windowCenter;
    private final double windowWidth;
    private final int maxSize;
    private final Format format;
    private final float jpegQuality;

    private Rendering(int frame, double windowCenter, double windowWidth, int maxSize, Format format,
                      float jpegQuality) {
        this.frame = frame;
        this.windowCenter = windowCenter;
        this.windowWidth = windowWidth;
        this.maxSize = maxSize;
        this.format = format;
        this.jpegQuality = jpegQuality;
    }

    /** The first frame, the data set's own window, at most {@link #MAX_SIZE} pixels, as PNG (JPEG quality 0.9). */
    public static Rendering defaults() {
        return new Rendering(0, Double.NaN, Double.NaN, MAX_SIZE, Format.PNG, DEFAULT_JPEG_QUALITY);
    }

    /** The frame to render, from 0. */
    public Rendering withFrame(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must be 0 or more, is " + index);
        }
        return new Rendering(index, windowCenter, windowWidth, maxSize, format, jpegQuality);
    }

    /** A linear window in modality units (e.g. HU): centre and width (at least 1), as PS3.3 C.11.2.1.2.1 defines. */
    public Rendering withWindow(double center, double width) {
        if (!Double.isFinite(center) || !Double.isFinite(width) || width < 1) {
            throw new IllegalArgumentException("window centre must be a number and width at least 1, not " + center
                    + "/" + width);
        }
        return new Rendering(frame, center, width, maxSize, format, jpegQuality);
    }

    /** The longest edge of the output, 1 to {@link #MAX_SIZE}; smaller images are not enlarged. */
    public Rendering withMaxSize(int longestEdge) {
        if (longestEdge < 1 || longestEdge > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + ", is " + longestEdge);
        }
        return new Rendering(frame, windowCenter, windowWidth, longestEdge, format, jpegQuality);
    }

    public Rendering withFormat(Format value) {
        return new Rendering(frame, windowCenter, windowWidth, maxSize, java.util.Objects.requireNonNull(value),
                jpegQuality);
    }

    /** JPEG quality, 0 (smallest) to 1 (best), as {@link Transcoder#withQuality}; PNG ignores it. */
    public Rendering withQuality(float quality) {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be 0..1, is " + quality);
        }
        return new Rendering(frame, windowCenter, windowWidth, maxSize, format, quality);
    }

    public float quality() {
        return jpegQuality;
    }

    public Format format() {
        return format;
    }

    public int frame() {
        return frame;
    }

    /**
     * The frame as a {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB} image, scaled down to the maximum size.
     *
     * @throws UnsupportedTransferSyntaxException no codec decodes {@code syntax}
     * @throws PixelDataException no pixel data, damaged pixels, a photometric interpretation not rendered here, or
     *                            a frame index beyond the image's frames
     */
    public BufferedImage render(Attributes dataset, TransferSyntax syntax) throws PixelDataException {
        PixelData pixels = PixelData.of(dataset, syntax);
        if (frame >= pixels.numberOfFrames()) {
            throw new PixelDataException("frame index " + frame + " is beyond the image's " + pixels.numberOfFrames()
                    + " frame(s)");
        }
        ImagePixelDescription d = pixels.decodedDescription();
        byte[] raw = pixels.frame(frame);
        BufferedImage full;
        if (d.samplesPerPixel() == 1) {
            full = Displays.grey(raw, d, dataset, windowCenter, windowWidth);
        } else {
            if (d.planarConfiguration() == 1) {
                raw = Planes.interleave(raw, d);
                d = d.withPlanarConfiguration(0);
            }
            full = Displays.colour(raw, d);
        }
        return Displays.scaleDown(full, maxSize);
    }

    /** Renders and writes the picture in the chosen format to {@code out} (flushed, not closed). */
    public void write(Attributes dataset, TransferSyntax syntax, OutputStream out) throws IOException {
        ImageFiles.write(render(dataset, syntax), format == Format.PNG, jpegQuality, out);
    }

    @Override
    public String toString() {
        return "Rendering[frame " + frame + (Double.isNaN(windowCenter) ? "" : ", window " + windowCenter + "/"
                + windowWidth) + ", max " + maxSize + ", " + format + (format == Format.JPEG ? " quality " + jpegQuality : "") + "]";
    }
}
