package org.rayport.client.internal.rest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.After;
import org.junit.Test;
import org.rayport.client.internal.TransferChoice;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.store.Deletion;
import org.rayport.store.FirstOfSeries;
import org.rayport.store.IncomingInstance;
import org.rayport.store.InstanceStore;
import org.rayport.store.OpenInstance;
import org.rayport.store.StoredInstance;

/**
 * The archive's first bytes: the first entry's local file header is flushed to the response before the series is
 * listed and before the first instance is read or encoded. Shown by content: the store below lets nobody read the
 * first instance (and the listing records what was flushed when it was asked) until the header has been flushed; an
 * archive that waited for the entry's data first would fail with the store's message instead of completing. The
 * store keeps real Part 10 bytes in memory (the encrypted store needs the OSGi container; its own tests and the
 * itests cover it); encoding is the real transcoder.
 */
public class ArchiveStreamTest {

    private static final String SERIES = "1.2.826.0.1.3680043.10.1.2";
    private static final Duration GATE = Duration.ofSeconds(60);

    private final ExecutorService encoders = Executors.newFixedThreadPool(2);

    @After
    public void stop() {
        encoders.shutdownNow();
    }

    @Test
    public void asStoredTheFirstHeaderIsSentBeforeTheListingAndTheFirstFile() throws Exception {
        checkFirstHeaderComesFirst(TransferChoice.Transfer.ORIGINAL);
    }

    @Test
    public void losslessTheFirstHeaderIsSentBeforeTheFirstEncoding() throws Exception {
        checkFirstHeaderComesFirst(TransferChoice.Transfer.LOSSLESS);
    }

    @Test
    public void jpegTheFirstHeaderIsSentBeforeTheFirstEncoding() throws Exception {
        checkFirstHeaderComesFirst(TransferChoice.Transfer.JPEG);
    }

    private void checkFirstHeaderComesFirst(TransferChoice.Transfer transfer) throws Exception {
        GatedStore store = new GatedStore();
        List<StoredInstance> instances = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            instances.add(store.add(SERIES + "." + i, i));
        }
        String firstName = SERIES + "/" + SERIES + ".1.dcm";
        HeaderWatch out = new HeaderWatch(firstName, store.firstHeaderFlushed);
        boolean[] headerBeforeListing = new boolean[1];
        ArchiveStream archive = new ArchiveStream(store, encoders, 3, "default",
                store.firstOfSeries("default", SERIES).orElseThrow(), () -> {
            headerBeforeListing[0] = store.firstHeaderFlushed.getCount() == 0;
            return instances;
        }, transfer, true);

        archive.write(out);

        assertTrue("the series was listed before the first entry's header was flushed", headerBeforeListing[0]);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                names.add(entry.getName());
                byte[] content = zip.readAllBytes();
                String sop = entry.getName().substring(SERIES.length() + 1, entry.getName().length() - 4);
                DicomFile file = Part10Reader.read(new ByteArrayInputStream(content));
                assertEquals(sop, file.dataset().getString(Tags.SOP_INSTANCE_UID));
                if (transfer == TransferChoice.Transfer.ORIGINAL) {
                    assertArrayEquals(entry.getName(), store.files.get(sop), content);
                } else {
                    assertEquals(entry.getName(), transfer == TransferChoice.Transfer.LOSSLESS
                                    ? TransferSyntax.JPEG_LOSSLESS_SV1.uid() : TransferSyntax.JPEG_EXTENDED.uid(),
                            file.transferSyntax().uid());
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (StoredInstance instance : instances) {
            expected.add(SERIES + "/" + instance.sopInstanceUid() + ".dcm");
        }
        assertEquals(expected, names);
        assertEquals("read leases left open", 0, store.open[0]);
    }

    /** Records what is written; counts the latch down at the first flush that carries the first local header whole. */
    private static final class HeaderWatch extends ByteArrayOutputStream {
        private final byte[] name;
        private final CountDownLatch flushed;

        HeaderWatch(String firstName, CountDownLatch flushed) {
            this.name = firstName.getBytes(StandardCharsets.UTF_8);
            this.flushed = flushed;
        }

        @Override
        public synchronized void flush() {
            int headerLength = 30 + name.length;
            if (count >= headerLength && buf[0] == 'P' && buf[1] == 'K' && buf[2] == 3 && buf[3] == 4
                    && Arrays.equals(buf, 30, headerLength, name, 0, name.length)) {
                flushed.countDown();
            }
        }
    }

    /**
     * Real Part 10 files in memory; the first instance's content (its stream's bytes, its parsed file) is handed out
     * only once the first header was flushed.
     */
    private static final class GatedStore implements InstanceStore {
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final CountDownLatch firstHeaderFlushed = new CountDownLatch(1);
        final int[] open = new int[1];
        private String first;
        private StoredInstance firstInstance;

        StoredInstance add(String sop, int number) throws IOException {
            byte[] pixels = new byte[64 * 64 * 2];
            for (int i = 0; i < pixels.length; i += 2) {
                pixels[i] = (byte) (i * 7);
                pixels[i + 1] = (byte) ((i / 128) & 0x0F);
            }
            Attributes dataset = Attributes.builder()
                    .setString(Tags.SOP_CLASS_UID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2")
                    .setString(Tags.SOP_INSTANCE_UID, Vr.UI, sop)
                    .setString(Tag.named("SeriesInstanceUID"), Vr.UI, SERIES)
                    .setInt(Tag.named("InstanceNumber"), Vr.IS, number)
                    .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                    .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                    .setInt(Tag.named("Rows"), Vr.US, 64).setInt(Tag.named("Columns"), Vr.US, 64)
                    .setInt(Tag.named("BitsAllocated"), Vr.US, 16).setInt(Tag.named("BitsStored"), Vr.US, 12)
                    .setInt(Tag.named("HighBit"), Vr.US, 11).setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                    .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels).build();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(dataset, file);
            files.put(sop, file.toByteArray());
            StoredInstance stored = new StoredInstance("default", "1.2.3", SERIES, sop, "1.2.840.10008.5.1.4.1.1.2",
                    number, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), file.size(), file.size(), Instant.now());
            if (first == null) {
                first = sop;
                firstInstance = stored;
            }
            return stored;
        }

        @Override
        public Optional<FirstOfSeries> firstOfSeries(String poolId, String seriesInstanceUid) {
            if (firstInstance == null || !seriesInstanceUid.equals(SERIES)) {
                return Optional.empty();
            }
            return Optional.of(new FirstOfSeries() {
                @Override
                public StoredInstance instance() {
                    return firstInstance;
                }

                @Override
                public InputStream openStream() {
                    return GatedStore.this.openStream(poolId, first);
                }
            });
        }

        private void awaitHeaderIfFirst(String sop) throws IOException {
            if (!sop.equals(first)) {
                return;
            }
            try {
                if (!firstHeaderFlushed.await(GATE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("the first instance was read before its entry's header was flushed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public OpenInstance open(String poolId, String sop) throws IOException {
            awaitHeaderIfFirst(sop);
            DicomFile file = Part10Reader.read(new ByteArrayInputStream(files.get(sop)));
            StoredInstance stored = new StoredInstance(poolId, "1.2.3", SERIES, sop, "1.2.840.10008.5.1.4.1.1.2",
                    null, file.transferSyntax().uid(), files.get(sop).length, files.get(sop).length, Instant.now());
            synchronized (open) {
                open[0]++;
            }
            return new OpenInstance() {
                private boolean closed;

                @Override
                public StoredInstance instance() {
                    return stored;
                }

                @Override
                public DicomFile file() {
                    return file;
                }

                @Override
                public void close() {
                    release(closed);
                    closed = true;
                }
            };
        }

        @Override
        public InputStream openStream(String poolId, String sop) {
            synchronized (open) {
                open[0]++;
            }
            return new ByteArrayInputStream(files.get(sop)) {
                private boolean closed;

                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    try {
                        awaitHeaderIfFirst(sop);
                    } catch (IOException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    return super.read(b, off, len);
                }

                @Override
                public void close() {
                    release(closed);
                    closed = true;
                }
            };
        }

        private void release(boolean alreadyClosed) {
            if (!alreadyClosed) {
                synchronized (open) {
                    open[0]--;
                }
            }
        }

        @Override
        public StoredInstance store(String poolId, IncomingInstance instance, InputStream dataSet) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public StoredInstance importFile(String poolId, Path part10File) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public Optional<StoredInstance> find(String poolId, String sopInstanceUid) {
            throw new UnsupportedOperationException("not used by the archive");
        }

        @Override
        public Deletion deleteInstance(String poolId, String sopInstanceUid) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public Deletion deleteSeries(String poolId, String seriesInstanceUid) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public Deletion deleteStudy(String poolId, String studyInstanceUid) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public Deletion deleteOlderThan(String poolId, Duration age) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public Deletion deleteOldestUntilFree(long bytes) {
            throw new UnsupportedOperationException("read only");
        }
    }
}
