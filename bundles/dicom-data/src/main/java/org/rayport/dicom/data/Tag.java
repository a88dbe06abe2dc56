package org.rayport.dicom.data;

/**
 * A DICOM attribute tag (group, element), e.g. {@code (0010,0010)} PatientName.
 * Immutable; compares by value; sorts the way DICOM orders elements in a data set
 * (unsigned, group first).
 */
public final class Tag implements Comparable<Tag> {

    private final int value;

    private Tag(int value) {
        this.value = value;
    }

    /** The tag with the 32-bit value {@code gggg_eeee}. */
    public static Tag of(int value) {
        return new Tag(value);
    }

    public static Tag of(int group, int element) {
        if ((group & ~0xFFFF) != 0 || (element & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("group and element must be 0..FFFF: " + group + ", " + element);
        }
        return new Tag(group << 16 | element);
    }

    /** The standard tag with this keyword, e.g. {@code Tag.named("PatientName")}. */
    public static Tag named(String keyword) {
        return Dictionary.standard().tagOf(keyword);
    }

    /** Parses {@code (0010,0010)}, {@code 0010,0010} or {@code 00100010} (hex). */
    public static Tag parse(String text) {
        String s = text.trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        s = s.replace(",", "");
        if (s.length() != 8) {
            throw new IllegalArgumentException("not a DICOM tag: '" + text + "'");
        }
        try {
            return new Tag(Integer.parseUnsignedInt(s, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a DICOM tag: '" + text + "'", e);
        }
    }

    public int value() {
        return value;
    }

    public int group() {
        return value >>> 16;
    }

    public int element() {
        return value & 0xFFFF;
    }

    /** Odd groups are private, except the reserved groups 0001-0007 and FFFF. */
    public boolean isPrivate() {
        int g = group();
        return (g & 1) == 1 && g > 7 && g != 0xFFFF;
    }

    /** A private creator element, (gggg,0010-00FF) in a private group. */
    public boolean isPrivateCreator() {
        return isPrivate() && element() >= 0x10 && element() <= 0xFF;
    }

    /** Group length elements (gggg,0000) are deprecated and recomputed when writing. */
    public boolean isGroupLength() {
        return element() == 0;
    }

    @Override
    public int compareTo(Tag other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag t && t.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        return String.format("(%04X,%04X)", group(), element());
    }
}
