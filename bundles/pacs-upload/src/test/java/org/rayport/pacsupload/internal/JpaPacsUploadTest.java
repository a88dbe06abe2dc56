package org.rayport.pacsupload.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.rayport.licensing.License;
import org.rayport.licensing.LicensedModule;
import org.rayport.pacsupload.PacsUploadException;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;
import org.rayport.pacsupload.UploadSummary;
import org.rayport.testing.MutableClock;
import org.rayport.testing.TestDatabase;

/** The queue on H2 and PostgreSQL: durable across a restart of its components, retries, give-up, the summary. */
@RunWith(Parameterized.class)
public class JpaPacsUploadTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    private final TestDatabase database;
    private Path work;
    private DataSource dataSource;
    private UploadDatabase db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final Settings settings = new Settings();

    public JpaPacsUploadTest(TestDatabase database) {
        this.database = database;
    }

    @Before
    public void openDatabase() throws Exception {
        work = Files.createTempDirectory("pacs-upload-queue-");
        dataSource = database.empty(work);
        db = new UploadDatabase(new HibernatePersistenceProvider(), dataSource);
    }

    @After
    public void closeDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
        if (dataSource != null) {
            database.close(dataSource);
        }
    }

    @Test
    public void anEntryOutlivesARestartOfTheComponentsAndIsDueAtOnce() {
        UploadEntry submitted = new JpaPacsUpload(db, clock, settings).submit("share", "1.2.3.4");
        db.close();
        db = new UploadDatabase(new HibernatePersistenceProvider(), dataSource);
        JpaPacsUpload restarted = new JpaPacsUpload(db, clock, settings);

        UploadEntry found = restarted.entry(submitted.id()).orElseThrow();
        assertEquals(UploadState.PENDING, found.state());
        assertEquals("share", found.poolId());
        assertEquals("1.2.3.4", found.sopInstanceUid());
        assertEquals(clock.instant(), found.submittedAt());
        assertEquals(List.of(submitted.id()), restarted.due(10).stream().map(UploadEntry::id).toList());
    }

    @Test
    public void failedAttemptsWaitLongerEachTimeAndGiveUpAfterThePeriod() {
        settings.retryDelaySeconds = 60;
        settings.maxRetryDelaySeconds = 3600;
        settings.giveUpDays = 1;
        RetryPolicy policy = RetryPolicy.of(settings);
        JpaPacsUpload queue = new JpaPacsUpload(db, clock, settings);
        long id = queue.submit("pool-a", "1.2.3.5").id();

        queue.markAttemptFailed(id, "PACS unreachable", policy);
        assertEquals(clock.instant().plusSeconds(60), queue.entry(id).orElseThrow().nextAttemptAt());
        assertTrue("not due before its retry time", queue.due(10).isEmpty());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, queue.due(10).size());
        queue.markAttemptFailed(id, "PACS unreachable", policy);
        assertEquals(clock.instant().plusSeconds(120), queue.entry(id).orElseThrow().nextAttemptAt());

        clock.advance(Duration.ofDays(1));
        queue.markAttemptFailed(id, "PACS unreachable again", policy);
        UploadEntry given = queue.entry(id).orElseThrow();
        assertEquals(UploadState.FAILED, given.state());
        assertEquals(3, given.attempts());
        assertNull(given.nextAttemptAt());
        assertEquals("Given up after 1 day: PACS unreachable again", given.lastError());
        assertEquals(List.of(given), queue.entries(UploadState.FAILED, 10));
        assertEquals(List.of(), queue.entries(UploadState.PENDING, 10));
    }

    @Test
    public void theDelayStopsDoublingAtTheLongest() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7));
        Instant now = clock.instant();
        assertEquals(now.plus(Duration.ofMinutes(1)), policy.nextAttempt(1, now, now));
        assertEquals(now.plus(Duration.ofMinutes(32)), policy.nextAttempt(6, now, now));
        assertEquals(now.plus(Duration.ofHours(1)), policy.nextAttempt(7, now, now));
        assertEquals(now.plus(Duration.ofHours(1)), policy.nextAttempt(500, now, now));
    }

    @Test
    public void aRetryMakesAFailedEntryPendingWithAFreshGiveUpPeriod() {
        settings.giveUpDays = 1;
        JpaPacsUpload queue = new JpaPacsUpload(db, clock, settings);
        long id = queue.submit("share", "1.2.3.6").id();
        long other = queue.submit("share", "1.2.3.7").id();
        queue.markFailed(id, "The instance 1.2.3.6 is no longer in pool 'share' (deleted before it was sent)");
        queue.markFailed(other, "gone too");
        clock.advance(Duration.ofDays(3));

        UploadEntry retried = queue.retry(id);
        assertEquals(UploadState.PENDING, retried.state());
        assertEquals(clock.instant(), retried.queuedAt());
        assertEquals(0, retried.attempts());
        queue.markAttemptFailed(id, "PACS unreachable", RetryPolicy.of(settings));
        assertEquals("a retried entry is not given up at its first failure", UploadState.PENDING,
                queue.entry(id).orElseThrow().state());

        assertEquals(1, queue.retryAllFailed());
        assertEquals(UploadState.PENDING, queue.entry(other).orElseThrow().state());
        PacsUploadException unknown = assertThrows(PacsUploadException.class, () -> queue.retry(99_999));
        assertEquals(PacsUploadException.Reason.NOT_FOUND, unknown.reason());
    }

    @Test
    public void aSentEntryStaysSent() {
        JpaPacsUpload queue = new JpaPacsUpload(db, clock, settings);
        long id = queue.submit("share", "1.2.3.8").id();
        queue.markSent(id);
        UploadEntry sent = queue.retry(id);
        assertEquals(UploadState.SENT, sent.state());
        assertEquals(clock.instant(), sent.sentAt());
        assertEquals(1, sent.attempts());
    }

    @Test
    public void badSubmissionsAreRefusedWithTheValue() {
        JpaPacsUpload queue = new JpaPacsUpload(db, clock, settings);
        PacsUploadException uid = assertThrows(PacsUploadException.class, () -> queue.submit("share", "1.2.x"));
        assertTrue(uid.getMessage(), uid.getMessage().contains("'1.2.x'"));
        assertEquals(PacsUploadException.Reason.INVALID,
                assertThrows(PacsUploadException.class, () -> queue.submit(" ", "1.2.3")).reason());
        assertEquals(List.of(), queue.entries(null, 10));
    }

    @Test
    public void theSummarySaysWhatTheSenderWaitsFor() {
        JpaPacsUpload queue = new JpaPacsUpload(db, clock, settings);
        long id = queue.submit("share", "1.2.3.9").id();
        queue.submit("share", "1.2.3.10");
        queue.markAttemptFailed(id, "PACS unreachable: nothing answers", RetryPolicy.of(settings));

        UploadSummary unlicensed = queue.summary();
        assertEquals(JpaPacsUpload.WAITING_FOR_LICENCE, unlicensed.sender());
        assertEquals(Long.valueOf(2), unlicensed.counts().get(UploadState.PENDING));
        assertEquals(Long.valueOf(0), unlicensed.counts().get(UploadState.SENT));
        assertEquals("PACS unreachable: nothing answers", unlicensed.lastError());
        assertEquals("", unlicensed.pacs());

        queue.licence = new PacsUploadModule();
        assertEquals(JpaPacsUpload.NO_PACS, queue.summary().sender());
        settings.pacs(11112, "PACS1");
        UploadSummary licensed = queue.summary();
        assertEquals(JpaPacsUpload.SENDING, licensed.sender());
        assertEquals("PACS1@127.0.0.1:11112", licensed.pacs());
        assertNotNull(licensed.counts().get(UploadState.FAILED));
    }

    /** The service the licensing bundle registers for a licensed module; only its presence matters here. */
    static final class PacsUploadModule implements LicensedModule {
        @Override
        public String name() {
            return PACS_UPLOAD;
        }

        @Override
        public License license() {
            return null;
        }
    }
}
