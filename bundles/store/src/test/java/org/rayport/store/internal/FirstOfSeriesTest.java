package org.rayport.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.LocalDate;

import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.store.FirstOfSeries;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.StoredInstance;

/**
 * {@code firstOfSeries}, the one query a series download makes before its first byte, on H2 and PostgreSQL: the same
 * first instance as the full listing (instance number, those without one last, then UID), its file read exactly as
 * {@code openStream} reads it under a read lease, and what happens to it after the look-up (replaced, deleted).
 */
public class FirstOfSeriesTest extends OnStartedStore {

    private static final String POOL = "default";

    private String study;
    private String series;
    private String base;

    @Before
    public void newSeries() {
        study = TestInstances.uid();
        series = TestInstances.uid();
        base = TestInstances.uid();
    }

    /** An instance of the series with the given SOP Instance UID suffix and instance number ("" for none). */
    private Attributes instance(String suffix, String number) throws Exception {
        Attributes ct = TestInstances.ct("Doe^Jane", "P1", study, LocalDate.of(2024, 1, 10), series, "CT", 1)
                .setString(Tags.SOP_INSTANCE_UID, base + "." + suffix)
                .setString(Tags.INSTANCE_NUMBER, number).build();
        started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return ct;
    }

    private FirstOfSeries first() {
        return started.store.firstOfSeries(POOL, series).orElseThrow();
    }

    @Test
    public void theFirstIsTheListingsFirstByNumberThenUidWithoutNumberLast() throws Exception {
        instance("9", "");
        instance("5", "3");
        instance("7", "2");
        instance("4", "2");
        assertEquals(base + ".4", first().instance().sopInstanceUid());
        assertEquals(started.store.instances(POOL, series).get(0), first().instance());
        assertEquals(started.store.instances(POOL, series).get(0), started.store.firstInstance(POOL, series)
                .orElseThrow());

        started.store.deleteInstance(POOL, base + ".4");
        started.store.deleteInstance(POOL, base + ".7");
        started.store.deleteInstance(POOL, base + ".5");
        StoredInstance unnumbered = first().instance();
        assertEquals("an instance without a number comes last, and first when it is alone", base + ".9",
                unnumbered.sopInstanceUid());
        assertNull(unnumbered.instanceNumber());
        assertEquals(started.store.instances(POOL, series).get(0), unnumbered);
    }

    @Test
    public void anUnknownEmptiedOrOtherPoolsSeriesHasNoFirst() throws Exception {
        assertTrue(started.store.firstOfSeries(POOL, series).isEmpty());
        instance("1", "1");
        assertTrue("another pool's series", started.store.firstOfSeries("other", series).isEmpty());
        assertEquals(1, started.store.deleteSeries(POOL, series).instances());
        assertTrue("the series' last instance was deleted", started.store.firstOfSeries(POOL, series).isEmpty());
        assertTrue(started.store.firstInstance(POOL, series).isEmpty());
    }

    @Test
    public void theFirstReadsAsOpenStreamUnderALease() throws Exception {
        instance("1", "1");
        instance("2", "2");
        FirstOfSeries first = first();
        byte[] alone;
        try (InputStream in = started.store.openStream(POOL, base + ".1")) {
            alone = in.readAllBytes();
        }
        try (InputStream in = first.openStream()) {
            assertArrayEquals(alone, in.readAllBytes());
            assertEquals("a file being read is not deleted", 1,
                    started.store.deleteSeries(POOL, series).skippedInUse());
            assertEquals(base + ".1", first().instance().sopInstanceUid());
        }
        assertEquals("the lease was released", 1, started.store.deleteSeries(POOL, series).instances());
        assertEquals(0, started.files().size());
    }

    @Test
    public void aFirstReplacedAfterTheLookUpReadsAsItsNewCopy() throws Exception {
        Attributes one = instance("1", "1");
        instance("2", "2");
        FirstOfSeries first = first();
        started.store(POOL, one.toBuilder().setString(Tags.PATIENT_NAME, "Doe^Jane^Replaced").build(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (InputStream in = first.openStream()) {
            assertEquals("Doe^Jane^Replaced", Part10Reader.read(new ByteArrayInputStream(in.readAllBytes()))
                    .dataset().getString(Tags.PATIENT_NAME));
        }
    }

    @Test
    public void aFirstReplacedWhileAnOlderReaderHoldsItReadsAsItsNewCopy() throws Exception {
        Attributes one = instance("1", "1");
        FirstOfSeries first = first();
        try (InputStream older = started.store.openStream(POOL, base + ".1")) {
            started.store(POOL, one.toBuilder().setString(Tags.PATIENT_NAME, "Doe^Jane^Replaced").build(),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertEquals("the old file stays for its reader", 2, started.files().size());
            try (InputStream in = first.openStream()) {
                assertEquals("Doe^Jane^Replaced", Part10Reader.read(new ByteArrayInputStream(in.readAllBytes()))
                        .dataset().getString(Tags.PATIENT_NAME));
            }
            assertEquals("Doe^Jane", Part10Reader.read(new ByteArrayInputStream(older.readAllBytes())).dataset()
                    .getString(Tags.PATIENT_NAME));
        }
        assertEquals("the old file went with its last reader", 1, started.files().size());
    }

    @Test
    public void aFirstDeletedAfterTheLookUpIsNotFound() throws Exception {
        instance("1", "1");
        instance("2", "2");
        FirstOfSeries first = first();
        assertEquals(1, started.store.deleteInstance(POOL, base + ".1").instances());
        assertThrows(InstanceNotFoundException.class, first::openStream);
        assertEquals(base + ".2", first().instance().sopInstanceUid());
    }
}
