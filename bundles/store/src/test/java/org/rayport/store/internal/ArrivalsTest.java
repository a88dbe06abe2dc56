package org.rayport.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.store.Arrivals;
import org.rayport.store.InvalidInstanceException;
import org.rayport.store.StoredInstance;

/**
 * Arrivals answered once durable, with their index entries trailing: all are indexed when the arrivals close, and a
 * store that stopped before an entry was made makes it at its next start. On H2 and PostgreSQL.
 */
public class ArrivalsTest extends OnStartedStore {

    private static final String POOL = "default";


    @Test
    public void everyArrivalIsIndexedWhenTheArrivalsClose() throws Exception {
        String study = TestInstances.uid();
        String series = TestInstances.uid();
        List<Attributes> sent = new ArrayList<>();
        List<StoredInstance> answered = new ArrayList<>();
        try (Arrivals arrivals = started.store.arrivals(POOL)) {
            for (int i = 1; i <= 40; i++) {
                Attributes ct = slice(study, series, i);
                sent.add(ct);
                answered.add(arrivals.store(StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                        new ByteArrayInputStream(StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))));
            }
        }

        assertEquals(40, started.store.instances(POOL, series).size());
        assertEquals("no marker outlives the index entry", List.of(), markers());
        for (int i = 0; i < sent.size(); i++) {
            String uid = sent.get(i).getString(Tags.SOP_INSTANCE_UID);
            assertEquals("the answer describes the instance as the index keeps it", answered.get(i),
                    started.store.find(POOL, uid).orElseThrow());
            try (InputStream in = started.store.openStream(POOL, uid)) {
                assertArrayEquals(StartedStore.encode(sent.get(i), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                        StartedStore.encode(Part10Reader.read(in).dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            }
        }
    }

    @Test
    public void anInstanceSentTwiceInOneAssociationKeepsTheSecondCopyOnly() throws Exception {
        String study = TestInstances.uid();
        String series = TestInstances.uid();
        Attributes first = slice(study, series, 1);
        Attributes again = slice(study, series, 2).toBuilder()
                .setString(Tags.SOP_INSTANCE_UID, first.getString(Tags.SOP_INSTANCE_UID)).build();
        try (Arrivals arrivals = started.store.arrivals(POOL)) {
            for (Attributes ct : List.of(slice(study, series, 3), first, again)) {
                arrivals.store(StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                        new ByteArrayInputStream(StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
            }
        }
        assertEquals(2, started.store.instances(POOL, series).size());
        assertEquals("the replaced copy's file is gone", 2, started.files().size());
        try (InputStream in = started.store.openStream(POOL, first.getString(Tags.SOP_INSTANCE_UID))) {
            assertEquals("2", Part10Reader.read(in).dataset().getString(Tags.INSTANCE_NUMBER));
        }
    }

    @Test
    public void aRefusedArrivalLeavesNothing() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        byte[] truncated = java.util.Arrays.copyOf(StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                2000);
        try (Arrivals arrivals = started.store.arrivals(POOL)) {
            assertThrows(InvalidInstanceException.class, () -> arrivals.store(
                    StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                    new ByteArrayInputStream(truncated)));
        }
        assertEquals("no file, no marker", List.of(), started.files());
        assertTrue(started.store.countsPerPool().isEmpty());
    }

    @Test
    public void theNextStartIndexesWhatAStopLeftUnindexed() throws Exception {
        String study = TestInstances.uid();
        String series = TestInstances.uid();
        Attributes plain = slice(study, series, 1);
        Attributes nameLost = slice(study, series, 2);
        Attributes alreadyIndexed = slice(study, series, 3);
        Attributes deflated = slice(study, series, 4);
        // As a crash leaves them: durable files with their markers, no index entries.
        EncryptedInstanceStore.Written first = write(plain, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        EncryptedInstanceStore.Written second = write(nameLost, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        write(deflated, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        Files.delete(Path.of(second.facts().filePath()));   // its name lost, its marker kept
        // An entry made whose marker's removal was lost.
        EncryptedInstanceStore.Written third = write(alreadyIndexed, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        started.store.index(third);
        Files.createLink(third.marker(), Path.of(third.facts().filePath()));
        // A marker whose file does not read back (damaged): set aside, not lost, and the start goes on.
        Path damaged = third.marker().resolveSibling(POOL + "+1.2.3.4+20240305+00ff-00ff.dcm.enc.unindexed");
        Files.write(damaged, TestInstances.pixels(5000, 9));
        assertTrue(started.store.find(POOL, plain.getString(Tags.SOP_INSTANCE_UID)).isEmpty());
        assertEquals(5, markers().size());

        started.store.close();
        EncryptedInstanceStore again = StartedStore.start(started.dataSource, started.storage, started.keyStore);
        try {
            assertEquals(4, again.instances(POOL, series).size());
            assertEquals(List.of(), markers());
            assertTrue(Files.exists(damaged.resolveSibling(damaged.getFileName() + ".unreadable")));
            assertEquals("each instance has one file, the damaged one is set aside", 5, started.files().size());
            assertEquals(first.asStored(), again.find(POOL, plain.getString(Tags.SOP_INSTANCE_UID)).orElseThrow());
            for (Attributes ct : List.of(plain, nameLost, alreadyIndexed)) {
                try (InputStream in = again.openStream(POOL, ct.getString(Tags.SOP_INSTANCE_UID))) {
                    assertArrayEquals(StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                            StartedStore.encode(Part10Reader.read(in).dataset(),
                                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
                }
            }
            assertEquals(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                    again.find(POOL, deflated.getString(Tags.SOP_INSTANCE_UID)).orElseThrow().transferSyntaxUid());
        } finally {
            again.close();
            database.close(started.dataSource);
            started = null;
        }
    }

    private EncryptedInstanceStore.Written write(Attributes ct, TransferSyntax syntax) throws Exception {
        return started.store.write(POOL, StartedStore.incoming(ct, syntax),
                new ByteArrayInputStream(StartedStore.encode(ct, syntax)));
    }

    private List<Path> markers() {
        return started.files().stream().filter(p -> p.getFileName().toString().endsWith(".unindexed"))
                .collect(Collectors.toList());
    }

    private static Attributes slice(String study, String series, int number) {
        byte[] pixels = TestInstances.pixels(128 * 128 * 2, number);
        return TestInstances.ct("Doe^Jane", "PID-1", study, LocalDate.of(2024, 3, 5), series, "CT", number)
                .setInt(Tags.SAMPLES_PER_PIXEL, 1)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, "MONOCHROME2")
                .setInt(Tags.ROWS, 128).setInt(Tags.COLUMNS, 128)
                .setInt(Tags.BITS_ALLOCATED, 16).setInt(Tags.BITS_STORED, 12).setInt(Tags.HIGH_BIT, 11)
                .setInt(Tags.PIXEL_REPRESENTATION, 0)
                .setBulkData(Tags.PIXEL_DATA, Vr.OW, BulkData.ofBytes(pixels))
                .build();
    }
}
