package org.rayport.dicom.net.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The acceptor's side of presentation context negotiation (PS3.8 section 7.1.1.13). */
public final class Negotiation {

    private Negotiation() {
    }

    /**
     * Answers every proposed context: accepted with the first transfer syntax of the acceptor's preference list that
     * the requester offered, or rejected with the reason PS3.8 asks for.
     *
     * @param supported abstract syntax to the transfer syntaxes this side accepts for it, most preferred first
     */
    public static AssociateAccept accept(AssociateRequest request, Map<String, List<String>> supported,
                                         UserInformation ours) {
        List<PresentationContextResult> results = new ArrayList<>();
        for (PresentationContext proposed : request.presentationContexts()) {
            List<String> acceptable = supported.get(proposed.abstractSyntax());
            String firstProposed = proposed.transferSyntaxes().get(0);
            if (acceptable == null) {
                results.add(new PresentationContextResult(proposed.id(),
                        PresentationContextResult.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED, firstProposed));
                continue;
            }
            String chosen = acceptable.stream().filter(proposed.transferSyntaxes()::contains).findFirst().orElse(null);
            results.add(chosen == null
                    ? new PresentationContextResult(proposed.id(),
                            PresentationContextResult.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED, firstProposed)
                    : new PresentationContextResult(proposed.id(), PresentationContextResult.Result.ACCEPTANCE, chosen));
        }
        return new AssociateAccept(request.calledAe(), request.callingAe(), results, withRoles(ours, request,
                supported));
    }

    /**
     * Agrees to the roles the requester proposed for the SOP classes this side supports: a C-GET requester asks to
     * be the storage SCP, and this side can then send it the instances on the same association.
     */
    private static UserInformation withRoles(UserInformation ours, AssociateRequest request,
                                             Map<String, List<String>> supported) {
        List<RoleSelection> agreed = request.userInformation().roleSelections().stream()
                .filter(role -> supported.containsKey(role.sopClass()))
                .toList();
        if (agreed.isEmpty()) {
            return ours;
        }
        return new UserInformation(ours.maxPduLength(), ours.implementationClassUid(), ours.implementationVersionName(),
                ours.maxOperationsInvoked(), ours.maxOperationsPerformed(), agreed);
    }
}
