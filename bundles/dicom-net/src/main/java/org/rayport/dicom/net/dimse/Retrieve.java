package org.rayport.dicom.net.dimse;

import java.io.IOException;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.PresentationContext;

/** The retrieve service as a requester (C-MOVE, PS3.4 annex C.4.2): asking a PACS to send instances somewhere. */
public final class Retrieve {

    /** How a C-MOVE ended: its final status and the sub-operation counts the peer reported. */
    public record Outcome(int status, int completed, int failed, int warnings) {
        public boolean succeeded() {
            return status == Commands.SUCCESS;
        }
    }

    private Retrieve() {
    }

    /**
     * Asks the peer to C-STORE what matches {@code identifier} to {@code destination}, an AE title the peer knows
     * (the storage SCP receiving the instances is another association, which the caller runs).
     */
    public static Outcome move(Association association, String sopClass, Attributes identifier, AeTitle destination,
                               int messageId) throws IOException {
        int context = association.request().presentationContexts().stream()
                .filter(pc -> pc.abstractSyntax().equals(sopClass))
                .map(PresentationContext::id)
                .filter(id -> association.transferSyntax(id).isPresent())
                .findFirst()
                .orElseThrow(() -> new AssociationException("The peer did not accept " + sopClass));
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        association.send(new Message(context, Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_MOVE_RQ)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.PRIORITY, Vr.US, 0)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT)
                .setString(Commands.MOVE_DESTINATION, Vr.AE, destination.value())
                .build()), Query.encode(identifier, syntax)));
        while (true) {
            Message response = association.receive(Commands::announcesDataSet)
                    .orElseThrow(() -> new AssociationException("The peer released in the middle of a C-MOVE"));
            Attributes command = Commands.decode(response.command());
            if (command.getInt(Commands.COMMAND_FIELD, -1) != Commands.C_MOVE_RSP
                    || command.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
                throw new AssociationException("The peer answered the C-MOVE with something else");
            }
            int status = command.getInt(Commands.STATUS, -1);
            if (status != Commands.PENDING && status != Commands.PENDING_WARNING) {
                return new Outcome(status, command.getInt(Commands.COMPLETED_SUBOPERATIONS, 0),
                        command.getInt(Commands.FAILED_SUBOPERATIONS, 0),
                        command.getInt(Commands.WARNING_SUBOPERATIONS, 0));
            }
        }
    }
}
