package org.rayport.pools.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;

/** Completes the ids of existing pools. */
@Service
public class PoolIdCompleter implements Completer {

    @Reference
    PoolService pools;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = pools.pools().stream().map(Pool::id).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
