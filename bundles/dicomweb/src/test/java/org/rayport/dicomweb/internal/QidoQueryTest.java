package org.rayport.dicomweb.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rayport.store.Patient;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

public class QidoQueryTest {

    private static Map<String, List<String>> params(String... keysAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], List.of(keysAndValues[i + 1]));
        }
        return map;
    }

    private static QidoQuery study(String... keysAndValues) {
        return QidoQuery.parse(QidoQuery.Level.STUDY, params(keysAndValues));
    }

    private static DicomWebException refused(QidoQuery.Level level, String... keysAndValues) {
        try {
            QidoQuery.parse(level, params(keysAndValues));
        } catch (DicomWebException e) {
            assertEquals(400, e.getResponse().getStatus());
            return e;
        }
        fail("accepted " + List.of(keysAndValues));
        return null;
    }

    private static String body(DicomWebException e) {
        return new String((byte[]) e.getResponse().getEntity(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    public void keywordsAndTagsMapToTheIndexQuery() {
        StudyQuery byKeyword = study("PatientName", "Doe^J*", "PatientID", "P-1", "AccessionNumber", "A7",
                "ModalitiesInStudy", "CT", "limit", "20", "offset", "40").toStudyQuery(Set.of("default"));
        assertEquals("Doe^J", byKeyword.patientName());
        assertEquals("P-1", byKeyword.patientId());
        assertEquals("A7", byKeyword.accessionNumber());
        assertEquals("CT", byKeyword.modality());
        assertEquals(20, byKeyword.limit());
        assertEquals(40, byKeyword.offset());
        assertEquals(Set.of("default"), byKeyword.pools());

        StudyQuery byTag = study("00100010", "Doe^J*", "00100020", "P-1", "00080050", "A7", "00080060", "CT")
                .toStudyQuery(Set.of("default"));
        assertEquals(byKeyword.patientName(), byTag.patientName());
        assertEquals(byKeyword.patientId(), byTag.patientId());
        assertEquals(byKeyword.accessionNumber(), byTag.accessionNumber());
        assertEquals(byKeyword.modality(), byTag.modality());
    }

    @Test
    public void studyDatesAreSingleOrRangesWithOpenEnds() {
        QidoQuery single = study("StudyDate", "20240229");
        assertEquals(LocalDate.of(2024, 2, 29), single.studyDateFrom());
        assertEquals(LocalDate.of(2024, 2, 29), single.studyDateTo());
        QidoQuery range = study("StudyDate", "20240101-20241231");
        assertEquals(LocalDate.of(2024, 1, 1), range.studyDateFrom());
        assertEquals(LocalDate.of(2024, 12, 31), range.studyDateTo());
        QidoQuery from = study("00080020", "20240101-");
        assertEquals(LocalDate.of(2024, 1, 1), from.studyDateFrom());
        assertNull(from.studyDateTo());
        QidoQuery to = study("StudyDate", "-20240101");
        assertNull(to.studyDateFrom());
        assertEquals(LocalDate.of(2024, 1, 1), to.studyDateTo());
    }

    @Test
    public void wildcardsAndEmptyValuesMatchEverything() {
        QidoQuery all = study("PatientName", "*", "PatientID", "", "StudyDate", "");
        assertNull(all.patientName());
        assertNull(all.patientId());
        assertNull(all.studyDateFrom());
        assertEquals("a trailing * is the prefix itself", "MÜLLER", study("PatientName", "MÜLLER*").patientName());
        assertEquals("without * the value is a prefix too", "Doe", study("PatientName", "Doe").patientName());
    }

    @Test
    public void uidListsAndPagingDefaults() {
        QidoQuery query = study("StudyInstanceUID", "1.2.3,1.2.4\\1.2.5");
        assertEquals(Set.of("1.2.3", "1.2.4", "1.2.5"), query.studyUids());
        assertEquals(QidoQuery.DEFAULT_LIMIT, query.limit());
        assertEquals(0, query.offset());
        QidoQuery big = study("limit", "5000");
        assertEquals(StudyQuery.MAX_LIMIT, big.limit());
        assertTrue(big.limitLowered());
        QidoQuery instances = QidoQuery.parse(QidoQuery.Level.INSTANCE, params("SOPInstanceUID", "1.2.9",
                "SeriesInstanceUID", "1.2.8", "includefield", "00280010,NumberOfFrames", "fuzzymatching", "false"));
        assertEquals(Set.of("1.2.9"), instances.sopInstanceUids());
        assertEquals(Set.of("1.2.8"), instances.seriesUids());
    }

    @Test
    public void badKeysAndValuesAreRefusedNamingTheKey() {
        assertTrue(body(refused(QidoQuery.Level.STUDY, "PatientNmae", "x")).contains("PatientNmae"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "0010001X", "x")).contains("0010001X"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "StudyDate", "2024-01-01")).contains("\"field\":\"StudyDate\""));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "StudyDate", "20240230")).contains("not a valid date"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "StudyDate", "20241231-20240101")).contains("ends before"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "StudyInstanceUID", "1.2.abc")).contains("not a UID"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "PatientName", "D*e")).contains("trailing"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "limit", "0")).contains("\"field\":\"limit\""));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "offset", "-1")).contains("offset"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "includefield", "Nonsense")).contains("Nonsense"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "Modality", "ct")).contains("Modality"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "fuzzymatching", "maybe")).contains("fuzzymatching"));
        assertTrue("a real attribute the index does not match on",
                body(refused(QidoQuery.Level.STUDY, "StudyDescription", "x")).contains("not a matching key"));
        assertTrue("a study key at the series level",
                body(refused(QidoQuery.Level.SERIES, "PatientName", "x")).contains("series-level"));
        assertTrue(body(refused(QidoQuery.Level.STUDY, "00081110.00081150", "1.2")).contains("inside sequences"));
    }

    @Test
    public void studiesFoundByUidAreMatchedAsTheIndexWould() {
        StudyRecord doe = new StudyRecord("default", "1.2.3", new Patient("P-1", "Doe^Jane", null, "F"),
                LocalDate.of(2024, 3, 1), null, "", "A7", "", "", List.of("CT", "SR"), 2, 10, 100, Instant.EPOCH);
        assertTrue(study("PatientName", "doe jane*").matches(doe));
        assertTrue(study("PatientName", "DOE^").matches(doe));
        assertFalse(study("PatientName", "Doer").matches(doe));
        assertTrue(study("StudyDate", "20240101-20240301", "ModalitiesInStudy", "SR").matches(doe));
        assertFalse(study("StudyDate", "20240302-").matches(doe));
        assertFalse(study("Modality", "MR").matches(doe));
        assertFalse(study("PatientID", "P-2").matches(doe));
        assertTrue(study("AccessionNumber", "A7").matches(doe));
    }
}
