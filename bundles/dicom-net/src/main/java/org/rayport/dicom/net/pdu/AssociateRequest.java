package org.rayport.dicom.net.pdu;

import java.util.List;

/** A-ASSOCIATE-RQ: the requester names both ends and proposes presentation contexts. */
public record AssociateRequest(AeTitle calledAe, AeTitle callingAe, List<PresentationContext> presentationContexts,
                               UserInformation userInformation) implements Pdu {

    public AssociateRequest {
        if (presentationContexts == null || presentationContexts.isEmpty()) {
            throw new IllegalArgumentException("An association request proposes at least one presentation context");
        }
        presentationContexts = List.copyOf(presentationContexts);
        long distinct = presentationContexts.stream().mapToInt(PresentationContext::id).distinct().count();
        if (distinct != presentationContexts.size()) {
            throw new IllegalArgumentException("Presentation context IDs must be unique");
        }
    }

    @Override
    public int type() {
        return 0x01;
    }
}
