package org.rayport.pools.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport DICOM listeners",
        description = "How the DICOM ports of network-node and query/retrieve pools listen.")
public @interface DicomListenerConfig {

    @AttributeDefinition(name = "Bind address", description = "Address the DICOM ports listen on; 0.0.0.0 for all.")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(name = "Association request timeout (s)",
            description = "How long a new connection may take to ask for an association (ARTIM).")
    int artimSeconds() default 10;

    @AttributeDefinition(name = "Idle timeout (s)", description = "How long an association may stay silent.")
    int idleSeconds() default 300;

    @AttributeDefinition(name = "Associations per port",
            description = "Concurrent associations per port; more are refused at once rather than queued.")
    int maxAssociationsPerPort() default 32;

    @AttributeDefinition(name = "Maximum PDU length", description = "Largest P-DATA PDU this side accepts, in bytes.")
    int maxPduLength() default 65536;

    @AttributeDefinition(name = "Known DICOM nodes", required = false,
            description = "C-MOVE destinations, as AE@host:port (e.g. WEASIS@10.1.2.3:11113). Only these receive "
                    + "what a C-MOVE asks for.")
    String[] knownNodes() default {};
}
