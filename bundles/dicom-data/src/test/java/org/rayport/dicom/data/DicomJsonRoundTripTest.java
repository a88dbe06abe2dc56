package org.rayport.dicom.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.rayport.dicom.data.json.DicomJson;
import org.rayport.dicom.data.json.DicomJsonException;
import org.rayport.dicom.data.samples.SampleData;
import org.rayport.dicom.data.xml.NativeDicomModel;

/** Attributes to JSON/XML and back: every VR, nesting, private tags, character sets, bad documents. */
public class DicomJsonRoundTripTest {

    private static final ObjectMapper TREES = new ObjectMapper();

    /** One element of every VR that has values, in a nested, private, non-ASCII data set. */
    static Attributes everyVr() {
        Attributes item = Attributes.builder().inheritCharacterSet(SpecificCharacterSet.UTF_8)
                .setString(Tags.REFERENCED_SOP_CLASS_UID, Uids.CT_IMAGE_STORAGE)
                .setString(Tag.of(0x0008, 0x0104), Vr.LO, "Élan ünd Ψ")
                .build();
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, "ISO_IR 192")
                .setString(Tag.of(0x0008, 0x0054), Vr.AE, "RAYPORT", "OTHER")
                .setString(Tag.of(0x0010, 0x1010), Vr.AS, "042Y")
                .setBytes(Tag.of(0x0020, 0x9165), Vr.AT, new byte[] {0x10, 0x00, 0x10, 0x00, 0x20, 0x00, 0x32, 0x00})
                .setString(Tags.SOP_CLASS_UID, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, "1.2.3.4.5.6")
                .setString(Tag.of(0x0008, 0x0008), Vr.CS, "ORIGINAL", "", "AXIAL")
                .setString(Tags.STUDY_DATE, "20240131")
                .setString(Tag.named("ImagePositionPatient"), Vr.DS, "-12.5", "3.25", "1E3")
                .setString(Tag.of(0x0008, 0x002A), Vr.DT, "20240131134501.250000+0100")
                .setDouble(Tag.of(0x0018, 0x9087), Vr.FD, 0.1, -2.5e-300)
                .setDouble(Tag.of(0x0018, 0x9089), Vr.FL, 1.5, -0.25, 3)
                .setString(Tags.INSTANCE_NUMBER, Vr.IS, "-7")
                .setString(Tag.of(0x0008, 0x1030), Vr.LO, "Thorax\u00e9")
                .setString(Tag.of(0x0020, 0x4000), Vr.LT, "line one\r\nline two\\with backslash")
                .setBytes(Tag.of(0x0009, 0x0010), Vr.LO, "RAYPORT TEST".getBytes(StandardCharsets.US_ASCII))
                .setBytes(Tag.of(0x0009, 0x1001), Vr.OB, new byte[] {1, 2, 3})
                .setBytes(Tag.of(0x0009, 0x1002), Vr.OD, new byte[16])
                .setBytes(Tag.of(0x0009, 0x1003), Vr.OF, new byte[8])
                .setBytes(Tag.of(0x0009, 0x1004), Vr.OL, new byte[8])
                .setBytes(Tag.of(0x0009, 0x1005), Vr.OV, new byte[16])
                .setBytes(Tag.of(0x0009, 0x1006), Vr.OW, new byte[] {(byte) 0xFF, 0x7F, 0, (byte) 0x80})
                .setString(Tags.PATIENT_NAME, Vr.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう", "Doe^Jane")
                .setString(Tag.of(0x0008, 0x0050), Vr.SH, "ACC-1")
                .setInt(Tag.of(0x0009, 0x1007), Vr.SL, Integer.MIN_VALUE, 7)
                .setSequence(Tags.REFERENCED_IMAGE_SEQUENCE, item, Attributes.empty())
                .setSequence(Tag.named("RequestAttributesSequence"), Sequence.EMPTY)
                .setInt(Tag.of(0x0009, 0x1008), Vr.SS, -32768, 32767)
                .setString(Tag.of(0x0008, 0x0081), Vr.ST, "Street 1")
                .setBytes(Tag.of(0x0009, 0x1009), Vr.SV, new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) 0x80})
                .setString(Tags.STUDY_TIME, "134501.25")
                .setString(Tag.of(0x0018, 0x1030), Vr.UC, "unlimited", "characters")
                .setBytes(Tag.of(0x0009, 0x100A), Vr.UL, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})
                .setBytes(Tag.of(0x0009, 0x100B), Vr.UN, new byte[] {9, 8, 7, 6})
                .setString(Tag.of(0x0008, 0x1190), Vr.UR, "http://example.org/a b")
                .setInt(Tags.ROWS, Vr.US, 512)
                .setString(Tag.of(0x0018, 0x0015), Vr.UT, "  leading spaces kept in UT")
                .setBytes(Tag.of(0x0009, 0x100C), Vr.UV, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1})
                .setString(Tag.of(0x0010, 0x0020), Vr.LO, "")
                .build();
    }

    @Test
    public void attributesSurviveJsonExactly() throws Exception {
        Attributes original = everyVr();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        DicomJson.write(original, json, BulkDataPolicy.inlineAll());
        Attributes back = DicomJson.read(new ByteArrayInputStream(json.toByteArray()), BulkDataResolver.none());
        assertEquals(original.toString(), back.toString());
        assertEquals(original, back);
        JsonNode tree = TREES.readTree(json.toByteArray());
        assertEquals("-12.5", tree.at("/00200032/Value/0").asText());
        assertTrue(tree.at("/00200032/Value/2").isNumber());
        assertEquals("山田^太郎", tree.at("/00100010/Value/0/Ideographic").asText());
        assertEquals("00100010", tree.at("/00209165/Value/0").asText());
        assertEquals(4294967295L, tree.at("/0009100A/Value/0").asLong());
        assertEquals("18446744073709551615", tree.at("/0009100C/Value/0").asText());
        assertTrue(tree.at("/00080008/Value/1").isNull());
        assertTrue(tree.at("/00100020").has("vr") && !tree.at("/00100020").has("Value"));
        assertEquals(2, tree.at("/00081140/Value").size());
    }

    @Test
    public void attributesSurviveXmlExactly() throws Exception {
        Attributes original = everyVr();
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        NativeDicomModel.write(original, xml, BulkDataPolicy.inlineAll());
        Attributes back = NativeDicomModel.read(new ByteArrayInputStream(xml.toByteArray()), BulkDataResolver.none());
        assertEquals(original.toString(), back.toString());
        assertEquals(original, back);
        String text = xml.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("tag=\"00090001\" vr=\"OB\" privateCreator=\"RAYPORT TEST\""));
        assertTrue(text, text.contains("<Ideographic><FamilyName>山田</FamilyName><GivenName>太郎</GivenName></Ideographic>"));
    }

    @Test
    public void arraysStreamOneDataSetAtATime() throws Exception {
        List<Attributes> many = List.of(everyVr(), Attributes.builder().setString(Tags.PATIENT_ID, "2").build(), Attributes.empty());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (DicomJson.ArrayWriter array = DicomJson.arrayWriter(json, BulkDataPolicy.inlineAll())) {
            for (Attributes a : many) {
                array.write(a);
            }
        }
        assertEquals(many, DicomJson.readArray(new ByteArrayInputStream(json.toByteArray()), BulkDataResolver.none()));
    }

    @Test
    public void bulkDataGoesByReferenceWherePolicySays() throws Exception {
        Attributes ds = Attributes.builder().setString(Tags.SOP_INSTANCE_UID, "1.2.3")
                .setBulkData(Tags.PIXEL_DATA, Vr.OW, BulkData.ofBytes(new byte[100_000]))
                .setSequence(Tag.named("IconImageSequence"), Attributes.builder().setBytes(Tags.PIXEL_DATA, Vr.OB, new byte[10]).build())
                .build();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        DicomJson.write(ds, json, BulkDataPolicy.referenceAbove(64, path -> "https://pacs/bulk/" + path));
        JsonNode tree = TREES.readTree(json.toByteArray());
        assertEquals("https://pacs/bulk/7FE00010", tree.at("/7FE00010/BulkDataURI").asText());
        assertTrue(tree.at("/00880200/Value/0/7FE00010").has("InlineBinary"));
        Attributes back = DicomJson.read(new ByteArrayInputStream(json.toByteArray()),
                (uri, tag, vr) -> uri.endsWith("7FE00010") ? BulkData.ofBytes(new byte[100_000]) : null);
        assertArrayEquals(new byte[100_000], back.getBulkData(Tags.PIXEL_DATA).readAllBytes());
        IOException refused = assertThrows(IOException.class,
                () -> DicomJson.read(new ByteArrayInputStream(json.toByteArray()), BulkDataResolver.none()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("https://pacs/bulk/7FE00010"));
    }

    /** pydicom's own DICOM JSON test documents, written by another implementation, read and written back. */
    @Test
    public void readsPydicomsJsonDocuments() throws Exception {
        for (String name : List.of("test1.json", "test_PN.json")) {
            byte[] document = Files.readAllBytes(SampleData.pydicomTestFiles().resolve(name));
            Attributes read = DicomJson.read(new ByteArrayInputStream(document), (uri, tag, vr) -> BulkData.ofBytes(new byte[0]));
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            DicomJson.write(read, again, (path, e) -> e.isBulkData() ? "bulk" : null);
            JsonNode expected = withoutEmptyValues(TREES.readTree(document));
            JsonNode actual = TREES.readTree(again.toByteArray());
            List<String> diffs = ModelTrees.jsonDifferences(expected, actual);
            assertTrue(name + ": " + diffs, diffs.isEmpty());
            assertTrue(name, read.size() >= 3);
        }
    }

    /** [""] and [{"Alphabetic": ""}] say "no value", as the writer does by leaving Value out. */
    private static JsonNode withoutEmptyValues(JsonNode dataSet) {
        for (Iterator<Map.Entry<String, JsonNode>> it = dataSet.fields(); it.hasNext(); ) {
            ObjectNode e = (ObjectNode) it.next().getValue();
            JsonNode v = e.path("Value");
            if (e.path("vr").asText().matches("US|SS|UL|SL|UV|SV|FL|FD") && v.isArray()) {
                for (int i = v.size() - 1; i >= 0; i--) {
                    if (v.get(i).isNull()) {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) v).remove(i);   // dropped by the reader, documented
                    }
                }
            }
            if (v.size() == 1 && (v.get(0).isTextual() && v.get(0).asText().isEmpty()
                    || v.get(0).isObject() && v.get(0).size() == 1 && "".equals(v.get(0).path("Alphabetic").textValue()))) {
                e.remove("Value");
            }
            if (e.path("vr").asText().equals("SQ")) {
                v.forEach(DicomJsonRoundTripTest::withoutEmptyValues);
            }
            if (e.has("BulkDataURI")) {
                e.put("BulkDataURI", "bulk");
            }
        }
        return dataSet;
    }

    @Test
    public void badDocumentsSayWhereAndWhat() {
        Map<String, String> cases = Map.of(
                "{\"0010001\": {\"vr\": \"PN\"}}", "not a tag",
                "{\"00100010\": {\"vr\": \"XX\"}}", "unknown \"vr\"",
                "{\"00280010\": {\"vr\": \"US\", \"Value\": [70000]}}", "00280010 US",
                "{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": \"a\", \"Nickname\": \"b\"}]}}", "Nickname",
                "{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"a\\\\b\"]}}", "delimiter",
                "{\"00081140\": {\"vr\": \"SQ\", \"Value\": [\"not an item\"]}}", "sequence item",
                "{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"a\"], \"InlineBinary\": \"AA==\"}}", "only one of",
                "[{\"00100020\": {\"vr\": \"LO\"}}", "end-of-input",
                "{\"00100020\": {\"vr\": \"LO\"}} {}", "content after");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            IOException e = assertThrows(c.getKey(), IOException.class, () -> {
                if (c.getKey().startsWith("[")) {
                    DicomJson.readArray(new ByteArrayInputStream(c.getKey().getBytes(StandardCharsets.UTF_8)), BulkDataResolver.none());
                } else {
                    DicomJson.read(new ByteArrayInputStream(c.getKey().getBytes(StandardCharsets.UTF_8)), BulkDataResolver.none());
                }
            });
            assertTrue(c.getKey() + " -> " + e.getMessage(), e.getMessage().contains(c.getValue()));
            assertTrue(e.getMessage(), e instanceof DicomJsonException ? e.getMessage().startsWith("at line ") : true);
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            deep.append("{\"00081140\": {\"vr\": \"SQ\", \"Value\": [");
        }
        IOException tooDeep = assertThrows(IOException.class,
                () -> DicomJson.read(new ByteArrayInputStream(deep.toString().getBytes(StandardCharsets.UTF_8)), BulkDataResolver.none()));
        assertTrue(tooDeep.getMessage(), tooDeep.getMessage().contains("deeper") || tooDeep.getMessage().contains("depth"));
    }
}
