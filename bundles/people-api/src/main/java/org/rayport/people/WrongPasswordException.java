package org.rayport.people;

/** The current password given to confirm a change is not the user's password. */
public class WrongPasswordException extends PeopleException {

    private static final long serialVersionUID = 1L;

    public WrongPasswordException() {
        super("The current password is wrong");
    }
}
