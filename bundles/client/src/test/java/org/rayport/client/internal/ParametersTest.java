package org.rayport.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.Set;

import org.junit.Test;
import org.rayport.store.StudyQuery;

public class ParametersTest {

    private static StudyQuery search(String patientName, String from, String to, String modality, String sort,
                                     String order, String offset, String limit) {
        return Parameters.studySearch(Set.of("default", "er"), patientName, "PID-1", "ACC-9", from, to, modality, sort,
                order, offset, limit);
    }

    private static void assertRefused(String parameter, String messagePart, Runnable call) {
        try {
            call.run();
            fail("accepted, expected a refusal of " + parameter);
        } catch (InvalidParameter refused) {
            assertEquals(refused.getMessage(), parameter, refused.parameter());
            assertTrue(refused.getMessage(), refused.getMessage().contains(messagePart));
        }
    }

    @Test
    public void everyParameterGoesIntoTheQuery() {
        StudyQuery q = search(" doe^jane ", "2024-01-01", "2024-12-31", "ct", "patientName", "asc", "50", "25");
        assertEquals(Set.of("default", "er"), q.pools());
        assertEquals("doe^jane", q.patientName());
        assertEquals("PID-1", q.patientId());
        assertEquals("ACC-9", q.accessionNumber());
        assertEquals(LocalDate.of(2024, 1, 1), q.studyDateFrom());
        assertEquals(LocalDate.of(2024, 12, 31), q.studyDateTo());
        assertEquals("CT", q.modality());
        assertEquals(StudyQuery.Sort.PATIENT_NAME, q.sort());
        assertFalse(q.descending());
        assertEquals(50, q.offset());
        assertEquals(25, q.limit());
    }

    @Test
    public void absentAndEmptyParametersTakeTheDefaults() {
        StudyQuery q = search("", null, " ", null, null, null, null, "");
        assertNull(q.patientName());
        assertNull(q.studyDateFrom());
        assertNull(q.studyDateTo());
        assertNull(q.modality());
        assertEquals(StudyQuery.Sort.STUDY_DATE, q.sort());
        assertTrue("newest first", q.descending());
        assertEquals(0, q.offset());
        assertEquals(Parameters.DEFAULT_LIMIT, q.limit());
        for (String[] sort : new String[][] {{"studyDate", "STUDY_DATE"}, {"patientId", "PATIENT_ID"},
                {"accessionNumber", "ACCESSION_NUMBER"}, {"lastReceived", "LAST_RECEIVED"}}) {
            assertEquals(sort[1], search(null, null, null, null, sort[0], "desc", null, null).sort().name());
        }
    }

    @Test
    public void malformedParametersAreRefusedByName() {
        assertRefused("from", "YYYY-MM-DD", () -> search(null, "20240101", null, null, null, null, null, null));
        assertRefused("from", "YYYY-MM-DD", () -> search(null, "2024-02-30", null, null, null, null, null, null));
        assertRefused("to", "YYYY-MM-DD", () -> search(null, null, "yesterday", null, null, null, null, null));
        assertRefused("to", "before", () -> search(null, "2024-05-01", "2024-04-30", null, null, null, null, null));
        assertRefused("limit", "1..1000", () -> search(null, null, null, null, null, null, null, "0"));
        assertRefused("limit", "1..1000", () -> search(null, null, null, null, null, null, null, "1001"));
        assertRefused("limit", "whole number", () -> search(null, null, null, null, null, null, null, "ten"));
        assertRefused("offset", "0..", () -> search(null, null, null, null, null, null, "-1", null));
        assertRefused("offset", "whole number", () -> search(null, null, null, null, null, null,
                "99999999999999999999", null));
        assertRefused("sort", "studyDate", () -> search(null, null, null, null, "size", null, null, null));
        assertRefused("order", "asc or desc", () -> search(null, null, null, null, null, "up", null, null));
        assertRefused("modality", "modality code", () -> search(null, null, null, "C*T", null, null, null, null));
        assertRefused("patientName", "200", () -> search("x".repeat(201), null, null, null, null, null, null, null));
    }

    @Test
    public void limitsAreInclusive() {
        assertEquals(1, search(null, null, null, null, null, null, null, "1").limit());
        assertEquals(1000, search(null, null, null, null, null, null, null, "1000").limit());
        assertEquals(LocalDate.of(2024, 2, 29), Parameters.date("from", "2024-02-29"));
    }

    @Test
    public void numbersForWindows() {
        assertTrue(Double.isNaN(Parameters.number("windowCenter", null)));
        assertEquals(-600.5, Parameters.number("windowCenter", "-600.5"), 0);
        assertRefused("windowWidth", "number", () -> Parameters.number("windowWidth", "wide"));
        assertRefused("windowWidth", "number", () -> Parameters.number("windowWidth", "NaN"));
        assertRefused("windowWidth", "number", () -> Parameters.number("windowWidth", "Infinity"));
    }
}
