package org.rayport.dicom.data.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkDataResolver;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.SpecificCharacterSet;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.internal.ModelValues;

/**
 * Reads the DICOM JSON Model (PS3.18 Annex F.2) from a Jackson {@link JsonParser}: one
 * data set, or an array of them one at a time. Each data set is collected as a small tree
 * first because the standard lets "vr" follow "Value", and PN values and sequence items
 * (both JSON objects) cannot be told apart before the VR is known.
 *
 * <p>Null values of binary number VRs (US, FL...), which cannot be encoded, are dropped.
 * Text is encoded with the data set's Specific Character Set when that can represent
 * every value of the data set; otherwise (0008,0005) becomes ISO_IR 192 and text is UTF-8,
 * so nothing read is lost. Problems raise {@link DicomJsonException} naming the JSON
 * location and the element. Not thread-safe (one parser).
 */
public final class DicomJsonReader {

    /** JSON nesting allowed: a data set, its element, its value array, and so on per sequence level. */
    private static final int MAX_DEPTH = 4 * 64 + 4;

    private final JsonParser json;
    private final BulkDataResolver resolver;

    private record Num(String text) {
    }

    public DicomJsonReader(JsonParser json, BulkDataResolver resolver) {
        this.json = Objects.requireNonNull(json, "json");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Reads the next JSON value, which must be one data set (an object). */
    public Attributes read() throws IOException {
        JsonToken t = next();
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a DICOM JSON data set (an object) but found " + t);
        }
        return toAttributes(readObject(0), SpecificCharacterSet.DEFAULT, "");
    }

    /**
     * Reads an array of data sets (the QIDO-RS and WADO-RS metadata shape), or a single
     * data set, handing each to {@code sink} as soon as it is complete.
     */
    public void readAll(Consumer<Attributes> sink) throws IOException {
        JsonToken t = next();
        if (t == JsonToken.START_OBJECT) {
            sink.accept(toAttributes(readObject(0), SpecificCharacterSet.DEFAULT, ""));
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw error("expected an array of DICOM JSON data sets but found " + t);
        }
        while ((t = next()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw error("expected a data set (an object) in the array but found " + t);
            }
            sink.accept(toAttributes(readObject(0), SpecificCharacterSet.DEFAULT, ""));
        }
    }

    private JsonToken next() throws IOException {
        JsonToken t = json.nextToken();
        if (t == null) {
            throw error("unexpected end of the JSON document");
        }
        return t;
    }

    private DicomJsonException error(String problem) {
        return new DicomJsonException(problem, json.currentLocation());
    }

    // ---- generic tree: Map (insertion ordered), List, String, Num, Boolean, null ----

    private Map<String, Object> readObject(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken t;
        while ((t = next()) != JsonToken.END_OBJECT) {
            String name = json.currentName();
            if (map.containsKey(name)) {
                throw error("duplicate key \"" + name + "\"");
            }
            next();
            map.put(name, readValue(depth + 1));
        }
        return map;
    }

    private Object readValue(int depth) throws IOException {
        JsonToken t = json.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(depth);
            case START_ARRAY: {
                if (depth > MAX_DEPTH) {
                    throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
                }
                List<Object> list = new ArrayList<>();
                while (next() != JsonToken.END_ARRAY) {
                    list.add(readValue(depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return json.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(json.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return json.getBooleanValue();
            case VALUE_NULL:
                return null;
            default:
                throw error("unexpected " + t);
        }
    }

    // ---- tree to data set ----

    private record Text(Tag tag, Vr vr, String value) {
    }

    private Attributes toAttributes(Map<String, Object> map, SpecificCharacterSet inherited, String path) throws IOException {
        Attributes.Builder b = Attributes.builder();
        List<Text> texts = new ArrayList<>();
        Map<Tag, List<Map<String, Object>>> sequences = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Tag tag;
            try {
                tag = ModelValues.parseHex(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw error(path + "key \"" + entry.getKey() + "\" is not a tag of 8 hex digits");
            }
            String where = path + entry.getKey();
            if (!(entry.getValue() instanceof Map<?, ?> element)) {
                throw error(where + ": an element must be an object with \"vr\"");
            }
            Object vrName = element.get("vr");
            Vr vr = vrName instanceof String s && s.length() == 2 ? Vr.fromCode(s.charAt(0), s.charAt(1)) : null;
            if (vr == null) {
                throw error(where + ": missing or unknown \"vr\": " + vrName);
            }
            for (Object key : element.keySet()) {
                if (!List.of("vr", "Value", "InlineBinary", "BulkDataURI").contains(key)) {
                    throw error(where + ": unknown member \"" + key + "\"");
                }
            }
            try {
                readElement(b, texts, sequences, tag, vr, element, where);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw error(where + " " + vr + ": " + e.getMessage());
            }
        }
        SpecificCharacterSet cs = characterSet(b, texts, inherited);
        for (Text t : texts) {
            b.setString(t.tag(), t.vr(), t.value());
        }
        b.inheritCharacterSet(inherited);
        for (Map.Entry<Tag, List<Map<String, Object>>> seq : sequences.entrySet()) {
            List<Attributes> items = new ArrayList<>();
            String seqPath = path + ModelValues.hex(seq.getKey()) + "/";
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(toAttributes(seq.getValue().get(i), cs, seqPath + i + "/"));
            }
            b.setSequence(seq.getKey(), Sequence.of(items));
        }
        return b.build();
    }

    /** The data set's declared character set, or UTF-8 when that cannot hold all its text. */
    private SpecificCharacterSet characterSet(Attributes.Builder b, List<Text> texts, SpecificCharacterSet inherited) {
        SpecificCharacterSet declared = inherited;
        for (Text t : texts) {
            if (t.tag().equals(Tags.SPECIFIC_CHARACTER_SET)) {
                declared = SpecificCharacterSet.of(t.value().split("\\\\", -1));
            }
        }
        var encoder = declared.charset().newEncoder();
        for (Text t : texts) {
            if (!encoder.canEncode(t.value())) {
                texts.removeIf(x -> x.tag().equals(Tags.SPECIFIC_CHARACTER_SET));
                b.setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
                return SpecificCharacterSet.UTF_8;
            }
        }
        return declared;
    }

    private void readElement(Attributes.Builder b, List<Text> texts, Map<Tag, List<Map<String, Object>>> sequences,
                             Tag tag, Vr vr, Map<?, ?> element, String where) throws IOException {
        Object value = element.get("Value");
        Object inline = element.get("InlineBinary");
        Object uri = element.get("BulkDataURI");
        int kinds = (value != null ? 1 : 0) + (inline != null ? 1 : 0) + (uri != null ? 1 : 0);
        if (kinds > 1) {
            throw error(where + ": only one of Value, InlineBinary and BulkDataURI is allowed");
        }
        if (inline != null || uri != null) {
            if (vr == Vr.SQ) {
                throw error(where + ": a sequence cannot have InlineBinary or BulkDataURI");
            }
            if (uri != null) {
                if (!(uri instanceof String s)) {
                    throw error(where + ": BulkDataURI must be a string");
                }
                b.setBulkData(tag, vr, resolver.resolve(s, tag, vr));
            } else {
                if (!(inline instanceof String s)) {
                    throw error(where + ": InlineBinary must be a base64 string");
                }
                b.setBytes(tag, vr, Base64.getMimeDecoder().decode(s));
            }
            return;
        }
        List<?> values;
        if (value == null) {
            values = List.of();
        } else if (value instanceof List<?> l) {
            values = l;
        } else {
            throw error(where + ": \"Value\" must be an array");
        }
        if (vr == Vr.SQ) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Object item : values) {
                if (!(item instanceof Map<?, ?> m)) {
                    throw error(where + ": a sequence item must be an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                items.add(typed);
            }
            sequences.put(tag, items);
            return;
        }
        if (ModelValues.isInlineBinary(vr)) {
            if (!values.isEmpty()) {
                throw error(where + ": " + vr + " values are given as InlineBinary or BulkDataURI, not Value");
            }
            b.setBytes(tag, vr, new byte[0]);
            return;
        }
        List<String> strings = new ArrayList<>();
        for (Object v : values) {
            strings.add(valueText(vr, v, where));
        }
        if (vr.isText() || vr == Vr.UI) {
            if ((!vr.isMultiValuedText() && vr != Vr.UI) && strings.size() > 1) {
                throw error(where + ": " + vr + " holds one value, not " + strings.size());
            }
            texts.add(new Text(tag, vr, String.join("\\", strings)));
        } else {
            // A binary number cannot be empty; documents in the wild (pydicom's test1.json) carry
            // null among them anyway: those nulls are dropped, the numbers kept.
            strings.removeIf(String::isEmpty);
            b.setBytes(tag, vr, ModelValues.encodeBinary(vr, strings));
        }
    }

    private String valueText(Vr vr, Object v, String where) throws IOException {
        if (v == null) {
            return "";
        }
        if (vr == Vr.PN) {
            if (!(v instanceof Map<?, ?> pn)) {
                throw error(where + ": a PN value must be an object with Alphabetic, Ideographic, Phonetic");
            }
            for (Object key : pn.keySet()) {
                if (!List.of("Alphabetic", "Ideographic", "Phonetic").contains(key) || !(pn.get(key) instanceof String)) {
                    throw error(where + ": a PN value has only string members Alphabetic, Ideographic, Phonetic, not " + key);
                }
            }
            return ModelValues.personName((String) pn.get("Alphabetic"), (String) pn.get("Ideographic"), (String) pn.get("Phonetic"));
        }
        if (v instanceof Num n) {
            if (vr == Vr.DS) {
                return ModelValues.decimalString(n.text());
            }
            if (vr == Vr.IS || !vr.isText() && vr != Vr.UI) {
                return n.text();
            }
            throw error(where + ": a " + vr + " value must be a string, not the number " + n.text());
        }
        if (v instanceof String s) {
            if (s.indexOf('\\') >= 0 && vr.isMultiValuedText()) {
                throw error(where + ": a value contains the value delimiter '\\'");
            }
            return s;
        }
        throw error(where + ": unexpected value " + v);
    }
}
