package org.rayport.itests.gated;

/**
 * The component of a stand-in for a licensed feature: {@link org.rayport.itests.GatedBundles} packs this class into a
 * bundle whose component requires {@code LicensedModule (module=X)} and registers itself as a service while it may.
 */
public class GatedMarker {

    public GatedMarker() {
    }
}
