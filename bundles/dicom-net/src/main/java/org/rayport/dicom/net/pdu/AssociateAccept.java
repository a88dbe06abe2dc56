package org.rayport.dicom.net.pdu;

import java.util.List;
import java.util.Optional;

/** A-ASSOCIATE-AC: the acceptor's answer to each proposed presentation context. */
public record AssociateAccept(AeTitle calledAe, AeTitle callingAe, List<PresentationContextResult> results,
                              UserInformation userInformation) implements Pdu {

    public AssociateAccept {
        results = List.copyOf(results);
    }

    public Optional<PresentationContextResult> result(int presentationContextId) {
        return results.stream().filter(r -> r.id() == presentationContextId).findFirst();
    }

    @Override
    public int type() {
        return 0x02;
    }
}
