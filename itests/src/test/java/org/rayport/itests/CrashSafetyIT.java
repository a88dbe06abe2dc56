package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * The store's promise under a crash: an instance whose C-STORE got a success response survives a SIGKILL of the
 * server in the middle of a transfer, intact. DCMTK's storescu sends, the server is killed once part of the files
 * were acknowledged, and after a restart getscu fetches the study back: every acknowledged instance is there with
 * the same content, and nothing that came back is damaged.
 */
public class CrashSafetyIT {

    private static final int FILES = 400;
    private static final Pattern SENDING = Pattern.compile("Sending file: (\\S+)");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyAcknowledgedInstanceSurvivesAKillDuringStorescu() throws Exception {
        Path home = folder.newFolder("home").toPath();
        Path work = folder.newFolder("work").toPath();
        String study = "2.25." + Math.abs(System.nanoTime());
        Map<String, String> digestBySop = new HashMap<>();
        Map<Path, String> sopByFile = new HashMap<>();
        List<String> storescu = new ArrayList<>(List.of("storescu", "-v", "-aec", "RAYPORT", "127.0.0.1"));
        for (int i = 1; i <= FILES; i++) {
            Attributes instance = TestImages.ct("CRASH^SAFETY", study, study + ".1", i, 128).build();
            Path file = work.resolve("ct" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(instance, file);
            String sop = instance.getString(Tags.SOP_INSTANCE_UID);
            digestBySop.put(sop, digest(file));
            sopByFile.put(file, sop);
        }

        try (RayportServer server = new RayportServer(home).start()) {
            awaitEcho(work, server.dicomPort);
            storescu.add(Integer.toString(server.dicomPort));
            for (int i = 1; i <= FILES; i++) {
                storescu.add(work.resolve("ct" + i + ".dcm").toString());
            }
            Path sendLog = work.resolve("storescu.out");
            ProcessBuilder builder = new ProcessBuilder(storescu).redirectErrorStream(true)
                    .redirectOutput(sendLog.toFile());
            builder.environment().put("TCP_NODELAY", "1");
            Process sending = builder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (acknowledged(sendLog, sopByFile).size() < FILES / 4) {
                assertTrue("storescu is still sending:\n" + Files.readString(sendLog), sending.isAlive());
                assertTrue("a quarter of the files acknowledged within 120 s", System.nanoTime() < deadline);
                Thread.sleep(20);
            }
            server.kill();
            sending.waitFor(60, TimeUnit.SECONDS);
            List<String> acknowledged = acknowledged(sendLog, sopByFile);
            assertTrue("the kill came before the end of the transfer: " + acknowledged.size(),
                    acknowledged.size() < FILES);

            server.start();
            awaitEcho(work, server.dicomPort);
            Path fetched = Files.createDirectories(work.resolve("fetched"));
            PeerPrograms.run(work, List.of("getscu", "-S", "-aec", "RAYPORT", "-od", fetched.toString(),
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study,
                    "127.0.0.1", Integer.toString(server.dicomPort)));
            Map<String, String> fetchedDigests = new HashMap<>();
            try (var files = Files.list(fetched)) {
                for (Path file : files.toList()) {
                    Attributes back = Part10Reader.read(file).dataset();
                    fetchedDigests.put(back.getString(Tags.SOP_INSTANCE_UID), digestOf(back));
                }
            }
            List<String> lost = acknowledged.stream().filter(sop -> !fetchedDigests.containsKey(sop)).toList();
            assertEquals(lost.size() + " of " + acknowledged.size() + " acknowledged instances are lost: " + lost,
                    List.of(), lost);
            for (String sop : acknowledged) {
                assertEquals("acknowledged instance " + sop + " is back, unchanged", digestBySop.get(sop),
                        fetchedDigests.get(sop));
            }
            for (Map.Entry<String, String> back : fetchedDigests.entrySet()) {
                assertEquals("instance " + back.getKey() + " came back intact", digestBySop.get(back.getKey()),
                        back.getValue());
            }
            System.out.printf("CrashSafetyIT: %d of %d acknowledged before the kill, %d back after the restart%n",
                    acknowledged.size(), FILES, fetchedDigests.size());
        }
    }

    /**
     * The SOP Instance UIDs whose C-STORE storescu saw succeed, in order. In verbose mode storescu logs "Sending
     * file: <path>" and then the response of that file's request.
     */
    private static List<String> acknowledged(Path log, Map<Path, String> sopByFile) throws IOException {
        List<String> sops = new ArrayList<>();
        String current = null;
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            Matcher sending = SENDING.matcher(line);
            if (sending.find()) {
                current = sopByFile.get(Path.of(sending.group(1)));
            } else if (line.contains("Received Store Response (Success)") && current != null) {
                sops.add(current);
                current = null;
            }
        }
        return sops;
    }

    private static String digest(Path file) throws IOException, NoSuchAlgorithmException {
        return digestOf(Part10Reader.read(file).dataset());
    }

    /** The data set written the same way for both sides, so that only content, never encoding, can differ. */
    private static String digestOf(Attributes dataset) throws IOException, NoSuchAlgorithmException {
        Path normalised = Files.createTempFile("crash-safety-", ".dcm");
        try {
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(dataset, normalised);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(normalised)));
        } finally {
            Files.delete(normalised);
        }
    }

    /** The default pool starts a moment after the REST API answers; C-ECHO tells when it listens. */
    private static void awaitEcho(Path work, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            PeerPrograms.Result echo = PeerPrograms.runAllowingFailure(work,
                    List.of("echoscu", "-aec", "RAYPORT", "127.0.0.1", Integer.toString(port)));
            if (echo.exitCode() == 0) {
                return;
            }
            assertTrue("the default pool answers C-ECHO within 120 s: " + echo.output(), System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }
}
