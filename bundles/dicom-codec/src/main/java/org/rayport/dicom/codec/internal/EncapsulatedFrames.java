package org.rayport.dicom.codec.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Fragments;

/**
 * Which fragments make up which frame (PS3.5 A.4): one fragment per frame when the counts agree, else the Basic
 * Offset Table, else (JPEG family) a new frame at each fragment that starts with an SOI marker, and for a single
 * frame all fragments. Immutable.
 */
public final class EncapsulatedFrames {

    private final List<List<BulkData>> frames;

    private EncapsulatedFrames(List<List<BulkData>> frames) {
        this.frames = frames;
    }

    public static EncapsulatedFrames of(Fragments fragments, int numberOfFrames, boolean jpegFamily)
            throws PixelDataException {
        List<BulkData> items = fragments.fragments();
        if (items.isEmpty()) {
            throw new PixelDataException("encapsulated pixel data has no fragments (only the basic offset table)");
        }
        List<List<BulkData>> frames = new ArrayList<>();
        if (numberOfFrames == 1) {
            frames.add(items);
        } else if (items.size() == numberOfFrames) {
            for (BulkData item : items) {
                frames.add(List.of(item));
            }
        } else if (fragments.basicOffsetTable().length() > 0) {
            frames = byOffsetTable(fragments, numberOfFrames);
        } else if (jpegFamily) {
            frames = bySoiMarkers(items);
        } else {
            throw new PixelDataException(numberOfFrames + " frames in " + items.size()
                    + " fragments without a basic offset table: cannot tell where frames start");
        }
        if (frames.size() != numberOfFrames) {
            throw new PixelDataException("encapsulated pixel data holds " + frames.size() + " frames, Number of Frames"
                    + " (0028,0008) says " + numberOfFrames);
        }
        return new EncapsulatedFrames(frames);
    }

    private static List<List<BulkData>> byOffsetTable(Fragments fragments, int numberOfFrames) throws PixelDataException {
        byte[] table;
        try {
            if (fragments.basicOffsetTable().length() != 4L * numberOfFrames) {
                throw new PixelDataException("basic offset table of " + fragments.basicOffsetTable().length()
                        + " bytes for " + numberOfFrames + " frames (4 bytes each expected)");
            }
            table = fragments.basicOffsetTable().readAllBytes();
        } catch (PixelDataException e) {
            throw e;
        } catch (IOException e) {
            throw new PixelDataException("cannot read the basic offset table: " + e.getMessage(), e);
        }
        List<List<BulkData>> frames = new ArrayList<>();
        List<BulkData> items = fragments.fragments();
        long position = 0;
        int item = 0;
        for (int frame = 0; frame < numberOfFrames; frame++) {
            long start = (table[4 * frame] & 0xFFL) | (table[4 * frame + 1] & 0xFFL) << 8
                    | (table[4 * frame + 2] & 0xFFL) << 16 | (table[4 * frame + 3] & 0xFFL) << 24;
            if (position != start) {
                throw new PixelDataException("basic offset table: frame " + frame + " starts at offset " + start
                        + ", but no fragment item starts there (next item at " + position + ")");
            }
            long end = frame + 1 < numberOfFrames ? (table[4 * frame + 4] & 0xFFL) | (table[4 * frame + 5] & 0xFFL) << 8
                    | (table[4 * frame + 6] & 0xFFL) << 16 | (table[4 * frame + 7] & 0xFFL) << 24 : Long.MAX_VALUE;
            List<BulkData> parts = new ArrayList<>();
            while (item < items.size() && position < end) {
                parts.add(items.get(item));
                position += 8 + items.get(item).length() + (items.get(item).length() & 1);
                item++;
            }
            if (parts.isEmpty()) {
                throw new PixelDataException("basic offset table: frame " + frame + " at offset " + start
                        + " has no fragments");
            }
            frames.add(parts);
        }
        return frames;
    }

    private static List<List<BulkData>> bySoiMarkers(List<BulkData> items) throws PixelDataException {
        List<List<BulkData>> frames = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BulkData item = items.get(i);
            if (startsWithSoi(item, i)) {
                frames.add(new ArrayList<>());
            } else if (frames.isEmpty()) {
                throw new PixelDataException("fragment 0 does not start with a JPEG SOI marker (FFD8)");
            }
            frames.get(frames.size() - 1).add(item);
        }
        return frames;
    }

    private static boolean startsWithSoi(BulkData item, int index) throws PixelDataException {
        try (InputStream in = item.openStream()) {
            return in.read() == 0xFF && in.read() == 0xD8;
        } catch (IOException e) {
            throw new PixelDataException("cannot read fragment " + index + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return frames.size();
    }

    /**
     * The fragments of {@code frame} as one bulk data value, read fragment after fragment as the stream is read (a
     * compressed frame is never held whole in memory here).
     */
    public BulkData frameData(int frame) {
        List<BulkData> parts = frames.get(frame);
        long total = 0;
        for (BulkData part : parts) {
            total += part.length();
        }
        return BulkData.of(total, () -> new ConcatenatedStream(parts));
    }

    /** The parts' streams one after the other, each opened when the previous one ends. */
    private static final class ConcatenatedStream extends InputStream {
        private final List<BulkData> parts;
        private int next;
        private InputStream current;

        ConcatenatedStream(List<BulkData> parts) {
            this.parts = parts;
        }

        private boolean advance() throws IOException {
            while (current == null) {
                if (next >= parts.size()) {
                    return false;
                }
                current = parts.get(next++).openStream();
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (advance()) {
                int n = current.read(b, off, len);
                if (n >= 0) {
                    return n;
                }
                current.close();
                current = null;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
            next = parts.size();
        }
    }

    /** The fragments of {@code frame} concatenated; at most {@code maxLength} bytes. */
    public byte[] frameBytes(int frame, long maxLength) throws PixelDataException {
        List<BulkData> parts = frames.get(frame);
        long total = 0;
        for (BulkData part : parts) {
            total += part.length();
        }
        if (total > maxLength) {
            throw new PixelDataException("frame " + frame + ": " + total + " compressed bytes, more than the limit of "
                    + maxLength + " for this frame size");
        }
        byte[] bytes = new byte[(int) total];
        int offset = 0;
        for (int i = 0; i < parts.size(); i++) {
            BulkData part = parts.get(i);
            try (InputStream in = part.openStream()) {
                int n = in.readNBytes(bytes, offset, (int) part.length());
                if (n != part.length()) {
                    throw new PixelDataException("frame " + frame + ": fragment " + i + " is truncated: " + n
                            + " of " + part.length() + " bytes");
                }
            } catch (PixelDataException e) {
                throw e;
            } catch (IOException e) {
                throw new PixelDataException("frame " + frame + ": cannot read fragment " + i + ": " + e.getMessage(), e);
            }
            offset += (int) part.length();
        }
        return bytes;
    }
}
