package org.rayport.dicom.net.dimse;

import java.io.IOException;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.pdu.PresentationContext;

/** The verification service (C-ECHO, PS3.7 section 9.1.5): "are you there?" between two DICOM nodes. */
public final class Verification {

    private Verification() {
    }

    /**
     * Sends a C-ECHO on an association that accepted the verification SOP class.
     *
     * @return the status the peer answered; {@link Commands#SUCCESS} when it is there
     */
    public static int echo(Association association, int messageId) throws IOException {
        int context = association.request().presentationContexts().stream()
                .filter(pc -> Uids.VERIFICATION.equals(pc.abstractSyntax()))
                .map(PresentationContext::id)
                .filter(id -> association.transferSyntax(id).isPresent())
                .findFirst()
                .orElseThrow(() -> new AssociationException("The peer did not accept the verification SOP class"));
        association.send(new Message(context, Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, Uids.VERIFICATION)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_ECHO_RQ)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.NO_DATA_SET)
                .build()), null));
        Message response = association.receive(Commands::announcesDataSet)
                .orElseThrow(() -> new AssociationException("The peer released instead of answering the C-ECHO"));
        Attributes command = Commands.decode(response.command());
        if (command.getInt(Commands.COMMAND_FIELD, -1) != Commands.C_ECHO_RSP
                || command.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
            throw new AssociationException("The peer answered the C-ECHO with something else");
        }
        return command.getInt(Commands.STATUS, -1);
    }

    /** Answers every C-ECHO with success until the requester releases; other requests are refused. */
    public static AssociationAcceptor.Handler scp() {
        return ServiceClassProvider.builder().build();
    }

    /** Answers one C-ECHO-RQ with success. */
    static void answer(Association association, int context, Attributes request) throws IOException {
        association.send(new Message(context, Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, Uids.VERIFICATION)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_ECHO_RSP)
                .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, request.getInt(Commands.MESSAGE_ID, 0))
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.NO_DATA_SET)
                .setInt(Commands.STATUS, Vr.US, Commands.SUCCESS)
                .build()), null));
    }
}
