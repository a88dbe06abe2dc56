package org.rayport.store.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.DicomParseException;

/**
 * Walks the element headers of a data set stream without loading large values: small top-level elements (and, if
 * asked, sequences) are captured as their encoded bytes, for {@code Part10Reader.parseDataSet} to decode; pixel data
 * and values above the inline limit are only located (offset, length; the fragments of encapsulated pixel data).
 *
 * <p>Written here because dicom-data's reader loads every value of a stream into memory and references bulk data
 * only in plain files: the store needs both streamed input (C-STORE, several GB) and bulk data inside encrypted files.
 * Truncated or garbled input raises {@link DicomParseException} with the offset; lengths are never used to allocate.
 */
final class DataSetScanner {

    /** A value left where it is: {@code offset} is absolute (base offset plus position in the data set). */
    record BulkValue(Tag tag, Vr vr, long offset, long length) {
    }

    /** Encapsulated pixel data: the Basic Offset Table item value, then each fragment's value, as offset/length. */
    record EncapsulatedValue(Tag tag, Vr vr, List<long[]> items) {
    }

    /**
     * @param captured the encoded small elements, in the data set's own encoding (inflated if it was deflated)
     * @param end      absolute offset after the last byte of the data set
     */
    record Result(byte[] captured, List<BulkValue> bulk, List<EncapsulatedValue> encapsulated, long end) {
    }

    static final long MAX_CAPTURED = 64L * 1024 * 1024;
    private static final int MAX_DEPTH = 64;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = Tags.ITEM.value();
    private static final int ITEM_DELIMITATION = Tags.ITEM_DELIMITATION_ITEM.value();
    private static final int SEQUENCE_DELIMITATION = Tags.SEQUENCE_DELIMITATION_ITEM.value();
    private static final int PIXEL_DATA = Tags.PIXEL_DATA.value();

    private final InputStream in;
    private final boolean keepSequences;
    private final long inlineLimit;
    private final byte[] header = new byte[12];
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream(8 * 1024);
    private final List<BulkValue> bulk = new ArrayList<>();
    private final List<EncapsulatedValue> encapsulated = new ArrayList<>();
    private long position;
    private boolean explicitVr;
    private boolean bigEndian;

    private DataSetScanner(InputStream in, long baseOffset, boolean explicitVr, boolean bigEndian,
                           boolean keepSequences, long inlineLimit) {
        this.in = in;
        this.position = baseOffset;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.keepSequences = keepSequences;
        this.inlineLimit = inlineLimit;
    }

    /**
     * Scans {@code in} to its end. {@code in.skip} is used for values that are neither captured nor copied, so a
     * stream whose skip seeks passes over bulk data without reading it.
     */
    static Result scan(InputStream in, long baseOffset, boolean explicitVr, boolean bigEndian, boolean keepSequences,
                       long inlineLimit) throws IOException {
        DataSetScanner scanner = new DataSetScanner(in, baseOffset, explicitVr, bigEndian, keepSequences, inlineLimit);
        scanner.topLevel();
        return new Result(scanner.captured.toByteArray(), List.copyOf(scanner.bulk),
                List.copyOf(scanner.encapsulated), scanner.position);
    }

    private void topLevel() throws IOException {
        while (true) {
            long start = position;
            int got = readUpTo(header, 0, 4);
            if (got == 0) {
                return;
            }
            if (got < 4) {
                throw new DicomParseException(start, "data set ends within an element tag");
            }
            int tag = tag(0);
            if (tag == ITEM || tag == ITEM_DELIMITATION || tag == SEQUENCE_DELIMITATION) {
                throw new DicomParseException(start, Tag.of(tag) + " found where a data element was expected");
            }
            ElementHeader e = elementHeader(tag, start);
            boolean undefined = e.length == UNDEFINED;
            if (e.vr == Vr.SQ || undefined && e.vr == Vr.UN) {
                OutputStream target = keepSequences ? captured : OutputStream.nullOutputStream();
                target.write(header, 0, e.headerLength);
                if (undefined) {
                    sequence(target, e.vr == Vr.UN, 1, Tag.of(tag));
                } else {
                    copy(e.length, target, start, Tag.of(tag));
                }
            } else if (undefined) {
                if (tag != PIXEL_DATA) {
                    throw new DicomParseException(start, "undefined length is only allowed for sequences and"
                            + " encapsulated pixel data, not for " + Tag.of(tag) + " " + e.vr);
                }
                encapsulated.add(new EncapsulatedValue(Tag.of(tag), e.vr, fragments(start)));
            } else if (tag == PIXEL_DATA || e.length > inlineLimit) {
                bulk.add(new BulkValue(Tag.of(tag), e.vr, position, e.length));
                skip(e.length, start, Tag.of(tag));
            } else {
                captured.write(header, 0, e.headerLength);
                copy(e.length, captured, start, Tag.of(tag));
            }
        }
    }

    private record ElementHeader(Vr vr, long length, int headerLength) {
    }

    /** Reads the rest of an element header whose tag is in header[0..4). */
    private ElementHeader elementHeader(int tag, long start) throws IOException {
        readFully(header, 4, 4, start, "an element header");
        if (!explicitVr) {
            return new ElementHeader(implicitVr(Tag.of(tag)), u32(4), 8);
        }
        Vr vr = Vr.fromCode(header[4] & 0xFF, header[5] & 0xFF);
        if (vr == null) {
            throw new DicomParseException(start + 4, String.format("unknown VR code 0x%02X%02X for %s: not a DICOM"
                    + " data set in an explicit VR transfer syntax", header[4] & 0xFF, header[5] & 0xFF, Tag.of(tag)));
        }
        if (vr.hasLongExplicitHeader()) {
            readFully(header, 8, 4, start, "an element header");
            return new ElementHeader(vr, u32(8), 12);
        }
        return new ElementHeader(vr, u16(6), 8);
    }

    private static Vr implicitVr(Tag tag) {
        // As dicom-data's reader does: pixel and overlay data are OW in implicit VR (PS3.5 A.1).
        return Dictionary.standard().lookup(tag)
                .filter(entry -> entry.vrs().contains(Vr.OW) && !tag.isPrivate())
                .map(entry -> Vr.OW)
                .orElseGet(() -> Dictionary.standard().vrOf(tag));
    }

    /** The items of an undefined-length sequence, to its delimiter, copied to {@code out}. */
    private void sequence(OutputStream out, boolean implicitLittleEndian, int depth, Tag of) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new DicomParseException(position, "sequences nested deeper than " + MAX_DEPTH + " levels in " + of);
        }
        boolean savedExplicit = explicitVr;
        boolean savedBigEndian = bigEndian;
        if (implicitLittleEndian) {   // an undefined-length UN holds implicit VR little endian (PS3.5 6.2.2)
            explicitVr = false;
            bigEndian = false;
        }
        try {
            while (true) {
                long at = position;
                readFully(header, 0, 8, at, "an item of sequence " + of);
                int tag = tag(0);
                long length = u32(4);
                out.write(header, 0, 8);
                if (tag == SEQUENCE_DELIMITATION) {
                    return;
                }
                if (tag != ITEM) {
                    throw new DicomParseException(at, "expected an item (FFFE,E000) in sequence " + of + " but found "
                            + Tag.of(tag));
                }
                if (length == UNDEFINED) {
                    item(out, depth, of);
                } else {
                    copy(length, out, at, of);
                }
            }
        } finally {
            explicitVr = savedExplicit;
            bigEndian = savedBigEndian;
        }
    }

    /** The elements of an undefined-length item, to its delimiter. */
    private void item(OutputStream out, int depth, Tag of) throws IOException {
        while (true) {
            long at = position;
            readFully(header, 0, 4, at, "an item of sequence " + of);
            int tag = tag(0);
            if (tag == ITEM_DELIMITATION) {
                readFully(header, 4, 4, at, "an item delimiter");
                out.write(header, 0, 8);
                return;
            }
            if (tag == ITEM || tag == SEQUENCE_DELIMITATION) {
                throw new DicomParseException(at, Tag.of(tag) + " found where an element of an item in " + of
                        + " was expected");
            }
            ElementHeader e = elementHeader(tag, at);
            out.write(header, 0, e.headerLength);
            if (e.length != UNDEFINED) {
                copy(e.length, out, at, Tag.of(tag));
            } else if (e.vr == Vr.SQ || e.vr == Vr.UN) {
                sequence(out, e.vr == Vr.UN, depth + 1, Tag.of(tag));
            } else if (tag == PIXEL_DATA) {
                sequence(out, false, depth + 1, Tag.of(tag));   // fragments are items up to a sequence delimiter
            } else {
                throw new DicomParseException(at, "undefined length is only allowed for sequences and encapsulated"
                        + " pixel data, not for " + Tag.of(tag) + " " + e.vr);
            }
        }
    }

    private List<long[]> fragments(long start) throws IOException {
        List<long[]> items = new ArrayList<>();
        while (true) {
            long at = position;
            readFully(header, 0, 8, at, "a fragment of encapsulated pixel data");
            int tag = tag(0);
            long length = u32(4);
            if (tag == SEQUENCE_DELIMITATION) {
                break;
            }
            if (tag != ITEM || length == UNDEFINED) {
                throw new DicomParseException(at, "expected a defined-length fragment item in encapsulated pixel data"
                        + " but found " + Tag.of(tag));
            }
            items.add(new long[] {position, length});
            skip(length, at, Tags.PIXEL_DATA);
        }
        if (items.isEmpty()) {
            throw new DicomParseException(start, "encapsulated pixel data without a Basic Offset Table item");
        }
        return items;
    }

    private void copy(long length, OutputStream out, long start, Tag of) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw truncated(start, of, length, length - left);
            }
            out.write(buffer, 0, n);
            position += n;
            left -= n;
        }
        if (captured.size() > MAX_CAPTURED) {
            throw new DicomParseException(start, "the attributes other than bulk data exceed "
                    + MAX_CAPTURED / (1024 * 1024) + " MiB (at " + of + ")");
        }
    }

    private void skip(long length, long start, Tag of) throws IOException {
        long left = length;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw truncated(start, of, length, length - left);
                }
                n = 1;
            }
            position += n;
            left -= n;
        }
    }

    private DicomParseException truncated(long start, Tag of, long length, long present) {
        return new DicomParseException(start, "data set ends within " + of + ": its value has " + length
                + " bytes, only " + present + " are present (truncated)");
    }

    private void readFully(byte[] b, int off, int len, long start, String what) throws IOException {
        if (readUpTo(b, off, len) < len) {
            throw new DicomParseException(start, "data set ends within " + what + " (truncated)");
        }
    }

    private int readUpTo(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        position += total;
        return total;
    }

    private int tag(int at) {
        return u16(at) << 16 | u16(at + 2);
    }

    private int u16(int at) {
        int a = header[at] & 0xFF;
        int b = header[at + 1] & 0xFF;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    private long u32(int at) {
        long hi = u16(bigEndian ? at : at + 2);
        long lo = u16(bigEndian ? at + 2 : at);
        return hi << 16 | lo;
    }
}
