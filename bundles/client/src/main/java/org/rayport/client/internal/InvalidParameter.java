package org.rayport.client.internal;

/** A query parameter the client API refuses, with its name: the answer is 400 naming it. */
public class InvalidParameter extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public InvalidParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
