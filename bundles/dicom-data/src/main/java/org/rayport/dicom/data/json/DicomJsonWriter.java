package org.rayport.dicom.data.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.BulkDataPolicy;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.internal.ModelValues;

/**
 * Streams data sets as the DICOM JSON Model (PS3.18 Annex F.2) into a Jackson
 * {@link JsonGenerator}: element by element, bulk data base64-encoded straight from its
 * source, so a large response never exists as a tree. Not thread-safe (one generator).
 *
 * <p>Choices where the standard leaves room, all as DCMTK's dcm2json does:
 * <ul>
 * <li>JSON text is Unicode, so a Specific Character Set (0008,0005), even an empty one, is
 *     written as {@code ISO_IR 192}; values are decoded with their data set's character set.</li>
 * <li>A PN of delimiters only ("^^^^") is empty; a single empty value (padding only) is no value.</li>
 * <li>IS and DS are JSON numbers; DICOM spellings JSON lacks ("+1", "007", "1.", ".5") are
 *     rewritten as the same number; a value that is no number at all stays a JSON string.</li>
 * <li>FL/FD NaN and infinities, which JSON numbers cannot express, are written as the strings
 *     "NaN", "Infinity", "-Infinity".</li>
 * <li>Group lengths (gggg,0000) are left out; an empty value in a multi-valued element is
 *     {@code null}; an element without value has only its "vr".</li>
 * <li>Encapsulated pixel data has no InlineBinary form; the {@link BulkDataPolicy} must give
 *     a BulkDataURI for it.</li>
 * </ul>
 */
public final class DicomJsonWriter {

    private final JsonGenerator json;
    private final BulkDataPolicy policy;

    public DicomJsonWriter(JsonGenerator json, BulkDataPolicy policy) {
        this.json = Objects.requireNonNull(json, "json");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Writes one data set as a JSON object. */
    public void write(Attributes attrs) throws IOException {
        writeDataSet(attrs, "");
    }

    private void writeDataSet(Attributes attrs, String pathPrefix) throws IOException {
        json.writeStartObject();
        for (Element e : attrs.elements()) {
            if (e.tag().isGroupLength()) {
                continue;
            }
            String key = ModelValues.hex(e.tag());
            json.writeFieldName(key);
            writeElement(attrs, e, pathPrefix + key);
        }
        json.writeEndObject();
    }

    private void writeElement(Attributes attrs, Element e, String path) throws IOException {
        Vr vr = e.vr();
        json.writeStartObject();
        json.writeStringField("vr", e.isEncapsulated() ? "OB" : vr.name());   // PS3.5 A.4: encapsulated is OB
        if (e.isSequence()) {
            if (!e.sequence().isEmpty()) {
                json.writeArrayFieldStart("Value");
                List<Attributes> items = e.sequence().items();
                for (int i = 0; i < items.size(); i++) {
                    writeDataSet(items.get(i), path + "/" + i + "/");
                }
                json.writeEndArray();
            }
        } else if (ModelValues.isInlineBinary(vr) || !e.isInline()) {
            writeBinary(e, path);
        } else if (e.tag().equals(Tags.SPECIFIC_CHARACTER_SET)) {
            json.writeArrayFieldStart("Value");
            json.writeString("ISO_IR 192");
            json.writeEndArray();
        } else {
            writeValues(attrs, e);
        }
        json.writeEndObject();
    }

    private void writeBinary(Element e, String path) throws IOException {
        if (e.length() == 0 && !e.isEncapsulated()) {
            return;
        }
        String uri = policy.bulkDataUri(path, e);
        if (uri != null) {
            json.writeStringField("BulkDataURI", uri);
            return;
        }
        if (e.isEncapsulated()) {
            throw new IllegalArgumentException(e.tag() + " holds encapsulated (compressed) pixel data, which DICOM JSON"
                    + " can only refer to: the BulkDataPolicy must give a BulkDataURI for " + path);
        }
        json.writeFieldName("InlineBinary");
        BulkData data = e.bulkData();
        if (data.length() > Integer.MAX_VALUE) {
            throw new IOException(e.tag() + ": " + data.length() + " bytes are too many to inline; give a BulkDataURI");
        }
        try (InputStream in = data.openStream()) {
            json.writeBinary(in, (int) data.length());
        }
    }

    private void writeValues(Attributes attrs, Element e) throws IOException {
        Vr vr = e.vr();
        List<String> values = vr.isText() || vr == Vr.UI
                ? ModelValues.textValues(vr, attrs.getStrings(e.tag())) : ModelValues.binaryValues(vr, e.bytes());
        if (values.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("Value");
        for (String v : values) {
            if (v.isEmpty()) {
                json.writeNull();
                continue;
            }
            switch (vr) {
                case PN -> writePersonName(v);
                case IS, DS -> {
                    String number = ModelValues.jsonNumber(v);
                    if (number == null) {
                        json.writeString(v);
                    } else {
                        json.writeNumber(number);
                    }
                }
                case US, SS, UL, SL, UV, SV -> json.writeNumber(v);
                case FL, FD -> {
                    if (v.equals("NaN") || v.endsWith("Infinity")) {
                        json.writeString(v);
                    } else {
                        json.writeNumber(v);
                    }
                }
                default -> json.writeString(v);
            }
        }
        json.writeEndArray();
    }

    private void writePersonName(String value) throws IOException {
        String[] groups = ModelValues.personNameGroups(value);
        json.writeStartObject();
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        for (int i = 0; i < 3; i++) {
            if (!groups[i].isEmpty()) {
                json.writeStringField(names[i], groups[i]);
            }
        }
        json.writeEndObject();
    }
}
