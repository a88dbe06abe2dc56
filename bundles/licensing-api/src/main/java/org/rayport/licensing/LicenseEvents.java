package org.rayport.licensing;

/**
 * The EventAdmin topics the licensing bundle posts, so that other features (the mail notifications to come) can react
 * without the licensing bundle knowing them. Every event carries the {@code PROPERTY_*} values that apply.
 */
public final class LicenseEvents {

    /** The licence in force expires soon: posted once per warning threshold (30, 14, 7, 1 days by default). */
    public static final String EXPIRING = "org/rayport/licensing/EXPIRING";

    /** The status changed: a licence installed, removed, expired or begun. */
    public static final String CHANGED = "org/rayport/licensing/CHANGED";

    /** Whole days left, rounded up (an Integer). */
    public static final String PROPERTY_DAYS_LEFT = "daysLeft";
    /** The end of the validity period, ISO-8601 (a String). */
    public static final String PROPERTY_NOT_AFTER = "notAfter";
    public static final String PROPERTY_LICENSEE = "licensee";
    public static final String PROPERTY_LICENSE_ID = "licenseId";
    /** {@link LicenseStatus.Mode} name (a String). */
    public static final String PROPERTY_MODE = "mode";
    /** A sentence for a person, as {@link LicenseStatus#summary()} or {@link LicenseStatus#expiryWarning()}. */
    public static final String PROPERTY_MESSAGE = "message";

    private LicenseEvents() {
    }
}
