package org.rayport.pools.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.internal.rest.PoolMapper;

@Service
@Command(scope = "rayport", name = "pool-add",
        description = "Adds a pool; it starts at once. networknode needs --port and --ae-title; queryretrieve needs"
                + " --pacs-host, --pacs-port, --pacs-ae-title, --local-ae-title and --retrieve-port; folder needs"
                + " --directory.")
public class PoolAdd extends PoolSettingsOptions {

    @Argument(index = 0, name = "type", description = "networknode, queryretrieve, folder or userstorage",
            required = true)
    @Completion(value = StringsCompleter.class, values = {"networknode", "queryretrieve", "folder", "userstorage"})
    String type;

    @Argument(index = 1, name = "id", description = "The pool's id: lower-case letters, digits, '-' and '_'",
            required = true)
    String id;

    @Reference
    PoolService pools;

    @Reference
    PeopleService people;

    @Override
    public Object execute() throws Exception {
        try {
            Pool pool = PoolMapper.toNewPool(request(id, type));
            PoolMapper.checkGrants(pool, null, people);
            Pool added = pools.add(pool);
            System.out.println("Added pool '" + added.id() + "' (" + added.name() + ")");
            PoolCommandSupport.printSummary(pools, added);
            return null;
        } catch (PoolException e) {
            throw PoolCommandSupport.failure(e);
        }
    }
}
