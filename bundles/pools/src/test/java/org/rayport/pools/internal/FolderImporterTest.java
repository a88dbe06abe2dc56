package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;
import org.rayport.store.internal.PoolTestStore;
import org.rayport.testing.Peers;

/** A folder imported into the real store: each kind once it is complete, garbage logged once, nothing twice. */
public class FolderImporterTest {

    private Path work;
    private Path folder;
    private Path state;
    private PoolTestStore store;

    @Before
    public void setUp() throws Exception {
        Peers.require("dciodvfy");
        work = Files.createTempDirectory("folder-pool-");
        folder = Files.createDirectories(work.resolve("share"));
        state = work.resolve("home/state/folder-pools/scans.imported");
        store = PoolTestStore.in(work.resolve("store"));
    }

    @After
    public void tearDown() throws Exception {
        store.close();
    }

    private FolderImporter importer(boolean move) throws Exception {
        return new FolderImporter("scans", "Scanned documents", folder, move, store.store, state);
    }

    private static BufferedImage picture() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x * 6 << 16 | y * 8 << 8 | 90);
            }
        }
        return image;
    }

    /** A PDF as far as a folder pool looks at it (its signature; the content is carried, not parsed). */
    private static byte[] onePagePdf() {
        return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static Set<String> names(List<Path> files) {
        return Set.copyOf(files.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test(timeout = 120_000)
    public void eachKindIsImportedOnceCompleteAsOneStudyPerFolder() throws Exception {
        Path visit = Files.createDirectories(folder.resolve("visit-1"));
        Files.writeString(visit.resolve(FolderImporter.SIDECAR), "PatientName=Test^Folder\nPatientID=F-1\n"
                + "StudyDescription=Wound photos\n");
        TestStudies.Study ct = TestStudies.write(visit, "Ct^Patient", "CT-1", "A", "20250101", "CT", 1, 1);
        Files.write(visit.resolve("report.pdf"), onePagePdf());
        ImageIO.write(picture(), "jpg", visit.resolve("photo.jpg").toFile());
        ImageIO.write(picture(), "png", visit.resolve("scan.png").toFile());
        ImageIO.write(picture(), "tga", visit.resolve("scan.tga").toFile());
        Files.writeString(folder.resolve("notes.txt"), "not for the archive");

        FolderImporter importer = importer(false);
        FolderImporter.Scan first = importer.scan();
        assertTrue("nothing is imported at first sight", first.imported().isEmpty());
        assertEquals(6, first.waiting().size());

        FolderImporter.Scan second = importer.scan();
        assertEquals(Set.of(ct.files().get(0).getFileName().toString(), "report.pdf", "photo.jpg", "scan.png",
                "scan.tga"), names(second.imported()));
        assertEquals(1, second.skipped().size());
        assertTrue(second.skipped().get(0), second.skipped().get(0).startsWith("notes.txt: "));

        FolderImporter.Scan third = importer.scan();
        assertTrue("nothing twice", third.imported().isEmpty());
        assertTrue("garbage is logged once", third.skipped().isEmpty());

        List<StudyRecord> studies = store.store.searchStudies(StudyQuery.inPools(Set.of("scans"))).items();
        assertEquals(2, studies.size());
        assertTrue(studies.stream().anyMatch(s -> s.studyInstanceUid().equals(ct.studyUid())));
        StudyRecord photos = studies.stream().filter(s -> !s.studyInstanceUid().equals(ct.studyUid())).findFirst()
                .orElseThrow();
        assertEquals("Test^Folder", photos.patient().name());
        assertEquals("F-1", photos.patient().patientId());
        assertEquals("Wound photos", photos.description());
        assertEquals(4, photos.instanceCount());
        assertEquals(List.of("DOC", "OT"), photos.modalitiesInStudy());

        for (SeriesRecord series : store.store.series("scans", photos.studyInstanceUid())) {
            for (StoredInstance instance : store.store.instances("scans", series.seriesInstanceUid())) {
                Path copy = work.resolve(instance.sopInstanceUid() + ".dcm");
                try (InputStream in = store.store.openStream("scans", instance.sopInstanceUid())) {
                    Files.copy(in, copy);
                }
                Peers.Result verified = Peers.run(work.resolve("dciodvfy.out"), List.of("dciodvfy", copy.toString()));
                assertFalse(verified.output(), verified.output().lines().anyMatch(l -> l.startsWith("Error")));
            }
        }

        FolderImporter afterRestart = importer(false);
        afterRestart.scan();
        assertTrue("remembered across a restart", afterRestart.scan().imported().isEmpty());
    }

    @Test(timeout = 60_000)
    public void aFileStillBeingWrittenWaitsUntilItIsComplete() throws Exception {
        Path png = work.resolve("whole.png");
        ImageIO.write(picture(), "png", png.toFile());
        byte[] whole = Files.readAllBytes(png);
        Path growing = folder.resolve("growing.png");
        Files.write(growing, Arrays.copyOf(whole, whole.length / 2));
        FolderImporter importer = importer(false);
        assertTrue(importer.scan().imported().isEmpty());
        Files.write(growing, Arrays.copyOfRange(whole, whole.length / 2, whole.length), StandardOpenOption.APPEND);
        FolderImporter.Scan grew = importer.scan();
        assertTrue("it changed since the last scan", grew.imported().isEmpty());
        assertTrue(grew.skipped().isEmpty());
        FolderImporter.Scan complete = importer.scan();
        assertEquals(List.of(Path.of("growing.png")), complete.imported());
        assertEquals(1, store.store.searchStudies(StudyQuery.inPools(Set.of("scans"))).items().get(0)
                .instanceCount());
    }

    @Test(timeout = 60_000)
    public void garbageIsSkippedOnceUntilItChangesAndBrokenFilesToo() throws Exception {
        Path garbage = folder.resolve("readme.doc");
        Files.writeString(garbage, "a word file, perhaps");
        Path broken = folder.resolve("broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x7F, 0x00, 1, 2});
        FolderImporter importer = importer(false);
        importer.scan();
        FolderImporter.Scan judged = importer.scan();
        assertEquals(2, judged.skipped().size());
        assertTrue(judged.skipped().toString(), judged.skipped().stream()
                .anyMatch(s -> s.startsWith("broken.jpg: ") && s.contains("at byte offset")));
        assertTrue(importer.scan().skipped().isEmpty());
        Files.writeString(garbage, "changed, still not an image");
        importer.scan();
        assertEquals(List.of("readme.doc"), importer.scan().skipped().stream().map(s -> s.split(":")[0]).toList());
        assertTrue(store.store.searchStudies(StudyQuery.inPools(Set.of("scans"))).items().isEmpty());
    }

    @Test(timeout = 60_000)
    public void importedFilesCanBeMovedAside() throws Exception {
        ImageIO.write(picture(), "bmp", folder.resolve("xray.bmp").toFile());
        FolderImporter importer = importer(true);
        importer.scan();
        assertEquals(List.of(Path.of("xray.bmp")), importer.scan().imported());
        assertFalse(Files.exists(folder.resolve("xray.bmp")));
        assertTrue(Files.exists(folder.resolve("imported/xray.bmp")));
        importer.scan();
        assertTrue(importer.scan().imported().isEmpty());
        assertTrue(importer.scan().waiting().isEmpty());
    }
}
