package org.rayport.dicom.net.dimse;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;

/**
 * Serves the DIMSE-C services of one AE title on each association: C-ECHO always, C-STORE, C-FIND, C-MOVE and
 * C-GET when given. Which SOP classes an association may use is decided earlier, by the presentation contexts
 * the acceptor's {@code Service} supports; a command that reaches a service not configured here is refused.
 *
 * <pre>{@code
 * AssociationAcceptor.Handler pacs = ServiceClassProvider.builder()
 *         .storage(Storage.toDirectory(inbox))
 *         .query(matcher)
 *         .retrieve(source, destinations, connector)
 *         .build();
 * }</pre>
 */
public final class ServiceClassProvider {

    private ServiceClassProvider() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Storage.Receiver storage;
        private Query.Matcher query;
        private Retrieve.Source retrieve;
        private Retrieve.Destinations destinations;
        private Retrieve.Connector connector;

        private Builder() {
        }

        public Builder storage(Storage.Receiver receiver) {
            this.storage = receiver;
            return this;
        }

        public Builder query(Query.Matcher matcher) {
            this.query = matcher;
            return this;
        }

        /**
         * C-GET from {@code source}, and C-MOVE from it to the {@code destinations}, reached with {@code connector}.
         */
        public Builder retrieve(Retrieve.Source source, Retrieve.Destinations destinations,
                                Retrieve.Connector connector) {
            this.retrieve = source;
            this.destinations = destinations;
            this.connector = connector;
            return this;
        }

        public AssociationAcceptor.Handler build() {
            Storage.Receiver storage = this.storage;
            Query.Matcher query = this.query;
            Retrieve.Source retrieve = this.retrieve;
            Retrieve.Destinations destinations = this.destinations;
            Retrieve.Connector connector = this.connector;
            return association -> {
                if (storage == null) {
                    serve(association, null, query, retrieve, destinations, connector);
                    return;
                }
                Storage.Session session = storage.openSession();
                AtomicBoolean closed = new AtomicBoolean();
                Runnable finish = () -> {
                    if (closed.compareAndSet(false, true)) {
                        session.close();
                    }
                };
                // Before the release is answered, so that a sender who got the answer finds everything it sent.
                association.beforeRelease(finish);
                try {
                    serve(association, session, query, retrieve, destinations, connector);
                } finally {
                    finish.run();
                }
            };
        }
    }

    private static void serve(Association association, Storage.Session storage, Query.Matcher query,
                              Retrieve.Source retrieve, Retrieve.Destinations destinations,
                              Retrieve.Connector connector) throws IOException {
        Optional<Message> request;
        while ((request = association.receiveCommand()).isPresent()) {
            int context = request.get().presentationContextId();
            Attributes command = Commands.decode(request.get().command());
            int field = command.getInt(Commands.COMMAND_FIELD, -1);
            if (field == Commands.C_STORE_RQ && storage != null) {
                Storage.serve(association, request.get(), command, storage);
                continue;
            }
            byte[] dataSet = Commands.announcesDataSet(command) ? association.readDataSet() : null;
            if (field == Commands.C_ECHO_RQ) {
                Verification.answer(association, context, command);
            } else if (field == Commands.C_FIND_RQ && query != null && dataSet != null) {
                Query.serve(association, context, command, dataSet, query);
            } else if (field == Commands.C_MOVE_RQ && retrieve != null && dataSet != null) {
                Retrieve.serveMove(association, context, command, dataSet, retrieve, destinations, connector);
            } else if (field == Commands.C_GET_RQ && retrieve != null && dataSet != null) {
                Retrieve.serveGet(association, context, command, dataSet, retrieve);
            } else if (field == Commands.C_CANCEL_RQ) {
                // A cancel that arrives after its operation finished has nothing left to stop.
            } else if (isRequest(field)) {
                refuse(association, context, command, field);
            } else {
                association.abort();
                throw new AssociationException("Unexpected command 0x" + Integer.toHexString(field));
            }
        }
    }

    private static boolean isRequest(int field) {
        return field >= 0 && (field & 0x8000) == 0;
    }

    /** Answers a request for a service not configured here, so that the requester is told rather than cut off. */
    private static void refuse(Association association, int context, Attributes command, int field)
            throws IOException {
        Attributes.Builder response = Attributes.builder()
                .setInt(Commands.COMMAND_FIELD, Vr.US, field | 0x8000)
                .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, command.getInt(Commands.MESSAGE_ID, 0))
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.NO_DATA_SET)
                .setInt(Commands.STATUS, Vr.US, Commands.SOP_CLASS_NOT_SUPPORTED);
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        if (sopClass != null) {
            response.setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass);
        }
        association.send(new Message(context, Commands.encode(response.build()), null));
    }
}
