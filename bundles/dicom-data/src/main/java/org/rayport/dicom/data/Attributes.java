package org.rayport.dicom.data;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.rayport.dicom.data.internal.Bytes;

/**
 * A data set: elements ordered by tag, private ones included. Immutable and therefore
 * safe to share between threads and bundles; build or change one with {@link Builder}:
 *
 * <pre>{@code
 * Attributes patient = Attributes.builder()
 *         .setString(Tags.PATIENT_NAME, "Doe^Jane")
 *         .setString(Tags.PATIENT_ID, "12345")
 *         .build();
 * String name = patient.getString(Tags.PATIENT_NAME);   // "Doe^Jane"
 * }</pre>
 *
 * Text is decoded with the data set's Specific Character Set (0008,0005), or for a
 * sequence item without one, that of the enclosing data set.
 */
public final class Attributes {

    private static final Attributes EMPTY = new Attributes(new Element[0], SpecificCharacterSet.DEFAULT);

    private final Element[] elements;   // sorted by tag, unsigned
    private final SpecificCharacterSet characterSet;

    private Attributes(Element[] elements, SpecificCharacterSet characterSet) {
        this.elements = elements;
        this.characterSet = characterSet;
    }

    public static Attributes empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this data set's elements, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (Element e : elements) {
            b.set(e);
        }
        return b.inheritCharacterSet(characterSet);
    }

    public int size() {
        return elements.length;
    }

    public boolean isEmpty() {
        return elements.length == 0;
    }

    /** All elements in tag order. */
    public List<Element> elements() {
        return Collections.unmodifiableList(Arrays.asList(elements));
    }

    public SpecificCharacterSet characterSet() {
        return characterSet;
    }

    public boolean contains(Tag tag) {
        return indexOf(tag) >= 0;
    }

    public Optional<Element> element(Tag tag) {
        int i = indexOf(tag);
        return i < 0 ? Optional.empty() : Optional.of(elements[i]);
    }

    /** The first value as text, trimmed of padding; null if absent or empty. */
    public String getString(Tag tag) {
        List<String> values = getStrings(tag);
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    public String getString(Tag tag, String defaultValue) {
        String s = getString(tag);
        return s == null ? defaultValue : s;
    }

    /** All values as text; numbers of binary VRs are formatted in decimal. Empty if absent. */
    public List<String> getStrings(Tag tag) {
        Element e = inline(tag);
        if (e == null) {
            return List.of();
        }
        byte[] b = e.inlineBytes();
        Vr vr = e.vr();
        if (vr == Vr.UI || vr.isText()) {
            String text = vr == Vr.UI ? new String(b, StandardCharsets.US_ASCII) : characterSet.decode(b);
            if (text.isEmpty()) {
                return List.of();
            }
            if (!vr.isMultiValuedText()) {
                return List.of(stripTrailing(text));
            }
            List<String> values = new ArrayList<>();
            for (String v : text.split("\\\\", -1)) {
                values.add(stripTrailing(v).strip());
            }
            return values;
        }
        if (vr == Vr.FD || vr == Vr.FL || vr == Vr.OD || vr == Vr.OF) {
            List<String> values = new ArrayList<>();
            for (double d : getDoubles(tag)) {
                values.add(Double.toString(d));
            }
            return values;
        }
        if (vr == Vr.AT) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i + 4 <= b.length; i += 4) {
                values.add(Tag.of(Bytes.u16(b, i), Bytes.u16(b, i + 2)).toString());
            }
            return values;
        }
        if (vr.swapUnit() > 1) {
            List<String> values = new ArrayList<>();
            for (long v : getLongs(tag)) {
                values.add(Long.toString(v));
            }
            return values;
        }
        return List.of();
    }

    public int getInt(Tag tag, int defaultValue) {
        long[] values = getLongs(tag);
        return values.length == 0 ? defaultValue : (int) values[0];
    }

    public int[] getInts(Tag tag) {
        return Arrays.stream(getLongs(tag)).mapToInt(v -> (int) v).toArray();
    }

    /**
     * Integer values of binary VRs (US, SS, UL, SL, UV, SV, OW, OL...) or of IS/DS text.
     * Unsigned 32-bit values stay positive. Malformed text gives NumberFormatException.
     */
    public long[] getLongs(Tag tag) {
        Element e = inline(tag);
        if (e == null) {
            return new long[0];
        }
        byte[] b = e.inlineBytes();
        switch (e.vr()) {
            case US, OW:
                return numbers(b, 2, (x, i) -> Bytes.u16(x, i));
            case SS:
                return numbers(b, 2, (x, i) -> (short) Bytes.u16(x, i));
            case UL, OL:
                return numbers(b, 4, (x, i) -> Bytes.i32(x, i) & 0xFFFFFFFFL);
            case SL:
                return numbers(b, 4, Bytes::i32);
            case UV, SV, OV:
                return numbers(b, 8, Bytes::i64);
            case IS, DS:
                return getStrings(tag).stream().filter(s -> !s.isEmpty())
                        .mapToLong(s -> e.vr() == Vr.IS ? Long.parseLong(s.startsWith("+") ? s.substring(1) : s)
                                : (long) Double.parseDouble(s)).toArray();
            default:
                return new long[0];
        }
    }

    public double getDouble(Tag tag, double defaultValue) {
        double[] values = getDoubles(tag);
        return values.length == 0 ? defaultValue : values[0];
    }

    /** Values of FD, FL, OD, OF, DS or IS, or any integer VR. */
    public double[] getDoubles(Tag tag) {
        Element e = inline(tag);
        if (e == null) {
            return new double[0];
        }
        byte[] b = e.inlineBytes();
        switch (e.vr()) {
            case FD, OD: {
                double[] d = new double[b.length / 8];
                for (int i = 0; i < d.length; i++) {
                    d[i] = Double.longBitsToDouble(Bytes.i64(b, i * 8));
                }
                return d;
            }
            case FL, OF: {
                double[] d = new double[b.length / 4];
                for (int i = 0; i < d.length; i++) {
                    d[i] = Float.intBitsToFloat(Bytes.i32(b, i * 4));
                }
                return d;
            }
            case DS, IS:
                return getStrings(tag).stream().filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
            default:
                return Arrays.stream(getLongs(tag)).asDoubleStream().toArray();
        }
    }

    /** A DA value (yyyyMMdd, or the old yyyy.MM.dd); null if absent or empty. */
    public LocalDate getDate(Tag tag) {
        String s = getString(tag);
        if (s == null) {
            return null;
        }
        String digits = s.replace(".", "");
        if (digits.length() != 8) {
            throw new IllegalArgumentException(tag + ": not a DICOM date: '" + s + "'");
        }
        return LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                Integer.parseInt(digits.substring(6, 8)));
    }

    /** A TM value (HH, HHmm, HHmmss or HHmmss.FFFFFF; old HH:mm:ss too); null if absent or empty. */
    public LocalTime getTime(Tag tag) {
        String s = getString(tag);
        if (s == null) {
            return null;
        }
        String t = s.replace(":", "");
        try {
            int hour = Integer.parseInt(t.substring(0, 2));
            int minute = t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0;
            int second = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0;
            int nanos = 0;
            if (t.length() > 7 && t.charAt(6) == '.') {
                String fraction = (t.substring(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(fraction);
            }
            return LocalTime.of(hour, minute, second, nanos);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tag + ": not a DICOM time: '" + s + "'", e);
        }
    }

    /** The items of a sequence; an empty sequence if the element is absent. */
    public Sequence getSequence(Tag tag) {
        int i = indexOf(tag);
        return i < 0 || !elements[i].isSequence() ? Sequence.EMPTY : elements[i].sequence();
    }

    /** The value as bulk data (by reference when read from a file); null if absent. */
    public BulkData getBulkData(Tag tag) {
        int i = indexOf(tag);
        return i < 0 || elements[i].isSequence() || elements[i].isEncapsulated() ? null : elements[i].bulkData();
    }

    /** Encapsulated (compressed) pixel data; null if absent or not encapsulated. */
    public Fragments getFragments(Tag tag) {
        int i = indexOf(tag);
        return i < 0 || !elements[i].isEncapsulated() ? null : elements[i].fragments();
    }

    private Element inline(Tag tag) {
        int i = indexOf(tag);
        return i >= 0 && elements[i].isInline() ? elements[i] : null;
    }

    private int indexOf(Tag tag) {
        int lo = 0;
        int hi = elements.length - 1;
        int key = tag.value();
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(elements[mid].tag().value(), key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }

    private interface NumberAt {
        long at(byte[] b, int offset);
    }

    private static long[] numbers(byte[] b, int size, NumberAt reader) {
        long[] values = new long[b.length / size];
        for (int i = 0; i < values.length; i++) {
            values[i] = reader.at(b, i * size);
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && Arrays.equals(a.elements, elements);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Element e : elements) {
            s.append(e.tag()).append(' ').append(e.vr()).append(' ');
            String keyword = Dictionary.standard().keywordOf(e.tag());
            if (e.isInline()) {
                String v = String.join("\\", getStrings(e.tag()));
                s.append('[').append(v.length() > 64 ? v.substring(0, 64) + "..." : v).append(']');
            } else {
                s.append(e.isSequence() ? e.sequence().size() + " items" : e.isBulkData() ? e.bulkData().toString() : "encapsulated");
            }
            s.append(keyword.isEmpty() ? "" : " " + keyword).append('\n');
        }
        return s.toString();
    }

    /**
     * Collects elements for a new {@link Attributes}. Not thread-safe; use one per thread.
     * Text given as strings is encoded at {@link #build()} time, with the Specific
     * Character Set the data set ends up with, so the order of the setters does not matter.
     */
    public static final class Builder {

        private final Map<Integer, Object> elements = new TreeMap<>(Integer::compareUnsigned);
        private SpecificCharacterSet inherited = SpecificCharacterSet.DEFAULT;

        private record PendingText(Tag tag, Vr vr, String text) {
        }

        private Builder() {
        }

        /** Sets text values with the dictionary's VR; UN for tags the dictionary does not know. */
        public Builder setString(Tag tag, String... values) {
            return setString(tag, Dictionary.standard().vrOf(tag), values);
        }

        public Builder setString(Tag tag, Vr vr, String... values) {
            if (!vr.isText() && vr != Vr.UI) {
                throw new IllegalArgumentException(tag + ": VR " + vr + " does not hold text; use setInt/setDouble/setBytes");
            }
            if (values.length > 1 && !vr.isMultiValuedText() && vr != Vr.UI) {
                throw new IllegalArgumentException(tag + ": VR " + vr + " holds one value only");
            }
            elements.put(tag.value(), new PendingText(tag, vr, String.join("\\", values)));
            return this;
        }

        /** Integers as US, SS, UL, SL, UV, SV (binary) or IS (text), per the dictionary's VR. */
        public Builder setInt(Tag tag, int... values) {
            return setInt(tag, Dictionary.standard().vrOf(tag), values);
        }

        public Builder setInt(Tag tag, Vr vr, int... values) {
            int size = switch (vr) {
                case US, SS, OW -> 2;
                case UL, SL, OL -> 4;
                case UV, SV, OV -> 8;
                case IS, DS -> 0;
                default -> throw new IllegalArgumentException(tag + ": VR " + vr + " does not hold integers");
            };
            if (size == 0) {
                return setString(tag, vr, Arrays.stream(values).mapToObj(Integer::toString).toArray(String[]::new));
            }
            byte[] b = new byte[values.length * size];
            for (int i = 0; i < values.length; i++) {
                if (size == 2) {
                    Bytes.put16(b, i * 2, values[i]);
                } else if (size == 4) {
                    Bytes.put32(b, i * 4, values[i]);
                } else {
                    Bytes.put64(b, i * 8, vr == Vr.UV ? values[i] & 0xFFFFFFFFL : values[i]);
                }
            }
            return set(Element.wrap(tag, vr, b));
        }

        /** Reals as FD, FL (binary) or DS (text), per the dictionary's VR. */
        public Builder setDouble(Tag tag, double... values) {
            return setDouble(tag, Dictionary.standard().vrOf(tag), values);
        }

        public Builder setDouble(Tag tag, Vr vr, double... values) {
            switch (vr) {
                case FD, OD -> {
                    byte[] b = new byte[values.length * 8];
                    for (int i = 0; i < values.length; i++) {
                        Bytes.put64(b, i * 8, Double.doubleToLongBits(values[i]));
                    }
                    return set(Element.wrap(tag, vr, b));
                }
                case FL, OF -> {
                    byte[] b = new byte[values.length * 4];
                    for (int i = 0; i < values.length; i++) {
                        Bytes.put32(b, i * 4, Float.floatToIntBits((float) values[i]));
                    }
                    return set(Element.wrap(tag, vr, b));
                }
                case DS -> {
                    return setString(tag, vr, Arrays.stream(values).mapToObj(Builder::formatDecimalString).toArray(String[]::new));
                }
                default -> throw new IllegalArgumentException(tag + ": VR " + vr + " does not hold reals");
            }
        }

        /** A raw value, little endian for binary VRs. */
        public Builder setBytes(Tag tag, Vr vr, byte[] value) {
            return set(Element.ofBytes(tag, vr, value));
        }

        public Builder setSequence(Tag tag, Sequence items) {
            return set(Element.ofSequence(tag, items));
        }

        public Builder setSequence(Tag tag, Attributes... items) {
            return setSequence(tag, Sequence.of(items));
        }

        public Builder setBulkData(Tag tag, Vr vr, BulkData value) {
            return set(Element.ofBulkData(tag, vr, value));
        }

        public Builder setFragments(Tag tag, Vr vr, Fragments value) {
            return set(Element.ofFragments(tag, vr, value));
        }

        public Builder set(Element element) {
            elements.put(element.tag().value(), element);
            return this;
        }

        public Builder remove(Tag tag) {
            elements.remove(tag.value());
            return this;
        }

        public boolean contains(Tag tag) {
            return elements.containsKey(tag.value());
        }

        /** The character set of the enclosing data set, used if this one has no (0008,0005). */
        public Builder inheritCharacterSet(SpecificCharacterSet characterSet) {
            this.inherited = characterSet;
            return this;
        }

        public Attributes build() {
            SpecificCharacterSet cs = inherited;
            Object scs = elements.get(Tags.SPECIFIC_CHARACTER_SET.value());
            if (scs instanceof PendingText p) {
                cs = SpecificCharacterSet.of(p.text().split("\\\\", -1));
            } else if (scs instanceof Element e && e.isInline()) {
                cs = SpecificCharacterSet.of(new String(e.inlineBytes(), StandardCharsets.US_ASCII).split("\\\\", -1));
            }
            Element[] result = new Element[elements.size()];
            int i = 0;
            for (Object o : elements.values()) {
                if (o instanceof PendingText p) {
                    byte[] b = p.vr() == Vr.UI || p.tag().equals(Tags.SPECIFIC_CHARACTER_SET)
                            ? p.text().getBytes(StandardCharsets.US_ASCII) : cs.encode(p.text());
                    result[i++] = Element.wrap(p.tag(), p.vr(), b);
                } else {
                    result[i++] = (Element) o;
                }
            }
            return result.length == 0 && cs.equals(SpecificCharacterSet.DEFAULT) ? EMPTY : new Attributes(result, cs);
        }

        /** DS allows 16 characters. */
        private static String formatDecimalString(double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            String s = Double.toString(d);
            for (int precision = 16; s.length() > 16 && precision > 1; precision--) {
                s = String.format(java.util.Locale.ROOT, "%." + precision + "G", d).replaceAll("\\.?0+(E|$)", "$1");
            }
            return s;
        }
    }
}
