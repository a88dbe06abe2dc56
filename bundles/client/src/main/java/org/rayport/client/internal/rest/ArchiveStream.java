package org.rayport.client.internal.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.ws.rs.core.StreamingOutput;

import org.rayport.client.internal.TransferChoice;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.codec.Transcoder;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.store.FirstOfSeries;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InstanceStore;
import org.rayport.store.OpenInstance;
import org.rayport.store.StoredFiles;
import org.rayport.store.StoredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ZIP of instances, one entry {@code series/sop.dcm} each, in the syntax {@link TransferChoice} picks for each,
 * written while the store is read. Stored files are copied as they are decrypted. Transcoding is what costs: the
 * next few instances are encoded on the encoder threads while the current one is written, so that every core works
 * on one download. Only instances of at most {@link #READ_AHEAD_LIMIT} bytes as stored are encoded ahead, into
 * memory; larger ones (big multi-frame objects) are encoded frame by frame straight into their entry.
 *
 * <p>Entries in a lossy JPEG syntax are deflated at level 0 (stored blocks): deflating them again costs more CPU than
 * it saves bytes. Everything else is deflated at the fastest level: uncompressed data sets shrink, and so does JPEG
 * Lossless, whose Huffman codes spend at least a bit on every pixel of a flat background (measured with
 * scripts/bench-client.sh: 44 percent fewer bytes for the ankle CT series).
 */
final class ArchiveStream implements StreamingOutput {

    /** Instances larger than this as stored are transcoded on the writing thread, never held in memory. */
    static final long READ_AHEAD_LIMIT = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveStream.class);

    private static final Set<String> LOSSY = Set.of(TransferSyntax.JPEG_BASELINE.uid(),
            TransferSyntax.JPEG_EXTENDED.uid(), TransferSyntax.JPEG_LS_NEAR_LOSSLESS.uid(),
            TransferSyntax.JPEG_2000.uid());

    /** What the writer does with one instance; {@code encoded} is null when the stored file is copied. */
    private record Prepared(ZipEntry entry, String sop, TransferSyntax target, byte[] encoded, boolean transcodeHere,
                            boolean deleted) {
    }

    private final InstanceStore store;
    private final ExecutorService encoders;
    private final int ahead;
    private final String pool;
    private final FirstOfSeries firstFile;
    private final StoredInstance first;
    private final Supplier<List<StoredInstance>> all;
    private final TransferChoice.Transfer requested;
    private final boolean allowJpeg;
    /** Whether the first entry was begun; only the writing thread touches it. */
    private boolean started;

    /**
     * @param first the instance the archive begins with (the first of {@code all} when the request was answered), with
     *              its file located already
     * @param all   lists every instance, {@code first} included, in archive order; asked once, after the first entry's
     *              header went out, so that the response does not wait for the index to list a large series
     */
    ArchiveStream(InstanceStore store, ExecutorService encoders, int ahead, String pool, FirstOfSeries first,
                  Supplier<List<StoredInstance>> all, TransferChoice.Transfer requested, boolean allowJpeg) {
        this.store = store;
        this.encoders = encoders;
        this.ahead = ahead;
        this.pool = pool;
        this.firstFile = first;
        this.first = first.instance();
        this.all = all;
        this.requested = requested;
        this.allowJpeg = allowJpeg;
    }

    /**
     * The first entry's header goes out, flushed, before anything else is read: before the rest of the series is
     * listed and before the first instance is encoded (which then runs on an encoder thread). A read lease on the
     * first instance, taken before its header, keeps it from being deleted between its header and its data; if it is
     * gone already, it is left out as any other.
     */
    @Override
    public void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        boolean transcoding = requested != TransferChoice.Transfer.ORIGINAL;
        Deque<Future<Prepared>> window = new ArrayDeque<>();
        try {
            InputStream firstData = openFirstOrNull();
            try {
                if (firstData != null) {
                    zip.setLevel(levelFor(TransferSyntax.of(first.transferSyntaxUid())));
                    putEntry(zip, entryOf(first));
                } else {
                    leftOut(first.sopInstanceUid());
                }
                // Only now: on two cores, an encoder opening and parsing the first instance would share the CPU with
                // the header's way out.
                if (transcoding) {
                    window.add(encoders.submit(() -> prepare(first)));
                }
                List<StoredInstance> others = othersThanFirst();
                if (transcoding) {
                    writeTranscoded(zip, window, others, firstData);
                } else {
                    if (firstData != null) {
                        copy(firstData, zip);
                        zip.closeEntry();
                        firstData.close();
                    }
                    StoredFiles files = store.files(pool, others.stream().map(StoredInstance::sopInstanceUid).toList());
                    for (StoredInstance instance : others) {
                        copyStored(zip, files, entryOf(instance), instance.sopInstanceUid(),
                                instance.transferSyntaxUid());
                    }
                }
            } finally {
                if (firstData != null) {
                    firstData.close();
                }
            }
            zip.finish();
            zip.flush();
        } finally {
            // The client went away or an instance failed: the encodings ahead are of no use any more.
            for (Future<Prepared> pending : window) {
                pending.cancel(true);
            }
        }
    }

    private InputStream openFirstOrNull() throws IOException {
        try {
            return firstFile.openStream();
        } catch (InstanceNotFoundException deletedMeanwhile) {
            return null;
        }
    }

    /** Every instance but the first, in archive order, as the index lists them now. */
    private List<StoredInstance> othersThanFirst() {
        List<StoredInstance> others = new ArrayList<>(all.get());
        others.removeIf(instance -> instance.sopInstanceUid().equals(first.sopInstanceUid()));
        return others;
    }

    /**
     * {@code window} holds the first instance's encoding; {@code firstLease} is open when the first entry's header is
     * written (null: the first instance is left out), and is closed once that entry is complete.
     */
    private void writeTranscoded(ZipOutputStream zip, Deque<Future<Prepared>> window, List<StoredInstance> others,
                                 InputStream firstLease) throws IOException {
        int next = 0;
        boolean firstDone = false;
        while (next < others.size() || !window.isEmpty()) {
            while (next < others.size() && window.size() < ahead) {
                StoredInstance instance = others.get(next++);
                window.add(encoders.submit(() -> prepare(instance)));
            }
            Prepared prepared = await(window.peek());
            window.poll();
            if (!firstDone) {
                firstDone = true;
                if (firstLease == null) {
                    continue;
                }
                writePrepared(zip, prepared, true);
                firstLease.close();
            } else {
                writePrepared(zip, prepared, false);
            }
        }
    }

    /** Writes one entry; {@code begun}: its header is already written. */
    private void writePrepared(ZipOutputStream zip, Prepared prepared, boolean begun) throws IOException {
        if (prepared.deleted()) {
            leftOut(prepared.sop());
            if (begun) {
                zip.closeEntry();
            }
        } else if (prepared.encoded() != null) {
            zip.setLevel(levelFor(prepared.target()));
            if (!begun) {
                putEntry(zip, prepared.entry());
            }
            zip.write(prepared.encoded());
            zip.closeEntry();
        } else if (prepared.transcodeHere()) {
            transcodeInto(zip, prepared, begun);
        } else if (begun) {
            // As stored, and the lease's stream is not at hand here: read it afresh (its header already written).
            try (InputStream in = store.openStream(pool, prepared.sop())) {
                copy(in, zip);
            } catch (InstanceNotFoundException deletedMeanwhile) {
                leftOut(prepared.sop());
            }
            zip.closeEntry();
        } else {
            copyStored(zip, sop -> store.openStream(pool, sop), prepared.entry(), prepared.sop(),
                    prepared.target().uid());
        }
    }

    /** Runs on an encoder thread: decides the syntax and, for instances small enough, encodes into memory. */
    private Prepared prepare(StoredInstance instance) throws IOException {
        ZipEntry entry = entryOf(instance);
        String sop = instance.sopInstanceUid();
        try (OpenInstance open = store.open(pool, sop)) {
            DicomFile file = open.file();
            TransferSyntax target = choose(file);
            if (target.uid().equals(file.transferSyntax().uid())) {
                return new Prepared(entry, sop, target, null, false, false);
            }
            if (open.instance().sizeBytes() > READ_AHEAD_LIMIT) {
                return new Prepared(entry, sop, target, null, true, false);
            }
            ByteArrayOutputStream encoded = new ByteArrayOutputStream((int) Math.max(64 * 1024,
                    open.instance().sizeBytes() / 2));
            transcode(file, target, sop, encoded);
            return new Prepared(entry, sop, target, encoded.toByteArray(), false, false);
        } catch (InstanceNotFoundException deletedMeanwhile) {
            return new Prepared(entry, sop, null, null, false, true);
        }
    }

    private void transcodeInto(ZipOutputStream zip, Prepared prepared, boolean begun) throws IOException {
        try (OpenInstance open = store.open(pool, prepared.sop())) {
            zip.setLevel(levelFor(prepared.target()));
            if (!begun) {
                putEntry(zip, prepared.entry());
            }
            transcode(open.file(), prepared.target(), prepared.sop(), zip);
            zip.closeEntry();
        } catch (InstanceNotFoundException deletedMeanwhile) {
            leftOut(prepared.sop());
            if (begun) {
                zip.closeEntry();
            }
        }
    }

    private TransferSyntax choose(DicomFile file) {
        try {
            return TransferChoice.choose(requested, file.transferSyntax(), TransferChoice.Pixels.of(file.dataset()),
                    allowJpeg);
        } catch (TransferChoice.LossyNotAllowed checkedBeforeStreaming) {
            throw new IllegalStateException(checkedBeforeStreaming);
        }
    }

    private void transcode(DicomFile file, TransferSyntax target, String sop, OutputStream out) throws IOException {
        try {
            Transcoder.to(target).write(file.dataset(), file.transferSyntax(), out);
        } catch (PixelDataException e) {
            LOG.warn("Instance {} of pool {} could not be archived as {}: {}", sop, pool, target.name(),
                    e.getMessage());
            throw e;
        }
    }

    private void copyStored(ZipOutputStream zip, StoredFiles files, ZipEntry entry, String sop, String syntaxUid)
            throws IOException {
        try (InputStream in = files.openStream(sop)) {
            zip.setLevel(levelFor(TransferSyntax.of(syntaxUid)));
            putEntry(zip, entry);
            copy(in, zip);
            zip.closeEntry();
        } catch (InstanceNotFoundException deletedMeanwhile) {
            leftOut(sop);
        }
    }

    /** The store's stream writes whole decrypted segments into the entry (no copy buffer of ours). */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }

    /**
     * Starts an entry; after the first one's header the stream is flushed, which makes the servlet container send the
     * status line and headers with it instead of when its buffer first fills (tens of KiB later, or after the first
     * transcoding). A flush before anything was written commits nothing: CXF opens the response on the first write.
     */
    private void putEntry(ZipOutputStream zip, ZipEntry entry) throws IOException {
        zip.putNextEntry(entry);
        if (!started) {
            started = true;
            zip.flush();
        }
    }

    private static Prepared await(Future<Prepared> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while an archive entry was encoded");
        } catch (CancellationException e) {
            throw new IOException("the encoding of an archive entry was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private void leftOut(String sop) {
        LOG.debug("Instance {} of pool {} left out of the archive: deleted while it was written", sop, pool);
    }

    private static ZipEntry entryOf(StoredInstance instance) {
        return new ZipEntry(ClientPoolsResource.safeFileName(instance.seriesInstanceUid()) + "/"
                + ClientPoolsResource.safeFileName(instance.sopInstanceUid()) + ".dcm");
    }

    /** Lossy JPEG leaves deflate nothing to gain; lossless codecs' flat regions and uncompressed data still shrink. */
    private static int levelFor(TransferSyntax syntax) {
        return LOSSY.contains(syntax.uid()) ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED;
    }
}
