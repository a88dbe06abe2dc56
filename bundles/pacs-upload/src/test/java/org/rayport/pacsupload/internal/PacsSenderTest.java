package org.rayport.pacsupload.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;

import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.ServiceClassProvider;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.UserInformation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;
import org.rayport.store.internal.EncryptedInstanceStore;
import org.rayport.store.internal.UploadTestStore;
import org.rayport.testing.MutableClock;
import org.rayport.testing.TestDatabase;
import org.rayport.testing.OrthancPeer;
import org.rayport.testing.Peers;

/**
 * The sender against Orthanc as the PACS, over loopback, with the real encrypted store and queue on H2. States are
 * awaited by polling the queue with a generous deadline, never by a fixed sleep.
 */
public class PacsSenderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Path work;
    private DataSource dataSource;
    private UploadDatabase db;
    private EncryptedInstanceStore store;
    private JpaPacsUpload queue;
    private final Settings settings = new Settings();
    private final List<AutoCloseable> running = new ArrayList<>();

    @Before
    public void start() throws Exception {
        work = Files.createTempDirectory("pacs-upload-");
        dataSource = TestDatabase.H2.empty(work);
        store = UploadTestStore.in(work, dataSource);
        db = new UploadDatabase(new HibernatePersistenceProvider(), dataSource);
        queue = new JpaPacsUpload(db, Clock.systemUTC(), settings);
    }

    @After
    public void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        db.close();
        UploadTestStore.close(store);
        TestDatabase.H2.close(dataSource);
    }

    private OrthancPeer orthanc(int port) throws Exception {
        OrthancPeer orthanc = OrthancPeer.startOn(work, port, "");
        running.add(orthanc);
        return orthanc;
    }

    private PacsSender sender(JpaPacsUpload on) {
        PacsSender sender = new PacsSender(on, store, settings, Clock.systemUTC());
        sender.start();
        running.add(sender::stop);
        return sender;
    }

    private String storeInstance(String pool) throws Exception {
        Path file = TestInstances.ct(work, "Upload^Test");
        store.importFile(pool, file);
        return TestInstances.sopOf(file);
    }

    private UploadEntry await(long id, String what, Predicate<UploadEntry> condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            UploadEntry entry = queue.entry(id).orElseThrow();
            if (condition.test(entry)) {
                return entry;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Entry " + id + " not " + what + " within " + DEADLINE + ": " + entry);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Test
    public void aPendingEntryOfEarlierIsSentOnceTheSenderStartsAndArrivesInOrthanc() throws Exception {
        OrthancPeer orthanc = orthanc(Peers.freePort());
        settings.pacs(orthanc.dicomPort, OrthancPeer.AE_TITLE);
        String sop = storeInstance("share");
        long id = queue.submit("share", sop).id();
        // A restart: the queue's components are made anew on the same database before the sender starts.
        db.close();
        db = new UploadDatabase(new HibernatePersistenceProvider(), dataSource);
        queue = new JpaPacsUpload(db, Clock.systemUTC(), settings);
        assertFalse("nothing sends before the sender runs", orthanc.has(sop));

        sender(queue);
        UploadEntry sent = await(id, "sent", e -> e.state() == UploadState.SENT);
        assertNotNull(sent.sentAt());
        assertEquals(1, sent.attempts());
        assertTrue("Orthanc lists " + orthanc.instances(), orthanc.has(sop));
    }

    @Test
    public void everyEntryOfABatchFromTwoPoolsArrives() throws Exception {
        OrthancPeer orthanc = orthanc(Peers.freePort());
        settings.pacs(orthanc.dicomPort, OrthancPeer.AE_TITLE);
        List<String> sops = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sop = storeInstance(i % 2 == 0 ? "share" : "ct");
            sops.add(sop);
            ids.add(queue.submit(i % 2 == 0 ? "share" : "ct", sop).id());
        }
        PacsSender sender = new PacsSender(queue, store, settings, Clock.systemUTC());
        assertEquals(5, sender.sendBatch(queue.due(10)));
        for (int i = 0; i < 5; i++) {
            assertEquals(UploadState.SENT, queue.entry(ids.get(i)).orElseThrow().state());
            assertTrue(sops.get(i), orthanc.has(sops.get(i)));
        }
    }

    @Test
    public void whileThePacsIsDownTheErrorIsRecordedAndOnceItIsUpTheEntryIsSentWithoutARestart() throws Exception {
        int port = Peers.freePort();
        settings.pacs(port, OrthancPeer.AE_TITLE);
        String sop = storeInstance("share");
        sender(queue);
        long id = queue.submit("share", sop).id();

        UploadEntry waiting = await(id, "tried", e -> e.attempts() >= 1);
        assertEquals(UploadState.PENDING, waiting.state());
        assertTrue(waiting.lastError(), waiting.lastError().startsWith("PACS unreachable: nothing answers at ORTHANC@127.0.0.1:" + port));
        assertNotNull(waiting.nextAttemptAt());

        OrthancPeer orthanc = orthanc(port);
        UploadEntry sent = await(id, "sent", e -> e.state() == UploadState.SENT);
        assertTrue(sent.attempts() >= 2);
        assertTrue(orthanc.has(sop));
    }

    @Test
    public void aRejectedAssociationNamesTheReason() throws Exception {
        OrthancPeer orthanc = orthanc(Peers.freePort());
        settings.pacs(orthanc.dicomPort, "NOT_ORTHANC");
        String sop = storeInstance("share");
        long id = queue.submit("share", sop).id();
        new PacsSender(queue, store, settings, Clock.systemUTC()).sendDue();

        UploadEntry refused = queue.entry(id).orElseThrow();
        assertEquals(UploadState.PENDING, refused.state());
        assertEquals(1, refused.attempts());
        assertTrue(refused.lastError(), refused.lastError().contains("rejected the association")
                && refused.lastError().contains("called AE title not recognized")
                && refused.lastError().contains("'NOT_ORTHANC'"));
        assertEquals(refused.lastError(), queue.summary().lastError());
        assertFalse(orthanc.has(sop));
    }

    @Test
    public void anEntryWhoseInstanceWasDeletedFailsWithThatReason() throws Exception {
        OrthancPeer orthanc = orthanc(Peers.freePort());
        settings.pacs(orthanc.dicomPort, OrthancPeer.AE_TITLE);
        String deleted = storeInstance("share");
        String kept = storeInstance("share");
        long deletedId = queue.submit("share", deleted).id();
        long keptId = queue.submit("share", kept).id();
        store.deleteInstance("share", deleted);

        new PacsSender(queue, store, settings, Clock.systemUTC()).sendDue();

        UploadEntry failed = queue.entry(deletedId).orElseThrow();
        assertEquals(UploadState.FAILED, failed.state());
        assertEquals("The instance " + deleted + " is no longer in pool 'share' (deleted before it was sent)",
                failed.lastError());
        assertEquals(UploadState.SENT, queue.entry(keptId).orElseThrow().state());
        assertTrue(orthanc.has(kept));
    }

    @Test
    public void anEntryNotSentWithinTheGiveUpPeriodStaysListedAsFailed() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        settings.pacs(Peers.freePort(), OrthancPeer.AE_TITLE);
        settings.giveUpDays = 2;
        JpaPacsUpload timed = new JpaPacsUpload(db, clock, settings);
        long id = timed.submit("share", storeInstance("share")).id();
        PacsSender sender = new PacsSender(timed, store, settings, clock);

        sender.sendDue();
        assertEquals(UploadState.PENDING, timed.entry(id).orElseThrow().state());
        clock.advance(Duration.ofDays(2));
        sender.sendDue();

        UploadEntry failed = timed.entry(id).orElseThrow();
        assertEquals(UploadState.FAILED, failed.state());
        assertTrue(failed.lastError(), failed.lastError().startsWith("Given up after 2 days: PACS unreachable"));
        assertEquals(List.of(failed), timed.entries(UploadState.FAILED, 10));
    }

    /** JPEG lossless (DCMTK's dcmcjpeg) of a test slice, stored in the pool; returns its SOP Instance UID. */
    private String storeJpegLossless(String pool) throws Exception {
        Path plain = TestInstances.ct(work, "Jpeg^Test");
        Path jpeg = work.resolve("jpeg-" + plain.getFileName());
        ProcessBuilder builder = new ProcessBuilder("dcmcjpeg", plain.toString(), jpeg.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("dcmcjpeg.out").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process;
        try {
            process = builder.start();
        } catch (java.io.IOException missing) {
            throw new AssertionError("dcmcjpeg is missing; scripts/install-test-peers.sh installs it (package dcmtk)");
        }
        assertTrue("dcmcjpeg finished", process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Files.readString(work.resolve("dcmcjpeg.out")), 0, process.exitValue());
        assertEquals(JPEG_LOSSLESS_SV1, store.importFile(pool, jpeg).transferSyntaxUid());
        return TestInstances.sopOf(plain);
    }

    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";

    @Test
    public void aCompressedInstanceGoesInItsOwnTransferSyntax() throws Exception {
        OrthancPeer orthanc = orthanc(Peers.freePort());
        settings.pacs(orthanc.dicomPort, OrthancPeer.AE_TITLE);
        String sop = storeJpegLossless("share");
        long id = queue.submit("share", sop).id();

        new PacsSender(queue, store, settings, Clock.systemUTC()).sendDue();

        assertEquals(queue.entry(id).toString(), UploadState.SENT, queue.entry(id).orElseThrow().state());
        assertEquals(JPEG_LOSSLESS_SV1, orthanc.transferSyntaxOf(sop));
    }

    @Test
    public void aPacsThatRefusesTheCompressedSyntaxGetsTheUncompressedOnesAndTheOtherEntryWaitsWithTheReason()
            throws Exception {
        OrthancPeer orthanc = OrthancPeer.startOn(work, Peers.freePort(),
                "\"AcceptedTransferSyntaxes\":[\"1.2.840.10008.1.2\",\"1.2.840.10008.1.2.1\"],");
        running.add(orthanc);
        settings.pacs(orthanc.dicomPort, OrthancPeer.AE_TITLE);
        String jpeg = storeJpegLossless("share");
        String plain = storeInstance("share");
        long jpegId = queue.submit("share", jpeg).id();
        long plainId = queue.submit("share", plain).id();

        new PacsSender(queue, store, settings, Clock.systemUTC()).sendDue();

        assertEquals(UploadState.SENT, queue.entry(plainId).orElseThrow().state());
        assertTrue(orthanc.has(plain));
        UploadEntry refused = queue.entry(jpegId).orElseThrow();
        assertEquals(UploadState.PENDING, refused.state());
        assertTrue(refused.lastError(), refused.lastError().contains("accepts no 1.2.840.10008.5.1.4.1.1.2 in")
                && refused.lastError().contains(JPEG_LOSSLESS_SV1)
                && refused.lastError().contains("presentation context rejected"));
        assertFalse(orthanc.has(jpeg));
    }

    @Test
    public void aFailureStatusOfTheCStoreIsRecordedInHex() throws Exception {
        // Orthanc answers success even for instances its filters drop: a storage SCP of Rayport's own toolkit
        // answers "out of resources" over a real association instead.
        try (AssociationAcceptor refusing = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 2, UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID,
                        "FULL_DISK")),
                List.of(new AssociationAcceptor.Service(AeTitle.of("FULL"), Map.of(Uids.CT_IMAGE_STORAGE,
                        List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())), Set.of(),
                        ServiceClassProvider.builder().storage((instance, data) -> Commands.OUT_OF_RESOURCES)
                                .build())))) {
            settings.pacs(refusing.port(), "FULL");
            long id = queue.submit("share", storeInstance("share")).id();

            new PacsSender(queue, store, settings, Clock.systemUTC()).sendDue();

            UploadEntry refused = queue.entry(id).orElseThrow();
            assertEquals(UploadState.PENDING, refused.state());
            assertEquals("The PACS at FULL@127.0.0.1:" + refusing.port() + " refused the C-STORE with status 0xA700"
                    + " (refused: out of resources)", refused.lastError());
        }
    }
}
