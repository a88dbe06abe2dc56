package org.rayport.pools.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.rayport.pools.PoolService;
import org.rayport.store.Deletion;
import org.rayport.store.InstanceStore;

@Service
@Command(scope = "rayport", name = "dataset-delete",
        description = "Deletes a study, a series or an instance from a pool (not from any PACS), after asking unless"
                + " --force is given. Instances being read at that moment are skipped and reported.")
public class DatasetDelete implements Action {

    @Argument(index = 0, name = "pool", description = "The pool", required = true)
    @Completion(PoolIdCompleter.class)
    String pool;

    @Argument(index = 1, name = "uid", description = "Study, series or SOP instance UID (see --level)",
            required = true)
    String uid;

    @Option(name = "--level", description = "study (default), series or instance")
    String level = "study";

    @Option(name = "--force", aliases = "-f", description = "Do not ask for confirmation")
    boolean force;

    @Reference
    PoolService pools;

    @Reference
    InstanceStore store;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        PoolCommandSupport.existing(pools, pool);
        if (!force && !PoolCommandSupport.confirmed(session, "Delete " + level + " " + uid + " from pool " + pool
                + "?")) {
            System.out.println("Nothing deleted");
            return null;
        }
        Deletion deleted = switch (level) {
            case "study" -> store.deleteStudy(pool, uid);
            case "series" -> store.deleteSeries(pool, uid);
            case "instance" -> store.deleteInstance(pool, uid);
            default -> throw new CommandException("--level: study, series or instance, not '" + level + "'");
        };
        if (deleted.instances() == 0 && deleted.skippedInUse() == 0) {
            throw new CommandException("Pool " + pool + " has no " + level + " " + uid);
        }
        System.out.printf("Deleted %d instance(s), %.1f MB%s%n", deleted.instances(), deleted.bytes() / 1e6,
                deleted.skippedInUse() > 0 ? "; " + deleted.skippedInUse()
                        + " being read were kept and will go with the next deletion" : "");
        return null;
    }
}
