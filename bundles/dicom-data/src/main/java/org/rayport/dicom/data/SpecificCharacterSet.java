package org.rayport.dicom.data;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The character repertoires named by Specific Character Set (0008,0005), for decoding
 * text values (PS3.5 section 6.1). Supports the single-byte ISO_IR sets, UTF-8
 * (ISO_IR 192), GB18030/GBK, and reading ISO 2022 code extensions with escape sequences
 * (Japanese IR 13/87/159, Korean IR 149, Chinese IR 58, and every single-byte set: Latin,
 * Cyrillic, Arabic, Greek, Hebrew, Turkish, Thai). Hand-written: the JDK's ISO-2022
 * decoders know neither DICOM's delimiter rule nor its mix of sets. Immutable.
 */
public final class SpecificCharacterSet {

    /**
     * No (0008,0005): the standard says ASCII; bytes above 0x7F are decoded as Latin-1
     * because files in the wild often carry them undeclared and losing them helps nobody.
     */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of(), StandardCharsets.ISO_8859_1, false);
    public static final SpecificCharacterSet UTF_8 = new SpecificCharacterSet(List.of("ISO_IR 192"), StandardCharsets.UTF_8, false);

    private final List<String> terms;
    private final Charset primary;
    private final boolean iso2022;

    private SpecificCharacterSet(List<String> terms, Charset primary, boolean iso2022) {
        this.terms = terms;
        this.primary = primary;
        this.iso2022 = iso2022;
    }

    /** From the values of (0008,0005), e.g. {@code of("ISO_IR 100")} or {@code of("", "ISO 2022 IR 87")}. */
    public static SpecificCharacterSet of(String... values) {
        List<String> terms = Arrays.stream(values).map(String::trim).toList();
        if (terms.isEmpty() || terms.stream().allMatch(String::isEmpty)) {
            return DEFAULT;
        }
        boolean iso2022 = terms.stream().anyMatch(t -> t.startsWith("ISO 2022"));
        return new SpecificCharacterSet(terms, charsetOf(terms.get(0)), iso2022);
    }

    public List<String> terms() {
        return terms;
    }

    /** The charset used to encode new text values. */
    public Charset charset() {
        return primary;
    }

    public String decode(byte[] bytes) {
        return iso2022 ? decodeIso2022(bytes) : new String(bytes, primary);
    }

    /**
     * Encodes text for writing. With ISO 2022 sets only the initial repertoire is used
     * (no escape sequences are written); new data should use ISO_IR 192.
     */
    public byte[] encode(String text) {
        return text.getBytes(primary);
    }

    private static Charset charsetOf(String term) {
        String t = term.toUpperCase(Locale.ROOT).replace("ISO 2022 ", "ISO_IR ").replace("ISO_IR ", "IR ");
        String name = switch (t) {
            case "IR 100" -> "ISO-8859-1";
            case "IR 101" -> "ISO-8859-2";
            case "IR 109" -> "ISO-8859-3";
            case "IR 110" -> "ISO-8859-4";
            case "IR 144" -> "ISO-8859-5";
            case "IR 127" -> "ISO-8859-6";
            case "IR 126" -> "ISO-8859-7";
            case "IR 138" -> "ISO-8859-8";
            case "IR 148" -> "ISO-8859-9";
            case "IR 203" -> "ISO-8859-15";
            case "IR 166" -> "TIS-620";
            case "IR 13" -> "JIS_X0201";
            case "IR 192" -> "UTF-8";
            case "GB18030" -> "GB18030";
            case "GBK" -> "GBK";
            default -> "ISO-8859-1";   // IR 6, IR 87/149 as first term, unknown terms: see DEFAULT
        };
        return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.ISO_8859_1;
    }

    private enum G0 { ASCII, JIS_X0208, JIS_X0212 }

    /**
     * What the high half (G1) holds: a 96-character single-byte set, JIS X 0201 katakana,
     * or a 94x94 double-byte set (KS X 1001, GB 2312) in EUC form.
     */
    private record G1(Charset charset, boolean doubleByte, boolean katakana) {
        static final G1 UNDECLARED = single(StandardCharsets.ISO_8859_1);
        static final G1 KATAKANA = new G1(StandardCharsets.ISO_8859_1, false, true);

        static G1 single(Charset charset) {
            return new G1(charset, false, false);
        }

        static G1 single(String charset) {
            return Charset.isSupported(charset) ? single(Charset.forName(charset)) : UNDECLARED;
        }

        static G1 doubleByte(String charset) {
            return Charset.isSupported(charset) ? new G1(Charset.forName(charset), true, false) : UNDECLARED;
        }
    }

    /** The G1 set designated by a defined term (first term: the initial state) or an escape sequence. */
    private static G1 g1Of(String termOrEscape) {
        switch (termOrEscape) {
            case "ISO 2022 IR 13", "ISO_IR 13", ")I": return G1.KATAKANA;
            case "ISO 2022 IR 100", "ISO_IR 100", "-A": return G1.single(StandardCharsets.ISO_8859_1);
            case "ISO 2022 IR 101", "ISO_IR 101", "-B": return G1.single("ISO-8859-2");
            case "ISO 2022 IR 109", "ISO_IR 109", "-C": return G1.single("ISO-8859-3");
            case "ISO 2022 IR 110", "ISO_IR 110", "-D": return G1.single("ISO-8859-4");
            case "ISO 2022 IR 144", "ISO_IR 144", "-L": return G1.single("ISO-8859-5");
            case "ISO 2022 IR 127", "ISO_IR 127", "-G": return G1.single("ISO-8859-6");
            case "ISO 2022 IR 126", "ISO_IR 126", "-F": return G1.single("ISO-8859-7");
            case "ISO 2022 IR 138", "ISO_IR 138", "-H": return G1.single("ISO-8859-8");
            case "ISO 2022 IR 148", "ISO_IR 148", "-M": return G1.single("ISO-8859-9");
            case "ISO 2022 IR 203", "ISO_IR 203", "-b": return G1.single("ISO-8859-15");
            case "ISO 2022 IR 166", "ISO_IR 166", "-T": return G1.single("TIS-620");
            case "ISO 2022 IR 149", "$)C": return G1.doubleByte("EUC-KR");
            case "ISO 2022 IR 58", "$)A": return G1.doubleByte("GB2312");
            default: return null;
        }
    }

    /**
     * ISO 2022 as DICOM uses it (PS3.5 6.1.2.5): G0 holds ASCII or a 94x94 Japanese set in 7
     * bits, G1 a set in the high half; escape sequences switch them, and delimiters (value,
     * component group, component, line breaks) return to the initial state of the first term.
     */
    private String decodeIso2022(byte[] b) {
        G1 initialG1 = g1Of(terms.get(0));
        if (initialG1 == null) {
            initialG1 = G1.UNDECLARED;
        }
        G0 g0 = G0.ASCII;
        G1 g1 = initialG1;
        Charset eucJp = Charset.forName("EUC-JP");
        StringBuilder out = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c == 0x1B) {
                String esc = escape(b, i);
                switch (esc) {
                    case "(B", "(J" -> g0 = G0.ASCII;
                    case "$B", "$@" -> g0 = G0.JIS_X0208;
                    case "$(D" -> g0 = G0.JIS_X0212;
                    default -> {
                        G1 designated = g1Of(esc);
                        if (designated != null) {
                            g1 = designated;
                        }
                    }
                }
                i += 1 + Math.max(esc.length(), 1);
                continue;
            }
            if ((c == '\\' || c == '^' || c == '=' || c == '\r' || c == '\n' || c == '\f') && g0 == G0.ASCII) {
                g1 = initialG1;
                out.append((char) c);
                i++;
                continue;
            }
            if (c < 0x80) {
                if (g0 != G0.ASCII && i + 1 < b.length && c >= 0x21) {
                    byte[] euc = g0 == G0.JIS_X0208
                            ? new byte[] {(byte) (c | 0x80), (byte) (b[i + 1] | 0x80)}
                            : new byte[] {(byte) 0x8F, (byte) (c | 0x80), (byte) (b[i + 1] | 0x80)};
                    out.append(eucJp.decode(ByteBuffer.wrap(euc)));
                    i += 2;
                } else {
                    out.append((char) c);
                    i++;
                }
            } else if (g1.doubleByte() && i + 1 < b.length) {
                out.append(g1.charset().decode(ByteBuffer.wrap(b, i, 2)));
                i += 2;
            } else if (g1.katakana() && c >= 0xA1 && c <= 0xDF) {
                out.append((char) (0xFF61 + c - 0xA1));
                i++;
            } else {
                out.append(g1.charset().decode(ByteBuffer.wrap(b, i, 1)));
                i++;
            }
        }
        return out.toString();
    }

    /** The intermediate and final bytes after ESC, e.g. "$B" for ESC $ B. */
    private static String escape(byte[] b, int escAt) {
        StringBuilder s = new StringBuilder(3);
        for (int j = escAt + 1; j < b.length && s.length() < 3; j++) {
            int c = b[j] & 0xFF;
            s.append((char) c);
            if (c >= 0x30 && c <= 0x7E && !(c == '$' || c == '(' || c == ')' || c == '-')) {
                break;   // final byte
            }
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet s && s.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return terms.isEmpty() ? "default (ASCII)" : String.join("\\", terms);
    }
}
