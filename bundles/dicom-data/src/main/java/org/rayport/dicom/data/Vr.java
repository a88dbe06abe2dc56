package org.rayport.dicom.data;

/**
 * Value Representations of PS3.5 table 6.2-1. Besides the code, each VR knows what
 * the encoders need: its explicit VR header form, its padding byte and, for binary
 * VRs, the size of the unit whose bytes are swapped between byte orders.
 */
public enum Vr {
    AE(Kind.TEXT), AS(Kind.TEXT), AT(Kind.BINARY, 2), CS(Kind.TEXT), DA(Kind.TEXT), DS(Kind.TEXT),
    DT(Kind.TEXT), FD(Kind.BINARY, 8), FL(Kind.BINARY, 4), IS(Kind.TEXT), LO(Kind.TEXT),
    LT(Kind.TEXT), OB(Kind.BYTES, 1, true), OD(Kind.BINARY, 8, true), OF(Kind.BINARY, 4, true),
    OL(Kind.BINARY, 4, true), OV(Kind.BINARY, 8, true), OW(Kind.BINARY, 2, true), PN(Kind.TEXT),
    SH(Kind.TEXT), SL(Kind.BINARY, 4), SQ(Kind.SEQUENCE, 1, true), SS(Kind.BINARY, 2),
    ST(Kind.TEXT), SV(Kind.BINARY, 8, true), TM(Kind.TEXT), UC(Kind.TEXT, 1, true),
    UI(Kind.UID), UL(Kind.BINARY, 4), UN(Kind.BYTES, 1, true), UR(Kind.TEXT, 1, true),
    US(Kind.BINARY, 2), UT(Kind.TEXT, 1, true), UV(Kind.BINARY, 8, true);

    private enum Kind { TEXT, UID, BINARY, BYTES, SEQUENCE }

    private final Kind kind;
    private final int swapUnit;
    private final boolean longHeader;

    Vr(Kind kind) {
        this(kind, 1, false);
    }

    Vr(Kind kind, int swapUnit) {
        this(kind, swapUnit, false);
    }

    Vr(Kind kind, int swapUnit, boolean longHeader) {
        this.kind = kind;
        this.swapUnit = swapUnit;
        this.longHeader = longHeader;
    }

    /**
     * In explicit VR encoding, these VRs use a 12-byte header (VR, 2 reserved bytes,
     * 32-bit length); all others an 8-byte header with a 16-bit length (PS3.5 7.1.2).
     */
    public boolean hasLongExplicitHeader() {
        return longHeader;
    }

    /** Character data, decoded with the data set's Specific Character Set (UI excluded). */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** Text whose values may be separated by backslash; LT, ST, UT and UR are single-valued. */
    public boolean isMultiValuedText() {
        return kind == Kind.TEXT && this != LT && this != ST && this != UT && this != UR;
    }

    public boolean isBinary() {
        return kind == Kind.BINARY || kind == Kind.BYTES;
    }

    /** Bytes per number, the unit reversed when converting between byte orders; 1 if none. */
    public int swapUnit() {
        return kind == Kind.BINARY ? swapUnit : 1;
    }

    /** Odd-length values are padded to even length with a space for text, NUL otherwise. */
    public byte paddingByte() {
        return kind == Kind.TEXT ? (byte) ' ' : 0;
    }

    /** The VR with this two-letter code, or null when the bytes are not a known VR. */
    public static Vr fromCode(int firstChar, int secondChar) {
        if (firstChar < 'A' || firstChar > 'Z' || secondChar < 'A' || secondChar > 'Z') {
            return null;
        }
        try {
            return valueOf(new String(new char[] {(char) firstChar, (char) secondChar}));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
