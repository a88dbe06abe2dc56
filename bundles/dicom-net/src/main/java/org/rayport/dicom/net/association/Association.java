package org.rayport.dicom.net.association;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.rayport.dicom.net.pdu.Abort;
import org.rayport.dicom.net.pdu.AssociateAccept;
import org.rayport.dicom.net.pdu.AssociateReject;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.DataTransfer;
import org.rayport.dicom.net.pdu.Pdu;
import org.rayport.dicom.net.pdu.PduReader;
import org.rayport.dicom.net.pdu.PduWriter;
import org.rayport.dicom.net.pdu.PresentationContextResult;
import org.rayport.dicom.net.pdu.ReleaseRequest;
import org.rayport.dicom.net.pdu.ReleaseResponse;

/**
 * An established association, from either side. Not thread-safe: one thread sends and receives, as in the
 * synchronous operation mode that every peer supports.
 */
public final class Association implements AutoCloseable {

    /** Largest message this side reassembles, so that a peer cannot make it buffer without end. */
    static final long MAX_MESSAGE_BYTES = 64L << 20;
    /** Command sets are a few hundred bytes; a megabyte is plenty for any legitimate one. */
    static final long MAX_COMMAND_BYTES = 1L << 20;
    /**
     * Socket stream buffers: several PDUs of the usual 16 KB go out in one system call and TCP segment train, and
     * come in with as few reads.
     */
    static final int SOCKET_BUFFER = 64 * 1024;

    private final Socket socket;
    private final PduReader reader;
    private final PduWriter writer;
    private final AssociateRequest request;
    private final AssociateAccept accept;
    /** The maximum PDU length the other side announced: what this side may send in one P-DATA-TF. */
    private final long peerMaxPduLength;
    private boolean open = true;
    /** PDVs of the last P-DATA-TF not consumed yet: one PDU may carry the end of a command and a data fragment. */
    private List<DataTransfer.Pdv> pending;
    /** Runs when the peer asks to release, before the answer; see {@link #beforeRelease}. */
    private Runnable beforeRelease = () -> { };

    Association(Socket socket, PduReader reader, PduWriter writer, AssociateRequest request, AssociateAccept accept,
                boolean requester) {
        this.socket = socket;
        this.peerMaxPduLength = requester ? accept.userInformation().maxPduLength()
                : request.userInformation().maxPduLength();
        this.reader = reader;
        this.writer = writer;
        this.request = request;
        this.accept = accept;
    }

    /**
     * Connects, proposes and waits for the answer.
     *
     * @param timeout bounds the connect, the wait for the answer (ARTIM) and, afterwards, each wait for a PDU
     * @throws AssociationException when the peer rejects or aborts, answers with something else, or is silent
     */
    public static Association request(InetSocketAddress peer, AssociateRequest request, Duration timeout)
            throws IOException {
        return request(peer, request, timeout, null);
    }

    /**
     * Connects over TLS, proposes and waits for the answer.
     *
     * @param tls null for a plain TCP connection
     * @throws AssociationException also when the TLS handshake fails, e.g. because the peer's certificate is not
     *                              trusted
     */
    public static Association request(InetSocketAddress peer, AssociateRequest request, Duration timeout,
                                      DicomTls tls) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(peer, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            if (tls != null) {
                try {
                    socket = tls.client(socket);
                } catch (javax.net.ssl.SSLException e) {
                    throw new AssociationException("TLS handshake with " + peer + " failed: " + e.getMessage(), e);
                }
            }
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), SOCKET_BUFFER),
                    readLimit(request.userInformation().maxPduLength()));
            PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), SOCKET_BUFFER));
            writer.write(request);
            Pdu answer = reader.read();
            if (answer instanceof AssociateAccept accept) {
                return new Association(socket, reader, writer, request, accept, true);
            }
            if (answer instanceof AssociateReject reject) {
                throw new AssociationException("Association rejected by " + peer + ": " + describe(reject));
            }
            throw new AssociationException("Association aborted by " + peer + " (" + answer + ")");
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new AssociationException("No answer from " + peer + " within " + timeout, e);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static long readLimit(long announcedMaxPduLength) {
        return announcedMaxPduLength == 0 ? MAX_MESSAGE_BYTES : announcedMaxPduLength + 6;
    }

    static String describe(AssociateReject reject) {
        String reason = switch (reject.reason()) {
            case AssociateReject.CALLED_AE_NOT_RECOGNIZED -> "called AE title not recognized";
            case AssociateReject.CALLING_AE_NOT_RECOGNIZED -> "calling AE title not recognized";
            case AssociateReject.APPLICATION_CONTEXT_NOT_SUPPORTED -> "application context not supported";
            default -> "reason " + reject.reason();
        };
        return (reject.permanent() ? "permanently" : "transiently") + ", " + reason + " (" + reject.source() + ")";
    }

    public AssociateRequest request() {
        return request;
    }

    public AssociateAccept accept() {
        return accept;
    }

    /**
     * Whether a next message has begun to arrive, so that a side sending many responses can look for a C-CANCEL
     * between them without blocking.
     */
    public boolean hasIncomingData() throws IOException {
        return pending != null && !pending.isEmpty() || reader.hasBufferedInput();
    }

    /** Whether the requester took the storage SCP role for a SOP class, which a C-GET needs to receive instances. */
    public boolean requesterIsStorageScp(String sopClass) {
        return accept.userInformation().roleSelections().stream()
                .anyMatch(role -> role.sopClass().equals(sopClass) && role.scp());
    }

    /** The first presentation context of an abstract syntax that the acceptor accepted. */
    public int acceptedContext(String abstractSyntax) throws AssociationException {
        return request.presentationContexts().stream()
                .filter(pc -> pc.abstractSyntax().equals(abstractSyntax))
                .map(org.rayport.dicom.net.pdu.PresentationContext::id)
                .filter(id -> transferSyntax(id).isPresent())
                .findFirst()
                .orElseThrow(() -> new AssociationException("The peer did not accept " + abstractSyntax));
    }

    /** The transfer syntax agreed for a presentation context, if it was accepted. */
    public Optional<String> transferSyntax(int presentationContextId) {
        return accept.result(presentationContextId).filter(PresentationContextResult::accepted)
                .map(PresentationContextResult::transferSyntax);
    }

    /** Sends one message, fragmented to fit the maximum PDU length the peer announced. */
    public void send(Message message) throws IOException {
        requireOpen();
        int fragment = fragmentLength();
        sendFragments(message.presentationContextId(), true, message.command(), fragment, message.dataSet() == null);
        if (message.dataSet() != null) {
            sendFragments(message.presentationContextId(), false, message.dataSet(), fragment, true);
        }
    }

    private int fragmentLength() {
        // 0 announces no limit; a megabyte per PDU keeps memory and latency modest anyway.
        long pduLength = peerMaxPduLength == 0 ? 1 << 20 : Math.min(peerMaxPduLength, 1 << 20);
        return (int) Math.max(64, pduLength - 6);
    }

    /** @param flushAtEnd false when the data set follows at once, so that the command waits in the buffer for it */
    private void sendFragments(int contextId, boolean command, byte[] bytes, int fragment, boolean flushAtEnd)
            throws IOException {
        int offset = 0;
        do {
            int length = Math.min(fragment, bytes.length - offset);
            boolean last = offset + length == bytes.length;
            writer.writeData(contextId, command, last, bytes, offset, length, last && flushAtEnd);
            offset += length;
        } while (offset < bytes.length);
    }

    /**
     * The next whole message, or empty when the peer asked to release (which has been answered). The data set is
     * held in memory; services that receive large data sets use {@link #receiveCommand()} and
     * {@link #openDataSet()} instead.
     *
     * @param expectDataSet whether the command just read announced a data set; decided by the DIMSE layer, which
     *                      reads the command's (0000,0800)
     */
    public Optional<Message> receive(java.util.function.Predicate<byte[]> expectDataSet) throws IOException {
        Optional<Message> command = receiveCommand();
        if (command.isEmpty() || !expectDataSet.test(command.get().command())) {
            return command;
        }
        return Optional.of(new Message(command.get().presentationContextId(), command.get().command(),
                readDataSet()));
    }

    /** The data set that the last command announced, whole; for identifiers and other small data sets. */
    public byte[] readDataSet() throws IOException {
        try (InputStream data = openDataSet()) {
            byte[] bytes = data.readNBytes((int) MAX_MESSAGE_BYTES + 1);
            if (bytes.length > MAX_MESSAGE_BYTES) {
                abort();
                throw new AssociationException("Message larger than " + MAX_MESSAGE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** Reads past the data set that the last command announced, which nobody needs. */
    public void skipDataSet() throws IOException {
        try (InputStream data = openDataSet()) {
            data.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * The command of the next message (its {@code dataSet} is null), or empty when the peer asked to release.
     * When the command announces a data set, read it whole through {@link #openDataSet()} before the next call.
     */
    public Optional<Message> receiveCommand() throws IOException {
        requireOpen();
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        while (true) {
            Optional<DataTransfer.Pdv> pdv = nextPdv(true);
            if (pdv.isEmpty()) {
                return Optional.empty();
            }
            if (command.size() + (long) pdv.get().data().length > MAX_COMMAND_BYTES) {
                abort();
                throw new AssociationException("Command set larger than " + MAX_COMMAND_BYTES + " bytes");
            }
            command.writeBytes(pdv.get().data());
            if (pdv.get().last()) {
                return Optional.of(new Message(pdv.get().presentationContextId(), command.toByteArray(), null));
            }
        }
    }

    /** The data set that the last command announced, streamed fragment by fragment as the peer sends it. */
    public InputStream openDataSet() {
        return new InputStream() {
            private byte[] fragment = new byte[0];
            private int position;
            private boolean last;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            /** Whole fragments go out as they came in: no copy through a small buffer. */
            @Override
            public long transferTo(OutputStream out) throws IOException {
                long total = 0;
                while (nextFragment()) {
                    out.write(fragment, position, fragment.length - position);
                    total += fragment.length - position;
                    position = fragment.length;
                }
                return total;
            }

            private boolean nextFragment() throws IOException {
                while (position == fragment.length) {
                    if (last) {
                        return false;
                    }
                    DataTransfer.Pdv pdv = nextPdv(false).orElseThrow(() ->
                            new AssociationException("The peer released the association in the middle of a data set"));
                    fragment = pdv.data();
                    position = 0;
                    last = pdv.last();
                }
                return true;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (!nextFragment()) {
                    return -1;
                }
                int count = Math.min(length, fragment.length - position);
                System.arraycopy(fragment, position, into, offset, count);
                position += count;
                return count;
            }
        };
    }

    /**
     * Sends a command and streams its data set: whatever is written to the returned stream goes out in fragments
     * that fit the peer's maximum PDU length; closing it sends the last one.
     */
    public OutputStream sendStreaming(int presentationContextId, byte[] command) throws IOException {
        requireOpen();
        int fragment = fragmentLength();
        sendFragments(presentationContextId, true, command, fragment, false);
        return new OutputStream() {
            private final byte[] buffer = new byte[fragment];
            private int filled;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                while (length > 0) {
                    if (filled == buffer.length) {
                        flushFragment(false);
                    }
                    int count = Math.min(length, buffer.length - filled);
                    System.arraycopy(bytes, offset, buffer, filled, count);
                    filled += count;
                    offset += count;
                    length -= count;
                }
            }

            private void flushFragment(boolean lastFragment) throws IOException {
                writer.writeData(presentationContextId, false, lastFragment, buffer, 0, filled, lastFragment);
                filled = 0;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flushFragment(true);
                }
            }
        };
    }

    /** The next PDV of the wanted kind; empty when the peer released instead (which has been answered). */
    private Optional<DataTransfer.Pdv> nextPdv(boolean command) throws IOException {
        if (pending != null && !pending.isEmpty()) {
            return Optional.of(check(pending.remove(0), command));
        }
        Pdu pdu = reader.read();
        if (pdu instanceof ReleaseRequest) {
            beforeRelease.run();
            writer.write(new ReleaseResponse());
            close();
            return Optional.empty();
        }
        if (pdu instanceof Abort abort) {
            close();
            throw new AssociationException("The peer aborted the association (source " + abort.source()
                    + ", reason " + abort.reason() + ")");
        }
        if (!(pdu instanceof DataTransfer data)) {
            abort();
            throw new AssociationException("Unexpected " + pdu.getClass().getSimpleName() + " during a message");
        }
        pending = new ArrayList<>(data.values());
        return Optional.of(check(pending.remove(0), command));
    }

    private DataTransfer.Pdv check(DataTransfer.Pdv pdv, boolean command) throws AssociationException {
        if (pdv.command() != command || transferSyntax(pdv.presentationContextId()).isEmpty()) {
            abort();
            throw new AssociationException("Fragment out of order or on a context that was not accepted");
        }
        return pdv;
    }

    /** Asks the peer to release and waits for its answer. */
    public void release() throws IOException {
        if (!open) {
            return;
        }
        try {
            writer.write(new ReleaseRequest());
            Pdu answer = reader.read();
            if (!(answer instanceof ReleaseResponse)) {
                throw new AssociationException("The peer answered a release with " + answer.getClass().getSimpleName());
            }
        } finally {
            close();
        }
    }

    /**
     * What must be done before the peer's release request is answered (since 0.3): a peer takes the answer as "all that
     * was sent is done", so work that trails the answers to its requests finishes here. Replaces an earlier action.
     */
    public void beforeRelease(Runnable action) {
        this.beforeRelease = Objects.requireNonNull(action);
    }

    public void abort() {
        if (!open) {
            return;
        }
        try {
            writer.write(Abort.byUser());
        } catch (IOException ignored) {
            // The peer may be gone already; the socket is closed either way.
        }
        close();
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing is left to clean up.
        }
    }

    public boolean isOpen() {
        return open;
    }

    private void requireOpen() throws AssociationException {
        if (!open) {
            throw new AssociationException("The association is closed");
        }
    }
}
