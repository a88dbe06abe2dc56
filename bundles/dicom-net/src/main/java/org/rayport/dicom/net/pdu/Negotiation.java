package org.rayport.dicom.net.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The acceptor's side of presentation context negotiation (PS3.8 section 7.1.1.13). */
public final class Negotiation {

    /** What an acceptor takes: for an abstract syntax, its transfer syntaxes, most preferred first. */
    @FunctionalInterface
    public interface Supported {
        /** @return the accepted transfer syntaxes, or an empty list when the abstract syntax is not supported */
        List<String> transferSyntaxes(String abstractSyntax);

        static Supported of(Map<String, List<String>> supported) {
            Map<String, List<String>> copy = Map.copyOf(supported);
            return abstractSyntax -> copy.getOrDefault(abstractSyntax, List.of());
        }
    }

    private Negotiation() {
    }

    public static AssociateAccept accept(AssociateRequest request, Map<String, List<String>> supported,
                                         UserInformation ours) {
        return accept(request, Supported.of(supported), ours);
    }

    /**
     * Answers every proposed context: accepted with the first transfer syntax of the acceptor's preference list that
     * the requester offered, or rejected with the reason PS3.8 asks for.
     *
     * @param supported abstract syntax to the transfer syntaxes this side accepts for it, most preferred first
     */
    public static AssociateAccept accept(AssociateRequest request, Supported supported, UserInformation ours) {
        List<PresentationContextResult> results = new ArrayList<>();
        for (PresentationContext proposed : request.presentationContexts()) {
            List<String> acceptable = supported.transferSyntaxes(proposed.abstractSyntax());
            String firstProposed = proposed.transferSyntaxes().get(0);
            if (acceptable.isEmpty()) {
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
    private static UserInformation withRoles(UserInformation ours, AssociateRequest request, Supported supported) {
        List<RoleSelection> agreed = request.userInformation().roleSelections().stream()
                .filter(role -> !supported.transferSyntaxes(role.sopClass()).isEmpty())
                .toList();
        if (agreed.isEmpty()) {
            return ours;
        }
        return new UserInformation(ours.maxPduLength(), ours.implementationClassUid(), ours.implementationVersionName(),
                ours.maxOperationsInvoked(), ours.maxOperationsPerformed(), agreed);
    }
}
