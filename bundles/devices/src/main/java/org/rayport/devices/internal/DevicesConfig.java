package org.rayport.devices.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.rayport.devices.ApprovalPolicy;

@ObjectClassDefinition(name = "Rayport devices",
        description = "Which new devices are approved without an administrator. Each approved device takes one"
                + " device licence.")
public @interface DevicesConfig {

    @AttributeDefinition(name = "Device approval", options = {
            @Option(label = "All devices automatically", value = "ALL"),
            @Option(label = "Only a user's first device automatically", value = "FIRST_DEVICE"),
            @Option(label = "No device automatically", value = "NONE")})
    ApprovalPolicy approvalPolicy() default ApprovalPolicy.FIRST_DEVICE;
}
