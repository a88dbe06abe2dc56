package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.junit.Test;
import org.rayport.core.ServerInfo;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pseudonymization.Pseudonymizer;
import org.rayport.pseudonymization.internal.HmacPseudonymizer;
import org.rayport.store.StudyQuery;
import org.rayport.store.internal.PoolTestStore;

/** The folder pool component: a missing folder fails it, it recovers when the folder appears, and imports. */
public class FolderPoolTest {

    /** The real pseudonymizer, its key store under a test etc folder. */
    private static Pseudonymizer pseudonymizer(Path work) {
        System.setProperty("karaf.etc", work.resolve("etc").toString());
        try {
            return new HmacPseudonymizer();
        } finally {
            System.clearProperty("karaf.etc");
        }
    }

    @Test(timeout = 60_000)
    public void aPseudonymizingPoolStoresOnlyPseudonyms() throws Exception {
        Path work = Files.createTempDirectory("folder-pseudo-");
        Path folder = Files.createDirectories(work.resolve("share").resolve("ward-3"));
        Files.writeString(folder.resolve(FolderImporter.SIDECAR), "PatientName=Doe^Jane\nPatientID=PID-4711\n");
        ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png",
                folder.resolve("photo.png").toFile());
        PoolStatusBoard board = new PoolStatusBoard();
        PoolOptions pseudonymized = new PoolOptions(true, "", false, 0, 0, false, true, true);
        Pool pool = new Pool("inbox", "Photo inbox", pseudonymized, new PoolSettings.Folder(work.resolve("share")
                .toString()), Set.of(), Set.of());
        java.util.Map<String, Object> properties = ConfigAdminPoolService.asMap(PoolProperties.of(pool));
        properties.put("scanIntervalSeconds", "1");
        Pseudonymizer pseudonymizer = pseudonymizer(work);
        try (PoolTestStore store = PoolTestStore.in(work.resolve("store"))) {
            FolderPool component = new FolderPool(store.store, board, server(work), pseudonymizer, properties);
            try {
                await(() -> !store.store.searchStudies(StudyQuery.inPools(Set.of("inbox"))).items().isEmpty());
                var patient = store.store.searchStudies(StudyQuery.inPools(Set.of("inbox"))).items().get(0).patient();
                assertTrue(patient.name(), patient.name().matches("PSEUDO\\^[A-Z]{8}"));
                assertTrue(patient.patientId(), !patient.patientId().contains("4711"));
                assertEquals(PoolStatus.State.RUNNING, board.status("inbox").orElseThrow().state());
            } finally {
                component.close();
            }
        }
    }

    private static ServerInfo server(Path work) {
        return new ServerInfo() {
            @Override
            public String version() {
                return "test";
            }

            @Override
            public Instant startedAt() {
                return Instant.now();
            }

            @Override
            public Path home() {
                return work.resolve("home");
            }

            @Override
            public long freeDiskBytes() {
                return work.toFile().getUsableSpace();
            }
        };
    }

    @Test(timeout = 60_000)
    public void aMissingFolderFailsThePoolUntilItAppearsAndThenItsFilesAreImported() throws Exception {
        Path work = Files.createTempDirectory("folder-component-");
        Path folder = work.resolve("share");
        ServerInfo server = new ServerInfo() {
            @Override
            public String version() {
                return "test";
            }

            @Override
            public Instant startedAt() {
                return Instant.now();
            }

            @Override
            public Path home() {
                return work.resolve("home");
            }

            @Override
            public long freeDiskBytes() {
                return work.toFile().getUsableSpace();
            }
        };
        PoolStatusBoard board = new PoolStatusBoard();
        Pool pool = new Pool("inbox", "Photo inbox", PoolOptions.DEFAULTS, new PoolSettings.Folder(folder.toString()),
                Set.of(), Set.of());
        java.util.Map<String, Object> properties = ConfigAdminPoolService.asMap(PoolProperties.of(pool));
        properties.put("scanIntervalSeconds", "1");
        try (PoolTestStore store = PoolTestStore.in(work.resolve("store"))) {
            FolderPool component = new FolderPool(store.store, board, server, pseudonymizer(work), properties);
            try {
                awaitState(board, PoolStatus.State.FAILED);
                assertTrue(board.status("inbox").orElseThrow().lastError().contains("does not exist"));
                Files.createDirectories(folder.resolve("ward-3"));
                ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                        "png", folder.resolve("ward-3/photo.png").toFile());
                awaitState(board, PoolStatus.State.RUNNING);
                await(() -> !store.store.searchStudies(StudyQuery.inPools(Set.of("inbox"))).items().isEmpty());
                assertEquals("Photo inbox", store.store.searchStudies(StudyQuery.inPools(Set.of("inbox"))).items()
                        .get(0).patient().name());
            } finally {
                component.close();
            }
            assertTrue(board.status("inbox").isEmpty());
        }
    }

    private static void awaitState(PoolStatusBoard board, PoolStatus.State state) throws InterruptedException {
        await(() -> board.status("inbox").map(s -> s.state() == state).orElse(false));
    }

    /** Waits for the scans to get there; the test's timeout bounds it. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(100);
        }
    }
}
