package org.rayport.licensing.internal.command;

import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rayport.licensing.LicenseService;

@Service
@Command(scope = "rayport", name = "license-remove",
        description = "Removes the installed licence: the server goes to evaluation mode and licensed modules stop.")
public class LicenseRemove implements Action {

    @Option(name = "--force", description = "Do not ask for confirmation")
    boolean force;

    @Reference
    LicenseService licenses;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        if (!force) {
            String answer = session.readLine("Remove the licence? Licensed modules stop at once. (yes/no) ", null);
            if (answer == null || !List.of("yes", "y").contains(answer.strip().toLowerCase(Locale.ROOT))) {
                System.out.println("The licence was not removed");
                return null;
            }
        }
        System.out.println("Licence removed. " + licenses.remove().summary());
        return null;
    }
}
