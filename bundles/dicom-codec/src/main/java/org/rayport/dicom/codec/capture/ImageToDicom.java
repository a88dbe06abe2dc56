package org.rayport.dicom.codec.capture;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

import com.twelvemonkeys.imageio.plugins.tga.TGAImageReaderSpi;

/**
 * Turns PDF and image files into DICOM instances, for folder pools and client uploads: PDF into Encapsulated PDF, JPEG into Secondary Capture
 * with the JPEG data kept as it is (JPEG Baseline or Extended fragments, no re-compression), and PNG, BMP, TIFF,
 * GIF and TGA into uncompressed Secondary Capture (RGB, or MONOCHROME2 for grey images). The kind of a file is told
 * by its first bytes; TGA, which has no signature, by its name.
 *
 * <p>The JPEG header is read here (a marker walk, bounded by the file): the frame header decides the transfer
 * syntax and the photometric interpretation, which no image library reports without decoding. PNG, BMP, TIFF and
 * GIF are read by the JDK's ImageIO, TGA by TwelveMonkeys' reader, instantiated directly (the JDK has none).
 */
public final class ImageToDicom {

    /** What a file holds, as far as the conversion cares. */
    public enum Kind { DICOM, PDF, JPEG, IMAGE, TGA }

    /** Larger images are refused rather than risk the heap: decoding holds the whole image in memory. */
    public static final long MAX_PIXELS = 40_000_000L;

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final String ENCAPSULATED_PDF = Uids.ENCAPSULATED_PDF_STORAGE;
    private static final String SECONDARY_CAPTURE = Uids.SECONDARY_CAPTURE_IMAGE_STORAGE;

    private ImageToDicom() {
    }

    /** The kind of the file, or empty when it is none this class converts (nor DICOM). */
    public static Optional<Kind> detect(Path file) throws IOException {
        byte[] head = new byte[132];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return Optional.of(Kind.DICOM);
        }
        if (startsWith(head, read, '%', 'P', 'D', 'F', '-')) {
            return Optional.of(Kind.PDF);
        }
        if (startsWith(head, read, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(Kind.JPEG);
        }
        if (startsWith(head, read, 0x89, 'P', 'N', 'G') || startsWith(head, read, 'B', 'M')
                || startsWith(head, read, 'G', 'I', 'F', '8') || startsWith(head, read, 'I', 'I', 42, 0)
                || startsWith(head, read, 'M', 'M', 0, 42)) {
            return Optional.of(Kind.IMAGE);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (read >= 18 && (name.endsWith(".tga") || name.endsWith(".tpic"))) {
            return Optional.of(Kind.TGA);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int read, int... signature) {
        if (read < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** A new UID under 2.25 (PS3.5 B.2): a random UUID read as one decimal number. */
    public static String newUid() {
        return uidOf(UUID.randomUUID());
    }

    /** The same UID for the same name, e.g. the study of one subdirectory of a pool. */
    public static String uidFor(String name) {
        return uidOf(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String uidOf(UUID uuid) {
        BigInteger value = new BigInteger(1, java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        return "2.25." + value;
    }

    /**
     * Writes {@code source} as a Part 10 file at {@code target}.
     *
     * @param context patient, study and series attributes (with Study and Series Instance UID) for the new instance;
     *                its SOP Instance UID too, or a new one is made; for a PDF its DocumentTitle too, or the file's
     *                name is the title
     * @param instanceNumber the InstanceNumber of the new instance
     * @throws IOException naming the file, and the offset where it is broken, when it cannot be read as its kind
     */
    public static void convert(Path source, Kind kind, Attributes context, int instanceNumber, Path target)
            throws IOException {
        LocalDateTime modified = LocalDateTime.ofInstant(Files.getLastModifiedTime(source).toInstant(),
                ZoneId.systemDefault());
        Attributes.Builder instance = context.toBuilder()
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, context.getString(Tags.SOP_INSTANCE_UID, newUid()))
                .setInt(Tags.INSTANCE_NUMBER, Vr.IS, instanceNumber)
                .setString(Tag.named("ContentDate"), Vr.DA, modified.format(DA))
                .setString(Tag.named("ContentTime"), Vr.TM, modified.format(TM))
                .setString(Tag.named("Manufacturer"), Vr.LO, "Rayport")
                .setString(Tag.named("ConversionType"), Vr.CS, "WSD")
                .setString(Tag.named("InstanceCreationDate"), Vr.DA, LocalDateTime.now().format(DA))
                .setString(Tag.named("InstanceCreationTime"), Vr.TM, LocalDateTime.now().format(TM));
        switch (kind) {
            case PDF -> pdf(source, context, instance, modified);
            case JPEG -> {
                Optional<TransferSyntax> kept = jpeg(source, instance);
                if (kept.isPresent()) {
                    write(instance, target, kept.get());
                    return;
                }
                image(source, readImage(source, null), instance);
            }
            case IMAGE -> image(source, readImage(source, null), instance);
            case TGA -> image(source, readImage(source, new TGAImageReaderSpi().createReaderInstance()), instance);
            default -> throw new IllegalArgumentException(kind + " files are imported as they are");
        }
        write(instance, target, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static void write(Attributes.Builder instance, Path target, TransferSyntax syntax) throws IOException {
        Part10Writer.of(syntax).write(instance.build(), target);
    }

    private static void pdf(Path source, Attributes context, Attributes.Builder instance, LocalDateTime modified)
            throws IOException {
        long length = Files.size(source);
        if (length > 0xFFFF_FFFEL) {
            throw new IOException(source + ": a PDF of " + length + " bytes does not fit in one DICOM value");
        }
        String title = context.getString(Tag.named("DocumentTitle"), source.getFileName().toString());
        instance.setString(Tags.SOP_CLASS_UID, Vr.UI, ENCAPSULATED_PDF)
                .setString(Tags.MODALITY, Vr.CS, "DOC")
                .setString(Tag.named("AcquisitionDateTime"), Vr.DT, modified.format(DA) + modified.format(TM))
                .setString(Tag.named("BurnedInAnnotation"), Vr.CS, "YES")
                .setString(Tag.named("DocumentTitle"), Vr.ST, title.length() > 1024 ? title.substring(0, 1024) : title)
                .setSequence(Tag.named("ConceptNameCodeSequence"), new Attributes[0])
                .setString(Tag.named("MIMETypeOfEncapsulatedDocument"), Vr.LO, "application/pdf")
                .setBulkData(Tag.named("EncapsulatedDocument"), Vr.OB, padded(BulkData.ofFile(source, 0, length)));
    }

    /** OB values have even lengths; one zero byte pads an odd one (PS3.5 8.1.1, and PS3.3 A.45.1.4.1 for PDF). */
    private static BulkData padded(BulkData value) {
        if (value.length() % 2 == 0) {
            return value;
        }
        return BulkData.of(value.length() + 1, () -> new SequenceInputStream(value.openStream(),
                new ByteArrayInputStream(new byte[1])));
    }

    /** What the frame header of a JPEG says. */
    record JpegFrame(int marker, int precision, int rows, int columns, int components, int lumaSampling,
                     boolean adobeRgb) {
    }

    /**
     * Walks the markers up to the first frame header.
     *
     * @throws IOException naming the file and the offset where the JPEG is broken
     */
    static JpegFrame jpegFrame(Path source) throws IOException {
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = channel.size();
            InputStream in = new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(channel));
            long offset = 0;
            if (in.read() != 0xFF || in.read() != 0xD8) {
                throw broken(source, 0, "not a JPEG (no start-of-image marker)");
            }
            offset = 2;
            boolean adobeRgb = false;
            while (true) {
                int prefix = in.read();
                int marker = in.read();
                while (marker == 0xFF) {
                    marker = in.read();
                    offset++;
                }
                if (prefix != 0xFF || marker < 0) {
                    throw broken(source, offset, "JPEG marker expected");
                }
                if (marker == 0xD9 || marker == 0xDA) {
                    throw broken(source, offset, "JPEG without a frame header");
                }
                if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                    offset += 2;
                    continue;
                }
                int length = (in.read() << 8) | in.read();
                if (length < 2 || offset + 2 + length > size) {
                    throw broken(source, offset, "JPEG segment 0xFF" + Integer.toHexString(marker)
                            .toUpperCase(Locale.ROOT) + " of length " + length + " runs past the end of the file");
                }
                byte[] segment = in.readNBytes(length - 2);
                if (segment.length != length - 2) {
                    throw broken(source, offset, "JPEG truncated");
                }
                boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (marker == 0xEE && segment.length >= 12 && new String(segment, 0, 5,
                        java.nio.charset.StandardCharsets.US_ASCII).equals("Adobe")) {
                    adobeRgb = segment[11] == 0;
                }
                if (frame) {
                    if (segment.length < 6) {
                        throw broken(source, offset, "JPEG frame header too short");
                    }
                    int components = segment[5] & 0xFF;
                    if (components == 0 || segment.length < 6 + 3 * components) {
                        throw broken(source, offset, "JPEG frame header with " + components
                                + " components does not fit its length");
                    }
                    int rows = ((segment[1] & 0xFF) << 8) | (segment[2] & 0xFF);
                    int columns = ((segment[3] & 0xFF) << 8) | (segment[4] & 0xFF);
                    return new JpegFrame(marker, segment[0] & 0xFF, rows, columns, components, segment[7] & 0xFF,
                            adobeRgb);
                }
                offset += 2 + length;
            }
        }
    }

    /**
     * A baseline or extended 8-bit JPEG of one or three components goes in as it is; other JPEGs (progressive,
     * lossless, arithmetic coded: not allowed in DICOM as such) are decoded and stored uncompressed.
     *
     * @return the transfer syntax of the JPEG kept as it is; empty when it must be decoded
     */
    private static Optional<TransferSyntax> jpeg(Path source, Attributes.Builder instance) throws IOException {
        JpegFrame frame = jpegFrame(source);
        boolean keep = (frame.marker() == 0xC0 || frame.marker() == 0xC1) && frame.precision() == 8
                && (frame.components() == 1 || frame.components() == 3) && frame.rows() > 0;
        if (!keep) {
            return Optional.empty();
        }
        String photometric;
        if (frame.components() == 1) {
            photometric = "MONOCHROME2";
        } else if (frame.adobeRgb()) {
            photometric = "RGB";
        } else {
            // PS3.5 8.2.1: YCbCr JPEG is YBR_FULL_422 when the chroma is subsampled, YBR_FULL when it is not.
            photometric = frame.lumaSampling() == 0x11 ? "YBR_FULL" : "YBR_FULL_422";
        }
        long length = Files.size(source);
        imagePixel(instance, frame.components(), photometric, frame.rows(), frame.columns(), 8);
        instance.setString(Tag.named("LossyImageCompression"), Vr.CS, "01")
                .setString(Tag.named("LossyImageCompressionMethod"), Vr.CS, "ISO_10918_1")
                .setFragments(Tags.PIXEL_DATA, Vr.OB, Fragments.of(List.of(padded(BulkData.ofFile(source, 0,
                        length)))));
        return Optional.of(frame.marker() == 0xC0 ? TransferSyntax.JPEG_BASELINE : TransferSyntax.JPEG_EXTENDED);
    }

    private static IOException broken(Path source, long offset, String problem) {
        return new IOException(source + " at byte offset " + offset + ": " + problem);
    }

    private static void imagePixel(Attributes.Builder instance, int samples, String photometric, int rows,
                                   int columns, int bits) {
        instance.setString(Tags.SOP_CLASS_UID, Vr.UI, SECONDARY_CAPTURE)
                .setString(Tags.MODALITY, Vr.CS, "OT")
                .setString(Tag.named("PatientOrientation"), Vr.CS)
                .setString(Tag.named("Laterality"), Vr.CS)
                .setInt(Tags.SAMPLES_PER_PIXEL, Vr.US, samples)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, Vr.CS, photometric)
                .setInt(Tags.ROWS, Vr.US, rows)
                .setInt(Tags.COLUMNS, Vr.US, columns)
                .setInt(Tags.BITS_ALLOCATED, Vr.US, bits)
                .setInt(Tags.BITS_STORED, Vr.US, bits)
                .setInt(Tags.HIGH_BIT, Vr.US, bits - 1)
                .setInt(Tags.PIXEL_REPRESENTATION, Vr.US, 0);
        if (samples > 1) {
            instance.setInt(Tag.named("PlanarConfiguration"), Vr.US, 0);
        }
    }

    /** The first image of the file, its size checked before it is decoded. */
    private static BufferedImage readImage(Path source, ImageReader given) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
            if (in == null) {
                throw new IOException(source + ": cannot be opened as an image");
            }
            ImageReader reader = given;
            if (reader == null) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    throw new IOException(source + ": no image reader knows this format");
                }
                reader = readers.next();
            }
            try {
                reader.setInput(in, false, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new IOException(source + ": " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels is more than the " + MAX_PIXELS + " converted");
                }
                if (reader.getWidth(0) > 65535 || reader.getHeight(0) > 65535) {
                    throw new IOException(source + ": DICOM images have at most 65535 rows and columns");
                }
                return reader.read(0);
            } catch (RuntimeException unreadable) {
                // Image readers report broken files with all sorts of runtime exceptions.
                throw new IOException(source + ": not a readable image: " + unreadable, unreadable);
            } finally {
                reader.dispose();
            }
        }
    }

    private static void image(Path source, BufferedImage image, Attributes.Builder instance) throws IOException {
        int rows = image.getHeight();
        int columns = image.getWidth();
        ColorModel model = image.getColorModel();
        boolean grey = model.getNumColorComponents() == 1 && !(model instanceof IndexColorModel)
                || model instanceof IndexColorModel palette && greyPalette(palette);
        int bits = grey && model.getComponentSize(0) > 8 && !(model instanceof IndexColorModel) ? 16 : 8;
        int samples = grey ? 1 : 3;
        imagePixel(instance, samples, grey ? "MONOCHROME2" : "RGB", rows, columns, bits);
        long length = (long) rows * columns * samples * (bits / 8);
        BulkData pixels = BulkData.of(length, () -> new RowStream(image, grey, bits));
        instance.setBulkData(Tags.PIXEL_DATA, bits == 16 ? Vr.OW : Vr.OB, padded(pixels));
    }

    private static boolean greyPalette(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pixels of an image as DICOM stores them, one row at a time, so that the image is not held twice.
     * Alpha is dropped: a Secondary Capture has no transparency.
     */
    private static final class RowStream extends InputStream {
        private final BufferedImage image;
        private final boolean grey;
        private final int bits;
        private final int[] argb;
        private byte[] row = new byte[0];
        private int position;
        private int nextRow;

        RowStream(BufferedImage image, boolean grey, int bits) {
            this.image = image;
            this.grey = grey;
            this.bits = bits;
            this.argb = new int[image.getWidth()];
        }

        private boolean fill() {
            if (nextRow >= image.getHeight()) {
                return false;
            }
            int width = image.getWidth();
            if (grey) {
                Raster raster = image.getRaster();
                int[] samples = raster.getSamples(0, nextRow, width, 1, 0, new int[width]);
                if (image.getColorModel() instanceof IndexColorModel palette) {
                    for (int x = 0; x < width; x++) {
                        samples[x] = palette.getRed(samples[x]);
                    }
                }
                row = new byte[width * bits / 8];
                for (int x = 0; x < width; x++) {
                    if (bits == 16) {
                        row[2 * x] = (byte) samples[x];
                        row[2 * x + 1] = (byte) (samples[x] >> 8);
                    } else {
                        row[x] = (byte) samples[x];
                    }
                }
            } else {
                image.getRGB(0, nextRow, width, 1, argb, 0, width);
                row = new byte[width * 3];
                for (int x = 0; x < width; x++) {
                    row[3 * x] = (byte) (argb[x] >> 16);
                    row[3 * x + 1] = (byte) (argb[x] >> 8);
                    row[3 * x + 2] = (byte) argb[x];
                }
            }
            nextRow++;
            position = 0;
            return true;
        }

        @Override
        public int read() {
            if (position >= row.length && !fill()) {
                return -1;
            }
            return row[position++] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= row.length && !fill()) {
                return -1;
            }
            int count = Math.min(length, row.length - position);
            System.arraycopy(row, position, into, offset, count);
            position += count;
            return count;
        }
    }
}
