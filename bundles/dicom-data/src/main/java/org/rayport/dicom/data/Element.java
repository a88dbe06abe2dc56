package org.rayport.dicom.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One data element: tag, VR and a value that is exactly one of inline bytes
 * (little endian, as encoded, padding included), a {@link Sequence}, {@link BulkData}
 * or encapsulated {@link Fragments}. Immutable.
 */
public final class Element {

    private final Tag tag;
    private final Vr vr;
    private final Object value;

    private Element(Tag tag, Vr vr, Object value) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.vr = Objects.requireNonNull(vr, "vr");
        this.value = value;
    }

    public static Element ofBytes(Tag tag, Vr vr, byte[] littleEndianValue) {
        if (vr == Vr.SQ) {
            throw new IllegalArgumentException(tag + ": a sequence needs items, not bytes");
        }
        return new Element(tag, vr, littleEndianValue.clone());
    }

    /** Takes ownership of the array: for decoders that have just allocated it. */
    static Element wrap(Tag tag, Vr vr, byte[] littleEndianValue) {
        return new Element(tag, vr, littleEndianValue);
    }

    public static Element ofSequence(Tag tag, Sequence items) {
        return new Element(tag, Vr.SQ, Objects.requireNonNull(items, "items"));
    }

    public static Element ofBulkData(Tag tag, Vr vr, BulkData bulkData) {
        return new Element(tag, vr, Objects.requireNonNull(bulkData, "bulkData"));
    }

    public static Element ofFragments(Tag tag, Vr vr, Fragments fragments) {
        return new Element(tag, vr, Objects.requireNonNull(fragments, "fragments"));
    }

    public Tag tag() {
        return tag;
    }

    public Vr vr() {
        return vr;
    }

    public boolean isSequence() {
        return value instanceof Sequence;
    }

    public boolean isBulkData() {
        return value instanceof BulkData;
    }

    public boolean isEncapsulated() {
        return value instanceof Fragments;
    }

    /** Whether the value is held in memory as bytes. */
    public boolean isInline() {
        return value instanceof byte[];
    }

    /** A copy of the inline value; IllegalStateException for the other kinds. */
    public byte[] bytes() {
        return inlineBytes().clone();
    }

    byte[] inlineBytes() {
        if (value instanceof byte[] b) {
            return b;
        }
        throw new IllegalStateException(tag + " holds " + kind() + ", not inline bytes");
    }

    public Sequence sequence() {
        if (value instanceof Sequence s) {
            return s;
        }
        throw new IllegalStateException(tag + " holds " + kind() + ", not a sequence");
    }

    /** The value as bulk data: the reference if it is one, else the inline bytes wrapped. */
    public BulkData bulkData() {
        if (value instanceof BulkData b) {
            return b;
        }
        if (value instanceof byte[] b) {
            return BulkData.ofBytes(b);
        }
        throw new IllegalStateException(tag + " holds " + kind() + ", not bulk data");
    }

    public Fragments fragments() {
        if (value instanceof Fragments f) {
            return f;
        }
        throw new IllegalStateException(tag + " holds " + kind() + ", not encapsulated pixel data");
    }

    /** Value length in bytes for inline and bulk values; -1 for sequences and fragments. */
    public long length() {
        if (value instanceof byte[] b) {
            return b.length;
        }
        return value instanceof BulkData b ? b.length() : -1;
    }

    private String kind() {
        return isSequence() ? "a sequence" : isBulkData() ? "bulk data" : isEncapsulated() ? "fragments" : "inline bytes";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Element e) || !e.tag.equals(tag) || e.vr != vr) {
            return false;
        }
        if (value instanceof byte[] b && e.value instanceof byte[] other) {
            return Arrays.equals(b, other);
        }
        return Objects.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return tag.hashCode() * 31 + (value instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(value));
    }

    @Override
    public String toString() {
        return tag + " " + vr + " " + (value instanceof byte[] b ? b.length + " bytes" : String.valueOf(value));
    }
}
