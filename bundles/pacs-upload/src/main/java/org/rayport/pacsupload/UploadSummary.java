package org.rayport.pacsupload;

import java.util.Map;

/**
 * The queue at a glance, for the administrator.
 *
 * @param pacs         {@code CALLED@host:port}, or empty when no PACS is configured
 * @param sender       what the sender does now, e.g. "sending", "waiting for the pacs-upload licence"
 * @param counts       entries per state, every state present
 * @param lastError    the last error of the most recently failed attempt, or null
 */
public record UploadSummary(String pacs, String callingAeTitle, String sharePool, String sender,
                            Map<UploadState, Long> counts, String lastError) {

    public UploadSummary {
        counts = Map.copyOf(counts);
    }
}
