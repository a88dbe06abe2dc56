package org.rayport.dicom.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.NoSuchElementException;
import org.rayport.dicom.codec.internal.Codecs;
import org.rayport.dicom.codec.internal.EncapsulatedFrames;
import org.rayport.dicom.codec.internal.FrameDecoder;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;

/**
 * The pixels of one image data set, frame by frame, as raw little endian samples (the layout of Explicit VR Little
 * Endian), whatever the transfer syntax they are stored in. Only one frame is in memory at a time.
 *
 * <pre>{@code
 * PixelData pixels = PixelData.of(file.dataset(), file.transferSyntax());
 * ImagePixelDescription d = pixels.decodedDescription();   // e.g. RGB for YBR_FULL_422 JPEG
 * byte[] first = pixels.frame(0);                            // d.frameLength() bytes
 * }</pre>
 *
 * Immutable and thread-safe; each call decodes anew.
 */
public final class PixelData {

    private final ImagePixelDescription stored;
    private final ImagePixelDescription decoded;
    private final TransferSyntax syntax;
    private final BulkData native_;
    private final EncapsulatedFrames frames;
    private final FrameDecoder decoder;

    private PixelData(ImagePixelDescription stored, ImagePixelDescription decoded, TransferSyntax syntax,
                      BulkData nativeData, EncapsulatedFrames frames, FrameDecoder decoder) {
        this.stored = stored;
        this.decoded = decoded;
        this.syntax = syntax;
        this.native_ = nativeData;
        this.frames = frames;
        this.decoder = decoder;
    }

    /**
     * The pixel data of {@code dataset}, encoded in {@code syntax}.
     *
     * @throws UnsupportedTransferSyntaxException if no codec here decodes {@code syntax}
     * @throws PixelDataException if the data set has no pixel data, or its description contradicts the data
     */
    public static PixelData of(Attributes dataset, TransferSyntax syntax) throws PixelDataException {
        ImagePixelDescription stored = ImagePixelDescription.of(dataset);
        if (!syntax.encapsulated()) {
            BulkData data = dataset.getBulkData(Tags.PIXEL_DATA);
            if (data == null) {
                throw new PixelDataException(dataset.getFragments(Tags.PIXEL_DATA) != null
                        ? "pixel data is encapsulated, but the transfer syntax " + syntax + " is not"
                        : "the data set has no native Pixel Data (7FE0,0010)");
            }
            if (stored.bitsAllocated() == 1 && stored.numberOfFrames() > 1 && (stored.rows() * stored.columns()
                    * stored.samplesPerPixel()) % 8 != 0) {
                throw new PixelDataException("1-bit frames that do not end on a byte boundary are not supported");
            }
            if (data.length() < stored.pixelDataLength()) {
                throw new PixelDataException("Pixel Data (7FE0,0010) holds " + data.length() + " bytes; "
                        + stored.numberOfFrames() + " frames of " + stored.frameLength() + " bytes need "
                        + stored.pixelDataLength());
            }
            return new PixelData(stored, stored, syntax, data, null, null);
        }
        Fragments fragments = dataset.getFragments(Tags.PIXEL_DATA);
        if (fragments == null) {
            throw new PixelDataException("the transfer syntax " + syntax + " needs encapsulated Pixel Data (7FE0,0010)"
                    + (dataset.contains(Tags.PIXEL_DATA) ? ", but it is native" : ", but there is none"));
        }
        FrameDecoder decoder = Codecs.decoder(syntax);
        EncapsulatedFrames frames = EncapsulatedFrames.of(fragments, stored.numberOfFrames(), Codecs.isJpegFamily(syntax));
        return new PixelData(stored, decoder.decodedDescription(stored), syntax, null, frames, decoder);
    }

    /** The pixel description as the data set states it. */
    public ImagePixelDescription description() {
        return stored;
    }

    /** The description of the frames {@link #frame(int)} returns (photometric interpretation after decoding). */
    public ImagePixelDescription decodedDescription() {
        return decoded;
    }

    public TransferSyntax transferSyntax() {
        return syntax;
    }

    public int numberOfFrames() {
        return stored.numberOfFrames();
    }

    /** Frame {@code index} (from 0), decoded: {@code decodedDescription().frameLength()} bytes, little endian. */
    public byte[] frame(int index) throws PixelDataException {
        if (index < 0 || index >= stored.numberOfFrames()) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + stored.numberOfFrames());
        }
        int length = (int) decoded.frameLength();
        byte[] out = new byte[length];
        if (frames == null) {
            try (InputStream in = native_.openStream()) {
                in.skipNBytes(index * stored.frameLength());
                if (in.readNBytes(out, 0, length) != length) {
                    throw new PixelDataException("frame " + index + " of the native pixel data is truncated");
                }
            } catch (PixelDataException e) {
                throw e;
            } catch (IOException e) {
                throw new PixelDataException("frame " + index + ": cannot read the pixel data: " + e.getMessage(), e);
            }
            return out;
        }
        byte[] compressed = frames.frameBytes(index, 2 * stored.frameLength() + 1024 * 1024);
        try {
            decoder.decode(compressed, stored, out);
        } catch (PixelDataException e) {
            throw new PixelDataException("frame " + index + " (" + syntax.name() + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Libraries report damaged streams with all kinds of runtime exceptions.
            throw new PixelDataException("frame " + index + " (" + syntax.name() + ") cannot be decoded: " + e, e);
        }
        return out;
    }

    /** Whether the pixel data is stored encapsulated (compressed), so {@link #encapsulatedFrame} applies. */
    public boolean isEncapsulated() {
        return frames != null;
    }

    /**
     * Frame {@code index} (from 0) as stored: the bytes of its fragments concatenated (PS3.5 A.4), not decoded, e.g.
     * one JPEG-LS bitstream. Streamed fragment by fragment when read.
     *
     * @throws IllegalStateException if the pixel data is native ({@link #isEncapsulated()} false)
     */
    public BulkData encapsulatedFrame(int index) {
        if (frames == null) {
            throw new IllegalStateException("the pixel data is native (" + syntax + "), not encapsulated");
        }
        if (index < 0 || index >= frames.size()) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames.size());
        }
        return frames.frameData(index);
    }

    /** All frames decoded, as bulk data whose streams decode one frame at a time. */
    public BulkData decodedBulkData() {
        long frameLength = decoded.frameLength();
        return BulkData.of(frameLength * stored.numberOfFrames(), () -> new SequenceInputStream(new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < stored.numberOfFrames();
            }

            @Override
            public InputStream nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException();
                }
                int index = next++;
                return new FrameStream(index);
            }
        }));
    }

    /** Decodes its frame on the first read, so a sequence of them holds one frame at a time. */
    private final class FrameStream extends InputStream {
        private final int index;
        private InputStream frame;

        FrameStream(int index) {
            this.index = index;
        }

        private InputStream frame() throws IOException {
            if (frame == null) {
                frame = new java.io.ByteArrayInputStream(PixelData.this.frame(index));
            }
            return frame;
        }

        @Override
        public int read() throws IOException {
            return frame().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return frame().read(b, off, len);
        }
    }
}
