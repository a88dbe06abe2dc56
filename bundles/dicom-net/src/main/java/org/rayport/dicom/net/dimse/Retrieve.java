package org.rayport.dicom.net.dimse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.DicomTls;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;

/**
 * The retrieve service (C-MOVE and C-GET, PS3.4 annex C.4.2 and C.4.3), both sides. A C-MOVE asks a node to send
 * instances to a third AE title over a new association; a C-GET asks for them on the same association, where the
 * requester acts as storage SCP (role selection).
 */
public final class Retrieve {

    /** How a retrieve ended: its final status and the sub-operation counts. */
    public record Outcome(int status, int completed, int failed, int warnings) {
        public boolean succeeded() {
            return status == Commands.SUCCESS;
        }
    }

    /**
     * An instance that can be sent: what it is, without opening it, and how to open it.
     *
     * @param transferSyntax the syntax the instance is kept in
     */
    public record StoredInstance(String sopClass, String sopInstance, String transferSyntax, Opener opener) {

        @FunctionalInterface
        public interface Opener {
            Opened open() throws IOException;
        }

        /** An instance open for sending; closed once it is sent, e.g. to release a read lease of its store. */
        public interface Opened extends AutoCloseable {
            DicomFile file();

            @Override
            void close() throws IOException;

            /** A file that needs no closing. */
            static Opened of(DicomFile file) {
                return new Opened() {
                    @Override
                    public DicomFile file() {
                        return file;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        }

        /** A Part 10 file; its header is read once now, its pixel data only when sent. */
        public static StoredInstance ofFile(Path file) throws IOException {
            DicomFile header = Part10Reader.read(file);
            return new StoredInstance(header.dataset().getString(Tags.SOP_CLASS_UID),
                    header.dataset().getString(Tags.SOP_INSTANCE_UID), header.transferSyntax().uid(),
                    () -> Opened.of(Part10Reader.read(file)));
        }
    }

    /** What a retrieve identifier selects, at the level it names. */
    @FunctionalInterface
    public interface Source {
        /**
         * @param sopClass the information model asked (patient root or study root, MOVE or GET)
         * @throws IllegalArgumentException when the identifier makes no sense for the model
         */
        List<StoredInstance> select(String sopClass, Attributes identifier) throws IOException;
    }

    /** Where C-MOVE destinations are: only AE titles known here receive anything. */
    @FunctionalInterface
    public interface Destinations {
        Optional<InetSocketAddress> address(AeTitle aeTitle);
    }

    /**
     * How this side opens associations to C-MOVE destinations.
     *
     * @param tls null for plain TCP
     */
    public record Connector(UserInformation userInformation, Duration timeout, DicomTls tls) {
    }

    /** Presentation contexts of one association: the standard allows 128. */
    private static final int MAX_CONTEXTS = 128;

    private Retrieve() {
    }

    /**
     * Asks the peer to C-STORE what matches {@code identifier} to {@code destination}, an AE title the peer knows
     * (the storage SCP receiving the instances is another association, which the caller runs).
     */
    public static Outcome move(Association association, String sopClass, Attributes identifier, AeTitle destination,
                               int messageId) throws IOException {
        int context = association.acceptedContext(sopClass);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        association.send(new Message(context, Commands.encode(request(sopClass, Commands.C_MOVE_RQ, messageId)
                .setString(Commands.MOVE_DESTINATION, Vr.AE, destination.value())
                .build()), Query.encode(identifier, syntax)));
        while (true) {
            Message response = association.receive(Commands::announcesDataSet)
                    .orElseThrow(() -> new AssociationException("The peer released in the middle of a C-MOVE"));
            Optional<Outcome> outcome = outcome(Commands.decode(response.command()), Commands.C_MOVE_RSP, messageId);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
    }

    /**
     * Asks the peer to send what matches {@code identifier} on this association (C-GET). The association must have
     * proposed the storage SOP classes expected, with this side in the SCP role ({@code RoleSelection}); each
     * instance goes to {@code receiver} as it arrives.
     */
    public static Outcome get(Association association, String sopClass, Attributes identifier, int messageId,
                              Storage.Receiver receiver) throws IOException {
        int context = association.acceptedContext(sopClass);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        association.send(new Message(context, Commands.encode(request(sopClass, Commands.C_GET_RQ, messageId).build()),
                Query.encode(identifier, syntax)));
        while (true) {
            Message message = association.receiveCommand()
                    .orElseThrow(() -> new AssociationException("The peer released in the middle of a C-GET"));
            Attributes command = Commands.decode(message.command());
            if (command.getInt(Commands.COMMAND_FIELD, -1) == Commands.C_STORE_RQ) {
                Storage.serve(association, message, command, receiver);
                continue;
            }
            if (Commands.announcesDataSet(command)) {
                association.skipDataSet();
            }
            Optional<Outcome> outcome = outcome(command, Commands.C_GET_RSP, messageId);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
    }

    private static Attributes.Builder request(String sopClass, int field, int messageId) {
        return Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, field)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.PRIORITY, Vr.US, 0)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT);
    }

    /** The outcome of a final response, empty for a pending one. */
    private static Optional<Outcome> outcome(Attributes command, int expectedField, int messageId)
            throws AssociationException {
        if (command.getInt(Commands.COMMAND_FIELD, -1) != expectedField
                || command.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
            throw new AssociationException("The peer answered with command 0x"
                    + Integer.toHexString(command.getInt(Commands.COMMAND_FIELD, -1)));
        }
        int status = command.getInt(Commands.STATUS, -1);
        if (status == Commands.PENDING || status == Commands.PENDING_WARNING) {
            return Optional.empty();
        }
        return Optional.of(new Outcome(status, command.getInt(Commands.COMPLETED_SUBOPERATIONS, 0),
                command.getInt(Commands.FAILED_SUBOPERATIONS, 0), command.getInt(Commands.WARNING_SUBOPERATIONS, 0)));
    }


    /** Counts of a retrieve in progress, and its responses. */
    private static final class Progress {
        final int total;
        int completed;
        int failed;
        int warnings;
        final List<String> failedInstances = new ArrayList<>();

        Progress(int total) {
            this.total = total;
        }

        void count(StoredInstance instance, int status) {
            if (status == Commands.SUCCESS) {
                completed++;
            } else if ((status & 0xF000) == 0xB000) {
                warnings++;
            } else {
                fail(instance);
            }
        }

        void fail(StoredInstance instance) {
            failed++;
            failedInstances.add(instance.sopInstance());
        }

        int remaining() {
            return total - completed - failed - warnings;
        }

        int finalStatus(boolean cancelled) {
            if (cancelled) {
                return Commands.CANCEL;
            }
            if (failed > 0 && completed == 0 && warnings == 0) {
                return Commands.UNABLE_TO_PERFORM_SUBOPERATIONS;
            }
            return failed > 0 || warnings > 0 ? Commands.SUBOPERATIONS_WITH_FAILURES : Commands.SUCCESS;
        }

        Message response(int context, String sopClass, int field, int messageId, int status, TransferSyntax syntax)
                throws IOException {
            boolean pending = status == Commands.PENDING;
            boolean listFailures = !pending && !failedInstances.isEmpty();
            Attributes.Builder command = Attributes.builder()
                    .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                    .setInt(Commands.COMMAND_FIELD, Vr.US, field)
                    .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, messageId)
                    .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US,
                            listFailures ? Commands.DATA_SET_PRESENT : Commands.NO_DATA_SET)
                    .setInt(Commands.STATUS, Vr.US, status)
                    .setInt(Commands.COMPLETED_SUBOPERATIONS, Vr.US, completed)
                    .setInt(Commands.FAILED_SUBOPERATIONS, Vr.US, failed)
                    .setInt(Commands.WARNING_SUBOPERATIONS, Vr.US, warnings);
            if (pending || status == Commands.CANCEL) {
                command.setInt(Commands.REMAINING_SUBOPERATIONS, Vr.US, remaining());
            }
            byte[] dataSet = listFailures ? Query.encode(Attributes.builder()
                    .setString(Commands.FAILED_SOP_INSTANCE_UID_LIST, Vr.UI, failedInstances.toArray(String[]::new))
                    .build(), syntax) : null;
            return new Message(context, Commands.encode(command.build()), dataSet);
        }
    }

    /**
     * Answers one C-MOVE-RQ: selects the instances, opens an association to the destination and sends them, with a
     * pending response after each and the final counts at the end. A cancel stops between two instances.
     */
    static void serveMove(Association association, int context, Attributes command, byte[] dataSet, Source source,
                          Destinations destinations, Connector connector) throws IOException {
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        int messageId = command.getInt(Commands.MESSAGE_ID, 0);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        Optional<List<StoredInstance>> selected = select(association, context, command, dataSet, source,
                Commands.C_MOVE_RSP);
        if (selected.isEmpty()) {
            return;
        }
        String destinationTitle = command.getString(Commands.MOVE_DESTINATION, "");
        Optional<InetSocketAddress> destination = destinationTitle.isBlank() ? Optional.empty()
                : destinations.address(AeTitle.of(destinationTitle));
        Progress progress = new Progress(selected.get().size());
        if (destination.isEmpty()) {
            association.send(progress.response(context, sopClass, Commands.C_MOVE_RSP, messageId,
                    Commands.MOVE_DESTINATION_UNKNOWN, syntax));
            return;
        }
        boolean cancelled = false;
        if (!selected.get().isEmpty()) {
            cancelled = sendTo(destination.get(), AeTitle.of(destinationTitle), association, context, sopClass,
                    messageId, selected.get(), progress, connector, syntax);
        }
        association.send(progress.response(context, sopClass, Commands.C_MOVE_RSP, messageId,
                progress.finalStatus(cancelled), syntax));
    }

    /** @return whether the requester cancelled */
    private static boolean sendTo(InetSocketAddress address, AeTitle destination, Association requester, int context,
                                  String sopClass, int messageId, List<StoredInstance> instances, Progress progress,
                                  Connector connector, TransferSyntax syntax) throws IOException {
        Association sub;
        try {
            sub = Association.request(address, new AssociateRequest(destination, requester.request().calledAe(),
                    storageContexts(instances), connector.userInformation()), connector.timeout(), connector.tls());
        } catch (IOException unreachable) {
            instances.forEach(progress::fail);
            return false;
        }
        try (sub) {
            int subMessageId = 1;
            for (StoredInstance instance : instances) {
                if (Cancel.requested(requester, messageId)) {
                    sub.release();
                    return true;
                }
                try (StoredInstance.Opened opened = instance.opener().open()) {
                    Storage.send(sub, opened.file(), subMessageId, requester.request().callingAe(), messageId);
                    progress.count(instance, Storage.awaitResponse(sub, subMessageId++, () -> { }));
                } catch (AssociationException broken) {
                    if (!sub.isOpen()) {
                        progress.fail(instance);
                        instances.stream().skip(progress.total - progress.remaining()).forEach(progress::fail);
                        return false;
                    }
                    progress.fail(instance);
                } catch (IOException unreadable) {
                    progress.fail(instance);
                }
                requester.send(progress.response(context, sopClass, Commands.C_MOVE_RSP, messageId,
                        Commands.PENDING, syntax));
            }
            sub.release();
        }
        return false;
    }

    /**
     * One context per SOP class and stored transfer syntax: compressed instances go as they are, uncompressed ones
     * may also be re-encoded to explicit or implicit VR little endian, which every storage SCP accepts.
     */
    static List<PresentationContext> storageContexts(List<StoredInstance> instances) {
        Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
        for (StoredInstance instance : instances) {
            String key = instance.sopClass() + "|" + instance.transferSyntax();
            Set<String> proposed = new LinkedHashSet<>();
            proposed.add(instance.transferSyntax());
            if (!TransferSyntax.of(instance.transferSyntax()).encapsulated()) {
                proposed.add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
                proposed.add(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
            }
            syntaxes.putIfAbsent(key, proposed);
        }
        List<PresentationContext> contexts = new ArrayList<>();
        int id = 1;
        for (Map.Entry<String, Set<String>> entry : syntaxes.entrySet()) {
            if (contexts.size() == MAX_CONTEXTS) {
                break;   // instances of further kinds fail their sub-operation: no context carries them
            }
            String sopClass = entry.getKey().substring(0, entry.getKey().indexOf('|'));
            contexts.add(new PresentationContext(id, sopClass, List.copyOf(entry.getValue())));
            id += 2;
        }
        return contexts;
    }

    /**
     * Answers one C-GET-RQ: sends the selected instances to the requester on this association, on the storage
     * contexts where it took the SCP role, with a pending response after each.
     */
    static void serveGet(Association association, int context, Attributes command, byte[] dataSet, Source source)
            throws IOException {
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        int messageId = command.getInt(Commands.MESSAGE_ID, 0);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        Optional<List<StoredInstance>> selected = select(association, context, command, dataSet, source,
                Commands.C_GET_RSP);
        if (selected.isEmpty()) {
            return;
        }
        Progress progress = new Progress(selected.get().size());
        boolean[] cancelled = {false};
        int subMessageId = messageId + 1;
        for (StoredInstance instance : selected.get()) {
            if (cancelled[0] || Cancel.requested(association, messageId)) {
                cancelled[0] = true;
                break;
            }
            if (!association.requesterIsStorageScp(instance.sopClass())) {
                progress.fail(instance);
                continue;
            }
            try (StoredInstance.Opened opened = instance.opener().open()) {
                Storage.send(association, opened.file(), subMessageId, null, 0);
                progress.count(instance, Storage.awaitResponse(association, subMessageId, () -> cancelled[0] = true));
            } catch (AssociationException noContext) {
                if (!association.isOpen()) {
                    throw noContext;
                }
                progress.fail(instance);
            } catch (IOException unreadable) {
                progress.fail(instance);
            }
            subMessageId = (subMessageId + 1) & 0xFFFF;
            association.send(progress.response(context, sopClass, Commands.C_GET_RSP, messageId, Commands.PENDING,
                    syntax));
        }
        association.send(progress.response(context, sopClass, Commands.C_GET_RSP, messageId,
                progress.finalStatus(cancelled[0]), syntax));
    }

    /** The instances an identifier selects, or empty when a failure response has been sent instead. */
    private static Optional<List<StoredInstance>> select(Association association, int context, Attributes command,
                                                         byte[] dataSet, Source source, int responseField)
            throws IOException {
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        int messageId = command.getInt(Commands.MESSAGE_ID, 0);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        int status;
        try {
            return Optional.of(List.copyOf(source.select(sopClass, Query.decode(dataSet, syntax))));
        } catch (IllegalArgumentException | org.rayport.dicom.data.io.DicomParseException badIdentifier) {
            status = Commands.IDENTIFIER_DOES_NOT_MATCH;
        } catch (IOException | RuntimeException failed) {
            status = Commands.OUT_OF_RESOURCES_MATCHES;
        }
        association.send(new Progress(0).response(context, sopClass, responseField, messageId, status, syntax));
        return Optional.empty();
    }
}
