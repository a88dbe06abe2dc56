package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.store.DatasetIndex;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

/**
 * Network-node pools in the booted distribution, with DCMTK as modality and viewer: storescu into the default pool
 * and into a second pool sharing its port, findscu and movescu against what the pool holds, the encrypted files on
 * disk, and the index.
 */
public class PoolsDicomIT extends RayportTestSupport {


    @Inject
    private DatasetIndex index;

    @Inject
    private ConfigurationAdmin configurations;

    @Inject
    private PoolService pools;

    private static int dicomPort() {
        return Integer.getInteger("rayport.dicom.port");
    }

    /**
     * Waits through the pool service itself, not the REST API: this test is about DICOM, and the administration API
     * has its own test (PoolsAdminIT).
     */
    private void awaitRunning(String pool) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Optional<PoolStatus> status = pools.statuses().stream().filter(s -> s.poolId().equals(pool)).findFirst();
            if (status.isPresent() && status.get().state() == PoolStatus.State.RUNNING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Pool " + pool + " is not running: " + status + "; all: " + pools.statuses());
            }
            Thread.sleep(200);
        }
    }

    private static Attributes ct(String patient, String study, String series, int number) {
        return TestImages.ct(patient, study, series, number, 64).build();
    }

    @Test
    public void storescuFillsTheDefaultPoolWhichFindscuAndMovescuThenServe() throws Exception {
        awaitRunning("default");
        Path work = Files.createTempDirectory("pools-dicom-");
        String study = "2.25." + Math.abs(System.nanoTime());
        List<String> files = new ArrayList<>();
        Set<String> sent = new TreeSet<>();
        for (int i = 1; i <= 4; i++) {
            Attributes instance = ct("Müller^Anna", study, study + ".1", i);
            sent.add(instance.getString(Tags.SOP_INSTANCE_UID));
            Path file = work.resolve("ct" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(instance, file);
            files.add(file.toString());
        }
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aec", "RAYPORT", "127.0.0.1",
                Integer.toString(dicomPort())));
        storescu.addAll(files);
        PeerPrograms.run(work, storescu);

        List<StudyRecord> found = index.searchStudies(StudyQuery.inPools(Set.of("default"))
                .withPatientName("müller")).items();
        assertEquals(1, found.size());
        assertEquals(4, found.get(0).instanceCount());
        assertEquals("Müller^Anna", found.get(0).patient().name());

        // Encrypted at rest: neither the name nor the study UID can be read in any stored file.
        try (var stored = Files.walk(home())) {
            for (Path file : stored.filter(p -> p.toString().endsWith(".dcm.enc")).toList()) {
                String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(file.toString(), raw.contains("Anna") || raw.contains(study));
            }
        }

        String findscu = PeerPrograms.run(work, List.of("findscu", "-v", "-S", "-aec", "RAYPORT", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "SpecificCharacterSet=ISO_IR 192", "-k", "PatientName=MÜLLER*", "-k", "StudyInstanceUID", "-k", "NumberOfStudyRelatedInstances",
                "127.0.0.1", Integer.toString(dicomPort())));
        assertTrue(findscu, findscu.contains(study) && findscu.contains("IS [4 ]"));

        int movePort = FreePorts.next();
        Hashtable<String, Object> listeners = new Hashtable<>();
        listeners.put("knownNodes", new String[] {"MOVESCU@127.0.0.1:" + movePort});
        configurations.getConfiguration("org.rayport.pools.dicom", "?").update(listeners);
        Thread.sleep(1000);
        awaitRunning("default");
        Path moved = Files.createDirectories(work.resolve("moved"));
        PeerPrograms.run(work, List.of("movescu", "-S", "-aet", "MOVESCU", "-aem", "MOVESCU", "-aec", "RAYPORT",
                "--port", Integer.toString(movePort), "-od", moved.toString(), "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=" + study, "127.0.0.1", Integer.toString(dicomPort())));
        Set<String> arrived = new TreeSet<>();
        try (var listing = Files.list(moved)) {
            for (Path file : listing.toList()) {
                arrived.add(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID));
            }
        }
        assertEquals(sent, arrived);
    }

    @Test
    public void twoPoolsShareAPortAndKeepTheirDataApart() throws Exception {
        awaitRunning("default");
        pools.add(new Pool("er", "Emergency", PoolOptions.DEFAULTS, new PoolSettings.NetworkNode(dicomPort(), "ER_NODE",
                List.of()), Set.of("admin"), Set.of()));
        awaitRunning("er");
        Path work = Files.createTempDirectory("pools-two-");
        String study = "2.25." + Math.abs(System.nanoTime());
        Path file = work.resolve("er.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct("ER^PATIENT", study, study + ".1", 1), file);
        PeerPrograms.run(work, List.of("storescu", "-aec", "ER_NODE", "127.0.0.1", Integer.toString(dicomPort()), file.toString()));

        assertEquals(1, index.searchStudies(StudyQuery.inPools(Set.of("er")).withPatientName("ER^")).total());
        assertEquals(0, index.searchStudies(StudyQuery.inPools(Set.of("default")).withPatientName("ER^")).total());
        String unknown = PeerPrograms.runAllowingFailure(work, List.of("echoscu", "-aec", "NOBODY", "127.0.0.1",
                Integer.toString(dicomPort()))).output();
        assertTrue(unknown, unknown.contains("Called AE Title Not Recognized"));
        pools.remove("er");
    }

    @Test
    public void theShellListsImportsAndDeletesDatasets() throws Exception {
        adminToken();   // the administrator's first login sets the password the shell is opened with
        awaitRunning("default");
        Path work = Files.createTempDirectory("pools-import-");
        Path folder = Files.createDirectories(work.resolve("to-import").resolve("series"));
        String study = "2.25." + Math.abs(System.nanoTime());
        for (int i = 1; i <= 3; i++) {
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct("IMPORT^SHELL", study, study + ".1", i),
                    folder.resolve("ct" + i + ".dcm"));
        }
        Files.writeString(folder.resolve("notes.txt"), "not DICOM at all");

        String imported = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD,
                "rayport:import " + work.resolve("to-import") + " default");
        assertTrue(imported, imported.contains("Imported 3 file(s) into pool default, skipped 1"));
        assertTrue(imported, imported.contains("notes.txt: skipped") && imported.contains("100% 4/4"));

        String listed = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:dataset-list --name import default");
        assertTrue(listed, listed.contains("IMPORT^SHELL") && listed.contains(study));

        String deleted = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD,
                "rayport:dataset-delete --force default " + study);
        assertTrue(deleted, deleted.contains("Deleted 3 instance(s)"));
        assertEquals(0, index.searchStudies(StudyQuery.inPools(Set.of("default")).withPatientName("IMPORT^")).total());
        String again = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:dataset-delete --force default " + study);
        assertTrue(again, again.contains("has no study " + study));
    }
}
