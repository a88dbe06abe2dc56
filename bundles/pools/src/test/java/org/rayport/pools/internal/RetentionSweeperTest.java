package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.service.event.Event;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.store.StoreEvents;
import org.rayport.store.internal.PoolTestStore;
import org.rayport.testing.Peers;

/**
 * Retention and the free-space rule on the real store. The free-space test stores on a 24 MB tmpfs of its own (the
 * tests run as root, as CI does), so that a small threshold is crossed without filling the real disk.
 */
public class RetentionSweeperTest {

    private static Pool pool(String id, double retentionDays) {
        return new Pool(id, null, new PoolOptions(true, "", false, retentionDays, 0, false, true, false),
                new PoolSettings.Folder("/nowhere"), Set.of(), Set.of());
    }

    private static void importAll(PoolTestStore store, String poolId, TestStudies.Study study) throws Exception {
        for (Path file : study.files()) {
            store.store.importFile(poolId, file);
        }
    }

    @Test(timeout = 60_000)
    public void retentionDeletesTheOldStudiesOfPoolsThatHaveOne() throws Exception {
        Path work = Files.createTempDirectory("retention-");
        Path files = Files.createDirectories(work.resolve("files"));
        TestStudies.Study old = TestStudies.write(files, "Old^One", "P-OLD", "A1", "20200101", "CT", 1, 2);
        TestStudies.Study kept = TestStudies.write(files, "Kept^One", "P-KEPT", "A2", "20200101", "CT", 1, 2);
        try (PoolTestStore store = PoolTestStore.in(work)) {
            importAll(store, "short", old);
            importAll(store, "forever", kept);
            // Older than one second: the retention of pool "short". Ageing the data, not timing the code.
            Thread.sleep(1500);
            RetentionSweeper sweeper = new RetentionSweeper(store.store,
                    () -> List.of(pool("short", 1.0 / 86_400), pool("forever", 0)), work, 0);
            RetentionSweeper.Sweep sweep = sweeper.sweep();
            assertEquals(List.of(old.studyUid()), sweep.retention());
            assertTrue(store.store.study("short", old.studyUid()).isEmpty());
            assertEquals(2, store.store.study("forever", kept.studyUid()).orElseThrow().instanceCount());
            assertTrue("nothing left to delete", sweeper.sweep().retention().isEmpty());
        }
    }

    @Test(timeout = 120_000)
    public void belowTheMinimumFreeSpaceTheLeastRecentlyReceivedStudiesGo() throws Exception {
        Path work = Files.createTempDirectory("free-space-");
        Path disk = Files.createDirectories(work.resolve("disk"));
        mount(work, disk);
        try {
            Path files = Files.createDirectories(work.resolve("files"));
            List<TestStudies.Study> studies = threeStudiesOfFourSlices(files);
            try (PoolTestStore store = PoolTestStore.in(work, disk.resolve("storage"))) {
                for (TestStudies.Study study : studies) {
                    importAll(store, "default", study);
                    Thread.sleep(20);   // distinct arrival times: the order of deletion
                }
                RetentionSweeper probe = new RetentionSweeper(store.store, List::of, disk, 0);
                long free = probe.freeBytes();
                // Each study is some 2 MB; asking for 3 MB more than is free takes the two received first.
                double minimumGb = (free + 3.0 * 1024 * 1024) / RetentionSweeper.GB;
                RetentionSweeper sweeper = new RetentionSweeper(store.store, () -> List.of(pool("default", 0)), disk,
                        minimumGb);
                RetentionSweeper.Sweep sweep = sweeper.sweep();
                assertEquals(free, sweep.freeBefore());
                assertEquals(List.of(studies.get(0).studyUid(), studies.get(1).studyUid()),
                        sweep.freeSpace().studies());
                assertTrue(store.store.study("default", studies.get(0).studyUid()).isEmpty());
                assertTrue(store.store.study("default", studies.get(1).studyUid()).isEmpty());
                assertEquals(4, store.store.study("default", studies.get(2).studyUid()).orElseThrow()
                        .instanceCount());
                assertTrue("free space is back above the minimum", sweeper.freeBytes() >= sweep.minimumFree());
            }
        } finally {
            Peers.run(work.resolve("umount.out"), List.of("umount", disk.toString()));
        }
    }

    /**
     * The store's STORED events, delivered as EventAdmin delivers them (one handleEvent per instance, on a thread of
     * their own), make the sweeper check the free space and delete the oldest study once three studies have brought the
     * disk under the minimum: no sweep() call and no schedule (the scheduled sweep is not started by this
     * constructor). After the second study the disk still had room, so the check then deleted nothing.
     */
    @Test(timeout = 120_000)
    public void storedEventsDeleteTheOldestStudyWhenTheDiskGetsShort() throws Exception {
        Path work = Files.createTempDirectory("free-space-events-");
        Path disk = Files.createDirectories(work.resolve("disk"));
        mount(work, disk);
        RetentionSweeper sweeper = null;
        try {
            Path files = Files.createDirectories(work.resolve("files"));
            List<TestStudies.Study> studies = threeStudiesOfFourSlices(files);
            try (PoolTestStore store = PoolTestStore.in(work, disk.resolve("storage"))) {
                RetentionSweeper probe = new RetentionSweeper(store.store, List::of, disk, 0);
                long empty = probe.freeBytes();
                importAll(store, "default", studies.get(0));
                long study = empty - probe.freeBytes();
                assertTrue("a study takes space: " + study, study > 1024 * 1024);
                // Room for two studies and a half: the third brings the disk under it, deleting the first is enough.
                double minimumGb = (empty - 2.5 * study) / RetentionSweeper.GB;
                sweeper = new RetentionSweeper(store.store, () -> List.of(pool("default", 0)), disk, minimumGb);
                ExecutorService eventAdmin = Executors.newSingleThreadExecutor();
                try {
                    for (TestStudies.Study next : studies.subList(1, 3)) {
                        Thread.sleep(20);   // distinct arrival times: the order of deletion
                        for (Path file : next.files()) {
                            store.store.importFile("default", file);
                            RetentionSweeper listening = sweeper;
                            eventAdmin.execute(() -> listening.handleEvent(stored(next.studyUid())));
                        }
                    }
                } finally {
                    eventAdmin.shutdown();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (store.store.study("default", studies.get(0).studyUid()).isPresent()) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("The oldest study is still there; free " + sweeper.freeBytes()
                                + " bytes, minimum " + (long) (minimumGb * RetentionSweeper.GB));
                    }
                    Thread.sleep(100);
                }
                for (TestStudies.Study kept : studies.subList(1, 3)) {
                    assertEquals(4, store.store.study("default", kept.studyUid()).orElseThrow().instanceCount());
                }
                assertTrue("free space is back above the minimum",
                        sweeper.freeBytes() >= (long) (minimumGb * RetentionSweeper.GB));
            }
        } finally {
            if (sweeper != null) {
                sweeper.close();
            }
            Peers.run(work.resolve("umount.out"), List.of("umount", disk.toString()));
        }
    }

    private static Event stored(String studyUid) {
        return new Event(StoreEvents.STORED, Map.of(StoreEvents.POOL, "default",
                StoreEvents.STUDY_INSTANCE_UID, studyUid));
    }

    /**
     * Working path and alternative on two 16 MB tmpfs: the oldest study is on the working disk, the next on the
     * alternative. Asking for 1 MB more than the roomier disk has: the first round deletes the oldest (on the working
     * disk, which does not give either disk room), the second the next (on the alternative, which then has room).
     */
    @Test(timeout = 120_000)
    public void withAnAlternativeWorkingPathTheSweepFreesSpaceAcrossBothDisks() throws Exception {
        Path work = Files.createTempDirectory("free-space-two-");
        Path workingDisk = Files.createDirectories(work.resolve("working"));
        Path alternativeDisk = Files.createDirectories(work.resolve("alternative"));
        mount(work, workingDisk, "16m");
        try {
            mount(work, alternativeDisk, "16m");
            try {
                Path files = Files.createDirectories(work.resolve("files"));
                List<TestStudies.Study> studies = List.of(
                        TestStudies.write(files, "First^In", "P1", "A1", "20240101", "CT", 1, 4, 512),
                        TestStudies.write(files, "Second^In", "P2", "A2", "20240102", "CT", 1, 4, 512),
                        TestStudies.write(files, "Third^In", "P3", "A3", "20240103", "CT", 1, 4, 512),
                        TestStudies.write(files, "Fourth^In", "P4", "A4", "20240104", "CT", 1, 4, 512));
                try (PoolTestStore store = PoolTestStore.in(work, workingDisk, alternativeDisk)) {
                    importAll(store, "default", studies.get(0));
                    Thread.sleep(20);   // distinct arrival times: the order of deletion
                    // A limit just above what the working disk has: the next study goes to the alternative.
                    store.limitFreeSpace(workingDisk.toFile().getUsableSpace() + 1);
                    importAll(store, "default", studies.get(1));
                    store.limitFreeSpace(0);
                    for (TestStudies.Study study : studies.subList(2, 4)) {
                        Thread.sleep(20);
                        importAll(store, "default", study);
                    }
                    assertEquals(12, countFiles(workingDisk));
                    assertEquals(4, countFiles(alternativeDisk));
                    long working = workingDisk.toFile().getUsableSpace();
                    long alternative = alternativeDisk.toFile().getUsableSpace();
                    assertTrue(working < alternative);
                    double minimumGb = (alternative + 1024.0 * 1024) / RetentionSweeper.GB;
                    RetentionSweeper sweeper = new RetentionSweeper(store.store, () -> List.of(pool("default", 0)),
                            null, minimumGb);
                    assertEquals(List.of(workingDisk, alternativeDisk), sweeper.dataDirectories());
                    RetentionSweeper.Sweep sweep = sweeper.sweep();
                    assertEquals(alternative, sweep.freeBefore());
                    assertEquals(List.of(studies.get(0).studyUid(), studies.get(1).studyUid()),
                            sweep.freeSpace().studies());
                    assertEquals(8, countFiles(workingDisk));
                    assertEquals(0, countFiles(alternativeDisk));
                    assertTrue("the alternative has room again", sweeper.freeBytes() >= sweep.minimumFree());
                    for (TestStudies.Study kept : studies.subList(2, 4)) {
                        assertEquals(4, store.store.study("default", kept.studyUid()).orElseThrow().instanceCount());
                    }
                    assertTrue("nothing more to delete", sweeper.sweep().freeSpace().studies().isEmpty());
                }
            } finally {
                Peers.run(work.resolve("umount2.out"), List.of("umount", alternativeDisk.toString()));
            }
        } finally {
            Peers.run(work.resolve("umount.out"), List.of("umount", workingDisk.toString()));
        }
    }

    private static long countFiles(Path root) throws Exception {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static void mount(Path work, Path disk) throws Exception {
        mount(work, disk, "24m");
    }

    private static void mount(Path work, Path disk, String size) throws Exception {
        Peers.Result mounted = Peers.run(work.resolve("mount.out"), List.of("mount", "-t", "tmpfs", "-o",
                "size=" + size, "tmpfs", disk.toString()));
        if (mounted.exitCode() != 0) {
            throw new AssertionError("The free-space test mounts a 24 MB tmpfs and needs root (as ./rayport test and "
                    + "CI run): " + mounted.output());
        }
    }

    /** Three one-series CT studies of four 512x512 slices (some 2 MB each), in the order they should be received. */
    private static List<TestStudies.Study> threeStudiesOfFourSlices(Path files) throws Exception {
        return List.of(
                TestStudies.write(files, "First^In", "P1", "A1", "20240101", "CT", 1, 4, 512),
                TestStudies.write(files, "Second^In", "P2", "A2", "20240102", "CT", 1, 4, 512),
                TestStudies.write(files, "Third^In", "P3", "A3", "20240103", "CT", 1, 4, 512));
    }
}
