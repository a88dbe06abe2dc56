package org.rayport.pools.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of a query/retrieve pool, as the web console's configuration page shows it. */
@ObjectClassDefinition(name = "Rayport query/retrieve pool",
        description = "A PACS searched (C-FIND) and retrieved from: C-MOVE to this pool's own AE title, C-GET when "
                + "the PACS refuses the move. What arrives is stored in the pool.")
public @interface QueryRetrieveConfig {

    @AttributeDefinition(name = "Id", description = "Stable pool id: lower-case letters, digits, '-' and '_'.")
    String id();

    @AttributeDefinition(name = "Name", required = false)
    String name() default "";

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "PACS host", description = "Host name or address of the PACS.")
    String pacsHost();

    @AttributeDefinition(name = "PACS port", description = "DICOM port of the PACS.")
    int pacsPort() default 104;

    @AttributeDefinition(name = "PACS AE title", description = "The AE title the PACS answers as.")
    String pacsAeTitle();

    @AttributeDefinition(name = "Local AE title", description = "This pool's AE title: the calling AE title of its "
            + "searches, and the C-MOVE destination the PACS must know (with this server's address and the retrieve "
            + "port).")
    String localAeTitle() default "RAYPORT_QR";

    @AttributeDefinition(name = "Retrieve port", description = "Port on which this pool receives what the PACS "
            + "moves; may be shared with network-node pools (other AE titles).")
    int retrievePort() default 11113;

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

    @AttributeDefinition(name = "Pseudonymize datasets", description = "Not available for query/retrieve pools: a "
            + "pool with it switched on does not start.")
    boolean pseudonymize() default false;

    @AttributeDefinition(name = "Users", required = false, description = "User IDs that may see this pool.")
    String[] users() default {};

    @AttributeDefinition(name = "Groups", required = false, description = "Group IDs whose members may see this pool.")
    String[] groups() default {};
}
