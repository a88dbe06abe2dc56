package org.rayport.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.store.Deletion;
import org.rayport.store.StorageArea;
import org.rayport.testing.Peers;
import org.rayport.testing.TestDatabase;

/**
 * The alternative working path: where new data goes while the working path cannot take it, on H2 and PostgreSQL.
 * The free space of the two roots comes from a probe the test sets (the disks are not filled); the disk-full case
 * uses a real 1 MB tmpfs (the tests run as root, as CI does).
 */
@RunWith(Parameterized.class)
public class AlternativeWorkingPathTest {

    private static final long MB = 1024L * 1024;
    private static final long LIMIT = 100 * MB;

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path directory;
    private DataSource dataSource;
    private Path working;
    private Path alternative;
    /** Usable bytes per root as the probe answers; the real value for roots not listed. */
    private final Map<Path, Long> freeSpace = new ConcurrentHashMap<>();
    private EncryptedInstanceStore store;

    @Before
    public void start() throws Exception {
        directory = temp.newFolder().toPath();
        dataSource = database.empty(directory.resolve("db"));
        working = directory.resolve("working");
        alternative = Files.createDirectories(directory.resolve("alternative"));
    }

    private EncryptedInstanceStore open() throws IOException {
        store = new EncryptedInstanceStore(new HibernatePersistenceProvider(), dataSource,
                new StoreSettings(working, alternative, Map.of(), directory.resolve("etc/rayport-store.p12"), 64),
                root -> freeSpace.getOrDefault(root, WorkingPaths.FILE_SYSTEM.usableBytes(root)));
        store.setFreeSpaceRule(() -> LIMIT);
        return store;
    }

    @After
    public void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        database.close(dataSource);
    }

    @Test
    public void newDataGoesToTheAlternativeWhileTheWorkingDiskHasLessThanTheLimitAndBackAfterwards() throws Exception {
        Files.createDirectories(working);
        freeSpace.put(working, LIMIT + MB);
        freeSpace.put(alternative, 10 * LIMIT);
        open();
        String study = TestInstances.uid();
        Attributes first = ct(study, 1, 1000);
        store(first);
        assertEquals("room on the working disk: it takes the data", 1, filesUnder(working).size());

        freeSpace.put(working, LIMIT - 1);
        List<StorageArea> areas = store.storageAreas();
        assertEquals(List.of(working, alternative), areas.stream().map(StorageArea::path).toList());
        assertFalse(areas.get(0).receiving());
        assertTrue(areas.get(1).receiving());
        assertEquals(LIMIT - 1, areas.get(0).usableBytes());
        Attributes second = ct(study, 2, 2000);
        Attributes third = ct(study, 3, 3000);
        store(second);
        store(third);
        assertEquals("one byte short of the limit: the alternative takes the data", 2, filesUnder(alternative).size());
        assertEquals(1, filesUnder(working).size());

        freeSpace.put(working, LIMIT);
        Attributes fourth = ct(study, 4, 4000);
        store(fourth);
        assertEquals("back at the limit: the working path again", 2, filesUnder(working).size());
        assertEquals(2, filesUnder(alternative).size());
        assertEquals("to the alternative and back: two switches logged, not one per instance", 2,
                store.workingPathSwitches());

        for (Attributes instance : List.of(first, second, third, fourth)) {
            assertReadBack(instance);
        }
        assertEquals(4, store.study("pool", study).orElseThrow().instanceCount());

        Deletion deleted = store.deleteStudy("pool", study);
        assertEquals(4, deleted.instances());
        assertEquals("files removed from both roots", List.of(), filesUnder(working));
        assertEquals(List.of(), filesUnder(alternative));
    }

    @Test
    public void aMissingWorkingPathSendsTheDataToTheAlternativeWithoutCreatingIt() throws Exception {
        open();
        String study = TestInstances.uid();
        Attributes first = ct(study, 1, 1000);
        store(first);
        assertFalse("a missing working path (an unmounted share) is not created on the disk under it",
                Files.exists(working));
        assertEquals(1, filesUnder(alternative).size());
        assertFalse(store.storageAreas().get(0).available());

        Files.createDirectories(working);
        Attributes second = ct(study, 2, 2000);
        store(second);
        assertEquals("the working path is back", 1, filesUnder(working).size());

        // The working path taken away again, this time replaced by a file: not a directory, so not usable.
        Path moved = Files.move(working, directory.resolve("working.away"));
        Files.writeString(working, "not a directory");
        Attributes third = ct(study, 3, 3000);
        store(third);
        assertEquals(2, filesUnder(alternative).size());
        Files.delete(working);
        Files.move(moved, working);

        // Files written under both roots read back, also after a restart of the store (paths are absolute).
        store.close();
        store = null;
        open();
        for (Attributes instance : List.of(first, second, third)) {
            assertReadBack(instance);
        }
        assertEquals(3, store.deleteStudy("pool", study).instances());
        assertEquals(List.of(), filesUnder(working));
        assertEquals(List.of(), filesUnder(alternative));
    }

    @Test
    public void poolsWithAFolderOfTheirOwnKeepIt() throws Exception {
        Path own = Files.createDirectories(directory.resolve("own"));
        store = new EncryptedInstanceStore(new HibernatePersistenceProvider(), dataSource,
                new StoreSettings(working, alternative, Map.of("special", own),
                        directory.resolve("etc/rayport-store.p12"), 64), WorkingPaths.FILE_SYSTEM);
        Attributes instance = ct(TestInstances.uid(), 1, 1000);
        store.store("special", StartedStore.incoming(instance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                new java.io.ByteArrayInputStream(StartedStore.encode(instance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        assertEquals(1, filesUnder(own).size());
        assertEquals(List.of(), filesUnder(alternative));
    }

    @Test
    public void aFullAlternativeGivesTheDiskFullErrorAndKeepsNothing() throws Exception {
        Peers.Result mounted = Peers.run(directory.resolve("mount.out"), List.of("mount", "-t", "tmpfs", "-o",
                "size=1m", "tmpfs", alternative.toString()));
        if (mounted.exitCode() != 0) {
            throw new AssertionError("The disk-full test mounts a 1 MB tmpfs and needs root (as ./rayport test and CI"
                    + " run): " + mounted.output());
        }
        try {
            open();
            String study = TestInstances.uid();
            Attributes small = ct(study, 1, 1000);
            store(small);
            assertEquals(1, filesUnder(alternative).size());
            Attributes large = ct(study, 2, 2 * 1024 * 1024);
            try {
                store(large);
                fail("2 MB on a 1 MB disk were accepted");
            } catch (IOException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("is full"));
                assertTrue(expected.getMessage(), expected.getMessage().contains("nothing was kept"));
            }
            assertEquals("no partial file", 1, filesUnder(alternative).size());
            assertTrue(store.find("pool", large.getString(Tags.SOP_INSTANCE_UID)).isEmpty());
            assertEquals(1, store.study("pool", study).orElseThrow().instanceCount());
            assertReadBack(small);
        } finally {
            if (store != null) {
                store.close();
                store = null;
            }
            Peers.run(directory.resolve("umount.out"), List.of("umount", alternative.toString()));
        }
    }

    private Attributes ct(String study, int number, int pixelBytes) {
        return TestInstances.ct("Doe^Jane", "P1", study, LocalDate.of(2024, 1, 1), TestInstances.uid(), "CT", number)
                .setBulkData(Tags.PIXEL_DATA, Vr.OB, BulkData.ofBytes(TestInstances.pixels(pixelBytes, number)))
                .build();
    }

    private void store(Attributes instance) throws IOException {
        byte[] encoded = StartedStore.encode(instance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        store.store("pool", StartedStore.incoming(instance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                new java.io.ByteArrayInputStream(encoded));
    }

    /** The decrypted file ends with the data set as it was sent. */
    private void assertReadBack(Attributes instance) throws IOException {
        byte[] sent = StartedStore.encode(instance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] read;
        try (InputStream in = store.openStream("pool", instance.getString(Tags.SOP_INSTANCE_UID))) {
            read = in.readAllBytes();
        }
        byte[] tail = java.util.Arrays.copyOfRange(read, read.length - sent.length, read.length);
        assertArrayEquals(sent, tail);
    }

    /** Instance files under a root, without the empty .incoming folders. */
    private static List<Path> filesUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            Set<Path> files = walk.filter(Files::isRegularFile).collect(Collectors.toSet());
            return files.stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
