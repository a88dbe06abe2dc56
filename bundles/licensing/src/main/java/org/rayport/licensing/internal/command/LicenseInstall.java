package org.rayport.licensing.internal.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.rayport.licensing.LicenseException;
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.internal.LicenseCodec;

@Service
@Command(scope = "rayport", name = "license-install",
        description = "Checks a licence file from the vendor and installs it: licensed modules start at once, no"
                + " restart. A refused file changes nothing.")
public class LicenseInstall implements Action {

    @Argument(index = 0, name = "file", required = true,
            description = "The licence file, as the vendor sent it; a relative path counts from the server's directory")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    LicenseService licenses;

    @Override
    public Object execute() throws Exception {
        Path path = Path.of(file);
        byte[] content;
        try {
            if (Files.size(path) > LicenseCodec.MAX_BYTES) {
                throw new CommandException(path.toAbsolutePath() + " is " + Files.size(path)
                        + " bytes large: not a licence file");
            }
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CommandException("No file " + path.toAbsolutePath());
        } catch (IOException e) {
            throw new CommandException("Cannot read " + path.toAbsolutePath() + ": " + e.getMessage());
        }
        try {
            System.out.println("Licence installed. " + licenses.install(content).summary());
        } catch (LicenseException refused) {
            // A message in red rather than a stack trace: a refusal is an expected answer. The reason is for scripts.
            throw new CommandException("Licence refused (" + refused.reason() + "): " + refused.getMessage());
        }
        return null;
    }
}
