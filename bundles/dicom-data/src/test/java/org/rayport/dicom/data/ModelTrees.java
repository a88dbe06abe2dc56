package org.rayport.dicom.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Compares two DICOM JSON documents as trees, by meaning: numbers by value (FL at float
 * precision), InlineBinary by decoded bytes with DICOM's even-length padding ignored.
 * Returns the differences as readable paths; empty when equal.
 */
final class ModelTrees {

    private ModelTrees() {
    }

    static List<String> jsonDifferences(JsonNode expected, JsonNode actual) {
        List<String> diffs = new ArrayList<>();
        dataSet("", expected, actual, diffs);
        return diffs;
    }

    private static void dataSet(String path, JsonNode expected, JsonNode actual, List<String> diffs) {
        TreeSet<String> keys = new TreeSet<>();
        expected.fieldNames().forEachRemaining(keys::add);
        actual.fieldNames().forEachRemaining(keys::add);
        // Documented difference: dcm2json 3.6.7 converts only the top level to UTF-8; in sequence
        // items with their own Specific Character Set it keeps that value and undecoded text
        // (escape sequences). Such items' text is checked against pydicom's expectations instead.
        String itemCharset = expected.path("00080005").path("Value").path(0).asText("ISO_IR 192");
        boolean undecodedItem = !path.isEmpty() && !itemCharset.equals("ISO_IR 192");
        for (String key : keys) {
            String where = path + key;
            if (undecodedItem && (key.equals("00080005") || isUndecodedText(expected.get(key)))) {
                continue;
            }
            if (!expected.has(key)) {
                diffs.add(where + ": only in ours: " + abbreviate(actual.get(key)));
            } else if (!actual.has(key)) {
                diffs.add(where + ": missing in ours, expected " + abbreviate(expected.get(key)));
            } else {
                element(where, expected.get(key), actual.get(key), diffs);
            }
        }
    }

    private static void element(String where, JsonNode expected, JsonNode actual, List<String> diffs) {
        String vr = expected.path("vr").asText();
        if (!vr.equals(actual.path("vr").asText())) {
            diffs.add(where + ": vr " + actual.path("vr") + " instead of " + expected.path("vr"));
            return;
        }
        if (expected.has("InlineBinary") || actual.has("InlineBinary")) {
            byte[] e = unpadded(expected.path("InlineBinary").asText(""));
            byte[] a = unpadded(actual.path("InlineBinary").asText(""));
            if (!java.util.Arrays.equals(e, a)) {
                diffs.add(where + ": InlineBinary differs (" + a.length + " bytes instead of " + e.length + ")");
            }
            return;
        }
        JsonNode ev = expected.path("Value");
        JsonNode av = actual.path("Value");
        if (ev.size() != av.size()) {
            diffs.add(where + ": " + av.size() + " values " + abbreviate(av) + " instead of " + ev.size() + " " + abbreviate(ev));
            return;
        }
        for (int i = 0; i < ev.size(); i++) {
            JsonNode e = ev.get(i);
            JsonNode a = av.get(i);
            String at = where + "[" + i + "]";
            if (vr.equals("SQ")) {
                dataSet(at + "/", e, a, diffs);
            } else if (e.isNumber() && a.isNumber()) {
                boolean same = vr.equals("FL") ? e.floatValue() == a.floatValue()
                        : new BigDecimal(e.asText()).compareTo(new BigDecimal(a.asText())) == 0;
                if (!same) {
                    diffs.add(at + ": " + a + " instead of " + e);
                }
            } else if (!e.equals(a)) {
                diffs.add(at + ": " + a + " instead of " + e);
            }
        }
    }

    private static boolean isUndecodedText(JsonNode element) {
        String text = element == null ? "" : element.path("Value").toString();
        return text.contains("\\u001B") || text.contains("\uFFFD");
    }

    /** DICOM pads odd values to even length with one NUL; the models differ in whether they keep it. */
    private static byte[] unpadded(String base64) {
        byte[] b = Base64.getMimeDecoder().decode(base64);
        return b.length % 2 == 0 && b.length > 0 && b[b.length - 1] == 0 ? java.util.Arrays.copyOf(b, b.length - 1) : b;
    }

    private static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    static int countElements(JsonNode dataSet) {
        int n = 0;
        for (Iterator<JsonNode> it = dataSet.elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            n++;
            for (JsonNode item : e.path("Value")) {
                if (item.isObject() && !e.path("vr").asText().equals("PN")) {
                    n += countElements(item);
                }
            }
        }
        return n;
    }
}
