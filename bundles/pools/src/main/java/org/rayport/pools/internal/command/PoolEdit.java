package org.rayport.pools.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.internal.rest.PoolMapper;

@Service
@Command(scope = "rayport", name = "pool-edit",
        description = "Changes a pool; only what the options name changes, and the pool restarts with it. The type"
                + " cannot change.")
public class PoolEdit extends PoolSettingsOptions {

    @Argument(index = 0, name = "id", description = "The pool to change", required = true)
    @Completion(PoolIdCompleter.class)
    String id;

    @Reference
    PoolService pools;

    @Reference
    PeopleService people;

    @Override
    public Object execute() throws Exception {
        try {
            Pool current = PoolCommandSupport.existing(pools, id);
            Pool changed = PoolMapper.merge(current, request(null, null));
            if (changed.equals(current)) {
                System.out.println("Nothing to change for pool '" + id + "'");
                return null;
            }
            PoolMapper.checkGrants(changed, current, people);
            Pool edited = pools.edit(changed);
            System.out.println("Changed pool '" + edited.id() + "' (" + edited.name() + ")");
            PoolCommandSupport.printSummary(pools, edited);
            return null;
        } catch (PoolException e) {
            throw PoolCommandSupport.failure(e);
        }
    }
}
