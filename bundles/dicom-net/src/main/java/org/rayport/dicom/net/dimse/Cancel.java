package org.rayport.dicom.net.dimse;

import java.io.IOException;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;

/**
 * C-CANCEL (PS3.7 section 9.3.2.3): a requester's wish to stop a C-FIND, C-MOVE or C-GET that is still sending
 * responses. Without an asynchronous operations window nothing else may arrive meanwhile.
 */
final class Cancel {

    private Cancel() {
    }

    /** Sends a C-CANCEL-RQ for the operation {@code messageId}. */
    static void send(Association association, int context, int messageId) throws IOException {
        association.send(new Message(context, Commands.encode(Attributes.builder()
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_CANCEL_RQ)
                .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, messageId)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.NO_DATA_SET)
                .build()), null));
    }

    /**
     * Whether the requester has cancelled {@code messageId}, looked up without blocking.
     *
     * @throws AssociationException when something other than that cancel arrived (the association is aborted)
     */
    static boolean requested(Association association, int messageId) throws IOException {
        if (!association.hasIncomingData()) {
            return false;
        }
        Message message = association.receiveCommand()
                .orElseThrow(() -> new AssociationException("The peer released in the middle of an operation"));
        Attributes command = Commands.decode(message.command());
        if (Commands.announcesDataSet(command)) {
            association.skipDataSet();
        }
        if (command.getInt(Commands.COMMAND_FIELD, -1) != Commands.C_CANCEL_RQ
                || command.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
            association.abort();
            throw new AssociationException("Command 0x" + Integer.toHexString(command.getInt(Commands.COMMAND_FIELD, -1))
                    + " arrived while operation " + messageId + " was still answering");
        }
        return true;
    }
}
