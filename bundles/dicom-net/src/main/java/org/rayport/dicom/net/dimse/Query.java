package org.rayport.dicom.net.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;

/** The query service (C-FIND, PS3.4 annex C and K): asking for matches, and answering with them. */
public final class Query {

    /** Finds the matches of an identifier; the SCP streams them to the requester as they come. */
    @FunctionalInterface
    public interface Matcher {
        /**
         * @param sopClass the information model asked (study root, patient root, worklist)
         * @param identifier the keys: values to match, empty values to return
         * @throws IllegalArgumentException when the keys make no sense for the model (answered "identifier does not
         *                                  match SOP class"); an IOException answers "out of resources"
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
        return findWhile(association, sopClass, identifier, messageId, match -> {
            onMatch.accept(match);
            return true;
        });
    }

    /**
     * Sends a C-FIND and hands every match to {@code wantMore} as it arrives; when it answers false, the search is
     * cancelled (C-CANCEL) and matches that were already on their way are dropped.
     *
     * @return the final status: {@link Commands#SUCCESS}, or {@link Commands#CANCEL} after a cancel the peer
     *         honoured (a peer may also finish with success before it sees the cancel)
     */
    public static int findWhile(Association association, String sopClass, Attributes identifier, int messageId,
                                Predicate<Attributes> wantMore) throws IOException {
        int context = association.acceptedContext(sopClass);
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        association.send(new Message(context, Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_FIND_RQ)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.PRIORITY, Vr.US, 0)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT)
                .build()), encode(identifier, syntax)));
        boolean cancelled = false;
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
            if (response.dataSet() != null && !cancelled && !wantMore.test(decode(response.dataSet(), syntax))) {
                Cancel.send(association, context, messageId);
                cancelled = true;
            }
        }
    }

    /** Answers C-FIND requests with the matcher's results; C-ECHO is answered too. */
    public static AssociationAcceptor.Handler scp(Matcher matcher) {
        return ServiceClassProvider.builder().query(matcher).build();
    }

    /** Answers one C-FIND-RQ, streaming the matches and stopping early when the requester cancels. */
    static void serve(Association association, int context, Attributes command, byte[] dataSet, Matcher matcher)
            throws IOException {
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        int messageId = command.getInt(Commands.MESSAGE_ID, 0);
        Attributes identifier;
        try {
            identifier = decode(dataSet, syntax);
        } catch (IOException unreadable) {
            association.send(new Message(context,
                    response(sopClass, messageId, Commands.IDENTIFIER_DOES_NOT_MATCH, false), null));
            return;
        }
        int status = Commands.SUCCESS;
        try {
            Iterator<Attributes> matches = matcher.find(sopClass, identifier);
            while (matches.hasNext()) {
                if (Cancel.requested(association, messageId)) {
                    status = Commands.CANCEL;
                    break;
                }
                association.send(new Message(context,
                        response(sopClass, messageId, Commands.PENDING, true), encode(matches.next(), syntax)));
            }
        } catch (AssociationException broken) {
            throw broken;
        } catch (IllegalArgumentException badKeys) {
            status = Commands.IDENTIFIER_DOES_NOT_MATCH;
        } catch (IOException | RuntimeException failed) {
            // The search itself failed (e.g. the index is unreachable): the requester may try again later.
            status = Commands.OUT_OF_RESOURCES;
        }
        association.send(new Message(context, response(sopClass, messageId, status, false), null));
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


    static byte[] encode(Attributes dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Part10Writer.of(syntax).writeDataSet(dataSet, bytes);
        return bytes.toByteArray();
    }

    static Attributes decode(byte[] dataSet, TransferSyntax syntax) throws IOException {
        return Part10Reader.defaults().parseDataSet(new ByteArrayInputStream(dataSet), syntax);
    }
}
