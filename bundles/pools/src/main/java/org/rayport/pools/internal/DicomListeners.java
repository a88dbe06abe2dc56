package org.rayport.pools.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.UserInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket per port, shared by every pool answering on it with its own AE title. A port opens with its
 * first AE title and closes with its last.
 */
@Component(service = DicomListeners.class, configurationPid = "org.rayport.pools.dicom")
@Designate(ocd = DicomListenerConfig.class)
public class DicomListeners {

    /** An AE title answering on a port until closed. */
    public interface Registration extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(DicomListeners.class);

    private final DicomListenerConfig config;
    private final Map<Integer, AssociationAcceptor> acceptors = new HashMap<>();

    private final Map<AeTitle, InetSocketAddress> knownNodes;

    @Activate
    public DicomListeners(DicomListenerConfig config) {
        this.config = config;
        this.knownNodes = parseNodes(config.knownNodes());
    }

    /** Where a known DICOM node listens, for C-MOVE; unknown AE titles get nothing. */
    public java.util.Optional<InetSocketAddress> knownNode(AeTitle aeTitle) {
        // Resolved at each use, so that a node whose address changes in DNS is found at its new one.
        return java.util.Optional.ofNullable(knownNodes.get(aeTitle))
                .map(node -> new InetSocketAddress(node.getHostString(), node.getPort()));
    }

    /** How pools reach C-MOVE destinations. */
    public org.rayport.dicom.net.dimse.Retrieve.Connector connector() {
        return new org.rayport.dicom.net.dimse.Retrieve.Connector(UserInformation.of(config.maxPduLength(),
                Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT"), Duration.ofSeconds(config.artimSeconds()), null);
    }

    static Map<AeTitle, InetSocketAddress> parseNodes(String[] nodes) {
        Map<AeTitle, InetSocketAddress> parsed = new HashMap<>();
        for (String node : nodes == null ? new String[0] : nodes) {
            String text = node.strip();
            int at = text.indexOf('@');
            int colon = text.lastIndexOf(':');
            if (text.isEmpty()) {
                continue;
            }
            try {
                if (at < 1 || colon < at + 2) {
                    throw new IllegalArgumentException("expected AE@host:port");
                }
                parsed.put(AeTitle.of(text.substring(0, at)), InetSocketAddress.createUnresolved(
                        text.substring(at + 1, colon), Integer.parseInt(text.substring(colon + 1))));
            } catch (IllegalArgumentException unusable) {
                LOG.warn("Ignoring known DICOM node '{}': {}", text, unusable.getMessage());
            }
        }
        return Map.copyOf(parsed);
    }

    /**
     * Answers for the service's AE title on {@code port}, opening the port if no pool listens there yet.
     *
     * @throws IOException naming the port when another program holds it
     * @throws IllegalArgumentException when another pool answers for the same AE title on that port
     */
    public synchronized Registration register(int port, AssociationAcceptor.Service service) throws IOException {
        AssociationAcceptor acceptor = acceptors.get(port);
        if (acceptor == null) {
            acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                    new InetSocketAddress(config.bindAddress(), port), Duration.ofSeconds(config.artimSeconds()),
                    Duration.ofSeconds(config.idleSeconds()), config.maxAssociationsPerPort(),
                    UserInformation.of(config.maxPduLength(), Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT")),
                    List.of(service));
            acceptors.put(port, acceptor);
            LOG.info("DICOM port {} open for {}", port, service.aeTitle());
        } else {
            acceptor.addService(service);
            LOG.info("DICOM port {} now also answers as {}", port, service.aeTitle());
        }
        AeTitle aeTitle = service.aeTitle();
        return new Registration() {
            private boolean closed;

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                synchronized (DicomListeners.this) {
                    if (!closed) {
                        closed = true;
                        unregister(port, aeTitle);
                    }
                }
            }
        };
    }

    private void unregister(int port, AeTitle aeTitle) {
        AssociationAcceptor acceptor = acceptors.get(port);
        if (acceptor == null) {
            return;
        }
        acceptor.removeService(aeTitle);
        if (acceptor.aeTitles().isEmpty()) {
            acceptors.remove(port);
            closeQuietly(acceptor);
            LOG.info("DICOM port {} closed", port);
        }
    }

    @Deactivate
    synchronized void closeAll() {
        acceptors.values().forEach(DicomListeners::closeQuietly);
        acceptors.clear();
    }

    private static void closeQuietly(AssociationAcceptor acceptor) {
        try {
            acceptor.close();
        } catch (IOException e) {
            LOG.warn("Closing DICOM port {}: {}", acceptor.port(), e.getMessage());
        }
    }
}
