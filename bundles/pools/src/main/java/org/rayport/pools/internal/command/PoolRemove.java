package org.rayport.pools.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;

@Service
@Command(scope = "rayport", name = "pool-remove",
        description = "Removes a pool, after asking unless --force is given. It stops at once; its stored datasets are"
                + " left to the store's deletion rules.")
public class PoolRemove implements Action {

    @Argument(index = 0, name = "id", description = "The pool to remove", required = true)
    @Completion(PoolIdCompleter.class)
    String id;

    @Option(name = "--force", aliases = "-f", description = "Do not ask for confirmation")
    boolean force;

    @Reference
    PoolService pools;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        try {
            PoolCommandSupport.existing(pools, id);
            if (!force && !PoolCommandSupport.confirmed(session, "Remove pool " + id + "?")) {
                System.out.println("Pool '" + id + "' was not removed");
                return null;
            }
            pools.remove(id);
            System.out.println("Removed pool '" + id + "'");
            return null;
        } catch (PoolException e) {
            throw PoolCommandSupport.failure(e);
        }
    }
}
