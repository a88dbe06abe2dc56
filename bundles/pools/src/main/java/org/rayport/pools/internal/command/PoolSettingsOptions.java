package org.rayport.pools.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;
import org.rayport.pools.internal.rest.PoolDto;

/**
 * The options of {@code pool-add} and {@code pool-edit}. Every field is null until its option is given, so that the
 * edit command changes only what is named; on/off options take {@code =false} to switch off (e.g.
 * {@code --cache=false}). The options make the same partial {@link PoolDto} as a REST request, checked by the same
 * rules.
 */
abstract class PoolSettingsOptions implements Action {

    @Option(name = "--name", description = "Display name; the id when left out")
    String name;

    @Option(name = "--disabled", description = "Switch the pool off: it receives nothing and shows nothing")
    Boolean disabled;

    @Option(name = "--enabled", description = "Switch the pool on (the default for a new pool)")
    Boolean enabled;

    @Option(name = "--storage-path", description = "Alternative storage directory for this pool; '' uses the global"
            + " working path")
    String storagePath;

    @Option(name = "--cache", description = "Cache pool: index incoming data for search without putting it into"
            + " users' inboxes")
    Boolean cachePool;

    @Option(name = "--retention-days", description = "Delete datasets on the server this many days after arrival"
            + " (fractions allowed); 0 keeps them")
    Double retentionDays;

    @Option(name = "--device-retention-hours", description = "Clients delete downloaded data this many hours after"
            + " last use; 0 keeps it")
    Double deviceRetentionHours;

    @Option(name = "--auto-download", description = "Clients download new datasets of this pool without being asked")
    Boolean autoDownload;

    @Option(name = "--no-jpeg", description = "Clients never get lossy JPEG of this pool's images")
    Boolean noJpeg;

    @Option(name = "--jpeg", description = "Clients may get lossy JPEG of this pool's images (the default)")
    Boolean jpeg;

    @Option(name = "--pseudonymize", description = "Pseudonymize datasets before they are stored. Text burned into"
            + " the pixel data is NOT removed")
    Boolean pseudonymize;

    @Option(name = "--user", description = "A user who may see the pool; repeat or separate with commas for more;"
            + " replaces the list, '' empties it", multiValued = true)
    List<String> users;

    @Option(name = "--group", description = "A group whose enabled members may see the pool; repeat or separate with"
            + " commas for more; replaces the list, '' empties it", multiValued = true)
    List<String> groups;

    @Option(name = "--port", description = "networknode: TCP port of the pool's DICOM SCP")
    Integer port;

    @Option(name = "--ae-title", description = "networknode: the called AE title the pool answers as")
    String aeTitle;

    @Option(name = "--allowed-caller", description = "networknode: a calling AE title let in, as AE or AE@host;"
            + " repeat for more; none lets every caller in; replaces the list, '' empties it", multiValued = true)
    List<String> allowedCallers;

    @Option(name = "--pacs-host", description = "queryretrieve: host name or address of the PACS")
    String pacsHost;

    @Option(name = "--pacs-port", description = "queryretrieve: DICOM port of the PACS")
    Integer pacsPort;

    @Option(name = "--pacs-ae-title", description = "queryretrieve: AE title of the PACS")
    String pacsAeTitle;

    @Option(name = "--local-ae-title", description = "queryretrieve: this side's AE title, which the PACS must know"
            + " as a C-MOVE destination")
    String localAeTitle;

    @Option(name = "--retrieve-port", description = "queryretrieve: where this side receives what the PACS moves")
    Integer retrievePort;

    @Option(name = "--directory", description = "folder: the directory whose files are imported as they appear")
    String directory;

    /** The options as a request; {@code id} and {@code type} as the command's arguments give them. */
    PoolDto request(String id, String type) throws CommandException {
        return new PoolDto(id, name, type, either(enabled, "--enabled", disabled, "--disabled"), storagePath,
                cachePool, retentionDays, deviceRetentionHours, autoDownload, either(jpeg, "--jpeg", noJpeg,
                "--no-jpeg"), pseudonymize, PoolCommandSupport.listed(users), PoolCommandSupport.listed(groups),
                port, aeTitle, PoolCommandSupport.listed(allowedCallers), pacsHost, pacsPort, pacsAeTitle,
                localAeTitle, retrievePort, directory, null, null);
    }

    /** A setting with a positive and a negative option; null when neither was given. */
    static Boolean either(Boolean positive, String positiveName, Boolean negative, String negativeName)
            throws CommandException {
        if (positive != null && negative != null) {
            throw new CommandException("Give either " + positiveName + " or " + negativeName);
        }
        if (positive != null) {
            return positive;
        }
        return negative == null ? null : !negative;
    }
}
