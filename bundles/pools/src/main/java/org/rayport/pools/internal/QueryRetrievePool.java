package org.rayport.pools.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.ServiceClassProvider;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.Negotiation;
import org.rayport.pools.PacsException;
import org.rayport.pools.PacsQuery;
import org.rayport.pools.PacsSearch;
import org.rayport.pools.PacsSeries;
import org.rayport.pools.PacsStudy;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;
import org.rayport.pools.RetrieveProgress;
import org.rayport.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query/retrieve pool: its local AE title answers on the retrieve port as a storage SCP for the PACS (and only
 * the PACS's AE title), putting what arrives into the pool; its {@link PacsSearch} service searches the PACS and
 * retrieves from it. The pool's status shows the last PACS problem in plain words until a later call succeeds.
 * Immediate: the pool must listen from its configuration on, not from its first client.
 */
@Component(service = PacsSearch.class, immediate = true, configurationPid = "org.rayport.pools.queryretrieve",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = QueryRetrieveConfig.class, factory = true)
public class QueryRetrievePool implements PacsSearch {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRetrievePool.class);

    private final PoolStatusBoard board;
    private final Pool pool;
    private final PoolStorageReceiver receiver;
    /** Null when the pool does not work; {@link #unavailable} says why. */
    private final PacsClient client;
    private final DicomListeners.Registration registration;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rayport-pacs-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String unavailable = "";
    private volatile boolean closed;
    private final java.util.concurrent.Future<?> pacsCheck;

    @Activate
    public QueryRetrievePool(@Reference DicomListeners listeners, @Reference InstanceStore store,
                             @Reference PoolStatusBoard board, Map<String, Object> properties) {
        this.board = board;
        this.pool = PoolProperties.toPool(PoolType.QUERY_RETRIEVE, properties);
        this.receiver = new PoolStorageReceiver(pool.id(), store, board);
        this.registration = open(listeners);
        this.client = registration == null ? null
                : new PacsClient((PoolSettings.QueryRetrieve) pool.settings(), listeners.connector());
        // Whether the PACS answers shows on the status at once, without holding up the activation.
        this.pacsCheck = client == null ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : checker.submit(this::checkPacs);
    }

    private DicomListeners.Registration open(DicomListeners listeners) {
        if (!pool.options().enabled()) {
            board.report(pool.id(), PoolStatus.State.DISABLED, "");
            unavailable = "pool " + pool.id() + " is disabled";
            return null;
        }
        if (pool.options().pseudonymize()) {
            // What a PACS sends is its own data set; a pool promising pseudonyms must not hold it as it is.
            unavailable = "pseudonymization is not available for query/retrieve pools: the PACS sends identifiable "
                    + "data sets; switch pseudonymization off for pool " + pool.id();
            board.report(pool.id(), PoolStatus.State.FAILED, unavailable);
            LOG.error("Pool {} not started: {}", pool.id(), unavailable);
            return null;
        }
        PoolSettings.QueryRetrieve qr = (PoolSettings.QueryRetrieve) pool.settings();
        try {
            DicomListeners.Registration opened = listeners.register(qr.retrievePort(), new AssociationAcceptor.Service(
                    AeTitle.of(qr.localAeTitle()), storageOnly(), NetworkNodePool.callers(List.of(qr.pacsAeTitle())),
                    // Indexed before each C-STORE is answered: a retrieve's final C-MOVE response may come before
                    // the PACS releases its sub-association, and the retrieved instances must be found by then.
                    ServiceClassProvider.builder().storage(receiver::store).build()));
            board.report(pool.id(), PoolStatus.State.STARTING, "checking the PACS");
            return opened;
        } catch (IOException | IllegalArgumentException cannotListen) {
            unavailable = "cannot receive from the PACS: " + cannotListen.getMessage();
            board.report(pool.id(), PoolStatus.State.FAILED, unavailable);
            LOG.error("Pool {} {}", pool.id(), unavailable);
            return null;
        }
    }

    /** Storage in every syntax a network node keeps as received, and verification; no query/retrieve here. */
    private static Negotiation.Supported storageOnly() {
        Negotiation.Supported all = NetworkNodePool.supportedSyntaxes();
        return abstractSyntax -> StorageSopClasses.isStorage(abstractSyntax)
                || Uids.VERIFICATION.equals(abstractSyntax) ? all.transferSyntaxes(abstractSyntax) : List.of();
    }

    private void checkPacs() {
        try {
            echo();
        } catch (RuntimeException reported) {
            // The status shows it.
        }
    }

    /** Waits until the check of the PACS at activation has reported, so that a later report is the last one. */
    void awaitPacsCheck() throws Exception {
        pacsCheck.get();
    }

    @Override
    public String poolId() {
        return pool.id();
    }

    @Override
    public void echo() {
        call(c -> {
            c.echo();
            return null;
        });
    }

    @Override
    public List<PacsStudy> findStudies(PacsQuery query) {
        return call(c -> c.findStudies(query));
    }

    @Override
    public List<PacsSeries> findSeries(String studyInstanceUid) {
        return call(c -> c.findSeries(studyInstanceUid));
    }

    @Override
    public RetrieveProgress retrieve(String studyInstanceUid, String seriesInstanceUid,
                                     Consumer<RetrieveProgress> progress) {
        return call(c -> {
            String why;
            try {
                PacsClient.MoveOutcome moved = c.move(studyInstanceUid, seriesInstanceUid, progress);
                RetrieveProgress counts = moved.progress();
                if (moved.status() == Commands.SUCCESS || counts.completed() > 0) {
                    RetrieveProgress result = new RetrieveProgress(counts.method(), counts.completed(),
                            counts.remaining(), counts.failed(), counts.warnings(), true, moved.status()
                            == Commands.SUCCESS ? "retrieved by C-MOVE" : "C-MOVE ended with status "
                            + PacsClient.hex(moved.status()) + ": " + counts.failed() + " instance(s) failed");
                    progress.accept(result);
                    return result;
                }
                why = moveRefusal(moved.status(), counts);
            } catch (PacsException refused) {
                if (refused.reason() != PacsException.Reason.REFUSED) {
                    throw refused;
                }
                why = refused.getMessage();
            }
            LOG.warn("Pool {}: C-MOVE refused ({}); retrieving by C-GET", pool.id(), why);
            List<String> classes;
            try {
                classes = c.instanceClasses(studyInstanceUid, seriesInstanceUid);
            } catch (PacsException noImageLevel) {
                classes = List.of();
            }
            RetrieveProgress got = c.get(studyInstanceUid, seriesInstanceUid, classes, receiver, progress);
            String message = "C-MOVE refused: " + why + "; " + (got.succeeded() ? "retrieved by C-GET instead"
                    : "C-GET failed too: " + got.message());
            RetrieveProgress result = new RetrieveProgress(got.method(), got.completed(), got.remaining(), got.failed(),
                    got.warnings(), true, message);
            progress.accept(result);
            if (got.succeeded()) {
                // The retrieve worked, but the administrator should register the AE title on the PACS.
                report(PoolStatus.State.RUNNING, message);
                return new Reported<>(result);
            }
            throw new PacsException(PacsException.Reason.REFUSED, message);
        });
    }

    /** Why a PACS refused a C-MOVE to this pool, in plain words. */
    private String moveRefusal(int status, RetrieveProgress counts) {
        String local = ((PoolSettings.QueryRetrieve) pool.settings()).localAeTitle();
        int port = ((PoolSettings.QueryRetrieve) pool.settings()).retrievePort();
        if (status == Commands.MOVE_DESTINATION_UNKNOWN) {
            return "the PACS does not know AE title '" + local + "' as a C-MOVE destination (register it on the "
                    + "PACS with this server's address and port " + port + ")";
        }
        if (counts.failed() > 0 || status == Commands.UNABLE_TO_PERFORM_SUBOPERATIONS) {
            return "the PACS could not send to AE title '" + local + "' (check the address and port it has for it: "
                    + "this server, port " + port + ")";
        }
        // Orthanc, for one, answers an unknown destination with a plain failure (0xC000) rather than 0xA801.
        return "the PACS refused the C-MOVE to AE title '" + local + "' (status " + PacsClient.hex(status)
                + "), as PACS do when they do not know that AE title as a destination (register it on the PACS with "
                + "this server's address and port " + port + ")";
    }

    /** A result whose status was already reported, so that {@link #call} leaves the status as it is. */
    private record Reported<T>(T value) {
    }

    @FunctionalInterface
    private interface PacsCall<T> {
        T with(PacsClient client);
    }

    @SuppressWarnings("unchecked")
    private <T> T call(PacsCall<?> operation) {
        PacsClient working = client;
        if (working == null) {
            throw new PacsException(PacsException.Reason.UNAVAILABLE, unavailable);
        }
        try {
            Object result = operation.with(working);
            if (result instanceof Reported<?> reported) {
                return (T) reported.value();
            }
            report(PoolStatus.State.RUNNING, "");
            return (T) result;
        } catch (PacsException failed) {
            boolean cannotWork = failed.reason() == PacsException.Reason.UNREACHABLE
                    || failed.reason() == PacsException.Reason.REJECTED;
            report(cannotWork ? PoolStatus.State.FAILED : PoolStatus.State.RUNNING, failed.getMessage());
            LOG.warn("Pool {}: {}", pool.id(), failed.getMessage());
            throw failed;
        }
    }

    /** A call still running when the pool closes must not bring back the status of a pool that is gone. */
    private void report(PoolStatus.State state, String error) {
        if (!closed) {
            board.report(pool.id(), state, error);
        }
    }

    @Deactivate
    void close() {
        closed = true;
        checker.shutdownNow();
        if (registration != null) {
            registration.close();
        }
        board.forget(pool.id());
    }
}
