package org.rayport.store;

/**
 * The OSGi EventAdmin events the store posts (asynchronously, after the commit). They carry UIDs only, never patient
 * data: a handler that needs more reads the {@link DatasetIndex}.
 */
public final class StoreEvents {

    /** One instance was stored (received or imported) and is visible in the index. */
    public static final String STORED = "org/rayport/store/STORED";

    public static final String POOL = "pool";
    public static final String STUDY_INSTANCE_UID = "studyInstanceUid";
    public static final String SERIES_INSTANCE_UID = "seriesInstanceUid";
    public static final String SOP_INSTANCE_UID = "sopInstanceUid";

    private StoreEvents() {
    }
}
