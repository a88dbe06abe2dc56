package org.rayport.dicom.net.association;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.Abort;
import org.rayport.dicom.net.pdu.AssociateAccept;
import org.rayport.dicom.net.pdu.AssociateReject;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.Negotiation;
import org.rayport.dicom.net.pdu.Pdu;
import org.rayport.dicom.net.pdu.PduReader;
import org.rayport.dicom.net.pdu.PduWriter;
import org.rayport.dicom.net.pdu.UserInformation;

/**
 * Listens on one port for any number of AE titles. Each connection gets a worker from a bounded pool; when all are
 * busy the newcomer is refused at once ("local limit exceeded") instead of queuing. A peer that connects and stays
 * silent is dropped after the ARTIM timeout, one that sends garbage is aborted; neither affects the others.
 */
public final class AssociationAcceptor implements AutoCloseable {

    /**
     * How the listener behaves.
     *
     * @param artim how long a new connection may take to send its A-ASSOCIATE-RQ
     * @param idle how long an established association may stay silent
     * @param tls null to listen for plain TCP connections
     */
    public record Settings(InetSocketAddress address, Duration artim, Duration idle, int maxAssociations,
                           UserInformation userInformation, DicomTls tls) {

        public Settings(InetSocketAddress address, Duration artim, Duration idle, int maxAssociations,
                        UserInformation userInformation) {
            this(address, artim, idle, maxAssociations, userInformation, null);
        }

        public Settings withTls(DicomTls tls) {
            return new Settings(address, artim, idle, maxAssociations, userInformation, tls);
        }
    }

    /** Serves one established association until it ends. */
    @FunctionalInterface
    public interface Handler {
        void serve(Association association) throws IOException;
    }

    /** Who may call an AE title: by calling AE title, and if wanted by the address the call comes from. */
    @FunctionalInterface
    public interface CallerPolicy {
        boolean admits(AeTitle callingAe, java.net.InetAddress from);

        /** Lets in the given calling AE titles from anywhere; an empty set lets everyone in. */
        static CallerPolicy aeTitles(Set<AeTitle> allowed) {
            Set<AeTitle> copy = Set.copyOf(allowed);
            return (callingAe, from) -> copy.isEmpty() || copy.contains(callingAe);
        }
    }

    /**
     * One AE title this listener answers for.
     *
     * @param supported for each abstract syntax, the transfer syntaxes accepted for it, most preferred first
     * @param callers who may call it; refused callers get "calling AE title not recognized"
     */
    public record Service(AeTitle aeTitle, Negotiation.Supported supported, CallerPolicy callers,
                          Handler handler) {

        public Service(AeTitle aeTitle, Map<String, List<String>> supported, CallerPolicy callers, Handler handler) {
            this(aeTitle, Negotiation.Supported.of(supported), callers, handler);
        }

        /** @param allowedCallers calling AE titles let in; empty lets everyone in */
        public Service(AeTitle aeTitle, Map<String, List<String>> supported, Set<AeTitle> allowedCallers,
                       Handler handler) {
            this(aeTitle, Negotiation.Supported.of(supported), CallerPolicy.aeTitles(allowedCallers), handler);
        }
    }

    private static final System.Logger LOG = System.getLogger(AssociationAcceptor.class.getName());

    private final Settings settings;
    /** Changed while listening when pools sharing this port come and go. */
    private final Map<AeTitle, Service> services = new java.util.concurrent.ConcurrentHashMap<>();
    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;

    private AssociationAcceptor(Settings settings, List<Service> services, ServerSocket server) {
        this.settings = settings;
        services.forEach(this::addService);
        this.server = server;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, settings.maxAssociations(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread worker = new Thread(r, "dicom-association-" + server.getLocalPort() + "-" + count.incrementAndGet());
                    worker.setDaemon(true);
                    return worker;
                });
        this.acceptor = new Thread(this::acceptLoop, "dicom-acceptor-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and starts accepting.
     *
     * @throws BindException naming the address when the port is taken by another program
     */
    public static AssociationAcceptor start(Settings settings, List<Service> services) throws IOException {
        ServerSocket server = settings.tls() == null ? new ServerSocket() : settings.tls().server();
        try {
            server.setReuseAddress(true);
            server.bind(settings.address(), 64);
        } catch (BindException e) {
            server.close();
            throw new BindException("Cannot listen for DICOM on " + settings.address() + ": " + e.getMessage()
                    + " (is another program using the port?)");
        }
        AssociationAcceptor acceptor = new AssociationAcceptor(settings, services, server);
        acceptor.acceptor.start();
        return acceptor;
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Answers for one more AE title from now on, e.g. a pool added at runtime on a port other pools listen on.
     *
     * @throws IllegalArgumentException when the AE title is served here already
     */
    public void addService(Service service) {
        if (services.putIfAbsent(service.aeTitle(), service) != null) {
            throw new IllegalArgumentException("AE title " + service.aeTitle() + " is served on port " + port()
                    + " already");
        }
    }

    /** Stops answering for an AE title; associations already established with it run to their end. */
    public void removeService(AeTitle aeTitle) {
        services.remove(aeTitle);
    }

    /** The AE titles answered for now. */
    public Set<AeTitle> aeTitles() {
        return Set.copyOf(services.keySet());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                continue;
            }
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException busy) {
                LOG.log(System.Logger.Level.WARNING, "All {0} association workers on port {1} are busy; refused {2}",
                        settings.maxAssociations(), port(), socket.getRemoteSocketAddress());
                refuseBusy(socket);
            }
        }
    }

    private void refuseBusy(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) settings.artim().toMillis());
            new PduWriter(socket.getOutputStream()).write(
                    new AssociateReject(false, AssociateReject.Source.SERVICE_PROVIDER_PRESENTATION, 2));
        } catch (IOException ignored) {
            // The peer learns nothing more from a broken socket.
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.artim().toMillis());
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), Association.SOCKET_BUFFER),
                    Association.readLimit(settings.userInformation().maxPduLength()));
            PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), Association.SOCKET_BUFFER));
            Pdu first;
            try {
                first = reader.read();
            } catch (javax.net.ssl.SSLException handshake) {
                LOG.log(System.Logger.Level.WARNING, "TLS handshake with {0} failed: {1}",
                        socket.getRemoteSocketAddress(), handshake.getMessage());
                return;
            } catch (IOException unreadable) {
                LOG.log(System.Logger.Level.INFO, "Dropped {0} before association: {1}",
                        socket.getRemoteSocketAddress(), unreadable.getMessage());
                abortQuietly(writer);
                return;
            }
            if (!(first instanceof AssociateRequest request)) {
                LOG.log(System.Logger.Level.INFO, "Aborted {0}: it began with {1}", socket.getRemoteSocketAddress(),
                        first.getClass().getSimpleName());
                abortQuietly(writer);
                return;
            }
            Service service = services.get(request.calledAe());
            if (service == null) {
                LOG.log(System.Logger.Level.INFO, "Rejected {0} from {1}: called AE title {2} is not served here",
                        request.callingAe(), socket.getRemoteSocketAddress(), request.calledAe());
                writer.write(AssociateReject.calledAeNotRecognized());
                return;
            }
            if (!service.callers().admits(request.callingAe(), socket.getInetAddress())) {
                LOG.log(System.Logger.Level.INFO, "Rejected {0} from {1}: not allowed to call {2}",
                        request.callingAe(), socket.getRemoteSocketAddress(), request.calledAe());
                writer.write(AssociateReject.callingAeNotRecognized());
                return;
            }
            AssociateAccept accept = Negotiation.accept(request, service.supported(), settings.userInformation());
            writer.write(accept);
            socket.setSoTimeout((int) settings.idle().toMillis());
            Association association = new Association(socket, reader, writer, request, accept, false);
            try {
                service.handler().serve(association);
            } finally {
                association.abort();
            }
        } catch (SocketException closedWhileServing) {
            // The listener was closed or the peer vanished; the association is over either way.
        } catch (IOException e) {
            // A broken association ends here; the listener serves the others.
            LOG.log(System.Logger.Level.INFO, "Association with {0} ended: {1}", socket.getRemoteSocketAddress(),
                    e.getMessage());
        }
    }

    private static void abortQuietly(PduWriter writer) {
        try {
            writer.write(Abort.unexpectedPdu());
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
        // The JDK releases a listening socket only when the thread blocked in accept() has left it; until then the
        // port stays bound, and a pool reopening the same port at once (after an edit) would fail to bind.
        try {
            if (Thread.currentThread() != acceptor) {
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
