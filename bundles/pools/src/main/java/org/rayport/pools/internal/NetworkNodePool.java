package org.rayport.pools.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.ServiceClassProvider;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.Negotiation;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;
import org.rayport.pseudonymization.Pseudonymizer;
import org.rayport.store.DatasetIndex;
import org.rayport.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network-node pool: its AE title answers on its port, stores what arrives in the pool (pseudonymized first when
 * the pool says so), and answers C-FIND, C-MOVE and C-GET from the pool's index. A port held by another program fails this pool alone, visibly in its
 * status and the log.
 */
@Component(configurationPid = "org.rayport.pools.networknode", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NetworkNodeConfig.class, factory = true)
public class NetworkNodePool {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkNodePool.class);

    private final PoolStatusBoard board;
    private final Pool pool;
    private final DicomListeners.Registration registration;

    @Activate
    public NetworkNodePool(@Reference DicomListeners listeners, @Reference InstanceStore store,
                           @Reference DatasetIndex index, @Reference PoolStatusBoard board,
                           @Reference Pseudonymizer pseudonymizer, Map<String, Object> properties) {
        this.board = board;
        this.pool = PoolProperties.toPool(PoolType.NETWORK_NODE, properties);
        this.registration = open(listeners, store, index, pseudonymizer);
    }

    private DicomListeners.Registration open(DicomListeners listeners, InstanceStore store, DatasetIndex index,
                                             Pseudonymizer pseudonymizer) {
        if (!pool.options().enabled()) {
            board.report(pool.id(), PoolStatus.State.DISABLED, "");
            return null;
        }
        PoolSettings.NetworkNode node = (PoolSettings.NetworkNode) pool.settings();
        PoolQueries queries = new PoolQueries(pool.id(), index, store);
        AssociationAcceptor.Handler handler = ServiceClassProvider.builder()
                .storage(new PoolStorageReceiver(pool.id(), store, board,
                        pool.options().pseudonymize() ? pseudonymizer : null))
                .query(queries)
                .retrieve(queries, listeners::knownNode, listeners.connector())
                .build();
        try {
            DicomListeners.Registration opened = listeners.register(node.port(), new AssociationAcceptor.Service(
                    AeTitle.of(node.aeTitle()), supportedSyntaxes(), callers(node.allowedCallers()), handler));
            board.report(pool.id(), PoolStatus.State.RUNNING, "");
            return opened;
        } catch (IOException | IllegalArgumentException cannotListen) {
            board.report(pool.id(), PoolStatus.State.FAILED, cannotListen.getMessage());
            LOG.error("Pool {} cannot receive: {}", pool.id(), cannotListen.getMessage());
            return null;
        }
    }

    /**
     * Compressed syntaxes first: when a sender offers its compressed original and an uncompressed fallback, the
     * original is kept as it is rather than decompressed by the sender.
     */
    private static final List<String> STORED_AS_RECEIVED = List.of(TransferSyntax.JPEG_LOSSLESS_SV1,
                    TransferSyntax.JPEG_LOSSLESS, TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.JPEG_2000_LOSSLESS,
                    TransferSyntax.RLE_LOSSLESS, TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_EXTENDED,
                    TransferSyntax.JPEG_LS_NEAR_LOSSLESS, TransferSyntax.JPEG_2000, TransferSyntax.MPEG2_MAIN_PROFILE,
                    TransferSyntax.MPEG4_HP41, TransferSyntax.HEVC_MAIN_PROFILE,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)
            .stream().map(TransferSyntax::uid).toList();
    private static final List<String> UNCOMPRESSED = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
    private static final Set<String> SERVICES = Set.of(Uids.VERIFICATION, Uids.PATIENT_ROOT_QR_FIND,
            Uids.STUDY_ROOT_QR_FIND, Uids.PATIENT_ROOT_QR_MOVE, Uids.STUDY_ROOT_QR_MOVE, Uids.PATIENT_ROOT_QR_GET,
            Uids.STUDY_ROOT_QR_GET);

    /**
     * Storage SOP classes in every transfer syntax the store keeps as it arrives; verification and query/retrieve
     * uncompressed.
     */
    static Negotiation.Supported supportedSyntaxes() {
        return abstractSyntax -> StorageSopClasses.isStorage(abstractSyntax) ? STORED_AS_RECEIVED
                : SERVICES.contains(abstractSyntax) ? UNCOMPRESSED : List.of();
    }

    /** {@code AE} lets that AE title in from anywhere, {@code AE@host} only from that host's addresses. */
    static AssociationAcceptor.CallerPolicy callers(List<String> allowed) {
        if (allowed.isEmpty()) {
            return (callingAe, from) -> true;
        }
        Map<AeTitle, Set<String>> hosts = new HashMap<>();
        for (String entry : allowed) {
            int at = entry.indexOf('@');
            AeTitle ae = AeTitle.of(at < 0 ? entry : entry.substring(0, at));
            hosts.computeIfAbsent(ae, k -> new java.util.HashSet<>()).add(at < 0 ? "*" : entry.substring(at + 1).strip());
        }
        return (callingAe, from) -> {
            Set<String> permitted = hosts.get(callingAe);
            if (permitted == null) {
                return false;
            }
            if (permitted.contains("*")) {
                return true;
            }
            for (String host : permitted) {
                try {
                    for (InetAddress address : InetAddress.getAllByName(host)) {
                        if (address.equals(from)) {
                            return true;
                        }
                    }
                } catch (IOException unknownHost) {
                    LOG.warn("Allowed caller host {} does not resolve: {}", host, unknownHost.getMessage());
                }
            }
            return false;
        };
    }

    @Deactivate
    void close() {
        if (registration != null) {
            registration.close();
        }
        board.forget(pool.id());
    }
}
