package org.rayport.people.internal.command;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rayport.people.PeopleService;
import org.rayport.people.User;

/** Completes the IDs of existing users. */
@Service
public class UserIdCompleter implements Completer {

    @Reference
    PeopleService people;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = people.users(null).stream().map(User::id).collect(Collectors.toList());
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
