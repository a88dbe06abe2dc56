package org.rayport.dicom.codec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rayport.dicom.codec.internal.Codecs;
import org.rayport.dicom.codec.internal.FrameEncoder;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * Re-encodes the pixel data of a data set in another transfer syntax, frame by frame, and updates what describes
 * it: Photometric Interpretation (YBR_FULL_422 for lossy colour JPEG, RGB once decoded), Planar Configuration,
 * and for lossy output Lossy Image Compression (0028,2110) "01" with the Ratio (0028,2112) and Method (0028,2114)
 * appended to any earlier ones. Signed pixels in lossy JPEG are stored unsigned, offset by 2^(Bits Stored - 1), with
 * Pixel Representation 0 and the Rescale Intercept lowered to match, so modality values stay. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * Transcoder toLossless = Transcoder.to(TransferSyntax.JPEG_LOSSLESS_SV1);
 * toLossless.write(file.dataset(), file.transferSyntax(), Path.of("out.dcm"));   // one frame in memory at a time
 * }</pre>
 *
 * {@link #write} streams a Part 10 file and holds one frame at a time, whatever the size of the image. {@link
 * #transcode} returns a data set: decompressed pixel data there is decoded lazily when it is read, but compressed
 * output is encoded at once and kept in memory (only its compressed size), since fragments need their lengths.
 * A lossy output keeps the SOP Instance UID; give it a new one if the original is kept too (PS3.3 C.7.6.1.1.5).
 */
public final class Transcoder {

    static final Tag LOSSY_IMAGE_COMPRESSION = Tag.of(0x0028, 0x2110);
    static final Tag LOSSY_IMAGE_COMPRESSION_RATIO = Tag.of(0x0028, 0x2112);
    static final Tag LOSSY_IMAGE_COMPRESSION_METHOD = Tag.of(0x0028, 0x2114);

    private final TransferSyntax target;
    private final float quality;

    private Transcoder(TransferSyntax target, float quality) {
        this.target = target;
        this.quality = quality;
    }

    /** A transcoder into {@code target}; lossy targets use quality 0.9 unless {@link #withQuality} says otherwise. */
    public static Transcoder to(TransferSyntax target) {
        if (target.bigEndian()) {
            throw new IllegalArgumentException(target + " is retired and not written");
        }
        return new Transcoder(target, 0.9f);
    }

    /** Quality of lossy JPEG, from 0 (smallest) to 1 (best); ignored by lossless syntaxes. */
    public Transcoder withQuality(float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("quality must be 0..1, is " + value);
        }
        return new Transcoder(target, value);
    }

    public TransferSyntax target() {
        return target;
    }

    /**
     * {@code dataset}, read in {@code source}, with its pixel data in the target syntax.
     *
     * @throws UnsupportedTransferSyntaxException if {@code source} cannot be decoded or the target not encoded
     * @throws PixelDataException if the pixels are damaged or contradict their description
     */
    public Attributes transcode(Attributes dataset, TransferSyntax source) throws PixelDataException {
        if (!needsPixelWork(dataset, source)) {
            return dataset;
        }
        PixelData pixels = PixelData.of(dataset, source);
        ImagePixelDescription decoded = pixels.decodedDescription();
        if (!target.encapsulated()) {
            Attributes.Builder b = withDescription(dataset, decoded);
            b.setBulkData(Tags.PIXEL_DATA, decoded.bitsAllocated() > 8 ? Vr.OW : Vr.OB, pixels.decodedBulkData());
            return b.build();
        }
        Plan plan = plan(pixels);
        List<BulkData> fragments = new ArrayList<>();
        byte[] offsets = new byte[pixels.numberOfFrames() > 1 ? 4 * pixels.numberOfFrames() : 0];
        long position = 0;
        long compressed = 0;
        for (int i = 0; i < pixels.numberOfFrames(); i++) {
            byte[] frame = plan.encode(pixels, i);
            if (offsets.length > 0) {
                putU32(offsets, 4 * i, position);
            }
            position += 8 + frame.length + (frame.length & 1);
            compressed += frame.length;
            fragments.add(BulkData.ofBytes(frame));
        }
        Attributes.Builder b = withDescription(dataset, plan.encoded);
        plan.encoder.adjustDataSet(dataset, plan.raw, b);
        if (plan.encoder.lossyMethod() != null) {
            recordLossy(b, dataset, (double) decoded.pixelDataLength() / compressed, plan.encoder.lossyMethod());
        }
        b.setFragments(Tags.PIXEL_DATA, Vr.OB, new Fragments(BulkData.ofBytes(offsets), fragments));
        return b.build();
    }

    /** Writes {@code dataset} as a Part 10 file in the target syntax, one frame in memory at a time. */
    public void write(Attributes dataset, TransferSyntax source, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(dataset, source, out);
        }
    }

    /**
     * Writes {@code dataset} as a Part 10 file in the target syntax to {@code out} (flushed, not closed). Frames
     * are decoded and encoded one after the other while writing. The lossy compression ratio recorded is that of
     * the first frame, which has to be known before the pixel data is written.
     */
    public void write(Attributes dataset, TransferSyntax source, OutputStream out) throws IOException {
        Part10Writer writer = Part10Writer.of(target);
        if (!needsPixelWork(dataset, source) || !target.encapsulated()) {
            writer.write(transcode(dataset, source), out);
            return;
        }
        PixelData pixels = PixelData.of(dataset, source);
        Plan plan = plan(pixels);
        byte[] first = plan.encode(pixels, 0);
        Attributes.Builder b = withDescription(dataset, plan.encoded);
        plan.encoder.adjustDataSet(dataset, plan.raw, b);
        if (plan.encoder.lossyMethod() != null) {
            recordLossy(b, dataset, (double) pixels.decodedDescription().frameLength() / first.length,
                    plan.encoder.lossyMethod());
        }
        Attributes header = b.remove(Tags.PIXEL_DATA).build();
        Attributes.Builder before = Attributes.builder().inheritCharacterSet(header.characterSet());
        Attributes.Builder after = Attributes.builder().inheritCharacterSet(header.characterSet());
        for (Element e : header.elements()) {
            (e.tag().compareTo(Tags.PIXEL_DATA) < 0 ? before : after).set(e);
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        writer.writeHeader(header.getString(Tags.SOP_CLASS_UID), header.getString(Tags.SOP_INSTANCE_UID), buffered);
        writer.writeDataSet(before.build(), buffered);
        // (7FE0,0010) OB, undefined length: encapsulated pixel data (PS3.5 A.4).
        buffered.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1});
        writeItemHeader(buffered, Tags.ITEM.value(), 0);   // empty basic offset table
        for (int i = 0; i < pixels.numberOfFrames(); i++) {
            byte[] frame = i == 0 ? first : plan.encode(pixels, i);
            writeItemHeader(buffered, Tags.ITEM.value(), frame.length + (frame.length & 1));
            buffered.write(frame);
            if ((frame.length & 1) == 1) {
                buffered.write(0);
            }
        }
        writeItemHeader(buffered, Tags.SEQUENCE_DELIMITATION_ITEM.value(), 0);
        writer.writeDataSet(after.build(), buffered);
        buffered.flush();
    }

    private boolean needsPixelWork(Attributes dataset, TransferSyntax source) {
        boolean hasPixels = dataset.contains(Tags.PIXEL_DATA);
        if (!hasPixels || source.uid().equals(target.uid())) {
            return false;
        }
        return source.encapsulated() || target.encapsulated();
    }

    /** What the encoder gets: frames interleaved for all but RLE, which keeps either planar configuration. */
    private Plan plan(PixelData pixels) throws PixelDataException {
        FrameEncoder encoder = Codecs.encoder(target, quality);
        ImagePixelDescription raw = pixels.decodedDescription();
        boolean interleave = raw.planarConfiguration() == 1 && !target.equals(TransferSyntax.RLE_LOSSLESS);
        if (interleave) {
            raw = raw.withPlanarConfiguration(0);
        }
        encoder.check(raw);
        return new Plan(encoder, raw, encoder.encodedDescription(raw), interleave);
    }

    private record Plan(FrameEncoder encoder, ImagePixelDescription raw, ImagePixelDescription encoded,
                        boolean interleave) {
        byte[] encode(PixelData pixels, int index) throws PixelDataException {
            byte[] frame = pixels.frame(index);
            if (interleave) {
                frame = Planes.interleave(frame, raw);
            }
            try {
                return encoder.encode(frame, raw);
            } catch (PixelDataException e) {
                throw new PixelDataException("frame " + index + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new PixelDataException("frame " + index + " cannot be encoded: " + e, e);
            }
        }
    }

    private static Attributes.Builder withDescription(Attributes dataset, ImagePixelDescription d) {
        return d.applyTo(dataset.toBuilder());
    }

    private static void recordLossy(Attributes.Builder b, Attributes dataset, double ratio, String method) {
        List<String> ratios = new ArrayList<>(dataset.getStrings(LOSSY_IMAGE_COMPRESSION_RATIO));
        List<String> methods = new ArrayList<>(dataset.getStrings(LOSSY_IMAGE_COMPRESSION_METHOD));
        ratios.add(String.format(Locale.ROOT, "%.2f", ratio));
        methods.add(method);
        b.setString(LOSSY_IMAGE_COMPRESSION, "01")
                .setString(LOSSY_IMAGE_COMPRESSION_RATIO, ratios.toArray(String[]::new))
                .setString(LOSSY_IMAGE_COMPRESSION_METHOD, methods.toArray(String[]::new));
    }

    private static void writeItemHeader(OutputStream out, int tag, long length) throws IOException {
        byte[] h = new byte[8];
        h[0] = (byte) (tag >>> 16);
        h[1] = (byte) (tag >>> 24);
        h[2] = (byte) tag;
        h[3] = (byte) (tag >>> 8);
        putU32(h, 4, length);
        out.write(h);
    }

    private static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    @Override
    public String toString() {
        return "Transcoder to " + target + (Arrays.asList("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51")
                .contains(target.uid()) ? " quality " + quality : "");
    }
}
