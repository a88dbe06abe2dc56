package org.rayport.pseudonymization.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.DictionaryEntry;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * The basic profile judged by DCMTK and dicom3tools on a real file. The input is a valid CT image made with
 * {@code dump2dcm}, to which every attribute of table E.1-1 that the dictionary knows with a text, number or
 * sequence VR is added with a value of its own (texts carry {@code SECRET}, UIDs a root of their own). After
 * pseudonymization, both through the network path (the streamed data set) and the file path, {@code dcmdump} must
 * show for each such attribute one of the actions the table allows, no {@code SECRET} text and no original UID may be
 * left anywhere in the bytes, and {@code dciodvfy} may report no error that it did not report for the input.
 */
public class BasicProfilePeerTest {

    private static final String ROOT = "1.2.826.0.1.3680043.8.498.";
    private static final Pattern LINE = Pattern.compile(
            "^\\(([0-9a-f]{4}),([0-9a-f]{4})\\) ([A-Z][A-Z]|na) (.*?)\\s+# +\\d+, \\d+ \\S+$");

    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static Path input;
    private static Map<Integer, String> inputDump;

    @BeforeClass
    public static void makeInput() throws Exception {
        Path dir = temp.getRoot().toPath();
        ByteBuffer pixels = ByteBuffer.allocate(64 * 64 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64 * 64; i++) {
            pixels.putShort((short) (i % 4096));
        }
        Files.write(dir.resolve("pixels.raw"), pixels.array());
        Map<Integer, String> lines = new TreeMap<>(Integer::compareUnsigned);
        for (String line : List.of(
                "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]", "(0008,0016) UI =CTImageStorage",
                "(0008,0018) UI [" + ROOT + "1.2.3]", "(0008,0020) DA [20240315]", "(0008,0030) TM [101500]",
                "(0008,0050) SH [SECRETACC]", "(0008,0060) CS [CT]", "(0008,0070) LO [ACME]",
                "(0008,0090) PN [SECRETReferring^Rita]", "(0010,0010) PN [SECRETDoe^Jane]",
                "(0010,0020) LO [SECRETPID4711]", "(0010,0030) DA [19700101]", "(0010,0040) CS [F]",
                "(0018,0050) DS [1]", "(0018,0060) DS [120]", "(0020,000d) UI [" + ROOT + "1]",
                "(0020,000e) UI [" + ROOT + "1.2]", "(0020,0010) SH [SECRETSTUDY]", "(0020,0011) IS [1]",
                "(0020,0012) IS [1]", "(0020,0013) IS [1]", "(0020,0032) DS [0\\0\\0]",
                "(0020,0037) DS [1\\0\\0\\0\\1\\0]", "(0020,0052) UI [" + ROOT + "9]", "(0020,1040) LO []",
                "(0028,0002) US 1", "(0028,0004) CS [MONOCHROME2]", "(0028,0010) US 64", "(0028,0011) US 64",
                "(0028,0030) DS [0.5\\0.5]", "(0028,0100) US 16", "(0028,0101) US 12", "(0028,0102) US 11",
                "(0028,0103) US 0", "(0028,1052) DS [-1024]", "(0028,1053) DS [1]",
                "(7fe0,0010) OW =" + dir.resolve("pixels.raw"))) {
            lines.put(Tag.parse(line.substring(0, 11)).value(), line);
        }
        for (ProfileTable.Entry entry : ProfileTable.basic().entries()) {
            if (entry.tag().contains("x")) {
                continue;
            }
            Tag tag = Tag.parse(entry.tag());
            int group = tag.group();
            if (group == 0x0000 || group == 0x0002 || group == 0x0004 || group >= 0xFFFA) {
                continue;   // command, meta, DICOMDIR, signatures and padding are no attributes of an image
            }
            valueLine(tag).ifPresent(line -> lines.put(tag.value(), line));
        }
        Path dump = dir.resolve("input.dump");
        List<String> text = new ArrayList<>(List.of("(0002,0010) UI =LittleEndianExplicit"));
        text.addAll(lines.values());
        Files.write(dump, text, StandardCharsets.ISO_8859_1);
        input = dir.resolve("input.dcm");
        run("dump2dcm", dump.toString(), input.toString());
        inputDump = topLevel(run("dcmdump", "-q", "+L", input.toString()));
    }

    /** A dump line with a value of the tag's VR, or empty for VRs without a simple text form. */
    private static Optional<String> valueLine(Tag tag) {
        Optional<DictionaryEntry> entry = Dictionary.standard().lookup(tag);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Vr vr = entry.get().vrs().get(0);
        String hex = String.format("%08X", tag.value());
        String t = String.format("(%04x,%04x) %s ", tag.group(), tag.element(), vr);
        switch (vr) {
            case AE: return Optional.of(t + "[SECRET" + hex.substring(0, 8) + "]");
            case AS: return Optional.of(t + "[045Y]");
            case CS: return Optional.of(t + "[SECRET" + hex + "]");
            case DA: return Optional.of(t + "[20240315]");
            case DT: return Optional.of(t + "[20240315101500]");
            case TM: return Optional.of(t + "[101500]");
            case DS: return Optional.of(t + "[1.5]");
            case IS: return Optional.of(t + "[7]");
            case LO: case LT: case ST: case UT: case UC: case SH:
                return Optional.of(t + "[SECRET" + hex + "]");
            case PN: return Optional.of(t + "[SECRET" + hex + "^Given]");
            case UI: return Optional.of(t + "[" + ROOT + Integer.toUnsignedString(tag.value()) + "]");
            case US: case SS: case UL: case SL: return Optional.of(t + "7");
            case FL: case FD: return Optional.of(t + "1.5");
            case SQ:
                return Optional.of(t + "(Sequence with explicit length #=1)\n"
                        + "  (fffe,e000) na (Item with explicit length #=2)\n"
                        + "    (0008,1155) UI [" + ROOT + "99." + Integer.toUnsignedString(tag.value()) + "]\n"
                        + "    (0040,a123) PN [SECRETSQ" + hex + "^Nested]\n"
                        + "  (fffe,e00d) na (ItemDelimitationItem)\n"
                        + "(fffe,e0dd) na (SequenceDelimitationItem)");
            default:
                return Optional.empty();
        }
    }

    private static String run(String... command) throws Exception {
        Path log = Files.createTempFile(temp.getRoot().toPath(), command[0], ".out");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException missing) {
            throw new AssertionError(command[0] + " is not installed: the basic profile is judged by DCMTK and"
                    + " dicom3tools (apt-get install dcmtk dicom3tools; scripts/install-test-peers.sh)", missing);
        }
        assertTrue(command[0] + " finished", process.waitFor(120, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        if (!command[0].equals("dciodvfy")) {
            assertEquals(String.join(" ", command) + ":\n" + output, 0, process.exitValue());
        }
        return output;
    }

    /** Top-level elements of a dcmdump listing: tag to the value as dcmdump shows it. */
    private static Map<Integer, String> topLevel(String dump) {
        Map<Integer, String> elements = new LinkedHashMap<>();
        boolean dataSet = false;
        for (String line : dump.split("\n")) {
            if (line.startsWith("# Dicom-Data-Set")) {
                dataSet = true;
            }
            Matcher m = LINE.matcher(line);
            if (dataSet && m.matches()) {
                String value = m.group(4).strip();
                if (value.startsWith("[") && value.endsWith("]")) {
                    value = value.substring(1, value.length() - 1);
                } else if (value.equals("(no value available)")) {
                    value = "";
                } else if (value.startsWith("(Sequence")) {
                    value = "#=" + value.replaceAll(".*#=(\\d+).*", "$1");
                }
                elements.put(Integer.parseUnsignedInt(m.group(1) + m.group(2), 16), value);
            }
        }
        return elements;
    }

    private static Path pseudonymizedByStream(HmacPseudonymizer p) throws IOException {
        DicomFile file = Part10Reader.read(input);
        ByteArrayOutputStream dataSet = new ByteArrayOutputStream();
        Part10Writer.of(file.transferSyntax()).writeDataSet(file.dataset(), dataSet);
        Path out = temp.getRoot().toPath().resolve("streamed.dcm");
        try (OutputStream o = Files.newOutputStream(out);
             InputStream cleaned = p.pseudonymize("peer", file.transferSyntax(),
                     new java.io.ByteArrayInputStream(dataSet.toByteArray()))) {
            Part10Writer.of(file.transferSyntax()).writeHeader(file.dataset().getString(Tags.SOP_CLASS_UID),
                    p.pseudonymousUid("peer", file.dataset().getString(Tags.SOP_INSTANCE_UID)), o);
            cleaned.transferTo(o);
        }
        return out;
    }

    private static List<Path> outputs() throws IOException {
        HmacPseudonymizer p = new HmacPseudonymizer(temp.getRoot().toPath().resolve("etc").resolve("keys.p12"));
        Path byFile = temp.getRoot().toPath().resolve("file.dcm");
        p.pseudonymizeFile("peer", input, byFile);
        return List.of(pseudonymizedByStream(p), byFile);
    }

    @Test
    public void dcmdumpShowsAnActionOfTheTableForEveryAttributeOfTheInput() throws Exception {
        int checked = 0;
        for (Path output : outputs()) {
            String dump = run("dcmdump", "-q", "+L", output.toString());
            Map<Integer, String> out = topLevel(dump);
            List<String> wrong = new ArrayList<>();
            for (ProfileTable.Entry entry : ProfileTable.basic().entries()) {
                if (entry.tag().contains("x")) {
                    continue;
                }
                int tag = Tag.parse(entry.tag()).value();
                if (!inputDump.containsKey(tag)) {
                    continue;
                }
                checked++;
                String before = inputDump.get(tag);
                String after = out.get(tag);
                boolean ok = false;
                for (String action : entry.action().split("/")) {
                    ok |= satisfied(action, before, after);
                }
                if (!ok) {
                    wrong.add(entry.tag() + " " + entry.name() + " (" + entry.action() + "): [" + before + "] -> ["
                            + after + "]");
                }
            }
            assertTrue(output.getFileName() + ":\n" + String.join("\n", wrong), wrong.isEmpty());
            assertEquals("YES", out.get(Deidentifier.PATIENT_IDENTITY_REMOVED.value()));
            assertEquals("#=1", out.get(Deidentifier.DEIDENTIFICATION_METHOD_CODE_SEQUENCE.value()));
            String bytes = new String(Files.readAllBytes(output), StandardCharsets.ISO_8859_1);
            assertFalse(output.getFileName() + " holds an original text:\n" + linesWith(dump, "SECRET"),
                    bytes.contains("SECRET"));
            assertFalse(output.getFileName() + " holds an original UID:\n" + linesWith(dump, ROOT),
                    bytes.contains(ROOT));
        }
        assertTrue("the input holds most of the table: " + checked, checked > 2 * 300);
    }

    private static String linesWith(String dump, String text) {
        StringBuilder found = new StringBuilder();
        for (String line : dump.split("\n")) {
            if (line.contains(text)) {
                found.append(line).append('\n');
            }
        }
        return found.toString();
    }

    private static boolean satisfied(String action, String before, String after) {
        switch (action) {
            case "X":
                return after == null;
            case "Z":
                return after != null && (after.isEmpty() || after.equals("#=0") || !after.equals(before));
            case "D":
                return after != null && (before.isEmpty() || before.startsWith("#=") || !after.equals(before));
            case "U":
                return after != null && !after.equals(before) && after.startsWith("2.25.");
            case "U*":
                return after != null;
            case "K":
                return before.equals(after);
            default:
                throw new AssertionError("unknown action " + action);
        }
    }

    @Test
    public void dciodvfyFindsNoNewError() throws Exception {
        Set<String> before = errors(run("dciodvfy", input.toString()));
        // The table itself causes this one: it removes the approval number (X) that the committee name (D) is
        // conditional on.
        before.add("Error - Attribute present when condition unsatisfied (which may not be present otherwise) Type 1C"
                + " Conditional Element=<ClinicalTrialProtocolEthicsCommitteeName> Module=<ClinicalTrialSubject>");
        for (Path output : outputs()) {
            Set<String> after = errors(run("dciodvfy", output.toString()));
            after.removeAll(before);
            assertTrue(output.getFileName() + ": new errors " + after, after.isEmpty());
        }
    }

    private static Set<String> errors(String report) {
        Set<String> errors = new TreeSet<>();
        for (String line : report.split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("<[0-9.]+>", "<>"));
            }
        }
        return errors;
    }
}
