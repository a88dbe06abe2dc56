package org.rayport.dicom.data.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.internal.Bytes;
import org.rayport.dicom.data.internal.SwappingInputStream;

/**
 * Writes DICOM Part 10 files in implicit or explicit VR little endian, explicit VR big
 * endian (retired, for old peers), deflated, or an encapsulated syntax (compressed pixel data passed through as it is). The File Meta
 * Information is generated from the data set's SOP Class and Instance UIDs; group
 * lengths in the data set are dropped (retired). Bulk data is streamed from its source.
 * Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * Part10Writer.of(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN).write(dataset, path);
 * }</pre>
 */
public final class Part10Writer {

    private static final long MAX_LENGTH = 0xFFFFFFFEL;

    private final TransferSyntax syntax;
    private final boolean undefinedLengths;

    private Part10Writer(TransferSyntax syntax, boolean undefinedLengths) {
        this.syntax = syntax;
        this.undefinedLengths = undefinedLengths;
    }

    public static Part10Writer of(TransferSyntax syntax) {
        return new Part10Writer(syntax, false);
    }

    /**
     * Sequences and items with undefined length and delimiters, instead of computed
     * lengths: what streaming peers often prefer.
     */
    public Part10Writer withUndefinedLengths() {
        return new Part10Writer(syntax, true);
    }

    public void write(Attributes dataset, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(dataset, out);
        }
    }

    /** Writes the file to {@code out}, which is flushed but not closed. */
    public void write(Attributes dataset, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        writeHeader(dataset.getString(Tags.SOP_CLASS_UID), dataset.getString(Tags.SOP_INSTANCE_UID), buffered);
        writeDataSet(dataset, buffered);
        buffered.flush();
    }

    /**
     * Writes the preamble and file meta information of an instance whose data set follows in this writer's
     * transfer syntax, as a storage SCP does before copying a received data set through unchanged.
     */
    public void writeHeader(String sopClassUid, String sopInstanceUid, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 4096);
        buffered.write(new byte[128]);
        buffered.write("DICM".getBytes(StandardCharsets.US_ASCII));
        new Encoder(buffered, true, false).writeMeta(meta(sopClassUid, sopInstanceUid));
        buffered.flush();
    }

    /**
     * Writes only the data set, without preamble or meta information, as DIMSE messages carry it; {@code out} is
     * flushed but not closed.
     */
    public void writeDataSet(Attributes dataset, OutputStream out) throws IOException {
        checkPixelData(dataset);
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        if (syntax.deflated()) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream deflating = new DeflaterOutputStream(buffered, deflater, 64 * 1024);
                new Encoder(deflating, true, false).writeDataSet(dataset);
                deflating.finish();
            } finally {
                deflater.end();
            }
        } else {
            new Encoder(buffered, syntax.explicitVr(), syntax.bigEndian()).writeDataSet(dataset);
        }
        buffered.flush();
    }

    private void checkPixelData(Attributes dataset) {
        boolean encapsulated = dataset.getFragments(Tags.PIXEL_DATA) != null;
        if (encapsulated && !syntax.encapsulated()) {
            throw new IllegalArgumentException("pixel data is compressed; it cannot be written as " + syntax
                    + " without decompressing it first");
        }
        if (!encapsulated && syntax.encapsulated() && dataset.contains(Tags.PIXEL_DATA)) {
            throw new IllegalArgumentException("pixel data is not compressed; " + syntax + " needs encapsulated pixel data");
        }
    }

    private Attributes meta(String sopClass, String sopInstance) {
        if (sopClass == null || sopInstance == null) {
            throw new IllegalArgumentException("a Part 10 file needs SOPClassUID (0008,0016) and SOPInstanceUID (0008,0018)");
        }
        return Attributes.builder()
                .setBytes(Tags.FILE_META_INFORMATION_VERSION, Vr.OB, new byte[] {0, 1})
                .setString(Tags.MEDIA_STORAGE_SOP_CLASS_UID, Vr.UI, sopClass)
                .setString(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID, Vr.UI, sopInstance)
                .setString(Tags.TRANSFER_SYNTAX_UID, Vr.UI, syntax.uid())
                .setString(Tags.IMPLEMENTATION_CLASS_UID, Vr.UI, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID)
                .setString(Tags.IMPLEMENTATION_VERSION_NAME, Vr.SH, Uids.RAYPORT_IMPLEMENTATION_VERSION_NAME)
                .build();
    }

    private final class Encoder {

        private final OutputStream out;
        private final boolean explicitVr;
        private final boolean bigEndian;
        private final byte[] header = new byte[12];

        Encoder(OutputStream out, boolean explicitVr, boolean bigEndian) {
            this.out = out;
            this.explicitVr = explicitVr;
            this.bigEndian = bigEndian;
        }

        private void put16(int offset, int value) {
            if (bigEndian) {
                header[offset] = (byte) (value >>> 8);
                header[offset + 1] = (byte) value;
            } else {
                Bytes.put16(header, offset, value);
            }
        }

        private void put32(int offset, int value) {
            if (bigEndian) {
                put16(offset, value >>> 16);
                put16(offset + 2, value);
            } else {
                Bytes.put32(header, offset, value);
            }
        }

        /** Values are held little endian; big endian output reverses each number of the VR. */
        private int swapUnit(Vr vr) {
            return bigEndian ? vr.swapUnit() : 1;
        }

        void writeMeta(Attributes meta) throws IOException {
            long length = 0;
            for (Element e : meta.elements()) {
                length += elementLength(e);
            }
            Bytes.put32(header, 0, 0);   // (0002,0000) UL 4
            Bytes.put16(header, 0, 0x0002);
            header[4] = 'U';
            header[5] = 'L';
            Bytes.put16(header, 6, 4);
            Bytes.put32(header, 8, (int) length);
            out.write(header, 0, 12);
            for (Element e : meta.elements()) {
                writeElement(e);
            }
        }

        void writeDataSet(Attributes attrs) throws IOException {
            for (Element e : attrs.elements()) {
                if (!skipped(e.tag())) {
                    writeElement(e);
                }
            }
        }

        private boolean skipped(Tag tag) {
            return tag.isGroupLength() || tag.group() == 0x0002;
        }

        private void writeElement(Element e) throws IOException {
            if (e.isSequence()) {
                boolean undefined = undefinedLengths || unrecognisable(e.tag());
                writeHeader(e.tag(), Vr.SQ, undefined ? -1 : sequenceLength(e));
                for (Attributes item : e.sequence()) {
                    long itemLength = undefinedLengths ? -1 : dataSetLength(item);
                    writeItemHeader(Tags.ITEM, itemLength);
                    writeDataSet(item);
                    if (undefinedLengths) {
                        writeItemHeader(Tags.ITEM_DELIMITATION_ITEM, 0);
                    }
                }
                if (undefined) {
                    writeItemHeader(Tags.SEQUENCE_DELIMITATION_ITEM, 0);
                }
            } else if (e.isEncapsulated()) {
                Fragments f = e.fragments();
                writeHeader(e.tag(), e.vr(), -1);
                writeFragment(f.basicOffsetTable());
                for (BulkData fragment : f.fragments()) {
                    writeFragment(fragment);
                }
                writeItemHeader(Tags.SEQUENCE_DELIMITATION_ITEM, 0);
            } else if (e.isBulkData()) {
                BulkData b = e.bulkData();
                writeHeader(e.tag(), e.vr(), even(b.length()));
                copy(b, e.vr().paddingByte(), swapUnit(e.vr()));
            } else {
                byte[] value = e.bytes();
                int unit = swapUnit(e.vr());
                Bytes.swap(value, 0, value.length - value.length % unit, unit);
                writeHeader(e.tag(), e.vr(), even(value.length));
                out.write(value);
                if ((value.length & 1) == 1) {
                    out.write(padding(e.vr()));
                }
            }
        }

        /**
         * In implicit VR a reader knows a sequence only from its dictionary, or from an
         * undefined length (PS3.5 6.2.2, CP-246): private and unknown sequences get one.
         */
        private boolean unrecognisable(Tag tag) {
            return !explicitVr && Dictionary.standard().vrOf(tag) != Vr.SQ;
        }

        private int padding(Vr vr) {
            return vr.paddingByte();
        }

        private void writeFragment(BulkData fragment) throws IOException {
            writeItemHeader(Tags.ITEM, even(fragment.length()));
            copy(fragment, (byte) 0, 1);
        }

        private void copy(BulkData b, byte pad, int swapUnit) throws IOException {
            long copied;
            try (InputStream in = swapUnit > 1 ? new SwappingInputStream(b.openStream(), swapUnit) : b.openStream()) {
                copied = in.transferTo(out);
            }
            if (copied != b.length()) {
                throw new IOException("bulk data source delivered " + copied + " bytes instead of " + b.length() + ": " + b);
            }
            if ((copied & 1) == 1) {
                out.write(pad);
            }
        }

        /** Writes a tag and length header; length -1 means undefined. */
        private void writeHeader(Tag tag, Vr vr, long length) throws IOException {
            if (length > MAX_LENGTH) {
                throw new IOException(tag + ": value of " + length + " bytes exceeds the DICOM maximum of 4 GiB");
            }
            put16(0, tag.group());
            put16(2, tag.element());
            int len = (int) length;   // -1 becomes FFFFFFFF
            if (!explicitVr) {
                put32(4, len);
                out.write(header, 0, 8);
                return;
            }
            header[4] = (byte) vr.name().charAt(0);
            header[5] = (byte) vr.name().charAt(1);
            if (vr.hasLongExplicitHeader()) {
                put16(6, 0);
                put32(8, len);
                out.write(header, 0, 12);
            } else {
                if (length > 0xFFFF) {
                    throw new IOException(tag + " " + vr + ": value of " + length
                            + " bytes does not fit the 16-bit length of explicit VR " + vr);
                }
                put16(6, len);
                out.write(header, 0, 8);
            }
        }

        private void writeItemHeader(Tag tag, long length) throws IOException {
            put16(0, tag.group());
            put16(2, tag.element());
            put32(4, (int) length);
            out.write(header, 0, 8);
        }

        private long even(long length) {
            return length + (length & 1);
        }

        private long headerLength(Vr vr) {
            return !explicitVr || vr.hasLongExplicitHeader() ? (explicitVr ? 12 : 8) : 8;
        }

        private long elementLength(Element e) {
            if (e.isSequence()) {
                boolean delimited = undefinedLengths || unrecognisable(e.tag());
                return headerLength(Vr.SQ) + sequenceLength(e) + (delimited && !undefinedLengths ? 8 : 0);
            }
            if (e.isEncapsulated()) {
                Fragments f = e.fragments();
                long length = headerLength(e.vr()) + 8 + even(f.basicOffsetTable().length()) + 8;
                for (BulkData fragment : f.fragments()) {
                    length += 8 + even(fragment.length());
                }
                return length;
            }
            return headerLength(e.vr()) + even(e.length());
        }

        /** Items with their headers (and delimiters when lengths are undefined), plus the sequence delimiter then. */
        private long sequenceLength(Element e) {
            long length = 0;
            for (Attributes item : e.sequence()) {
                length += 8 + dataSetLength(item) + (undefinedLengths ? 8 : 0);
            }
            return length + (undefinedLengths ? 8 : 0);
        }

        private long dataSetLength(Attributes attrs) {
            long length = 0;
            for (Element e : attrs.elements()) {
                if (!skipped(e.tag())) {
                    length += elementLength(e);
                }
            }
            return length;
        }
    }
}
