package org.rayport.people;

/** No user or group has the given ID. */
public class UnknownPersonException extends PeopleException {

    private static final long serialVersionUID = 1L;

    public UnknownPersonException(String kind, String id) {
        super("No " + kind + " with ID '" + id + "'");
    }
}
