package org.rayport.pseudonymization.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.DicomParseException;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * A data set pseudonymized while it is read, element by element: what a receiving SCP hands to the store.
 *
 * <p>Each top-level element's header is read; header attributes (values up to 64 KiB, and sequences) are parsed
 * with {@link Part10Reader}, cleaned by the {@link Deidentifier} and encoded again with {@link Part10Writer}; longer
 * values that the profile keeps (pixel data, encapsulated fragments) are copied through in 64 KiB steps, so memory
 * stays constant whatever the size. Elements before PatientID (0010,0020) wait for it (dates are shifted per
 * patient); they are header attributes of groups 0008 and 0010. Input that is not DICOM raises a
 * {@link DicomParseException} with its offset.
 *
 * <p>Written here rather than taken from a library: the toolkit is Rayport's own (dicom-data), and no Java DICOM
 * library on Maven Central streams a rewrite into Rayport's data model.
 */
final class PseudonymizingInputStream extends InputStream {

    /** Values longer than this that the profile keeps are copied through without being parsed. */
    static final int INLINE_LIMIT = 64 * 1024;
    /** A value the profile changes (or a sequence) longer than this is refused rather than loaded. */
    static final int MAX_PARSED = 64 * 1024 * 1024;
    private static final int MAX_DEPTH = 64;
    private static final int ITEM = Tags.ITEM.value();
    private static final int ITEM_DELIMITATION = Tags.ITEM_DELIMITATION_ITEM.value();
    private static final int SEQUENCE_DELIMITATION = Tags.SEQUENCE_DELIMITATION_ITEM.value();
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final Source in;
    private final boolean explicitVr;
    private final TransferSyntax elementSyntax;
    private final Part10Writer writer;
    private final ProfileTable table;
    private final Pseudonyms pseudonyms;
    private final Map<Integer, Element> additions = Deidentifier.additions();
    private final java.util.Set<Integer> addedTags = java.util.Set.copyOf(additions.keySet());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private byte[] chunk = new byte[0];
    private int chunkPosition;
    private final byte[] copyBuffer = new byte[64 * 1024];

    private long copyRemaining;
    private boolean inFragments;
    private boolean finished;
    private Deidentifier deidentifier;
    private final List<Element> waitingForPatient = new ArrayList<>();
    private long waitingBytes;
    private final List<Element> ready = new ArrayList<>();

    /**
     * @param dataSet the data set without meta information; for a deflated syntax already inflated, and
     *                {@code syntax} then explicit VR little endian
     */
    PseudonymizingInputStream(InputStream dataSet, TransferSyntax syntax, ProfileTable table, Pseudonyms pseudonyms) {
        this.in = new Source(dataSet, syntax.bigEndian());
        this.elementSyntax = syntax;
        this.writer = Part10Writer.of(syntax);
        this.table = table;
        this.pseudonyms = pseudonyms;
        this.explicitVr = syntax.explicitVr();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunkPosition >= chunk.length) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, chunk.length - chunkPosition);
        System.arraycopy(chunk, chunkPosition, b, off, n);
        chunkPosition += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.stream.close();
    }

    /** Produces the next piece of output (possibly none, then it is called again). */
    private void fill() throws IOException {
        out.reset();
        if (copyRemaining > 0) {
            int n = (int) Math.min(copyRemaining, copyBuffer.length);
            in.readFully(copyBuffer, n);
            out.write(copyBuffer, 0, n);
            copyRemaining -= n;
        } else if (inFragments) {
            byte[] item = in.bytes(8);
            int tag = in.tag(item, 0);
            long length = in.u32(item, 4);
            out.write(item);
            if (tag == SEQUENCE_DELIMITATION) {
                inFragments = false;
            } else if (tag != ITEM || length == UNDEFINED) {
                throw in.error(in.position - 8, "expected a defined-length fragment item in encapsulated pixel data but"
                        + " found " + Tag.of(tag));
            } else {
                copyRemaining = length;
            }
        } else {
            Header header = readHeader();
            if (header == null) {
                finish();
            } else {
                next(header);
            }
        }
        chunk = out.toByteArray();
        chunkPosition = 0;
    }

    private void next(Header h) throws IOException {
        Tag tag = h.tag;
        if (tag.value() == Tags.PIXEL_DATA.value() && h.length == UNDEFINED) {
            emitUpTo(tag);
            out.write(h.raw);
            inFragments = true;
            return;
        }
        if (h.isSequence()) {
            if (tag.isPrivate() || addedTags.contains(tag.value())) {
                captureSequence(h, new Discarded());
                return;
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(h.raw);
            captureSequence(h, whole);
            accept(parse(whole.toByteArray()));
            return;
        }
        if (h.length == UNDEFINED) {
            throw in.error(h.offset, "undefined length is only allowed for sequences and encapsulated pixel data, not"
                    + " for " + tag);
        }
        String action = table.action(tag);
        Deidentifier.Action resolved = Deidentifier.resolve(action, false);
        if (tag.isPrivate() || tag.isGroupLength() || resolved == Deidentifier.Action.REMOVE
                || addedTags.contains(tag.value())) {
            in.skip(h.length);
            return;
        }
        if (h.length > INLINE_LIMIT && resolved == Deidentifier.Action.KEEP) {
            emitUpTo(tag);
            out.write(h.raw);
            copyRemaining = h.length;
            return;
        }
        if (h.length > MAX_PARSED) {
            throw in.error(h.offset, tag + " has " + h.length + " bytes, more than the " + MAX_PARSED
                    + " a replaced value may have");
        }
        byte[] element = new byte[h.raw.length + (int) h.length];
        System.arraycopy(h.raw, 0, element, 0, h.raw.length);
        in.readFully(element, h.raw.length, (int) h.length);
        accept(parse(element));
    }

    private Element parse(byte[] encodedElement) throws IOException {
        Attributes one = Part10Reader.defaults().parseDataSet(new ByteArrayInputStream(encodedElement), elementSyntax);
        if (one.size() != 1) {
            throw new DicomParseException(in.position, "an element before offset " + in.position
                    + " could not be read alone");
        }
        return one.elements().get(0);
    }

    /** An original element, cleaned now or once the patient is known. */
    private void accept(Element original) throws IOException {
        if (deidentifier == null) {
            waitingForPatient.add(original);
            waitingBytes += Math.max(0, original.length());
            boolean patientKnown = original.tag().equals(Tags.PATIENT_ID);
            if (patientKnown || original.tag().group() > 0x0010 || waitingBytes > INLINE_LIMIT * 16L) {
                knowPatient(patientKnown ? Deidentifier.text(original) : "");
            }
            return;
        }
        Element cleaned = deidentifier.apply(original);
        if (cleaned != null) {
            addAdditionsBefore(cleaned.tag());
            ready.add(cleaned);
            if (ready.size() >= 256) {
                writeReady();
            }
        }
    }

    private void knowPatient(String patientId) throws IOException {
        deidentifier = new Deidentifier(table, pseudonyms, patientId);
        List<Element> waiting = new ArrayList<>(waitingForPatient);
        waitingForPatient.clear();
        for (Element e : waiting) {
            accept(e);
        }
    }

    private void addAdditionsBefore(Tag tag) {
        Iterator<Map.Entry<Integer, Element>> it = additions.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Element> next = it.next();
            if (Integer.compareUnsigned(next.getKey(), tag.value()) >= 0) {
                break;
            }
            ready.add(next.getValue());
            it.remove();
        }
    }

    /** Writes everything cleaned so far that comes before {@code tag}, which is copied through next. */
    private void emitUpTo(Tag tag) throws IOException {
        if (deidentifier == null) {
            knowPatient("");
        }
        addAdditionsBefore(tag);
        writeReady();
    }

    private void finish() throws IOException {
        if (deidentifier == null) {
            knowPatient("");
        }
        ready.addAll(additions.values());
        additions.clear();
        writeReady();
        finished = true;
    }

    private void writeReady() throws IOException {
        if (ready.isEmpty()) {
            return;
        }
        Attributes.Builder batch = Attributes.builder();
        for (Element e : ready) {
            batch.set(e);
        }
        ready.clear();
        writer.writeDataSet(batch.build(), out);
    }

    // ---- reading the input

    private static final class Header {
        Tag tag;
        Vr vr;          // null in implicit VR
        long length;
        byte[] raw;
        long offset;
        boolean explicit;

        boolean isSequence() {
            if (explicit) {
                return vr == Vr.SQ || (vr == Vr.UN && length == UNDEFINED);
            }
            return length == UNDEFINED ? tag.value() != Tags.PIXEL_DATA.value()
                    : !tag.isPrivate() && Dictionary.standard().vrOf(tag) == Vr.SQ;
        }
    }

    /** The next top-level element header, or null at the end of the data set. */
    private Header readHeader() throws IOException {
        long offset = in.position;
        int first = in.stream.read();
        if (first < 0) {
            return null;
        }
        in.position++;
        byte[] start = new byte[8];
        start[0] = (byte) first;
        in.readFully(start, 1, 7);
        Header h = readHeaderAfter(start, offset, explicitVr);
        if (h.tag.value() == ITEM || h.tag.value() == ITEM_DELIMITATION || h.tag.value() == SEQUENCE_DELIMITATION) {
            throw in.error(offset, h.tag + " found where a data element was expected");
        }
        return h;
    }

    /** Completes a header whose first 8 bytes were read. */
    private Header readHeaderAfter(byte[] start, long offset, boolean explicit) throws IOException {
        Header h = new Header();
        h.offset = offset;
        h.tag = Tag.of(in.tag(start, 0));
        h.explicit = explicit;
        if (!explicit) {
            h.length = in.u32(start, 4);
            h.raw = start;
            return h;
        }
        h.vr = Vr.fromCode(start[4] & 0xFF, start[5] & 0xFF);
        if (h.vr == null) {
            throw in.error(offset + 4, String.format("unknown VR code 0x%02X%02X for %s", start[4] & 0xFF,
                    start[5] & 0xFF, h.tag));
        }
        if (h.vr.hasLongExplicitHeader()) {
            byte[] raw = new byte[12];
            System.arraycopy(start, 0, raw, 0, 8);
            in.readFully(raw, 8, 4);
            h.length = in.u32(raw, 8);
            h.raw = raw;
        } else {
            h.length = in.u16(start, 6);
            h.raw = start;
        }
        return h;
    }

    /** Copies the sequence's items, whatever their nesting, into {@code to}, up to {@link #MAX_PARSED} bytes. */
    private void captureSequence(Header h, ByteArrayOutputStream to) throws IOException {
        if (h.length != UNDEFINED) {
            copyBounded(h.length, to, h.offset);
            return;
        }
        boolean implicitUn = h.explicit && h.vr == Vr.UN;
        boolean savedBigEndian = in.bigEndian;
        if (implicitUn) {
            in.bigEndian = false;
        }
        try {
            copyItems(!implicitUn && h.explicit, to, 1, h.offset);
        } finally {
            in.bigEndian = savedBigEndian;
        }
    }

    private void copyItems(boolean explicit, ByteArrayOutputStream to, int depth, long sequenceOffset)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw in.error(in.position, "sequences nested deeper than " + MAX_DEPTH + " levels");
        }
        while (true) {
            long itemOffset = in.position;
            byte[] item = in.bytes(8);
            to.write(item);
            int tag = in.tag(item, 0);
            long length = in.u32(item, 4);
            if (tag == SEQUENCE_DELIMITATION) {
                return;
            }
            if (tag != ITEM) {
                throw in.error(itemOffset, "expected an item (FFFE,E000) but found " + Tag.of(tag));
            }
            if (length != UNDEFINED) {
                copyBounded(length, to, sequenceOffset);
                continue;
            }
            copyItemElements(explicit, to, depth, sequenceOffset);
        }
    }

    private void copyItemElements(boolean explicit, ByteArrayOutputStream to, int depth, long sequenceOffset)
            throws IOException {
        while (true) {
            long offset = in.position;
            byte[] start = in.bytes(8);
            int tag = in.tag(start, 0);
            if (tag == ITEM_DELIMITATION) {
                to.write(start);
                return;
            }
            Header h = readHeaderAfter(start, offset, explicit);
            to.write(h.raw);
            if (h.length != UNDEFINED) {
                copyBounded(h.length, to, sequenceOffset);
            } else if (tag == Tags.PIXEL_DATA.value()) {
                copyItems(explicit, to, depth + 1, sequenceOffset);   // fragments end like a sequence
            } else {
                boolean implicitUn = explicit && h.vr == Vr.UN;
                boolean savedBigEndian = in.bigEndian;
                if (implicitUn) {
                    in.bigEndian = false;
                }
                try {
                    copyItems(explicit && !implicitUn, to, depth + 1, sequenceOffset);
                } finally {
                    in.bigEndian = savedBigEndian;
                }
            }
            checkBound(to, sequenceOffset);
        }
    }

    /** Where a sequence that is removed anyway goes: nothing is kept, so no length bounds it. */
    private static final class Discarded extends ByteArrayOutputStream {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    private void copyBounded(long length, ByteArrayOutputStream to, long sequenceOffset) throws IOException {
        if (to instanceof Discarded) {
            in.skip(length);
            return;
        }
        if (to.size() + length > MAX_PARSED) {
            throw in.error(sequenceOffset, "the sequence starting here is longer than " + MAX_PARSED
                    + " bytes; it is not loaded to be pseudonymized");
        }
        byte[] value = in.bytes((int) length);
        to.write(value);
    }

    private void checkBound(ByteArrayOutputStream to, long sequenceOffset) throws IOException {
        if (to.size() > MAX_PARSED) {
            throw in.error(sequenceOffset, "the sequence starting here is longer than " + MAX_PARSED + " bytes");
        }
    }

    /** The input with its position, for error offsets. */
    private static final class Source {
        final InputStream stream;
        boolean bigEndian;
        long position;

        Source(InputStream stream, boolean bigEndian) {
            this.stream = stream;
            this.bigEndian = bigEndian;
        }

        DicomParseException error(long offset, String problem) {
            return new DicomParseException(offset, problem);
        }

        void readFully(byte[] b, int n) throws IOException {
            readFully(b, 0, n);
        }

        void readFully(byte[] b, int off, int n) throws IOException {
            int read = stream.readNBytes(b, off, n);
            if (read < n) {
                throw error(position + read, "the data set ends in the middle of an element (" + (n - read)
                        + " bytes missing)");
            }
            position += n;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            readFully(b, n);
            return b;
        }

        void skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(n, 64 * 1024)];
            long left = n;
            while (left > 0) {
                int step = (int) Math.min(left, discard.length);
                readFully(discard, step);
                left -= step;
            }
        }

        int u16(byte[] b, int at) {
            return bigEndian ? (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF) : (b[at + 1] & 0xFF) << 8 | (b[at] & 0xFF);
        }

        long u32(byte[] b, int at) {
            long high = u16(b, bigEndian ? at : at + 2);
            long low = u16(b, bigEndian ? at + 2 : at);
            return high << 16 | low;
        }

        int tag(byte[] b, int at) {
            return u16(b, at) << 16 | u16(b, at + 2);
        }
    }
}
