package org.rayport.pools.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;

@Service
@Command(scope = "rayport", name = "pool-status",
        description = "Shows how the pools are doing: state, since when, and the last error (a port taken, a PACS"
                + " unreachable).")
public class PoolStatusCommand implements Action {

    @Argument(index = 0, name = "id", description = "Only this pool")
    @Completion(PoolIdCompleter.class)
    String id;

    @Reference
    PoolService pools;

    @Override
    public Object execute() throws Exception {
        List<PoolStatus> statuses;
        if (id == null) {
            statuses = pools.statuses();
        } else {
            PoolCommandSupport.existing(pools, id);
            statuses = PoolCommandSupport.status(pools, id).map(List::of).orElse(List.of());
        }
        ShellTable table = new ShellTable().emptyTableText("No pools");
        table.column("ID");
        table.column("State");
        table.column("Since");
        table.column("Last error").maxSize(70).wrap();
        for (PoolStatus status : statuses) {
            table.addRow().addContent(status.poolId(), status.state().name(), PoolCommandSupport.since(status),
                    status.lastError());
        }
        table.print(System.out);
        return null;
    }
}
