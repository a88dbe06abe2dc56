package org.rayport.pacsupload.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.pacsupload.AcceptedObject;
import org.rayport.pacsupload.UploadState;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolType;
import org.rayport.store.InvalidInstanceException;
import org.rayport.store.internal.EncryptedInstanceStore;
import org.rayport.store.internal.UploadTestStore;
import org.rayport.testing.PoolsInMemory;
import org.rayport.testing.TestDatabase;

/** Client-created objects land in the share pool (made at the first start) and go to the queue only when licensed. */
public class ClientObjectsTest {

    private Path work;
    private DataSource dataSource;
    private UploadDatabase db;
    private EncryptedInstanceStore store;
    private JpaPacsUpload queue;
    private final PoolsInMemory pools = new PoolsInMemory();
    private final Settings settings = new Settings();

    @Before
    public void start() throws Exception {
        work = Files.createTempDirectory("client-objects-");
        dataSource = TestDatabase.H2.empty(work);
        store = UploadTestStore.in(work, dataSource);
        db = new UploadDatabase(new HibernatePersistenceProvider(), dataSource);
        queue = new JpaPacsUpload(db, Clock.systemUTC(), settings);
    }

    @After
    public void stop() throws Exception {
        db.close();
        UploadTestStore.close(store);
        TestDatabase.H2.close(dataSource);
    }

    @Test
    public void theSharePoolIsMadeOnceGrantedToNobodyAndNotAgainAfterItsRemoval() throws Exception {
        Path home = work.resolve("home");
        assertTrue(SharePool.create(pools, home, "share"));
        Pool share = pools.pool("share").orElseThrow();
        assertEquals(PoolType.USER_STORAGE, share.type());
        assertEquals(Set.of(), share.users());
        assertEquals(Set.of(), share.groups());

        pools.remove("share");
        assertFalse("an administrator's removal stands", SharePool.create(pools, home, "share"));
        assertTrue(pools.pool("share").isEmpty());
    }

    @Test
    public void anExistingPoolOfThatIdIsLeftAsItIs() throws Exception {
        Pool own = new Pool("share", "Our share", PoolOptions.DEFAULTS, new PoolSettings.UserStorage(),
                Set.of("admin"), Set.of());
        pools.add(own);
        assertFalse(SharePool.create(pools, work.resolve("home"), "share"));
        assertEquals(own, pools.pool("share").orElseThrow());
    }

    @Test
    public void withoutTheLicenceAnObjectIsKeptButNotQueued() throws Exception {
        SharePool.create(pools, work.resolve("home"), "share");
        ShareClientObjects objects = new ShareClientObjects(store, queue, pools, settings);
        Path file = TestInstances.ct(work, "Photo^Patient");

        AcceptedObject accepted;
        try (InputStream in = Files.newInputStream(file)) {
            accepted = objects.accept("doctor", in);
        }
        assertNull(accepted.upload());
        assertEquals("share", accepted.stored().poolId());
        assertEquals(TestInstances.sopOf(file), accepted.stored().sopInstanceUid());
        assertTrue(store.find("share", TestInstances.sopOf(file)).isPresent());
        assertEquals(List.of(), queue.entries(null, 10));
    }

    @Test
    public void withTheLicenceAnObjectIsKeptAndQueued() throws Exception {
        SharePool.create(pools, work.resolve("home"), "share");
        ShareClientObjects objects = new ShareClientObjects(store, queue, pools, settings);
        objects.licence = new JpaPacsUploadTest.PacsUploadModule();
        Path file = TestInstances.ct(work, "Report^Patient");

        AcceptedObject accepted;
        try (InputStream in = Files.newInputStream(file)) {
            accepted = objects.accept("doctor", in);
        }
        assertNotNull(accepted.upload());
        assertEquals(UploadState.PENDING, queue.entry(accepted.upload().id()).orElseThrow().state());
        assertEquals("share", accepted.upload().poolId());
        assertEquals(TestInstances.sopOf(file), accepted.upload().sopInstanceUid());
    }

    @Test
    public void notDicomIsRefusedAndNothingIsKept() throws Exception {
        SharePool.create(pools, work.resolve("home"), "share");
        ShareClientObjects objects = new ShareClientObjects(store, queue, pools, settings);
        objects.licence = new JpaPacsUploadTest.PacsUploadModule();
        assertThrows(InvalidInstanceException.class, () -> objects.accept("doctor",
                new ByteArrayInputStream("not a DICOM file at all".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(List.of(), queue.entries(null, 10));
    }

    @Test
    public void withoutTheSharePoolNothingIsKept() throws Exception {
        ShareClientObjects objects = new ShareClientObjects(store, queue, pools, settings);
        IOException refused = assertThrows(IOException.class, () -> objects.accept("doctor",
                Files.newInputStream(TestInstances.ct(work, "No^Pool"))));
        assertTrue(refused.getMessage(), refused.getMessage().contains("The share pool 'share' does not exist"));
    }
}
