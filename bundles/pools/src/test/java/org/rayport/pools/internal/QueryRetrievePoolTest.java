package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.pools.PacsException;
import org.rayport.pools.PacsQuery;
import org.rayport.pools.PacsStudy;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.RetrieveProgress;
import org.rayport.store.StoredInstance;
import org.rayport.store.internal.PoolTestStore;
import org.rayport.testing.Peers;
import org.rayport.testing.OrthancPeer;

/**
 * Query/retrieve pools against Orthanc, with the real store: a study moved into the pool, the C-GET fallback when
 * Orthanc does not know the pool's AE title, a PACS that is down, and pseudonymization refused.
 */
public class QueryRetrievePoolTest {

    private static Path work;
    private static OrthancPeer orthanc;
    private static int retrievePort;
    private static TestStudies.Study study;

    private PoolTestStore store;
    private DicomListeners listeners;
    private final PoolStatusBoard board = new PoolStatusBoard();
    private final List<QueryRetrievePool> pools = new ArrayList<>();

    @BeforeClass
    public static void startOrthanc() throws Exception {
        work = Files.createTempDirectory("qr-pool-");
        retrievePort = Peers.freePort();
        orthanc = OrthancPeer.start(work, "{\"rayport\":[\"RAYPORT_QR\",\"127.0.0.1\"," + retrievePort + "]}", false);
        study = TestStudies.write(Files.createDirectories(work.resolve("files")), "Rossi^Maria", "P-ROSSI",
                "ACC-R", "20250115", "CT", 2, 2);
        orthanc.store(study.files());
    }

    @AfterClass
    public static void stopOrthanc() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Before
    public void startStore() throws Exception {
        store = PoolTestStore.in(Files.createTempDirectory(work, "store-"));
        listeners = new DicomListeners(DicomListenersTest.config("127.0.0.1"));
    }

    @After
    public void stop() throws Exception {
        pools.forEach(QueryRetrievePool::close);
        listeners.closeAll();
        store.close();
    }

    private QueryRetrievePool pool(String id, int pacsPort, String localAe, PoolOptions options) throws Exception {
        Pool pool = new Pool(id, null, options, new PoolSettings.QueryRetrieve("127.0.0.1", pacsPort,
                OrthancPeer.AE_TITLE, localAe, retrievePort), Set.of("admin"), Set.of());
        QueryRetrievePool started = new QueryRetrievePool(listeners, store.store, board,
                ConfigAdminPoolService.asMap(PoolProperties.of(pool)));
        pools.add(started);
        started.awaitPacsCheck();
        return started;
    }

    private void assertAllStoredIn(String poolId) {
        for (Path file : study.files()) {
            String sop = file.getFileName().toString().replace(".dcm", "");
            StoredInstance stored = store.store.find(poolId, sop).orElseThrow(() -> new AssertionError(sop
                    + " not in pool " + poolId));
            assertEquals(study.studyUid(), stored.studyInstanceUid());
        }
        assertEquals(4, store.store.study(poolId, study.studyUid()).orElseThrow().instanceCount());
    }

    @Test(timeout = 60_000)
    public void aStudyFoundOnThePacsIsMovedIntoThePool() throws Exception {
        QueryRetrievePool pool = pool("pacs", orthanc.dicomPort, "RAYPORT_QR", PoolOptions.DEFAULTS);
        assertEquals(PoolStatus.State.RUNNING, board.status("pacs").orElseThrow().state());
        List<PacsStudy> found = pool.findStudies(PacsQuery.all().withPatientName("ross*"));
        assertEquals(1, found.size());
        assertEquals(study.studyUid(), found.get(0).studyInstanceUid());

        List<RetrieveProgress> seen = new ArrayList<>();
        RetrieveProgress done = pool.retrieve(study.studyUid(), null, seen::add);
        assertTrue(done.toString(), done.succeeded());
        assertEquals(RetrieveProgress.Method.MOVE, done.method());
        assertEquals(4, done.completed());
        assertEquals("three pending counts and the final one", 4, seen.size());
        assertAllStoredIn("pacs");
        assertEquals("", board.status("pacs").orElseThrow().lastError());
    }

    @Test(timeout = 60_000)
    public void whenThePacsDoesNotKnowThePoolsAeTitleItIsRetrievedByGetAndTheStatusSaysWhy() throws Exception {
        QueryRetrievePool pool = pool("stranger", orthanc.dicomPort, "STRANGER", PoolOptions.DEFAULTS);
        RetrieveProgress done = pool.retrieve(study.studyUid(), study.seriesUids().get(0), p -> { });
        assertEquals(RetrieveProgress.Method.GET, done.method());
        assertEquals(2, done.completed());
        done = pool.retrieve(study.studyUid(), null, p -> { });
        assertTrue(done.toString(), done.succeeded());
        assertEquals(4, done.completed());
        assertAllStoredIn("stranger");
        PoolStatus status = board.status("stranger").orElseThrow();
        assertEquals(PoolStatus.State.RUNNING, status.state());
        assertTrue(status.lastError(), status.lastError().contains("'STRANGER'")
                && status.lastError().contains("do not know that AE title")
                && status.lastError().contains("retrieved by C-GET instead"));
    }

    @Test(timeout = 60_000)
    public void aPacsThatIsDownShowsAsUnreachable() throws Exception {
        int nothingListens = Peers.freePort();
        QueryRetrievePool pool = pool("down", nothingListens, "RAYPORT_DOWN", PoolOptions.DEFAULTS);
        PoolStatus status = board.status("down").orElseThrow();
        assertEquals(PoolStatus.State.FAILED, status.state());
        assertTrue(status.lastError(), status.lastError().startsWith("PACS unreachable: nothing answers at ORTHANC@"
                + "127.0.0.1:" + nothingListens));
        try {
            pool.findStudies(PacsQuery.all());
            fail("searched a PACS that is down");
        } catch (PacsException expected) {
            assertEquals(PacsException.Reason.UNREACHABLE, expected.reason());
        }
    }

    @Test(timeout = 60_000)
    public void pseudonymizationIsRefusedForThisPoolType() throws Exception {
        PoolOptions pseudonymized = new PoolOptions(true, "", false, 0, 0, false, true, true);
        QueryRetrievePool pool = pool("pseudo", orthanc.dicomPort, "RAYPORT_PS", pseudonymized);
        PoolStatus status = board.status("pseudo").orElseThrow();
        assertEquals(PoolStatus.State.FAILED, status.state());
        assertTrue(status.lastError(), status.lastError().startsWith("pseudonymization is not available for "
                + "query/retrieve pools"));
        try {
            pool.retrieve(study.studyUid(), null, p -> { });
            fail("retrieved into a pool that promises pseudonyms");
        } catch (PacsException expected) {
            assertEquals(PacsException.Reason.UNAVAILABLE, expected.reason());
        }
        assertTrue(store.store.find("pseudo", study.files().get(0).getFileName().toString().replace(".dcm", ""))
                .isEmpty());
    }

    @Test(timeout = 90_000)
    public void retrievalsStartedByClientsRunInTheBackgroundAndOnlyTheirOwnerFollowsThem() throws Exception {
        QueryRetrievePool pool = pool("background", orthanc.dicomPort, "RAYPORT_BG", PoolOptions.DEFAULTS);
        QueryRetrievePool down = pool("gone", Peers.freePort(), "RAYPORT_GONE", PoolOptions.DEFAULTS);
        try (PacsRetrievals retrievals = new PacsRetrievals(java.time.Clock.systemUTC())) {
            PacsRetrievals.Retrieval started = retrievals.start("anna", pool, study.studyUid(), null);
            PacsRetrievals.Retrieval failing = retrievals.start("anna", down, study.studyUid(), null);
            assertTrue("another user does not see it", retrievals.of("ben", started.id()).isEmpty());
            assertTrue(retrievals.of("ben").isEmpty());
            PacsRetrievals.Retrieval ended = awaitEnd(retrievals, started.id());
            assertEquals(null, ended.error());
            assertTrue(ended.progress().toString(), ended.progress().succeeded());
            assertEquals(4, ended.progress().completed());
            assertAllStoredIn("background");
            PacsRetrievals.Retrieval refused = awaitEnd(retrievals, failing.id());
            assertTrue(String.valueOf(refused.error()), refused.error().startsWith("PACS unreachable"));
            assertEquals(2, retrievals.of("anna").size());
        }
    }

    private static PacsRetrievals.Retrieval awaitEnd(PacsRetrievals retrievals, String id) throws InterruptedException {
        while (true) {
            PacsRetrievals.Retrieval now = retrievals.of("anna", id).orElseThrow();
            if (now.ended()) {
                return now;
            }
            Thread.sleep(50);
        }
    }
}
