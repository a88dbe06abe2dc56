package org.rayport.pools;

/**
 * What every pool can be told, as in mRay's administrator manual.
 *
 * @param storagePath an alternative storage directory for this pool; empty uses the global working path
 * @param cachePool incoming data is indexed for search but not put into users' inboxes
 * @param retentionDays datasets are deleted from the server this many days after arrival (fractions allowed);
 *                      0 keeps them
 * @param deviceRetentionHours clients delete downloaded data this many hours after last use; 0 keeps it
 * @param autoDownload clients download new datasets of this pool without being asked
 * @param allowJpeg clients may receive lossy JPEG of this pool's images
 * @param pseudonymize datasets are pseudonymized before they are stored (burned-in text in pixels is not removed)
 */
public record PoolOptions(boolean enabled, String storagePath, boolean cachePool, double retentionDays,
                          double deviceRetentionHours, boolean autoDownload, boolean allowJpeg, boolean pseudonymize) {

    public static final PoolOptions DEFAULTS = new PoolOptions(true, "", false, 0, 0, false, true, false);

    public PoolOptions {
        storagePath = storagePath == null ? "" : storagePath.strip();
        if (retentionDays < 0 || Double.isNaN(retentionDays)) {
            throw new IllegalArgumentException("retentionDays must be 0 (keep) or more: " + retentionDays);
        }
        if (deviceRetentionHours < 0 || Double.isNaN(deviceRetentionHours)) {
            throw new IllegalArgumentException("deviceRetentionHours must be 0 (keep) or more: " + deviceRetentionHours);
        }
    }
}
