package org.rayport.pools.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of an external-folder pool, as the web console's configuration page shows it. */
@ObjectClassDefinition(name = "Rayport folder pool",
        description = "A folder (local or a mounted share) whose DICOM, PDF and image files are imported as they "
                + "appear: DICOM as it is, PDF as Encapsulated PDF, JPEG/PNG/BMP/TIFF/GIF/TGA as Secondary Capture.")
public @interface FolderConfig {

    @AttributeDefinition(name = "Id", description = "Stable pool id: lower-case letters, digits, '-' and '_'.")
    String id();

    @AttributeDefinition(name = "Name", required = false, description = "Also the patient name of converted files "
            + "when no rayport.properties names one.")
    String name() default "";

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Folder", description = "Absolute path of the folder to watch.")
    String directory();

    @AttributeDefinition(name = "Move imported files", description = "Move each imported file to the folder's "
            + "'imported' subfolder; otherwise files stay and are remembered by path, size and time.")
    boolean moveImported() default false;

    @AttributeDefinition(name = "Rescan interval (s)", description = "Network shares miss change events: the folder "
            + "is also scanned this often.")
    int scanIntervalSeconds() default 10;

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

    @AttributeDefinition(name = "Pseudonymize datasets", description = "Not available in this version: a pool with "
            + "it switched on does not start.")
    boolean pseudonymize() default false;

    @AttributeDefinition(name = "Users", required = false, description = "User IDs that may see this pool.")
    String[] users() default {};

    @AttributeDefinition(name = "Groups", required = false, description = "Group IDs whose members may see this pool.")
    String[] groups() default {};
}
