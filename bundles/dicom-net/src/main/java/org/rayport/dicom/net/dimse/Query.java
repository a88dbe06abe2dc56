package org.rayport.dicom.net.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.pdu.PresentationContext;

/** The query service (C-FIND, PS3.4 annex C and K): asking for matches, and answering with them. */
public final class Query {

    /** Finds the matches of an identifier; the SCP streams them to the requester as they come. */
    @FunctionalInterface
    public interface Matcher {
        /**
         * @param sopClass the information model asked (study root, patient root, worklist)
         * @param identifier the keys: values to match, empty values to return
         */
        Iterator<Attributes> find(String sopClass, Attributes identifier) throws IOException;
    }

    private Query() {
    }

    /**
     * Sends a C-FIND and hands every match to {@code onMatch} as it arrives.
     *
     * @return the final status; {@link Commands#SUCCESS} when all matches were delivered
     */
    public static int find(Association association, String sopClass, Attributes identifier, int messageId,
                           Consumer<Attributes> onMatch) throws IOException {
        int context = context(association, sopClass);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        association.send(new Message(context, Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_FIND_RQ)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.PRIORITY, Vr.US, 0)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT)
                .build()), encode(identifier, syntax)));
        while (true) {
            Message response = association.receive(Commands::announcesDataSet)
                    .orElseThrow(() -> new AssociationException("The peer released in the middle of a C-FIND"));
            Attributes command = Commands.decode(response.command());
            if (command.getInt(Commands.COMMAND_FIELD, -1) != Commands.C_FIND_RSP
                    || command.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
                throw new AssociationException("The peer answered the C-FIND with something else");
            }
            int status = command.getInt(Commands.STATUS, -1);
            if (status != Commands.PENDING && status != Commands.PENDING_WARNING) {
                return status;
            }
            if (response.dataSet() != null) {
                onMatch.accept(decode(response.dataSet(), syntax));
            }
        }
    }

    /** Answers C-FIND requests with the matcher's results; C-ECHO is answered too. */
    public static AssociationAcceptor.Handler scp(Matcher matcher) {
        return association -> {
            Optional<Message> request;
            while ((request = association.receive(Commands::announcesDataSet)).isPresent()) {
                int context = request.get().presentationContextId();
                Attributes command = Commands.decode(request.get().command());
                int field = command.getInt(Commands.COMMAND_FIELD, -1);
                if (field == Commands.C_ECHO_RQ) {
                    Verification.answer(association, context, command);
                    continue;
                }
                if (field != Commands.C_FIND_RQ || request.get().dataSet() == null) {
                    association.abort();
                    throw new AssociationException("Command 0x" + Integer.toHexString(field) + " is not served here");
                }
                TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
                String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
                int messageId = command.getInt(Commands.MESSAGE_ID, 0);
                int status = Commands.SUCCESS;
                try {
                    Attributes identifier = decode(request.get().dataSet(), syntax);
                    Iterator<Attributes> matches = matcher.find(sopClass, identifier);
                    while (matches.hasNext()) {
                        association.send(new Message(context,
                                response(sopClass, messageId, Commands.PENDING, true), encode(matches.next(), syntax)));
                    }
                } catch (IOException | RuntimeException unusable) {
                    status = Commands.IDENTIFIER_DOES_NOT_MATCH;
                }
                association.send(new Message(context, response(sopClass, messageId, status, false), null));
            }
        };
    }

    private static byte[] response(String sopClass, int messageId, int status, boolean withDataSet) {
        return Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_FIND_RSP)
                .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, messageId)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US,
                        withDataSet ? Commands.DATA_SET_PRESENT : Commands.NO_DATA_SET)
                .setInt(Commands.STATUS, Vr.US, status)
                .build());
    }

    private static int context(Association association, String sopClass) throws AssociationException {
        return association.request().presentationContexts().stream()
                .filter(pc -> pc.abstractSyntax().equals(sopClass))
                .map(PresentationContext::id)
                .filter(id -> association.transferSyntax(id).isPresent())
                .findFirst()
                .orElseThrow(() -> new AssociationException("The peer did not accept " + sopClass));
    }

    static byte[] encode(Attributes dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Part10Writer.of(syntax).writeDataSet(dataSet, bytes);
        return bytes.toByteArray();
    }

    static Attributes decode(byte[] dataSet, TransferSyntax syntax) throws IOException {
        return Part10Reader.defaults().parseDataSet(new ByteArrayInputStream(dataSet), syntax);
    }
}
