package org.rayport.pools.internal.command;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.internal.rest.PoolMapper;

@Service
@Command(scope = "rayport", name = "pool-list",
        description = "Lists the pools: where their data comes from, who may see them, and how they are doing.")
public class PoolList implements Action {

    @Reference
    PoolService pools;

    @Override
    public Object execute() {
        Map<String, PoolStatus> statuses = pools.statuses().stream()
                .collect(Collectors.toMap(PoolStatus::poolId, Function.identity(), (a, b) -> a));
        ShellTable table = new ShellTable().emptyTableText("No pools");
        table.column("ID");
        table.column("Name");
        table.column("Type");
        table.column("Enabled");
        table.column("Listener / source").maxSize(40).wrap();
        table.column("Users").maxSize(30).wrap();
        table.column("Groups").maxSize(30).wrap();
        table.column("Status");
        for (Pool pool : pools.pools()) {
            PoolStatus status = statuses.get(pool.id());
            table.addRow().addContent(pool.id(), pool.name(), pool.type().key(),
                    PoolCommandSupport.yesNo(pool.options().enabled()), PoolMapper.source(pool),
                    PoolCommandSupport.sortedText(pool.users()), PoolCommandSupport.sortedText(pool.groups()),
                    status == null ? "" : status.state().name());
        }
        table.print(System.out);
        return null;
    }
}
