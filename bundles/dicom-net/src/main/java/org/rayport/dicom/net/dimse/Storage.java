package org.rayport.dicom.net.dimse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.PresentationContext;

/**
 * The storage service (C-STORE, PS3.4 annex B): sending instances, and receiving them, streamed, into whatever a
 * {@link Receiver} does with them (a directory of Part 10 files by default).
 *
 * <pre>{@code
 * int status = Storage.store(association, Path.of("ct.dcm"), 1);   // Commands.SUCCESS when stored
 * }</pre>
 */
public final class Storage {

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    /**
     * An instance as it arrives: who sent it, what it is, and how its data set is encoded.
     *
     * @param transferSyntax that of the presentation context: the data set stream is encoded in it
     */
    public record Incoming(AeTitle callingAe, AeTitle calledAe, String sopClass, String sopInstance,
                           TransferSyntax transferSyntax) {
    }

    /** Takes one received instance; its status goes back to the sender. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param dataSet the data set (no meta header) as the network delivers it; what is left unread is discarded
         * @return a C-STORE status, {@link Commands#SUCCESS} once the instance is safely kept
         */
        int store(Incoming instance, InputStream dataSet) throws IOException;

        /**
         * The receiver of one association's C-STOREs, closed before that association's release is answered. A receiver
         * that answers each C-STORE before all its work is finished (an index entry that trails the durable file)
         * finishes it in {@link Session#close}, so that a sender who got the release response finds all it sent. By
         * default: this receiver, with nothing left to finish.
         */
        default Session openSession() {
            Receiver receiver = this;
            return new Session() {
                @Override
                public int store(Incoming instance, InputStream dataSet) throws IOException {
                    return receiver.store(instance, dataSet);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A {@link Receiver} for the C-STOREs of one association; see {@link Receiver#openSession()}. */
    public interface Session extends Receiver, AutoCloseable {
        /** Finishes what the association's C-STOREs left; called once, also when the association ends otherwise. */
        @Override
        void close();
    }

    private Storage() {
    }

    /**
     * Sends one Part 10 file on a context that accepted its SOP class. Uncompressed data sets are re-encoded to
     * the accepted transfer syntax on the fly; bulk data streams from the file.
     *
     * @return the status the peer answered
     */
    public static int store(Association association, Path file, int messageId) throws IOException {
        return store(association, Part10Reader.read(file), messageId);
    }

    /** Sends one instance; see {@link #store(Association, Path, int)}. */
    public static int store(Association association, DicomFile instance, int messageId) throws IOException {
        send(association, instance, messageId, null, 0);
        return awaitResponse(association, messageId, () -> { });
    }

    /**
     * Sends the C-STORE-RQ of an instance and its data set, without waiting for the answer.
     *
     * @param moveOriginator the AE title whose C-MOVE caused this store, or null
     */
    static void send(Association association, DicomFile instance, int messageId, AeTitle moveOriginator,
                     int moveOriginatorMessageId) throws IOException {
        String sopClass = instance.dataset().getString(Tags.SOP_CLASS_UID);
        String sopInstance = instance.dataset().getString(Tags.SOP_INSTANCE_UID);
        if (sopClass == null || sopInstance == null) {
            throw new IOException("The instance has no SOP Class UID or SOP Instance UID");
        }
        int context = acceptedContext(association, sopClass, instance.transferSyntax());
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        Attributes.Builder command = Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_STORE_RQ)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.PRIORITY, Vr.US, 0)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT)
                .setString(Commands.AFFECTED_SOP_INSTANCE_UID, Vr.UI, sopInstance);
        if (moveOriginator != null) {
            command.setString(Commands.MOVE_ORIGINATOR_AE_TITLE, Vr.AE, moveOriginator.value())
                    .setInt(Commands.MOVE_ORIGINATOR_MESSAGE_ID, Vr.US, moveOriginatorMessageId);
        }
        try (OutputStream dataSet = association.sendStreaming(context, Commands.encode(command.build()))) {
            Part10Writer.of(syntax).writeDataSet(instance.dataset(), dataSet);
        }
    }

    /**
     * Waits for the C-STORE-RSP to {@code messageId}. A C-CANCEL-RQ that a C-GET requester sends meanwhile is
     * passed to {@code onCancel}; the store itself still gets its answer.
     */
    static int awaitResponse(Association association, int messageId, Runnable onCancel) throws IOException {
        while (true) {
            Message response = association.receiveCommand()
                    .orElseThrow(() -> new AssociationException("The peer released instead of answering the C-STORE"));
            Attributes answer = Commands.decode(response.command());
            if (Commands.announcesDataSet(answer)) {
                association.skipDataSet();
            }
            int field = answer.getInt(Commands.COMMAND_FIELD, -1);
            if (field == Commands.C_CANCEL_RQ) {
                onCancel.run();
                continue;
            }
            if (field != Commands.C_STORE_RSP
                    || answer.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
                throw new AssociationException("The peer answered the C-STORE with command 0x"
                        + Integer.toHexString(field));
            }
            return answer.getInt(Commands.STATUS, -1);
        }
    }

    /** A context for the SOP class whose transfer syntax can carry the file: its own, or any uncompressed one. */
    private static int acceptedContext(Association association, String sopClass, TransferSyntax fileSyntax)
            throws AssociationException {
        return association.request().presentationContexts().stream()
                .filter(pc -> pc.abstractSyntax().equals(sopClass))
                .map(PresentationContext::id)
                .filter(id -> association.transferSyntax(id)
                        .map(TransferSyntax::of)
                        .filter(ts -> ts.uid().equals(fileSyntax.uid()) || !ts.encapsulated() && !fileSyntax.encapsulated())
                        .isPresent())
                .findFirst()
                .orElseThrow(() -> new AssociationException("No accepted presentation context can carry " + sopClass
                        + " in " + fileSyntax));
    }

    /** Receives instances into a directory; see {@link #toDirectory(Path)}. C-ECHO is answered too. */
    public static AssociationAcceptor.Handler scp(Path directory) {
        return ServiceClassProvider.builder().storage(toDirectory(directory)).build();
    }

    /**
     * Keeps instances in {@code directory} as {@code <SOP instance UID>.dcm}: the data set is copied from the
     * network to the file as it arrives, never held whole in memory, and made durable (fsync) before success is
     * answered. A partly received file never appears under its final name.
     */
    public static Receiver toDirectory(Path directory) {
        return (instance, dataSet) -> {
            Path target = directory.resolve(instance.sopInstance() + ".dcm");
            Path partial = directory.resolve(instance.sopInstance() + ".dcm.part");
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                // Fragments are 16 KB as a rule; gathering them saves most of the write calls.
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024);
                Part10Writer.of(instance.transferSyntax()).writeHeader(instance.sopClass(), instance.sopInstance(), out);
                dataSet.transferTo(out);
                out.flush();
                // Data and size, not timestamps: what reading the file back needs after a crash.
                channel.force(false);
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                return Commands.OUT_OF_RESOURCES;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Commands.SUCCESS;
        };
    }

    /** Receives the data set of a C-STORE-RQ into the receiver and answers it. */
    static void serve(Association association, Message request, Attributes command, Receiver receiver)
            throws IOException {
        int context = request.presentationContextId();
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        String sopInstance = command.getString(Commands.AFFECTED_SOP_INSTANCE_UID);
        int status;
        try (InputStream dataSet = association.openDataSet()) {
            if (sopClass == null || sopInstance == null || !UID.matcher(sopInstance).matches()
                    || sopInstance.length() > 64) {
                status = Commands.CANNOT_UNDERSTAND;
            } else {
                Incoming incoming = new Incoming(association.request().callingAe(), association.request().calledAe(),
                        sopClass, sopInstance, TransferSyntax.of(association.transferSyntax(context).orElseThrow()));
                status = receiver.store(incoming, dataSet);
            }
            // Whatever the receiver left is read to the end: the next message starts after it.
            dataSet.transferTo(OutputStream.nullOutputStream());
        }
        Attributes.Builder response = Attributes.builder()
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_STORE_RSP)
                .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, command.getInt(Commands.MESSAGE_ID, 0))
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.NO_DATA_SET)
                .setInt(Commands.STATUS, Vr.US, status);
        if (sopClass != null) {
            response.setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass);
        }
        if (sopInstance != null) {
            response.setString(Commands.AFFECTED_SOP_INSTANCE_UID, Vr.UI, sopInstance);
        }
        association.send(new Message(context, Commands.encode(response.build()), null));
    }
}
