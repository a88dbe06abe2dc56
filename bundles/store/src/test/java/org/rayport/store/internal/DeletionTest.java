package org.rayport.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.store.Deletion;
import org.rayport.store.OpenInstance;
import org.rayport.store.StudyQuery;

/** Deleting by hand, by retention and for free space; open readers protect their instances. */
public class DeletionTest extends OnStartedStore {

    /** A study of {@code count} instances in one series; returns its first instance's UID. */
    private String[] study(String pool, int count) throws Exception {
        String studyUid = TestInstances.uid();
        String seriesUid = TestInstances.uid();
        String first = null;
        for (int i = 1; i <= count; i++) {
            Attributes ct = TestInstances.ct("Doe^Jane", "P1", studyUid, LocalDate.of(2024, 1, 1), seriesUid, "CT", i)
                    .build();
            started.store(pool, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            first = first == null ? ct.getString(Tags.SOP_INSTANCE_UID) : first;
        }
        return new String[] {studyUid, seriesUid, first};
    }

    /** Pretends a study arrived {@code ago} earlier: what retention and free space look at. */
    private void receivedAgo(String pool, String studyUid, Duration ago) throws Exception {
        try (Connection c = started.dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "UPDATE rp_study SET last_received_at = ? WHERE pool_id = ? AND study_uid = ?")) {
            update.setTimestamp(1, java.sql.Timestamp.from(Instant.now().minus(ago).truncatedTo(ChronoUnit.MILLIS)));
            update.setString(2, pool);
            update.setString(3, studyUid);
            assertEquals(1, update.executeUpdate());
        }
    }

    private int studies(String pool) {
        return (int) started.store.searchStudies(StudyQuery.inPools(Set.of(pool))).total();
    }

    @Test
    public void instanceSeriesAndStudyDeletionRemovesRowsAndFiles() throws Exception {
        String[] one = study("a", 3);
        study("a", 1);
        assertEquals(4, started.files().size());
        Deletion instance = started.store.deleteInstance("a", one[2]);
        assertEquals(1, instance.instances());
        assertTrue(instance.bytes() > 0);
        assertEquals(3, started.files().size());
        assertEquals(2, started.store.deleteSeries("a", one[1]).instances());
        assertTrue("the emptied study is gone with its series", started.store.study("a", one[0]).isEmpty());
        assertEquals(1, studies("a"));
        assertEquals(1, started.files().size());
        assertEquals(Deletion.nothing(), started.store.deleteStudy("a", one[0]));
    }

    @Test
    public void retentionDeletesStudiesOlderThanFractionalDays() throws Exception {
        String[] old = study("a", 2);
        String[] recent = study("a", 1);
        String[] otherPool = study("b", 1);
        receivedAgo("a", old[0], Duration.ofHours(40));
        receivedAgo("a", recent[0], Duration.ofHours(30));
        receivedAgo("b", otherPool[0], Duration.ofDays(10));

        Deletion deleted = started.store.deleteOlderThan("a", Duration.ofMinutes((long) (1.5 * 24 * 60)));
        assertEquals(List.of(old[0]), deleted.studies());
        assertEquals(2, deleted.instances());
        assertEquals(1, studies("a"));
        assertEquals("other pools keep theirs", 1, studies("b"));
        assertEquals(2, started.files().size());
    }

    @Test
    public void freeSpaceDeletesTheLeastRecentlyReceivedStudiesFirst() throws Exception {
        String[] oldest = study("a", 2);
        String[] middle = study("b", 2);
        String[] newest = study("a", 2);
        receivedAgo("a", oldest[0], Duration.ofDays(3));
        receivedAgo("b", middle[0], Duration.ofDays(2));
        receivedAgo("a", newest[0], Duration.ofDays(1));
        long perStudy = started.store.countsPerPool().get("b").storedBytes();

        Deletion first = started.store.deleteOldestUntilFree(1);
        assertEquals(List.of(oldest[0]), first.studies());
        Deletion next = started.store.deleteOldestUntilFree(perStudy + 1);
        assertEquals("the middle study frees too little alone", List.of(middle[0], newest[0]), next.studies());
        assertEquals(0, started.files().size());
        assertTrue(started.store.countsPerPool().isEmpty());
        assertEquals(Deletion.nothing().instances(), started.store.deleteOldestUntilFree(1).instances());
    }

    @Test
    public void anInstanceBeingReadIsSkippedAndDeletedByALaterRun() throws Exception {
        String[] oldest = study("a", 2);
        String[] newer = study("a", 1);
        receivedAgo("a", oldest[0], Duration.ofDays(5));
        receivedAgo("a", newer[0], Duration.ofDays(4));
        try (OpenInstance reading = started.store.open("a", oldest[2])) {
            Deletion whileRead = started.store.deleteOldestUntilFree(Long.MAX_VALUE);
            assertEquals(1, whileRead.skippedInUse());
            assertEquals("the other instance of the study, and the newer study", 2, whileRead.instances());
            assertEquals("Doe^Jane", reading.file().dataset().getString(Tags.PATIENT_NAME));
            assertTrue(started.store.find("a", oldest[2]).isPresent());
            assertEquals(1, started.store.deleteOlderThan("a", Duration.ofDays(1)).skippedInUse());
        }
        Deletion later = started.store.deleteOlderThan("a", Duration.ofDays(1));
        assertEquals(1, later.instances());
        assertEquals(0, later.skippedInUse());
        assertEquals(0, started.files().size());
    }
}
