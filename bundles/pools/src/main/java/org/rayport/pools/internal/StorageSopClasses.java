package org.rayport.pools.internal;

import java.util.List;

/**
 * Which abstract syntaxes are storage SOP classes, by the UID branches PS3.4 annex B and PS3.6 table A-1 give them:
 * a new storage class added to the standard is accepted without a Rayport release.
 */
final class StorageSopClasses {

    private static final List<String> BRANCHES = List.of(
            "1.2.840.10008.5.1.4.1.1.",   // images, waveforms, SR, presentation states, RT, encapsulated documents...
            "1.2.840.10008.5.1.4.34.",    // second-generation RT and RT delivery instructions
            "1.2.840.10008.5.1.4.43.",    // implant templates
            "1.2.840.10008.5.1.4.44.",
            "1.2.840.10008.5.1.4.45.");

    private StorageSopClasses() {
    }

    static boolean isStorage(String sopClass) {
        return BRANCHES.stream().anyMatch(sopClass::startsWith);
    }
}
