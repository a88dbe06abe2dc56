package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.json.DicomJson;
import org.rayport.dicom.data.samples.SampleData;

/**
 * Rayport's DICOM JSON against DCMTK's dcm2json for every real sample file that both can
 * read: equal as trees (numbers by value). Then JSON read back gives the same JSON again.
 */
public class DicomJsonPeerTest {

    private static final ObjectMapper TREES = new ObjectMapper();
    private static Path dir;
    private static List<Path> samples;

    @BeforeClass
    public static void fetch() throws Exception {
        DcmtkPeer.requireProgram("dcm2json", "dcmtk");
        dir = Files.createTempDirectory("rayport-json");
        samples = SampleData.allSamples();
    }

    @AfterClass
    public static void clean() throws Exception {
        SampleData.deleteScratch(dir);
    }

    @Test
    public void jsonEqualsDcm2jsonForEverySampleBothRead() throws Exception {
        int compared = 0;
        int elements = 0;
        List<String> failures = new ArrayList<>();
        for (Path sample : samples) {
            DicomFile file;
            try {
                file = Part10Reader.read(sample);
            } catch (java.io.IOException e) {
                continue;   // not DICOM or malformed: MalformedSampleTest covers these
            }
            DcmtkPeer.Result theirs = DcmtkPeer.run(dir, "dcm2json", "-q", "-fc", sample.toString());
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            try {
                DicomJson.write(file.dataset(), ours, BulkDataPolicy.inlineAll());
            } catch (IllegalArgumentException encapsulated) {
                if (theirs.exitCode() == 0) {
                    failures.add(sample + ": we refused (" + encapsulated.getMessage() + ") but dcm2json wrote it");
                }
                continue;
            }
            if (theirs.exitCode() != 0) {
                continue;   // dcm2json cannot convert it (reported in its stderr); nothing to compare with
            }
            JsonNode expected = TREES.readTree(theirs.stdout());
            JsonNode actual = TREES.readTree(ours.toByteArray());
            List<String> diffs = ModelTrees.jsonDifferences(expected, actual);
            if (!diffs.isEmpty()) {
                failures.add(sample + ":\n    " + String.join("\n    ", diffs.subList(0, Math.min(12, diffs.size()))));
            }
            compared++;
            elements += ModelTrees.countElements(expected);
        }
        System.out.printf("DICOM JSON: %d of %d sample files compared with dcm2json, %d elements%n", compared, samples.size(), elements);
        if (!failures.isEmpty()) {
            fail(failures.size() + " files differ from dcm2json:\n" + String.join("\n", failures));
        }
        assertTrue("too few files compared: " + compared, compared >= 100);
    }

    @Test
    public void jsonReadBackWritesTheSameJson() throws Exception {
        int compared = 0;
        for (Path sample : samples) {
            DicomFile file;
            try {
                file = Part10Reader.read(sample);
            } catch (java.io.IOException e) {
                continue;
            }
            BulkDataPolicy policy = BulkDataPolicy.referenceAbove(4096, path -> "http://example.org/bulk/" + path);
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            DicomJson.write(file.dataset(), first, policy);
            Attributes back = DicomJson.read(new ByteArrayInputStream(first.toByteArray()),
                    (uri, tag, vr) -> BulkData.ofBytes(uri.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            DicomJson.write(back, second, (path, e) -> e.isBulkData() && e.length() < 4096
                    ? bulkUri(e) : policy.bulkDataUri(path, e));
            JsonNode expected = TREES.readTree(first.toByteArray());
            JsonNode actual = TREES.readTree(second.toByteArray());
            assertEquals(sample + ": " + ModelTrees.jsonDifferences(expected, actual), expected, actual);
            compared++;
        }
        assertTrue("too few files: " + compared, compared >= 100);
    }

    private static String bulkUri(Element e) {
        try {
            return new String(e.bulkData().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }
}
