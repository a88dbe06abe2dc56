package org.rayport.dicom.net.association;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final Socket socket;
    private final PduReader reader;
    private final PduWriter writer;
    private final AssociateRequest request;
    private final AssociateAccept accept;
    /** The maximum PDU length the other side announced: what this side may send in one P-DATA-TF. */
    private final long peerMaxPduLength;
    private boolean open = true;

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
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(peer, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream()),
                    readLimit(request.userInformation().maxPduLength()));
            PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream()));
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

    /** The transfer syntax agreed for a presentation context, if it was accepted. */
    public Optional<String> transferSyntax(int presentationContextId) {
        return accept.result(presentationContextId).filter(PresentationContextResult::accepted)
                .map(PresentationContextResult::transferSyntax);
    }

    /** Sends one message, fragmented to fit the maximum PDU length the peer announced. */
    public void send(Message message) throws IOException {
        requireOpen();
        // 0 announces no limit; a megabyte per PDU keeps memory and latency modest anyway.
        long pduLength = peerMaxPduLength == 0 ? 1 << 20 : Math.min(peerMaxPduLength, 1 << 20);
        int fragment = (int) Math.max(64, pduLength - 6);
        sendFragments(message.presentationContextId(), true, message.command(), fragment);
        if (message.dataSet() != null) {
            sendFragments(message.presentationContextId(), false, message.dataSet(), fragment);
        }
    }

    private void sendFragments(int contextId, boolean command, byte[] bytes, int fragment) throws IOException {
        int offset = 0;
        do {
            int length = Math.min(fragment, bytes.length - offset);
            byte[] part = new byte[length];
            System.arraycopy(bytes, offset, part, 0, length);
            offset += length;
            writer.write(new DataTransfer(List.of(new DataTransfer.Pdv(contextId, command, offset == bytes.length,
                    part))));
        } while (offset < bytes.length);
    }

    /**
     * The next whole message, or empty when the peer asked to release (which has been answered).
     *
     * @param expectDataSet whether the command just read announced a data set; decided by the DIMSE layer, which
     *                      reads the command's (0000,0800)
     */
    public Optional<Message> receive(java.util.function.Predicate<byte[]> expectDataSet) throws IOException {
        requireOpen();
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        int contextId = collect(command, true);
        if (contextId < 0) {
            return Optional.empty();
        }
        byte[] commandBytes = command.toByteArray();
        if (!expectDataSet.test(commandBytes)) {
            return Optional.of(new Message(contextId, commandBytes, null));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        if (collect(data, false) < 0) {
            throw new AssociationException("The peer released the association in the middle of a message");
        }
        return Optional.of(new Message(contextId, commandBytes, data.toByteArray()));
    }

    /** Reads PDVs of one kind until the last fragment; -1 when the peer released instead. */
    private int collect(ByteArrayOutputStream into, boolean command) throws IOException {
        while (true) {
            Pdu pdu = reader.read();
            if (pdu instanceof ReleaseRequest) {
                writer.write(new ReleaseResponse());
                close();
                return -1;
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
            for (DataTransfer.Pdv pdv : data.values()) {
                if (pdv.command() != command || transferSyntax(pdv.presentationContextId()).isEmpty()) {
                    abort();
                    throw new AssociationException("Fragment out of order or on a context that was not accepted");
                }
                if (into.size() + (long) pdv.data().length > MAX_MESSAGE_BYTES) {
                    abort();
                    throw new AssociationException("Message larger than " + MAX_MESSAGE_BYTES + " bytes");
                }
                into.writeBytes(pdv.data());
                if (pdv.last()) {
                    return pdv.presentationContextId();
                }
            }
        }
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
