package org.rayport.licensing.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.licensing.LicenseService;

@Service
@Command(scope = "rayport", name = "registration-key",
        description = "Prints this installation's registration key, which the vendor needs to issue a licence.")
public class RegistrationKeyCommand implements Action {

    @Reference
    LicenseService licenses;

    @Override
    public Object execute() {
        // Alone on its line, so that a script can take it with `tail -1` and an operator can copy it with a click.
        System.out.println(licenses.registrationKey());
        return null;
    }
}
