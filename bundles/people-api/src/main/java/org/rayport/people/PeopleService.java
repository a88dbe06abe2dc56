package org.rayport.people;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Users and groups, their passwords and memberships. Every method validates its input and throws a
 * {@link PeopleException} subclass that says what is wrong; nothing is changed when it throws.
 */
public interface PeopleService {

    /** The administrator account that exists from the first start. */
    String ADMIN_ID = "admin";

    /** Users whose ID, name or mail contains the filter, ignoring case; all users for a null or blank filter. */
    List<User> users(String filter);

    Optional<User> user(String id);

    User addUser(UserDraft draft);

    /** Replaces the user's fields; the ID in the draft must be the same as {@code id}. */
    User editUser(String id, UserDraft draft);

    /** Removes the user and its group memberships. The last enabled administrator cannot be removed. */
    void removeUser(String id);

    /** The user, when {@code password} is the user's password; disabled users are returned too, callers decide. */
    Optional<User> checkPassword(String id, String password);

    /** The user's own change: needs the current password, and clears the must-change flag. */
    User changePassword(String id, String currentPassword, String newPassword);

    List<Group> groups(String filter);

    Optional<Group> group(String id);

    /** Enabled groups that have the user as a member. */
    List<Group> groupsOf(String userId);

    Group addGroup(Group group);

    Group editGroup(String id, Group group);

    void removeGroup(String id);

    /** All users as CSV with a header line, passwords left out. */
    void writeUsersCsv(Appendable out) throws IOException;

    /** All groups as CSV with a header line; members and chat administrators separated by semicolons. */
    void writeGroupsCsv(Appendable out) throws IOException;

    /**
     * A number that moves, after the commit, on every change of users, groups, memberships, roles, enabled flags or
     * passwords, so that a caller may keep what it derived from them (a checked session, a user's groups) for as long
     * as the number stays the same. Negative when the implementation cannot tell: then keep nothing.
     */
    default long changeCount() {
        return -1;
    }
}
