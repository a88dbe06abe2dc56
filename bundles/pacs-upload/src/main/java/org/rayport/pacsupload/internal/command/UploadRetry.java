package org.rayport.pacsupload.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.pacsupload.PacsUpload;
import org.rayport.pacsupload.UploadEntry;

@Service
@Command(scope = "rayport", name = "upload-retry",
        description = "Sends a PACS upload entry again at once, with a fresh give-up period; or every failed one.")
public class UploadRetry implements Action {

    @Argument(index = 0, name = "id", description = "The entry's id (rayport:upload-list)")
    Long id;

    @Option(name = "--all-failed", description = "Every FAILED entry")
    boolean allFailed;

    @Reference
    PacsUpload upload;

    @Override
    public Object execute() throws Exception {
        if (allFailed == (id != null)) {
            throw new IllegalArgumentException("Give either an entry id or --all-failed");
        }
        if (allFailed) {
            System.out.println(upload.retryAllFailed() + " failed entries are pending again");
        } else {
            UploadEntry entry = upload.retry(id);
            System.out.println("Entry " + entry.id() + " is " + entry.state()
                    + (entry.state().name().equals("SENT") ? " already" : ", to be sent at once"));
        }
        return null;
    }
}
