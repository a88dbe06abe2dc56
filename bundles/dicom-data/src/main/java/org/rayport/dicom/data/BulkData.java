package org.rayport.dicom.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.rayport.dicom.data.internal.LimitedInputStream;
import org.rayport.dicom.data.internal.SwappingInputStream;

/**
 * A value that is not held in memory, typically pixel data: a region of a file, an
 * in-memory array, or any repeatable stream source. Immutable; each {@link #openStream()}
 * gives a fresh stream, so many threads may read the same bulk data.
 * Streams always deliver little endian bytes, whatever the order in the source file.
 */
public final class BulkData {

    /** Opens a new stream over the same bytes each time it is called. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private final long length;
    private final Source source;
    private final String description;

    private BulkData(long length, Source source, String description) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.length = length;
        this.source = source;
        this.description = description;
    }

    public static BulkData ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new BulkData(copy.length, () -> new ByteArrayInputStream(copy), copy.length + " bytes in memory");
    }

    /** {@code length} bytes from {@code offset} in {@code file}, little endian or byte data. */
    public static BulkData ofFile(Path file, long offset, long length) {
        return ofFile(file, offset, length, ByteOrder.LITTLE_ENDIAN, 1);
    }

    /**
     * A file region holding numbers of {@code swapUnit} bytes in {@code order}; streams
     * swap them into little endian (used for Explicit VR Big Endian files).
     */
    public static BulkData ofFile(Path file, long offset, long length, ByteOrder order, int swapUnit) {
        Objects.requireNonNull(file, "file");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        boolean swap = order == ByteOrder.BIG_ENDIAN && swapUnit > 1;
        Source region = () -> {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            InputStream in = new LimitedInputStream(Channels.newInputStream(channel), length);
            return swap ? new SwappingInputStream(in, swapUnit) : in;
        };
        return new BulkData(length, region, file + " @" + offset + (swap ? " (big endian)" : ""));
    }

    /** {@code length} bytes produced by {@code source}, e.g. a generator or another store. */
    public static BulkData of(long length, Source source) {
        return new BulkData(length, Objects.requireNonNull(source, "source"), length + " bytes from a stream source");
    }

    public long length() {
        return length;
    }

    /** A new stream of exactly {@link #length()} bytes (fewer only if the source is damaged). */
    public InputStream openStream() throws IOException {
        return new LimitedInputStream(source.open(), length);
    }

    /** Loads the value; only for values known to be small enough for an array. */
    public byte[] readAllBytes() throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("bulk data of " + length + " bytes does not fit in an array");
        }
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public String toString() {
        return "BulkData[" + length + " bytes: " + description + "]";
    }
}
