package org.rayport.pacsupload.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport PACS upload",
        description = "Where the pacs-upload module sends instances (C-STORE), how it retries, and the share pool that"
                + " takes objects clients create. DICOM TLS toward the PACS is not offered yet: the connection is"
                + " plain TCP, so keep the PACS on a trusted network.")
public @interface PacsUploadConfig {

    String PID = "org.rayport.pacsupload";

    @AttributeDefinition(name = "PACS host", description = "Host name or address of the PACS; empty sends nothing")
    String pacsHost() default "";

    @AttributeDefinition(name = "PACS port", description = "The PACS's DICOM port")
    int pacsPort() default 104;

    @AttributeDefinition(name = "Called AE title", description = "The PACS's AE title")
    String calledAeTitle() default "PACS";

    @AttributeDefinition(name = "Calling AE title", description = "Rayport's AE title toward the PACS")
    String callingAeTitle() default "RAYPORT";

    @AttributeDefinition(name = "First retry delay (seconds)",
            description = "Wait after the first failed attempt; it doubles with every further failure")
    long retryDelaySeconds() default 60;

    @AttributeDefinition(name = "Longest retry delay (seconds)", description = "The doubling stops here")
    long maxRetryDelaySeconds() default 3600;

    @AttributeDefinition(name = "Give up after (days)",
            description = "An entry still not sent this long after it was queued is marked FAILED and stays listed;"
                    + " fractions allowed")
    double giveUpDays() default 7;

    @AttributeDefinition(name = "Instances per association", description = "At most this many per batch")
    int batchSize() default 100;

    @AttributeDefinition(name = "Network timeout (seconds)",
            description = "Bounds the connect, the association negotiation and each wait for an answer")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Share pool",
            description = "Id of the user-storage pool that takes objects clients create; made at the first start")
    String sharePool() default "share";
}
