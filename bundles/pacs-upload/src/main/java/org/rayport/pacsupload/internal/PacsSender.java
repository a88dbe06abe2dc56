package org.rayport.pacsupload.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.licensing.LicensedModule;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InstanceStore;
import org.rayport.store.OpenInstance;
import org.rayport.store.StoredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queue's due entries to the PACS by C-STORE, one association per batch, on one thread of its own. It
 * lives only while the {@code pacs-upload} module is licensed (a mandatory reference to that
 * {@link LicensedModule}): without the licence nothing is sent and the entries wait in the queue.
 * <p>
 * Each batch proposes one presentation context per SOP class and transfer syntax found in the store; an
 * uncompressed instance may also go as explicit or implicit little endian (re-encoded on the fly), a compressed one
 * only in its own syntax. The PACS's answer is recorded per entry: SENT with the time, or the error and the next
 * attempt (growing delays, see {@link RetryPolicy}); an entry whose instance was deleted fails at once with that
 * reason. An entry being sent when the server stops stays pending and is sent again after the start: a PACS takes a
 * second copy of the same SOP Instance UID as a replacement.
 * <p>
 * Registered as a service of its own class only so that the running server shows whether the sender is active
 * (tests, {@code scr:list}); nothing uses it.
 */
@Component(service = PacsSender.class, immediate = true, configurationPid = PacsUploadConfig.PID)
public class PacsSender {

    private static final Logger LOG = LoggerFactory.getLogger(PacsSender.class);
    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    /** Presentation context IDs are odd numbers 1 to 255. */
    private static final int MAX_CONTEXTS = 128;
    private static final long MAX_PDU = 16384;
    /** The longest sleep between looks at the queue, should a wake-up be missed (another server's submission). */
    private static final Duration LONGEST_IDLE = Duration.ofMinutes(1);

    private final JpaPacsUpload queue;
    private final InstanceStore store;
    private final PacsUploadConfig config;
    private final RetryPolicy retry;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;

    @Activate
    public PacsSender(
            @Reference(target = "(" + LicensedModule.MODULE_PROPERTY + "=" + LicensedModule.PACS_UPLOAD + ")")
            LicensedModule licence,
            @Reference JpaPacsUpload queue, @Reference InstanceStore store, PacsUploadConfig config) {
        this(queue, store, config, Clock.systemUTC());
        if (config.pacsHost().isBlank()) {
            LOG.warn("PACS upload is licensed but no PACS is configured: set pacsHost of {}; entries wait in the"
                    + " queue", PacsUploadConfig.PID);
        } else {
            start();
        }
    }

    PacsSender(JpaPacsUpload queue, InstanceStore store, PacsUploadConfig config, Clock clock) {
        this.queue = queue;
        this.store = store;
        this.config = config;
        this.retry = RetryPolicy.of(config);
        this.clock = clock;
        AeTitle.of(config.calledAeTitle());
        AeTitle.of(config.callingAeTitle());
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this::run, "rayport-pacs-upload");
        thread.setDaemon(true);
        thread.start();
        LOG.info("PACS upload sends to {} as {}", where(), config.callingAeTitle());
    }

    @Deactivate
    synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(config.timeoutSeconds() + 5L).toMillis());
            thread = null;
        }
    }

    private void run() {
        while (running) {
            long seen = queue.workVersion();
            Duration wait;
            try {
                wait = sendDue();
            } catch (RuntimeException e) {
                LOG.warn("PACS upload: the queue could not be worked on: {}", e.toString());
                wait = Duration.ofSeconds(10);
            }
            try {
                queue.awaitWork(seen, wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Sends every entry due now, batch after batch.
     *
     * @return how long until the next pending entry is due (at most a minute)
     */
    Duration sendDue() {
        while (!Thread.currentThread().isInterrupted()) {
            List<UploadEntry> due = queue.due(Math.max(1, config.batchSize()));
            if (due.isEmpty() || sendBatch(due) == 0) {
                break;
            }
        }
        Instant now = clock.instant();
        Optional<Instant> next = queue.nextDue();
        if (next.isEmpty()) {
            return LONGEST_IDLE;
        }
        Duration wait = Duration.between(now, next.get());
        if (wait.isNegative() || wait.isZero()) {
            return Duration.ofMillis(1);
        }
        return wait.compareTo(LONGEST_IDLE) > 0 ? LONGEST_IDLE : wait;
    }

    /** One instance to send and the context proposed for it. */
    private record Item(UploadEntry entry, StoredInstance stored, int contextId) {
    }

    /** @return how many entries were settled (sent, or recorded as failed) */
    int sendBatch(List<UploadEntry> entries) {
        Map<String, PresentationContext> contexts = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        int settled = 0;
        for (UploadEntry entry : entries) {
            Optional<StoredInstance> stored = store.find(entry.poolId(), entry.sopInstanceUid());
            if (stored.isEmpty()) {
                queue.markFailed(entry.id(), deleted(entry));
                settled++;
                continue;
            }
            StoredInstance instance = stored.get();
            String key = instance.sopClassUid() + "|" + instance.transferSyntaxUid();
            PresentationContext context = contexts.get(key);
            if (context == null) {
                if (contexts.size() == MAX_CONTEXTS) {
                    continue;
                }
                context = new PresentationContext(contexts.size() * 2 + 1, instance.sopClassUid(),
                        transferSyntaxes(instance.transferSyntaxUid()));
                contexts.put(key, context);
            }
            items.add(new Item(entry, instance, context.id()));
        }
        if (items.isEmpty()) {
            return settled;
        }
        Association association;
        try {
            association = Association.request(address(), new AssociateRequest(AeTitle.of(config.calledAeTitle()),
                    AeTitle.of(config.callingAeTitle()), List.copyOf(contexts.values()),
                    UserInformation.of(MAX_PDU, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID,
                            Uids.RAYPORT_IMPLEMENTATION_VERSION_NAME)), timeout(), null);
        } catch (IOException | RuntimeException failed) {
            String error = explain(failed);
            LOG.info("PACS upload: {} ({} entries wait)", error, items.size());
            items.forEach(item -> queue.markAttemptFailed(item.entry().id(), error, retry));
            return settled + items.size();
        }
        int messageId = 1;
        try (association) {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (Thread.currentThread().isInterrupted()) {
                    association.abort();
                    return settled;
                }
                if (association.transferSyntax(item.contextId()).isEmpty()) {
                    queue.markAttemptFailed(item.entry().id(), "The PACS at " + where() + " accepts no "
                            + item.stored().sopClassUid() + " in " + TransferSyntax.of(item.stored().transferSyntaxUid())
                            + " (presentation context rejected)", retry);
                    settled++;
                    continue;
                }
                OpenInstance open;
                try {
                    open = store.open(item.entry().poolId(), item.entry().sopInstanceUid());
                } catch (InstanceNotFoundException gone) {
                    queue.markFailed(item.entry().id(), deleted(item.entry()));
                    settled++;
                    continue;
                } catch (IOException unreadable) {
                    queue.markAttemptFailed(item.entry().id(), "The stored instance cannot be read: "
                            + unreadable.getMessage(), retry);
                    settled++;
                    continue;
                }
                int status;
                try (open) {
                    status = Storage.store(association, open.file(), messageId++);
                } catch (IOException broken) {
                    String error = "The exchange with the PACS at " + where() + " broke off: " + broken.getMessage();
                    LOG.info("PACS upload: {}", error);
                    association.abort();
                    for (Item unsent : items.subList(i, items.size())) {
                        queue.markAttemptFailed(unsent.entry().id(), error, retry);
                    }
                    return settled + items.size() - i;
                }
                if (stored(status)) {
                    queue.markSent(item.entry().id());
                } else {
                    queue.markAttemptFailed(item.entry().id(), "The PACS at " + where() + " refused the C-STORE"
                            + " with status " + hex(status) + describeStatus(status), retry);
                }
                settled++;
            }
            association.release();
        } catch (IOException releaseFailed) {
            LOG.debug("PACS upload: the release of the association failed: {}", releaseFailed.toString());
        }
        return settled;
    }

    /** The stored syntax; an uncompressed data set may also be re-encoded to the little endian syntaxes. */
    static List<String> transferSyntaxes(String stored) {
        if (TransferSyntax.of(stored).encapsulated()) {
            return List.of(stored);
        }
        List<String> syntaxes = new ArrayList<>(List.of(stored));
        for (String fallback : List.of(EXPLICIT_LE, IMPLICIT_LE)) {
            if (!syntaxes.contains(fallback)) {
                syntaxes.add(fallback);
            }
        }
        return syntaxes;
    }

    /** Success and the warnings (coercion, elements discarded, data set does not match): the PACS kept it. */
    static boolean stored(int status) {
        return status == Commands.SUCCESS || (status & 0xF000) == 0xB000 || status == 0x0107 || status == 0x0116;
    }

    static String hex(int status) {
        return String.format("0x%04X", status);
    }

    static String describeStatus(int status) {
        if ((status & 0xFF00) == 0xA700) {
            return " (refused: out of resources)";
        }
        if ((status & 0xFF00) == 0xA900) {
            return " (error: data set does not match SOP class)";
        }
        if ((status & 0xF000) == 0xC000) {
            return " (error: cannot understand)";
        }
        return switch (status) {
            case 0x0122 -> " (SOP class not supported)";
            case 0x0124 -> " (not authorized)";
            case 0x0110 -> " (processing failure)";
            case 0x0211 -> " (unrecognized operation)";
            default -> "";
        };
    }

    private static String deleted(UploadEntry entry) {
        return "The instance " + entry.sopInstanceUid() + " is no longer in pool '" + entry.poolId()
                + "' (deleted before it was sent)";
    }

    /** Why no association could be had, in the words an administrator needs to fix it. */
    String explain(Exception failed) {
        String message = failed.getMessage() == null ? failed.toString() : failed.getMessage();
        Throwable cause = failed instanceof AssociationException && failed.getCause() != null ? failed.getCause() : failed;
        if (cause instanceof ConnectException) {
            return "PACS unreachable: nothing answers at " + where() + " (" + cause.getMessage() + ")";
        }
        if (cause instanceof UnknownHostException || failed instanceof UnknownHostException) {
            return "PACS unreachable: the host name '" + config.pacsHost() + "' does not resolve";
        }
        if (cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                || message.startsWith("No answer from")) {
            return "PACS unreachable: no answer from " + where() + " within " + config.timeoutSeconds() + " s";
        }
        if (message.contains("called AE title not recognized")) {
            return "The PACS at " + where() + " rejected the association: it does not answer as AE title '"
                    + config.calledAeTitle() + "' (called AE title not recognized); check the called AE title";
        }
        if (message.contains("calling AE title not recognized")) {
            return "The PACS at " + where() + " rejected the association: it does not know Rayport's AE title '"
                    + config.callingAeTitle() + "' (calling AE title not recognized); register it on the PACS";
        }
        if (message.contains("rejected")) {
            return "The PACS at " + where() + " rejected the association: "
                    + message.substring(message.indexOf(": ") + 2).strip();
        }
        return "PACS unreachable at " + where() + ": " + message;
    }

    private InetSocketAddress address() throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(config.pacsHost(), config.pacsPort());
        if (address.isUnresolved()) {
            throw new UnknownHostException(config.pacsHost());
        }
        return address;
    }

    private Duration timeout() {
        return Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
    }

    private String where() {
        return JpaPacsUpload.pacs(config);
    }
}
