package org.rayport.pools.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of a network-node pool, as the web console's configuration page shows it. */
@ObjectClassDefinition(name = "Rayport network-node pool",
        description = "A DICOM C-STORE SCP with its own port and AE title; also answers C-FIND, C-MOVE and C-GET on "
                + "the pool's data for the allowed callers.")
public @interface NetworkNodeConfig {

    @AttributeDefinition(name = "Id", description = "Stable pool id: lower-case letters, digits, '-' and '_'.")
    String id();

    @AttributeDefinition(name = "Name", required = false)
    String name() default "";

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Port", description = "TCP port of the pool's DICOM SCP.")
    int port() default 11112;

    @AttributeDefinition(name = "AE title", description = "Called AE title the pool answers as (1-16 characters).")
    String aeTitle() default "RAYPORT";

    @AttributeDefinition(name = "Allowed callers", required = false,
            description = "Calling AE titles let in, as AE or AE@host; empty lets every caller in.")
    String[] allowedCallers() default {};

    @AttributeDefinition(name = "Alternative storage path", required = false,
            description = "Overrides the global working path for this pool.")
    String storagePath() default "";

    @AttributeDefinition(name = "Cache pool", description = "Index incoming data for search without putting it into "
            + "users' inboxes.")
    boolean cachePool() default false;

    @AttributeDefinition(name = "Delete on the server after (days)", description = "0 keeps datasets; fractions allowed.")
    double retentionDays() default 0;

    @AttributeDefinition(name = "Delete on devices after (hours)", description = "0 keeps them on devices.")
    double deviceRetentionHours() default 0;

    @AttributeDefinition(name = "Auto-download to clients")
    boolean autoDownload() default false;

    @AttributeDefinition(name = "Allow JPEG compression")
    boolean allowJpeg() default true;

    @AttributeDefinition(name = "Pseudonymize datasets", description = "PS3.15 basic profile before storage. "
            + "Text burned into pixel data is NOT removed.")
    boolean pseudonymize() default false;

    @AttributeDefinition(name = "Users", required = false, description = "User IDs that may see this pool.")
    String[] users() default {};

    @AttributeDefinition(name = "Groups", required = false, description = "Group IDs whose members may see this pool.")
    String[] groups() default {};
}
