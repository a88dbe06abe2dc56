package org.rayport.pacsupload.internal.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.pacsupload.PacsUpload;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;
import org.rayport.pacsupload.UploadSummary;

@Service
@Command(scope = "rayport", name = "upload-list",
        description = "Lists the PACS upload queue, newest first, with the sender's state and each entry's last error.")
public class UploadList implements Action {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(name = "--state", description = "Only entries in this state: pending, sent or failed")
    String state;

    @Option(name = "--limit", description = "At most this many entries (default 100)")
    int limit = 100;

    @Reference
    PacsUpload upload;

    @Override
    public Object execute() throws Exception {
        UploadState filter = state == null ? null : parse(state);
        UploadSummary summary = upload.summary();
        System.out.println("PACS: " + (summary.pacs().isEmpty() ? "(none)" : summary.pacs()) + ", calling AE "
                + summary.callingAeTitle() + ", sender: " + summary.sender() + "; pending "
                + summary.counts().get(UploadState.PENDING) + ", sent " + summary.counts().get(UploadState.SENT)
                + ", failed " + summary.counts().get(UploadState.FAILED));
        List<UploadEntry> entries = upload.entries(filter, limit);
        ShellTable table = new ShellTable().emptyTableText("No entries");
        table.column("ID").alignRight();
        table.column("State");
        table.column("Pool");
        table.column("SOP Instance UID");
        table.column("Submitted");
        table.column("Tries").alignRight();
        table.column("Next / sent");
        table.column("Last error").maxSize(60).wrap();
        for (UploadEntry entry : entries) {
            table.addRow().addContent(entry.id(), entry.state().name(), entry.poolId(), entry.sopInstanceUid(),
                    time(entry.submittedAt()), entry.attempts(),
                    time(entry.state() == UploadState.SENT ? entry.sentAt() : entry.nextAttemptAt()),
                    entry.lastError() == null ? "" : entry.lastError());
        }
        table.print(System.out);
        return null;
    }

    static UploadState parse(String state) {
        try {
            return UploadState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown state '" + state + "'; known: pending, sent, failed");
        }
    }

    private static String time(TemporalAccessor time) {
        return time == null ? "" : TIME.format(time);
    }
}
