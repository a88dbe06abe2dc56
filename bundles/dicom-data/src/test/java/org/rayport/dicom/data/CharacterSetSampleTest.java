package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.samples.SampleData;

/**
 * David Clunie's character set files as pydicom ships them: each PatientName decodes to
 * what pydicom's own test_charset.py expects (read from that file, not copied here) and to
 * what DCMTK's {@code dcmdump +U8} prints; pydicom's single-byte code extension cases
 * (ISO 2022 escapes to Latin, Greek, Cyrillic, Arabic, Hebrew, Thai...) decode alike.
 */
public class CharacterSetSampleTest {

    private static Map<String, String> expectedNames;
    private static int dcmtkUnable;
    private static List<String[]> encodedNames;

    @BeforeClass
    public static void readPydicomsExpectations() throws Exception {
        DcmtkPeer.requireProgram("dcmdump", "dcmtk");
        String source = Files.readString(SampleData.pydicomTests().resolve("test_charset.py"), StandardCharsets.UTF_8);
        expectedNames = new LinkedHashMap<>();
        String table = source.substring(source.indexOf("FILE_PATIENT_NAMES = ["), source.indexOf("]", source.indexOf("FILE_PATIENT_NAMES = [")));
        Matcher m = Pattern.compile("\\('(\\w+)', '([^']*)'\\)").matcher(table);
        while (m.find()) {
            expectedNames.put(m.group(1), m.group(2));
        }
        encodedNames = new ArrayList<>();
        String encoded = source.substring(source.indexOf("ENCODED_NAMES = ["), source.indexOf("\n]", source.indexOf("ENCODED_NAMES = [")));
        Matcher e = Pattern.compile("\\('([^']+)', '([^']*)',\\s*((?:b'[^']*'\\s*)+)\\)").matcher(encoded);
        while (e.find()) {
            encodedNames.add(new String[] {e.group(1), e.group(2), e.group(3)});
        }
        assertTrue("pydicom's test_charset.py changed shape: " + expectedNames, expectedNames.size() >= 14);
        assertTrue("pydicom's test_charset.py changed shape: " + encodedNames.size(), encodedNames.size() >= 10);
    }

    @Test
    public void patientNamesDecodeAsPydicomAndDcmtkExpect() throws Exception {
        List<String> failures = new ArrayList<>();
        Path dir = Files.createTempDirectory("rayport-charset");
        try {
            for (Map.Entry<String, String> entry : expectedNames.entrySet()) {
                Path file = SampleData.pydicomCharsetFiles().resolve(entry.getKey() + ".dcm");
                String ours = Part10Reader.read(file).dataset().getString(Tags.PATIENT_NAME);
                String dcmtk = patientNameByDcmtk(dir, file);
                // pydicom's PersonName drops empty trailing component groups ("A=I=" is "A=I"); DCMTK keeps them.
                if (!entry.getValue().equals(ours == null ? null : ours.replaceAll("=+$", ""))) {
                    failures.add(entry.getKey() + ": '" + ours + "' instead of pydicom's '" + entry.getValue() + "'");
                }
                if (dcmtk != null && !dcmtk.equals(ours)) {
                    failures.add(entry.getKey() + ": '" + ours + "' but dcmdump +U8 says '" + dcmtk + "'");
                }
            }
        } finally {
            SampleData.deleteScratch(dir);
        }
        System.out.printf("Character sets: %d patient names as pydicom expects, %d of them also checked by dcmdump +U8%n",
                expectedNames.size(), expectedNames.size() - dcmtkUnable);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** The nested data sets with their own character set (chrSQEncoding*) decode as pydicom expects. */
    @Test
    public void sequenceItemsUseTheirOwnOrTheInheritedCharacterSet() throws Exception {
        for (String name : List.of("chrSQEncoding", "chrSQEncoding1")) {
            Attributes ds = Part10Reader.read(SampleData.pydicomCharsetFiles().resolve(name + ".dcm")).dataset();
            Attributes item = ds.getSequence(Tag.of(0x0032, 0x1064)).get(0);
            assertEquals(name, expectedNames.get("chrH32"), item.getString(Tags.PATIENT_NAME));
        }
    }

    @Test
    public void singleByteCodeExtensionsDecodeAsPydicomExpects() {
        List<String> failures = new ArrayList<>();
        for (String[] c : encodedNames) {
            byte[] raw = pythonBytes("ASCII+", c[2]);
            String decoded = SpecificCharacterSet.of("", c[0]).decode(raw);
            if (!decoded.equals("ASCII+" + c[1])) {
                failures.add(c[0] + ": '" + decoded + "' instead of 'ASCII+" + c[1] + "'");
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    private static String patientNameByDcmtk(Path dir, Path file) throws Exception {
        DcmtkPeer.Result r = DcmtkPeer.run(dir, "dcmdump", "-q", "+U8", "+P", "0010,0010", file.toString());
        if (r.exitCode() != 0) {
            // DCMTK 3.6.7 with Debian's iconv cannot convert some ISO 2022 combinations
            // ("Cannot open character encoding"): pydicom's expectation is then the only oracle.
            assertTrue(r.stderr(), r.stderr().contains("character encoding"));
            dcmtkUnable++;
            return null;
        }
        Matcher m = Pattern.compile("\\(0010,0010\\) PN \\[(.*)\\]").matcher(r.stdout());
        return m.find() ? m.group(1).strip() : null;
    }

    /** Python byte literals such as b'\x1b\x2d\x46' b'\xc4', after a prefix. */
    private static byte[] pythonBytes(String prefix, String literals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
        Matcher lit = Pattern.compile("b'([^']*)'").matcher(literals);
        while (lit.find()) {
            String s = lit.group(1);
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\\' && s.charAt(i + 1) == 'x') {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                } else {
                    out.write(s.charAt(i));
                }
            }
        }
        return out.toByteArray();
    }
}
