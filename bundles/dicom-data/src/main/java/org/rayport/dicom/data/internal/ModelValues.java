package org.rayport.dicom.data.internal;

import java.math.BigDecimal;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Vr;

/**
 * Value conversions shared by the DICOM JSON (PS3.18 F.2) and Native DICOM Model XML
 * (PS3.19 A.1) codecs: numbers of binary VRs as text and back, AT values, person name
 * groups, Decimal String normalisation.
 */
public final class ModelValues {

    /** RFC 8259 number grammar: what may be written as a JSON number verbatim. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** DICOM IS/DS allow a leading plus, leading zeros, and a bare point ("1.", ".5"). */
    private static final Pattern DICOM_NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private ModelValues() {
    }

    /** The tag as 8 upper-case hex digits, as both models write it. */
    public static String hex(Tag tag) {
        return String.format(Locale.ROOT, "%08X", tag.value());
    }

    public static Tag parseHex(String text) {
        if (text.length() != 8) {
            throw new IllegalArgumentException("not a tag of 8 hex digits: '" + text + "'");
        }
        return Tag.parse(text);
    }

    /** Whether the VR's value is written as base64 or a bulk data reference. */
    public static boolean isInlineBinary(Vr vr) {
        switch (vr) {
            case OB, OD, OF, OL, OV, OW, UN:
                return true;
            default:
                return false;
        }
    }

    /** Numbers of US, SS, UL, SL, UV, SV, FL, FD as decimal text; AT as 8 hex digits. */
    public static List<String> binaryValues(Vr vr, byte[] b) {
        List<String> values = new ArrayList<>();
        switch (vr) {
            case US -> { for (int i = 0; i + 2 <= b.length; i += 2) { values.add(Integer.toString(Bytes.u16(b, i))); } }
            case SS -> { for (int i = 0; i + 2 <= b.length; i += 2) { values.add(Integer.toString((short) Bytes.u16(b, i))); } }
            case UL -> { for (int i = 0; i + 4 <= b.length; i += 4) { values.add(Long.toString(Bytes.i32(b, i) & 0xFFFFFFFFL)); } }
            case SL -> { for (int i = 0; i + 4 <= b.length; i += 4) { values.add(Integer.toString(Bytes.i32(b, i))); } }
            case UV -> { for (int i = 0; i + 8 <= b.length; i += 8) { values.add(Long.toUnsignedString(Bytes.i64(b, i))); } }
            case SV -> { for (int i = 0; i + 8 <= b.length; i += 8) { values.add(Long.toString(Bytes.i64(b, i))); } }
            case FL -> { for (int i = 0; i + 4 <= b.length; i += 4) { values.add(Float.toString(Float.intBitsToFloat(Bytes.i32(b, i)))); } }
            case FD -> { for (int i = 0; i + 8 <= b.length; i += 8) { values.add(Double.toString(Double.longBitsToDouble(Bytes.i64(b, i)))); } }
            case AT -> { for (int i = 0; i + 4 <= b.length; i += 4) { values.add(String.format(Locale.ROOT, "%04X%04X", Bytes.u16(b, i), Bytes.u16(b, i + 2))); } }
            default -> throw new IllegalArgumentException(vr + " is not a binary number VR");
        }
        return values;
    }

    /** The little endian encoding of number (or AT) values given as text; blank values are not allowed. */
    public static byte[] encodeBinary(Vr vr, List<String> values) {
        int size = switch (vr) {
            case US, SS -> 2;
            case UL, SL, FL, AT -> 4;
            case UV, SV, FD -> 8;
            default -> throw new IllegalArgumentException(vr + " is not a binary number VR");
        };
        byte[] b = new byte[values.size() * size];
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i).trim();
            int at = i * size;
            switch (vr) {
                case US -> Bytes.put16(b, at, (int) integer(v, 0, 0xFFFF));
                case SS -> Bytes.put16(b, at, (int) integer(v, Short.MIN_VALUE, Short.MAX_VALUE));
                case UL -> Bytes.put32(b, at, (int) integer(v, 0, 0xFFFFFFFFL));
                case SL -> Bytes.put32(b, at, (int) integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case UV -> Bytes.put64(b, at, unsigned64(v));
                case SV -> Bytes.put64(b, at, new BigDecimal(v).longValueExact());
                case FL -> Bytes.put32(b, at, Float.floatToIntBits(Float.parseFloat(v)));
                case FD -> Bytes.put64(b, at, Double.doubleToLongBits(Double.parseDouble(v)));
                case AT -> {
                    Tag t = parseHex(v);
                    Bytes.put16(b, at, t.group());
                    Bytes.put16(b, at + 2, t.element());
                }
                default -> throw new IllegalStateException();
            }
        }
        return b;
    }

    /** 0..2^64-1; the size check comes first, so "1E999999999" costs no giant BigInteger. */
    private static long unsigned64(String text) {
        BigDecimal d = new BigDecimal(text);
        if (d.signum() < 0 || d.precision() - d.scale() > 20) {
            throw new IllegalArgumentException("number " + text + " is outside 0..18446744073709551615");
        }
        java.math.BigInteger i = d.toBigIntegerExact();
        if (i.bitLength() > 64) {
            throw new IllegalArgumentException("number " + text + " is outside 0..18446744073709551615");
        }
        return i.longValue();
    }

    /** An integer written as "12", "12.0" or "1.2E1", within [min, max]. */
    private static long integer(String text, long min, long max) {
        long v = new BigDecimal(text).longValueExact();
        if (v < min || v > max) {
            throw new IllegalArgumentException("number " + text + " is outside " + min + ".." + max);
        }
        return v;
    }

    /**
     * An IS or DS value as a JSON number text, or null when it is no number at all (then it
     * is written as a JSON string, which keeps it). DICOM forms JSON lacks ("+1", "007", "1.",
     * ".5") are rewritten to the same number.
     */
    public static String jsonNumber(String dicomNumber) {
        String s = dicomNumber.trim();
        if (JSON_NUMBER.matcher(s).matches()) {
            return s;
        }
        if (!DICOM_NUMBER.matcher(s).matches()) {
            return null;
        }
        String t = s.startsWith("+") ? s.substring(1) : s;
        String canonical = new BigDecimal(t.endsWith(".") ? t.substring(0, t.length() - 1)
                : t.startsWith(".") || t.startsWith("-.") ? t.replace(".", "0.") : t).toString();
        return JSON_NUMBER.matcher(canonical).matches() ? canonical : canonical.replace("E+", "E");
    }

    /**
     * A number read from JSON as DS text of at most 16 characters (PS3.5 table 6.2-1):
     * kept as written when it fits, else rounded to as many digits as fit.
     */
    public static String decimalString(String number) {
        String s = number.trim();
        if (s.length() <= 16) {
            return s;
        }
        BigDecimal d = new BigDecimal(s);
        for (int precision = 16; precision > 0; precision--) {
            String candidate = d.round(new java.math.MathContext(precision)).stripTrailingZeros().toString().replace("E+", "E");
            if (candidate.length() <= 16) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("number cannot be written as a Decimal String: " + number);
    }

    /**
     * A data set's text values for the models: a PN of delimiters only ("^^^^") is empty, and
     * a single empty value (e.g. padding spaces) means no value at all, as dcm2json has it.
     */
    public static List<String> textValues(Vr vr, List<String> values) {
        List<String> result = new ArrayList<>(values.size());
        for (String v : values) {
            result.add(vr == Vr.PN && v.chars().allMatch(c -> c == '^' || c == '=' || c == ' ') ? "" : v);
        }
        return result.size() == 1 && result.get(0).isEmpty() ? List.of() : result;
    }

    /** A PN value's component groups: alphabetic, ideographic, phonetic (missing ones empty). */
    public static String[] personNameGroups(String value) {
        String[] groups = new String[] {"", "", ""};
        String[] parts = value.split("=", -1);
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            groups[i] = parts[i];
        }
        return groups;
    }

    /** Joins component groups into a PN value, dropping empty trailing groups. */
    public static String personName(String alphabetic, String ideographic, String phonetic) {
        String a = alphabetic == null ? "" : alphabetic;
        String i = ideographic == null ? "" : ideographic;
        String p = phonetic == null ? "" : phonetic;
        if (!p.isEmpty()) {
            return a + "=" + i + "=" + p;
        }
        return i.isEmpty() ? a : a + "=" + i;
    }

    /** Whether every text can be encoded by the encoder (a fresh one per call site). */
    public static boolean canEncode(CharsetEncoder encoder, List<String> texts) {
        for (String t : texts) {
            if (!encoder.canEncode(t)) {
                return false;
            }
        }
        return true;
    }
}
